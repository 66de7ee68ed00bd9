"""Whom to suggest writing to, and the counts of letters that decide it.

The suggestion is drawn at random, weighted towards the people with the fewest letters
counted in the last RECENT_WEEKS: a person's weight is 1 / (1 + their letters), so one
without any letter is twice as likely as one with a letter, and five times as likely as
one with four. Only people held now, with an address for letters, and not held
incommunicado, are drawn (PersonQuerySet.suggested_for_letters). The pool is two queries
whatever the number of people, cached for LETTER_POOL_SECONDS; the draw is in Python.
"""

import datetime
import random

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core import cache_keys
from prisoners.models import Letter, Person

# The letters of these last weeks decide the weights.
RECENT_WEEKS = 4

# The draw's source of randomness; tests give their own, seeded.
_random = random.Random()  # noqa: S311 - a suggestion, not a secret


def recent_since(today: datetime.date | None = None) -> datetime.date:
    """The first day whose letters count towards the weights."""
    return (today or timezone.localdate()) - datetime.timedelta(weeks=RECENT_WEEKS)


def month_start(today: datetime.date | None = None) -> datetime.date:
    """The first day of this month, in the site's time zone ("letters this month")."""
    return (today or timezone.localdate()).replace(day=1)


def letter_weight(recent_letters: int) -> float:
    """How likely a person is to be suggested, against the others."""
    return 1 / (1 + recent_letters)


def suggestion_pool() -> list[tuple[str, int]]:
    """(slug, letters in the last RECENT_WEEKS) of everyone who may be suggested: two
    queries whatever the number of people (who, and the recent letters counted per
    person), cached for LETTER_POOL_SECONDS.

    Two rather than one with a COUNT subquery per person: PostgreSQL overestimates that
    subquery's cost, and at 10,000 people spent a second compiling the query with its JIT
    to run it in 0.2 s (docs/benchmarks.md, "Letters")."""

    def pool() -> list[tuple[str, int]]:
        people = Person.objects.suggested_for_letters().order_by("pk").values_list("pk", "slug")
        counts = Letter.objects.sent_since(recent_since()).count_by_person()
        return [(slug, counts.get(pk, 0)) for pk, slug in people]

    return cache.get_or_set(cache_keys.LETTER_POOL, pool, cache_keys.LETTER_POOL_SECONDS)


def choose_recipient(
    pool: list[tuple[str, int]], *, after: str = "", rng: random.Random | None = None
) -> str | None:
    """The slug of someone to write to, drawn with letter_weight, other than `after`
    (the person just suggested) unless nobody else may be; None if nobody may be."""
    candidates = [entry for entry in pool if entry[0] != after] or pool
    if not candidates:
        return None
    weights = [letter_weight(count) for _slug, count in candidates]
    ((slug, _count),) = (rng or _random).choices(candidates, weights=weights)
    return slug


def letter_counts() -> dict:
    """The open data of letters: for each public profile with a letter counted, its
    letters this month, in the last RECENT_WEEKS, in all, and by month. Two GROUP BY
    queries whatever the number of letters, cached for LETTER_COUNTS_SECONDS; aggregates
    only, since nothing about who wrote is kept."""

    def counts() -> dict:
        today = timezone.localdate()
        this_month = month_start(today).strftime("%Y-%m")
        letters = Letter.objects.filter(person__in=Person.objects.public_profiles().values("pk"))
        names = [f"person__name_{code}" for code, _name in settings.LANGUAGES]
        people: dict[str, dict] = {}
        for row in letters.counts_by_person_and_month(["person__slug", *names]):
            slug = row["person__slug"]
            entry = people.setdefault(slug, {
                "slug": slug,
                "name": {name[len("person__name_"):]: row[name] for name in names if row[name]},
                "letters": {"this_month": 0, "recent_weeks": 0, "total": 0, "by_month": []},
            })["letters"]  # fmt: skip
            month = row["month"].strftime("%Y-%m")
            entry["by_month"].append({"month": month, "count": row["count"]})
            entry["total"] += row["count"]
            if month == this_month:
                entry["this_month"] = row["count"]
        recent = letters.sent_since(recent_since(today)).count_by_person("person__slug")
        for slug, count in recent.items():
            people[slug]["letters"]["recent_weeks"] = count
        return {
            "generated_at": timezone.now().isoformat(),
            "recent_weeks": RECENT_WEEKS,
            "people": sorted(people.values(), key=lambda entry: entry["slug"]),
        }

    return cache.get_or_set(cache_keys.LETTER_COUNTS, counts, cache_keys.LETTER_COUNTS_SECONDS)
