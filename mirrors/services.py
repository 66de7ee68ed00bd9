"""The listed addresses as emails read them (cached), and what follows a change of the
mirrors: the cached list and the stored public page forgotten, so that the next email
and the next visit have the current addresses."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation

from core import cache_keys
from core.page_cache import forget_pages
from mirrors.models import Mirror


def listed_addresses() -> list[tuple[str, str]]:
    """(kind, address) of every listed mirror, in the page's order: what ends every
    email to supporters (mirrors/templatetags/mirrors.py). A confirmation email is sent
    per signature, so this is read from the cache, not the database."""
    addresses = cache.get(cache_keys.LISTED_MIRRORS)
    if addresses is None:
        addresses = list(Mirror.objects.listed().values_list("kind", "address"))
        cache.set(cache_keys.LISTED_MIRRORS, addresses, cache_keys.LISTED_MIRRORS_SECONDS)
    return addresses


def mirror_page_paths() -> list[str]:
    """The mirrors page's address in every language."""
    paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse("mirrors:list"))
    return paths


def mirrors_changed() -> None:
    """Forget what shows the mirrors: now, and again after the commit, so that a request
    that read the old rows before the commit cannot leave them cached (as
    Person.forget_cached_version does for a profile)."""

    def forget() -> None:
        cache.delete(cache_keys.LISTED_MIRRORS)
        forget_pages(mirror_page_paths())

    forget()
    transaction.on_commit(forget)


@transaction.atomic
def mirrors_checked(*, mirrors: QuerySet[Mirror], on: datetime.date | None = None) -> int:
    """Record that these mirrors were checked (today unless `on` is given); how many."""
    count = mirrors.update(last_checked=on or timezone.localdate())
    mirrors_changed()
    return count
