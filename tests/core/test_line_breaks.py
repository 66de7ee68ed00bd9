"""Line breaks are LF however text arrives: a browser posts every textarea with CRLF, the
fixtures and the import write LF, and the same text stored two ways would read as an edit
nobody made (issue 31)."""

import pytest
from django import forms
from django.apps import apps
from django.db import models

from campaigns.forms import SignerDetailsForm
from core.fields import TextareaField, same_text

OURS = ("prisoners", "campaigns", "stories", "supporters", "core", "sitewide", "staff")


def text_fields_a_form_edits():
    for model in apps.get_models():
        if model._meta.app_label not in OURS or model.__name__.startswith("Historical"):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField) and field.editable:
                form_field = field.formfield()
                # A sealed address or name is one line (an EmailField, a CharField with a
                # one-line input), not a text.
                one_line = isinstance(form_field, forms.EmailField) or isinstance(
                    form_field.widget, forms.TextInput
                )
                if isinstance(form_field, forms.CharField) and not one_line:
                    yield f"{model._meta.label}.{field.name}", form_field


@pytest.mark.parametrize(("name", "form_field"), list(text_fields_a_form_edits()))
def test_every_text_a_form_edits_keeps_its_line_breaks_as_lf(name, form_field):
    assert isinstance(form_field, TextareaField), name
    assert form_field.clean("One\r\nTwo\rThree") == "One\nTwo\nThree"
    assert not form_field.has_changed("One\nTwo", "One\r\nTwo")


def test_the_person_story_is_among_them():
    assert "prisoners.Person.story_en" in dict(text_fields_a_form_edits())


def test_a_signers_comment_is_stored_with_lf(db):
    form = SignerDetailsForm({"name": "Hanna Baranava", "country": "DE", "comment": "Hi\r\nthere"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["comment"] == "Hi\nthere"


def test_line_breaks_or_an_empty_text_as_null_are_no_change():
    assert same_text("a\nb", "a\r\nb")
    assert same_text("", None)
    assert not same_text("a b", "a\nb")
    assert not same_text(0, None)
