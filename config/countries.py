"""Country names in the visitor's language, from the Unicode CLDR data that Babel ships
(django-countries has no Belarusian names)."""

from functools import cache

from babel import Locale, UnknownLocaleError
from django.conf import settings
from django.utils.translation import get_language
from django_countries import countries as iso_countries


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
    names = _names(get_language() or settings.LANGUAGE_CODE)
    return sorted(names.items(), key=lambda item: item[1].casefold())
