"""The accessibility feedback form and its protection against spam, without third parties.

Three guards, none of which needs a cookie or an outside service:
- a honeypot: a field hidden from people (the `hidden` attribute) that bots fill in;
- a signed time token: when the form was shown, signed with SECRET_KEY; a form sent back
  sooner than MIN_FILL_SECONDS is a bot's, one older than MAX_AGE_SECONDS is shown again
  with a fresh token (the text typed so far is kept);
- a rate limit per client address (views.py, blp_portal.lib.clients).
"""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from pages.models import Feedback

MIN_FILL_SECONDS = 3
MAX_AGE_SECONDS = 24 * 3600
_SALT = "pages.feedback.started"


def time_token(now=None):
    """A signed copy of the time the form is shown at."""
    return signing.dumps(int(time.time() if now is None else now), salt=_SALT)


class FeedbackForm(forms.ModelForm):
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, widget=forms.TextInput()
    )
    started = forms.CharField(widget=forms.HiddenInput())

    class Meta:
        model = Feedback
        fields = ["name", "email", "page_url", "message"]
        labels = {
            "name": _("Your name (optional)"),
            "email": _("Your e-mail address (optional)"),
            "page_url": _("Address or name of the page with the barrier"),
            "message": _("Which barrier did you find?"),
        }
        help_texts = {
            "email": _("Only if you would like a confirmation and a reply."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6})}

    _VISIBLE = ("name", "email", "page_url", "message")

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = time.time() if now is None else now
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.fields["message"].widget.attrs["maxlength"] = 5000
        for name in self._VISIBLE:  # KERN's input style; the hint is read with the field
            attrs = self.fields[name].widget.attrs
            attrs["class"] = "kern-form-input__input"
            if self.fields[name].help_text:
                attrs["aria-describedby"] = f"id_{name}_helptext"
        # Every rendering carries a fresh token: a rejected form can be sent again as it is.
        self.initial["started"] = time_token(self.now)
        self.sent_token = None
        if self.is_bound:
            self.sent_token = self.data.get("started")
            self.data = self.data.copy()
            self.data["started"] = self.initial["started"]

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self._VISIBLE:  # marked and described by their error message
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["class"] += " kern-form-input__input--error"
                attrs["aria-describedby"] = f"{attrs.get('aria-describedby', '')} id_{name}_error"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Your message could not be sent. Please leave the last field empty."),
                code="honeypot",
            )
        started = self._started()
        if started is None:
            raise forms.ValidationError(
                _("The form had expired. Please check your entries and send it again."),
                code="expired",
            )
        if self.now - started < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check your entries and send the form again."),
                code="too_fast",
            )
        return cleaned

    def _started(self):
        try:
            return int(signing.loads(self.sent_token, salt=_SALT, max_age=MAX_AGE_SECONDS))
        except (signing.BadSignature, TypeError, ValueError):
            return None
