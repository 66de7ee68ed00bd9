"""Text as staff and visitors type it. A browser posts every textarea with CRLF line
breaks (HTML's form submission normalises them so), while the fixtures, the import and
the shell write LF: the same text, stored two ways, would read as an edit nobody made.
So line breaks are "\\n" however they arrive, and a difference of line breaks alone is no
change (`same_text`, which the history's comparisons use)."""

from django import forms
from django.db import models


def normalise_newlines(text: str) -> str:
    """CRLF and a lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def same_text(old, new) -> bool:
    """Whether two stored values say the same: equal, texts that differ only in their
    line breaks, or an empty text saved as "" by one form and as NULL by another."""
    old, new = (None if value == "" else value for value in (old, new))
    if isinstance(old, str) and isinstance(new, str):
        return normalise_newlines(old) == normalise_newlines(new)
    return old == new


class TextareaField(forms.CharField):
    """A form's multi-line text: line breaks arrive as LF, and a text posted back with
    CRLF where it was stored with LF (or the other way) has not changed."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_newlines(value) if isinstance(value, str) else value

    def has_changed(self, initial, data) -> bool:
        if isinstance(initial, str):
            initial = normalise_newlines(initial)
        return super().has_changed(initial, data)


class TextField(models.TextField):
    """Django's TextField whose forms (the admin's, the public ones) are `TextareaField`,
    and whose cleaning (ModelForm, `full_clean`) normalises line breaks too. Only Python
    behaviour differs, so migrations see Django's own TextField."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": TextareaField, **kwargs})

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_newlines(value) if isinstance(value, str) else value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs
