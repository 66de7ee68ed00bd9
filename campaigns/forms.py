import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from core.countries import CountryChoiceField
from core.fields import TextareaField
from core.forms import HoneypotForm

MARKUP = re.compile(r"<\s*[a-zA-Z/!?]|https?://|www\.", re.IGNORECASE)
# What mail clients and chat apps turn into a link, or what reads as one: a dotted
# domain ("evil-bank.example"), an address, a path. No one's name has these; a phishing
# text put in the name field does.
LINK_LIKE = re.compile(r"[^\W_][\w-]*\.[^\W\d_]{2,}|[@/\\]|:\S")


def _reject_control_characters(value: str, *, allow_newlines: bool = False) -> None:
    for char in value:
        if allow_newlines and char in "\r\n":
            continue
        if (
            unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn")
            and char not in "\u200c\u200d"
        ):
            raise forms.ValidationError(
                _("Please remove the invisible or control characters."), code="control"
            )


class SignerDetailsForm(forms.Form):
    """What a signer tells about themselves and may publish: asked when signing, and
    again, by the owner of the mailbox, when confirming."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("First name and family name. Shown publicly only if you tick the box below."),
        error_messages={
            "required": _("Please write your name."),
            "max_length": _("Please keep your name under %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    country = CountryChoiceField(
        label=_("Your country"),
        placeholder=_("Choose your country"),
        error_messages={
            "required": _("Please choose your country."),
            "invalid_choice": _("Please choose a country from the list."),
        },
    )
    comment = TextareaField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        help_text=_("Shown publicly, next to your name, only after a moderator approves it."),
        error_messages={
            "max_length": _("Please keep your comment under %(limit_value)d characters.")
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    show_name_publicly = forms.BooleanField(
        label=_("Show my first name and initial publicly"),
        required=False,
        help_text=_(
            "We show the first word of your name and the first letter of the last word: "
            "“Hanna Baranava” appears as “Hanna B.”. Anyone can see a public name, including "
            "the authorities this appeal is about. If you live in Belarus, or your family "
            "does, leave this box unticked."
        ),
    )
    wants_updates = forms.BooleanField(label=_("Email me updates on this campaign"), required=False)

    def clean_name(self) -> str:
        _reject_control_characters(self.cleaned_data["name"])
        name = " ".join(self.cleaned_data["name"].split())
        if MARKUP.search(name) or LINK_LIKE.search(name):
            raise forms.ValidationError(
                _(
                    "Please write only your name, without links, web or email addresses, "
                    "or < > characters."
                ),
                code="markup",
            )
        if not any(char.isalpha() for char in name):
            raise forms.ValidationError(_("Please write your name in letters."), code="letters")
        return name

    def clean_comment(self) -> str:
        _reject_control_characters(self.cleaned_data["comment"], allow_newlines=True)
        comment = self.cleaned_data["comment"].strip()
        if MARKUP.search(comment):
            raise forms.ValidationError(
                _("Please write plain text, without links or HTML."), code="markup"
            )
        return comment


class SignatureForm(HoneypotForm, SignerDetailsForm):
    field_order = ["name", "email", "country", "comment", "show_name_publicly", "wants_updates"]

    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send one email to confirm your signature. Never shown or shared."),
        error_messages={
            "required": _("Please write your email address: we need it to confirm."),
            "invalid": _("This does not look like an email address, e.g. anna@example.org."),
            "max_length": _("Please use an address under %(limit_value)d characters."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ConfirmForm(HoneypotForm, SignerDetailsForm):
    """The confirmation page: what will be published, as the mailbox's owner decides
    it. The consents start unticked whatever the sign form said, because whoever filled
    that in may not have been the owner; next to each box, the page says what the sign
    form asked for and when (`CONSENT_NOTE`, in templates/campaigns/confirm.html), and
    the box is described by that note, so that an owner who had asked notices the box
    to tick."""

    CONSENTS = ("show_name_publicly", "wants_updates")
    CONSENT_NOTE = "%s_asked"  # the note's id, after the field's own id

    def __init__(self, data=None, *, signature=None, **kwargs):
        if signature is not None and data is None:
            kwargs["initial"] = {
                "name": signature.name,
                "country": signature.country.code,
                "comment": signature.comment,
                "show_name_publicly": False,
                "wants_updates": False,
            }
        super().__init__(data, **kwargs)
        for name in self.CONSENTS:
            field_id = self.auto_id % name
            described_by = [self.CONSENT_NOTE % field_id]
            if self.fields[name].help_text:
                described_by.append(f"{field_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described_by)
