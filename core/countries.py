"""Country names in the visitor's language, from the Unicode CLDR data that Babel ships
(django-countries has no Belarusian names); and the model field that gives the admin the
same names, in the same order."""

from functools import cache

from babel import Locale, UnknownLocaleError
from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils.functional import lazy
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django_countries import Countries, CountryTuple
from django_countries import countries as iso_countries
from django_countries.fields import CountryField as LibraryCountryField


@cache
def _names(language: str) -> dict[str, str]:
    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        territories = Locale.parse(settings.LANGUAGE_CODE).territories
    english = Locale.parse("en").territories
    return {
        code: territories.get(code) or english.get(code) or code for code in iso_countries.countries
    }


def country_name(code: str, language: str | None = None) -> str:
    """The name of an ISO 3166 country code, e.g. BY: Беларусь, Belarus."""
    names = _names(language or get_language() or settings.LANGUAGE_CODE)
    return names.get(code, code)


def country_choices() -> list[tuple[str, str]]:
    """Every country as (code, name), sorted by name in the visitor's language."""
    return list(_sorted_names(get_language() or settings.LANGUAGE_CODE))


@cache
def _sorted_names(language: str) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(_names(language).items(), key=lambda item: item[1].casefold()))


@cache
def _options_html(language: str, placeholder: str) -> str:
    names = _sorted_names(language)
    return format_html('<option value="">{}</option>', placeholder) + format_html_join(
        "", '<option value="{}">{}</option>', names
    )


class CountrySelect(forms.Select):
    """A <select> of every country in the visitor's language.

    Django's Select renders each of its ~250 options through a template, which was most
    of the campaign page's rendering time; this one joins cached HTML instead."""

    def __init__(self, placeholder, attrs=None):
        super().__init__(attrs)
        self.placeholder = placeholder

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        language = get_language() or settings.LANGUAGE_CODE
        options = _options_html(language, str(self.placeholder))
        if isinstance(value, str) and value in iso_countries.countries:
            options = options.replace(
                f'<option value="{value}">', f'<option value="{value}" selected>', 1
            )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final_attrs),
            mark_safe(options),  # noqa: S308
        )


class CountryChoiceField(forms.ChoiceField):
    """A choice of country: the choices are every country in the visitor's language,
    and a submitted code is checked against the set of codes, not by walking the ~250
    choices as ChoiceField does (most of the sign form's validation time)."""

    def __init__(self, *, placeholder, **kwargs):
        super().__init__(
            choices=lambda: [("", placeholder), *country_choices()],
            widget=CountrySelect(placeholder, attrs={"autocomplete": "country"}),
            **kwargs,
        )

    def valid_value(self, value) -> bool:
        return value in iso_countries.countries


class CldrCountries(Countries):
    """django-countries' countries with this module's names, in the language of the
    moment and in this module's order: what a CountryField's choices, the admin's lists
    and filters, and `Country.name` show. (django-countries' own names are English in
    Belarusian, and its order, without pyuca, drops every letter that is not ASCII.)"""

    override = {code: lazy(country_name, str)(code) for code in iso_countries.countries}

    def __iter__(self):
        for code, name in country_choices():
            yield CountryTuple(code, name)


class CountryField(LibraryCountryField):
    """django-countries' field with the names above. To migrations it is django-countries'
    field, unchanged: the names are not the database's business, and no migration of any
    app needs to know which list names its countries."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("countries", CldrCountries)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("countries", None)
        return name, "django_countries.fields.CountryField", args, kwargs
