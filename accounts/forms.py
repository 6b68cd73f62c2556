"""The enrolment page's form: a current code from the newly set-up authenticator app."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ConfirmDeviceForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown by the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == self.device.digits):
            raise forms.ValidationError(
                _("Enter the %(digits)s-digit code that the app shows."),
                code="format",
                params={"digits": self.device.digits},
            )
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                _(
                    "This code is not valid. Enter the code the app shows now; if it is still "
                    "refused, check that the phone's clock is set automatically."
                ),
                code="invalid",
            )
        return code
