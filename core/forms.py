"""How every form field is rendered: `{{ form.name.as_field_group }}` uses Django's own
machinery (the renderer's field_template_name) with the site's markup: the label (after a
checkbox, before any other input), the help text and the errors, both tied to the input
by Django's aria-describedby."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _


class FormRenderer(DjangoTemplates):
    field_template_name = "core/forms/field.html"


class HoneypotForm(forms.Form):
    """A form with a field people do not see (the site's CSS hides `.hp`, and the field
    is out of the tab order) and bots fill in. A form that is `is_bot` is answered as
    any other and acted on not at all. Mixed into the sign, confirm and follow forms;
    a template renders it with `{% include "core/forms/honeypot.html" %}`."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
