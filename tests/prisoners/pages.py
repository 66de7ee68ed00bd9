"""Readers of the prisoners' pages, shared by the tests of this app."""

import re

from tests.html import parse

_PROFILE_LINK = re.compile(r"^/(?:en|be|ru)/prisoners/(?P<slug>[-\w]+)/$")
NOT_PROFILES = {"birthdays", "letters", "methodology", "statistics"}
# The inline forms of the admin's person form, by prefix.
PERSON_INLINES = ("status_changes", "verdicts", "case_articles", "stays", "recognitions",
                  "events", "quotes", "relations")  # fmt: skip


def listed_slugs(html: str | bytes) -> list[str]:
    """The slugs of the profiles a page links to, in order, each once."""
    slugs = []
    for element in parse(html):
        match = _PROFILE_LINK.match(element.attrs.get("href") or "") if element.tag == "a" else None
        if match and match["slug"] not in NOT_PROFILES and match["slug"] not in slugs:
            slugs.append(match["slug"])
    return slugs


def facts(html: str | bytes) -> dict[str, str]:
    """The term/description pairs of the page's <dl>, whitespace collapsed, without the
    citations (see fact_sources)."""
    return {term: text for term, (text, _) in _facts_and_citations(html).items()}


def fact_sources(html: str | bytes) -> dict[str, list[str]]:
    """The citations ("Source: …") of each fact of the page's <dl>."""
    return {term: cites for term, (_, cites) in _facts_and_citations(html).items()}


def _facts_and_citations(html: str | bytes) -> dict[str, tuple[str, list[str]]]:
    pairs: dict[str, tuple[str, list[str]]] = {}
    term = None
    description = None
    for element in parse(html):
        if element.tag == "dt":
            term = " ".join(element.text.split())
            description = None
        elif element.tag == "dd" and term is not None:
            description = element
            pairs[term] = (element.text, [])
        elif description is not None and "cite" in element.attrs.get("class", "").split():
            text, cites = pairs[term]
            pairs[term] = (text.replace(element.text, " ", 1), [*cites, element.text])
        elif element.tag == "dl":
            term = description = None
    return {
        term: (" ".join(text.split()), [" ".join(cite.split()) for cite in cites])
        for term, (text, cites) in pairs.items()
    }
