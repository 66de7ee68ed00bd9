"""The prisoner list's filters: a GET form that validates the query string. A value that is
not a choice is dropped, never an error, so a stale or edited link still shows a list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from prisoners.models import PersonQuerySet, Status

# (value, label, at least months, under months)
SENTENCE_BANDS = [
    ("under-3", _("Under 3 years"), None, 36),
    ("3-5", _("3 to 5 years"), 36, 60),
    ("5-10", _("5 to 10 years"), 60, 120),
    ("over-10", _("10 years or more"), 120, None),
]


class PrisonerFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    article = forms.TypedChoiceField(
        label=_("Article"), required=False, coerce=int, empty_value=None
    )
    place = forms.ChoiceField(label=_("Place of detention"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    sentence = forms.ChoiceField(label=_("Sentence"), required=False)
    recognised_by = forms.ChoiceField(label=_("Recognised by"), required=False)
    incommunicado = forms.BooleanField(label=_("Held incommunicado"), required=False)

    def __init__(self, data, *, choices: dict[str, list]):
        super().__init__(data)
        anything = [("", _("Any"))]
        self.fields["status"].choices = anything + list(Status.choices)
        self.fields["article"].choices = anything + choices["articles"]
        self.fields["place"].choices = anything + choices["places"]
        self.fields["region"].choices = anything + [(r, r) for r in choices["regions"]]
        self.fields["sentence"].choices = anything + [
            (value, label) for value, label, _low, _high in SENTENCE_BANDS
        ]
        self.fields["recognised_by"].choices = anything + [(o, o) for o in choices["organisations"]]

    def values(self) -> dict:
        """The valid filters, each invalid one replaced by its empty value."""
        self.is_valid()
        cleaned = {}
        for name, field in self.fields.items():
            if name in self.errors:
                cleaned[name] = field.empty_value if name == "article" else field.to_python("")
            else:
                cleaned[name] = self.cleaned_data.get(name)
        return cleaned


def apply_filters(people: PersonQuerySet, values: dict) -> PersonQuerySet:
    """The people matching the filters other than status (the counts are by status)."""
    low = high = None
    for value, _label, at_least, under in SENTENCE_BANDS:
        if values["sentence"] == value:
            low, high = at_least, under
    return (
        people.with_article(values["article"])
        .held_in(values["place"])
        .in_region(values["region"])
        .sentenced_between(low, high)
        .recognised_by(values["recognised_by"])
        .incommunicado(values["incommunicado"])
    )
