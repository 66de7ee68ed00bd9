from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotForm


class FollowForm(HoneypotForm):
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
