"""The base of the site's Atom feeds: links on the visitor's address, identifiers on none.

Django's feeds link to the host the request came to, as every page does (core/hosts.py),
and by default take each entry's link as its identifier too. A feed reader knows an entry
by that identifier: one that read the feed on the onion address and then on the clear
one, or on a mirror, would show every entry twice. So the identifiers are made from the
address on SITE_URL, the site's one public name, whatever the address the feed was read
on: as a name-based UUID (RFC 9562, version 5) of it, `urn:uuid:…`, so that a feed in
the static copy, which names no address of the origin, has the same identifiers.
"""

import uuid
from urllib.parse import urljoin

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
