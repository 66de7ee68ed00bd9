from django import forms
from django.utils.translation import gettext_lazy as _


class FollowForm(forms.Form):
    """Follow a person with an email address alone."""

    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_(
            "One email when their status changes or a story about them is published. "
            "We first send a link to confirm. Never shown or shared."
        ),
        error_messages={
            "required": _("Please write your email address."),
            "invalid": _("This does not look like an email address, e.g. anna@example.org."),
            "max_length": _("Please use an address under %(limit_value)d characters."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # A field people do not see and bots fill in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
