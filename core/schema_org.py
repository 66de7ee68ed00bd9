"""schema.org structured data (JSON-LD): what every kind of page says of itself, written
once here where it is shared (the site, its publisher, identifiers, links).

Identifiers (`@id`) are the same on every address the site answers on and in the static
copy: a name-based UUID of the address on SITE_URL (`urn:uuid:…`, as the feeds' entries,
core/feeds.py), never the address the visitor used. So a story read on the onion address
and a profile read on a mirror name the same person, and a copy, which names no address
of the origin, keeps them. A node's `url` is a link, and links name the visitor's
address (core/hosts.py): references carry both, so that a reader of one page alone can
follow them.

A page renders its data with `{% json_ld data %}` (core/templatetags/site.py).
"""

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.translation import get_language

from core.feeds import feed_id
from core.hosts import site_origin

CONTEXT = "https://schema.org"


def node_id(path: str, name: str) -> str:
    """The identifier of the thing called `name` that the page at `path` is about
    (`node_id("/en/stories/x/", "article")`), the same on every address."""
    return feed_id(f"{path}#{name}")


def links_origin(request: HttpRequest | None) -> str:
    """The origin the structured data's links name: the visitor's (site_origin); in the
    static copy, SITE_URL, since an address in a script's text is only rewritten into a
    link between the copy's files when it names the origin (sitewide/mirroring/links.py),
    and a bare path would point at the root of whatever host serves the copy."""
    return site_origin(request) or settings.SITE_URL


def organisation_id() -> str:
    return node_id("/", "organization")


def website_id() -> str:
    return node_id("/", "website")


def organisation_reference(origin: str) -> dict:
    """Who publishes the site (ORGANISATION_NAME), as the publisher of a page: its
    identifier, name and address, enough for a reader of that page alone."""
    return {
        "@type": "Organization",
        "@id": organisation_id(),
        "name": settings.ORGANISATION_NAME,
        "url": f"{origin}/",
    }


def organisation(origin: str) -> dict:
    """The organisation that runs the site, described in full (the home page)."""
    return {
        "@context": CONTEXT,
        **organisation_reference(origin),
        "logo": absolute(origin, static("img/favicon.svg")),
    }


def website(origin: str) -> dict:
    """The site itself: its name, address, languages and publisher (the home page)."""
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "@id": website_id(),
        "name": settings.ORGANISATION_NAME,
        "url": f"{origin}/",
        "inLanguage": [code for code, _name in settings.LANGUAGES],
        "publisher": {"@id": organisation_id()},
    }


def absolute(origin: str, url: str) -> str:
    """A link on this site as an absolute address on `origin`; one already absolute (a
    photo on a storage bucket's host, say) as it is."""
    return origin + url if url.startswith("/") else url


def shown_language(instance, field: str) -> str:
    """The language a translated field (modeltranslation) is shown in on this page: the
    page's, or the default one it falls back to when it is not written in the page's."""
    language = get_language() or settings.LANGUAGE_CODE
    if getattr(instance, f"{field}_{language}", None):
        return language
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE
