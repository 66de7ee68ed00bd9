"""Template tags used across the site: `{% load site %}`."""

import json
import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.csp import build_policy
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core import countries
from core.markdown import markdown_to_text

register = template.Library()

# Characters that could end a <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """schema.org data as <script type="application/ld+json">, safe inside HTML. A data
    block, which browsers never run, so the CSP needs no nonce for it."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308 - escaped above for a script element
    )


@register.filter
def as_plain_text(markdown: str) -> str:
    """Staff's Markdown as the plain text of an email (`core.markdown.markdown_to_text`);
    in an `{% autoescape off %}` text template."""
    return markdown_to_text(markdown)


@register.simple_tag
def spelling_language(spelling: str) -> str:
    """The language to announce a spelling of a name in, by the letters it uses
    (settings.SPELLING_LANGUAGES), else the site's default language."""
    for code, letters in settings.SPELLING_LANGUAGES:
        if re.search(letters, spelling):
            return code
    return settings.LANGUAGE_CODE


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[tuple[str, str]]:
    """This page's address in each language, for <link rel="alternate" hreflang>."""
    request = context.get("request")
    if request is None:
        return []
    return [(code, translate_url(request.path, code)) for code, _name in settings.LANGUAGES]


@register.simple_tag
def country_name(code) -> str:
    """A country's name in the visitor's language (accepts a code or a Country)."""
    return countries.country_name(getattr(code, "code", code) or "")


@register.simple_tag
def static_copy_policy() -> str:
    """The site's content security policy for a page of the static copy, whose host
    sends no headers: the same policy in a <meta> tag, without what a <meta> policy
    cannot say (frame-ancestors)."""
    policy = {
        directive: values
        for directive, values in settings.SECURE_CSP.items()
        if directive not in {"frame-ancestors", "report-uri", "report-to", "sandbox"}
    }
    return build_policy(policy)
