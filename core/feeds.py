"""The base of the site's Atom feeds: links on the visitor's address, identifiers on none.

Django's feeds link to the host the request came to, as every page does (core/hosts.py),
and by default take each entry's link as its identifier too. A feed reader knows an entry
by that identifier: one that read the feed on the onion address and then on the clear
one, or on a mirror, would show every entry twice. So the identifiers are made on
SITE_URL, the site's one public name, whatever the address the feed was read on.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.syndication.views import Feed


def site_url(path: str) -> str:
    """A path of this site on SITE_URL (a link that is already absolute stays as it is)."""
    return urljoin(settings.SITE_URL + "/", path)


class SiteFeed(Feed):
    """A feed whose identifiers are the same on every address the site answers on."""

    def feed_guid(self, obj) -> str:
        return site_url(self._get_dynamic_attr("link", obj))

    def item_guid(self, item) -> str:
        return site_url(self._get_dynamic_attr("item_link", item))
