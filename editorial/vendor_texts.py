"""Texts of the packages the office uses that their German catalogues lack or put informally.

Never imported: the marks make `makemessages` keep these texts in locale/de, where our
translation (formal "Sie") takes precedence over the package's own (LOCALE_PATHS come first).
tests/editorial/test_admin_language.py checks the pages that show them.
"""

from django.utils.translation import gettext_noop

TEXTS = [
    # Django 5.x admin and auth: untranslated in Django's German catalogue
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Disable password-based authentication"),
    gettext_noop("Enable password-based authentication"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("Conflicting form data submitted. Please try again."),
    gettext_noop("Password-based authentication was disabled."),
    gettext_noop("Set password: %s"),
    gettext_noop("Reset password"),
    gettext_noop("Set password"),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP."
    ),
    # django-import-export: its German says "du"
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the "
        "correct format for the file."
    ),
    gettext_noop(
        "No valid data to import. Ensure your file has the correct headers or data for import."
    ),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    gettext_noop(
        "Below is a preview of data to be imported. If you are satisfied with the results, "
        "click 'Confirm import'"
    ),
    gettext_noop(
        "Please correct these errors in your data where possible, then reupload it using the "
        "form above."
    ),
    gettext_noop("Select all"),
    # django-otp's device models: plain English names (the admin site translates the menu)
    gettext_noop("TOTP devices"),
    gettext_noop("Static devices"),
    gettext_noop("Static tokens"),
]
