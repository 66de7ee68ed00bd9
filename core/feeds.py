"""The base of the site's Atom feeds: links on the visitor's address, identifiers on none.

Django's feeds link to the host the request came to, as every page does (core/hosts.py),
and by default take each entry's link as its identifier too. A feed reader knows an entry
by that identifier: one that read the feed on the onion address and then on the clear
one, or on a mirror, would show every entry twice. So the identifiers are made from the
address on SITE_URL, the site's one public name, whatever the address the feed was read
on: as a name-based UUID (RFC 9562, version 5) of it, `urn:uuid:…`, so that a feed in
the static copy, which names no address of the origin, has the same identifiers.

A person's feed (prisoners/feeds.py) holds what several apps write about them: each app
whose `feeds` module has `person_entries(person) -> list[FeedEntry]` gives its part
(the status history, the stories, the appeals for them), found by convention as
core/actions.py finds the kinds of action, since the feed lives below those apps.
"""

import datetime
import uuid
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from urllib.parse import urljoin

from django.apps import apps
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed


def site_url(path: str) -> str:
    """A path of this site on SITE_URL (a link that is already absolute stays as it is)."""
    return urljoin(settings.SITE_URL + "/", path)


def feed_id(path: str) -> str:
    """The identifier of a feed or entry whose address is `path`, on every host."""
    return uuid.uuid5(uuid.NAMESPACE_URL, site_url(path)).urn


class AtomFeed(Atom1Feed):
    """Atom whose `updated` without entries is the date its feed gives (`empty_updated`),
    not the time of the request: an empty feed read twice is the same feed, so the static
    copy does not rewrite it on every run, nor a cache miss it."""

    def latest_post_date(self):
        if not any(item.get("updateddate") or item.get("pubdate") for item in self.items):
            empty_updated = self.feed.get("empty_updated")
            if empty_updated is not None:
                return empty_updated
        return super().latest_post_date()


class SiteFeed(Feed):
    """A feed whose identifiers are the same on every address the site answers on; in
    Atom, dated by its object when it has no entry (`empty_feed_updated(obj)`)."""

    feed_type = AtomFeed

    def feed_extra_kwargs(self, obj) -> dict:
        return {"empty_updated": self._get_dynamic_attr("empty_feed_updated", obj, None)}

    def feed_guid(self, obj) -> str:
        return feed_id(self._get_dynamic_attr("link", obj))

    def item_guid(self, item) -> str:
        return feed_id(self._get_dynamic_attr("item_link", item))


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed built from several kinds of record (EntriesFeed): what each
    app's `person_entries` gives.

    `updated` is when the site recorded the entry or last changed it, an instant, as Atom
    requires; the date of what happened, which a source may give only to the month or
    the year, is in the title and the text as the source gives it, never turned into an
    instant. `link` is a path of the site; `id_path` (the link unless given) names the
    entry for its identifier (`feed_id`), so that two entries linking to the same place
    stay two."""

    title: str
    link: str
    description: str
    updated: datetime.datetime
    published: datetime.datetime | None = None
    category: str = ""
    id_path: str = ""


@cache
def _entry_modules() -> tuple:
    found = []
    for app in apps.get_app_configs():
        module_name = f"{app.name}.feeds"
        if app.name != __package__ and find_spec(module_name) is not None:
            found.append(import_module(module_name))
    return tuple(found)


def person_entries(person) -> list[FeedEntry]:
    """Everything the site publishes about a person, newest first: the `person_entries`
    of each app's `feeds` module (its status history, stories, the appeals for them),
    collected by convention as core/actions.py collects the kinds of action, since the
    person's feed (prisoners) sits below the apps that write about them."""
    entries = [
        entry
        for module in _entry_modules()
        if hasattr(module, "person_entries")
        for entry in module.person_entries(person)
    ]
    return sorted(entries, key=lambda entry: entry.updated, reverse=True)


class EntriesFeed(SiteFeed):
    """A feed whose items are FeedEntry rows."""

    def item_title(self, entry: FeedEntry) -> str:
        return entry.title

    def item_link(self, entry: FeedEntry) -> str:
        return entry.link

    def item_guid(self, entry: FeedEntry) -> str:
        return feed_id(entry.id_path or entry.link)

    def item_description(self, entry: FeedEntry) -> str:
        return entry.description

    def item_pubdate(self, entry: FeedEntry) -> datetime.datetime | None:
        return entry.published

    def item_updateddate(self, entry: FeedEntry) -> datetime.datetime:
        return entry.updated

    def item_categories(self, entry: FeedEntry) -> tuple[str, ...]:
        return (entry.category,) if entry.category else ()
