"""The cards of a page of search results, each drawn once per version of its profile.

Rendering the 24 cards of a results page through the template engine was most of an
uncached search (issue 20, docs/benchmarks.md). The cards are the same whatever the
search, so each is kept in the cache under its version (core.cache_keys.person_card),
and a page's cards are read in one round trip; only those missing are drawn, and stored
in one more.
"""

from collections.abc import Iterable

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import cache_keys
from prisoners.models import Person

CARD_TEMPLATE = "prisoners/person_card.html"


def result_cards(people: Iterable[Person]) -> list[SafeString]:
    """The HTML of each person's card, in order."""
    people = list(people)
    language = get_language()
    keys = [
        cache_keys.person_card(person.pk, person.updated_at.isoformat(), person.status, language)
        for person in people
    ]
    found = cache.get_many(keys)
    drawn = {}
    for key, person in zip(keys, people, strict=True):
        if key not in found:
            drawn[key] = render_to_string(CARD_TEMPLATE, {"person": person})
    if drawn:
        cache.set_many(drawn, cache_keys.PERSON_CARD_SECONDS)
    cards = found | drawn
    # The cache holds what this function drew from the template, which escapes.
    return [mark_safe(cards[key]) for key in keys]  # noqa: S308
