"""Readers of the prisoners' pages, shared by the tests of this app."""

import re

from tests.html import parse

_PROFILE_LINK = re.compile(r"^/(?:en|be|ru)/prisoners/(?P<slug>[-\w]+)/$")
NOT_PROFILES = {"birthdays"}


def listed_slugs(html: str | bytes) -> list[str]:
    """The slugs of the profiles a page links to, in order, each once."""
    slugs = []
    for element in parse(html):
        match = _PROFILE_LINK.match(element.attrs.get("href") or "") if element.tag == "a" else None
        if match and match["slug"] not in NOT_PROFILES and match["slug"] not in slugs:
            slugs.append(match["slug"])
    return slugs


def facts(html: str | bytes) -> dict[str, str]:
    """The term/description pairs of the page's <dl>, whitespace collapsed."""
    pairs: dict[str, str] = {}
    term = None
    for element in parse(html):
        if element.tag == "dt":
            term = " ".join(element.text.split())
        elif element.tag == "dd" and term is not None:
            pairs[term] = " ".join(element.text.split())
            term = None
    return pairs
