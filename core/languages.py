"""The site's languages, as settings.LANGUAGES lists them. Adding a language is one entry
there plus its catalogues (docs/architecture.md, "Adding a language"): code that needs the
languages asks here or reads LANGUAGES, never names one."""

from django.conf import settings


def content_languages() -> list[str]:
    """Every code of LANGUAGES, the default (LANGUAGE_CODE, every translated field's
    fallback) first, then the others in the order LANGUAGES gives: the order of the
    per-language columns of files and feeds."""
    others = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    return [settings.LANGUAGE_CODE, *others]


def other_languages() -> list[str]:
    """The codes of LANGUAGES besides the default one."""
    return content_languages()[1:]


def localized_fields(field: str) -> list[str]:
    """The columns a translated field has, one a language: `name_<code>`."""
    return [f"{field}_{code}" for code in content_languages()]
