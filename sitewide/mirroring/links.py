"""Rewriting a drawn file's links to the site into links between files of the copy.

HTML: the attributes that hold an address (href, src, action, srcset, poster, content,
data-*); CSS: url(); every text file (JSON, XML feeds and sitemaps, CSV, plain text):
any absolute address on the site's origin, and in JSON any string value that is a path of
the site (a key is a name, not a link: the paths of the API's OpenAPI description). Each
link found is a file the copy must hold, which the builder then draws."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

from sitewide.mirroring.paths import Address, NotCopyable, address_of, relative_link

_ATTRIBUTE = re.compile(
    r"""(?P<name>\s(?:href|src|action|poster|content|data-[a-z-]+)=)(?P<quote>["'])(?P<value>.*?)(?P=quote)""",
    re.DOTALL,
)
_SRCSET = re.compile(r"""(?P<name>\ssrcset=)(?P<quote>["'])(?P<value>.*?)(?P=quote)""", re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(?P<quote>["']?)(?P<value>[^)"']+)(?P=quote)\s*\)""")
_JSON_PATH = re.compile(r'"(?P<value>/[^"\s]*)"(?!\s*:)')


@dataclass
class Links:
    """What rewriting one file found: the files it links to, the links no static host
    can answer."""

    found: list[Address] = field(default_factory=list)
    not_copyable: list[str] = field(default_factory=list)


def rewriter(origin: str) -> Callable[[str, Address, str], tuple[str, Links]]:
    """A function (text, its address, its kind) -> (rewritten text, links), for one
    origin. Kinds: html, css, json, text."""
    on_origin = re.compile(re.escape(origin) + r"""(?P<value>(?:/[^\s"'<>\\)]*)?)""")

    def rewrite(text: str, at: Address, kind: str) -> tuple[str, Links]:
        links = Links()
        file = at.file

        def relative(link: str) -> str:
            link = link.replace("&amp;", "&")
            if link.startswith("?"):  # {% querystring %}: this page with another query
                link = at.path + link
            try:
                address, fragment = address_of(link, origin)
            except NotCopyable:
                links.not_copyable.append(link)
                return link
            if address is None:
                return link
            links.found.append(address)
            return relative_link(file, address.file, fragment)

        def attribute(match: re.Match) -> str:
            return f"{match['name']}{match['quote']}{relative(match['value'])}{match['quote']}"

        def srcset(match: re.Match) -> str:
            candidates = []
            for candidate in match["value"].split(","):
                url, _, descriptor = candidate.strip().partition(" ")
                candidates.append(f"{relative(url)} {descriptor}".strip())
            return f"{match['name']}{match['quote']}{', '.join(candidates)}{match['quote']}"

        if kind == "html":
            text = _ATTRIBUTE.sub(attribute, text)
            text = _SRCSET.sub(srcset, text)
            # What is left names the origin in text: structured data (JSON-LD), say.
            text = on_origin.sub(lambda m: relative(origin + (m["value"] or "/")), text)
            text = _CSS_URL.sub(
                lambda m: f"url({m['quote']}{relative(m['value'])}{m['quote']})", text
            )
        elif kind == "css":
            # A stylesheet's relative url() stays as it is (the copy keeps the static
            # folder's layout); the file it names is found all the same.
            text = _CSS_URL.sub(
                lambda m: f"url({m['quote']}{relative(urljoin(at.path, m['value']))}{m['quote']})",
                text,
            )
        else:
            text = on_origin.sub(lambda m: relative(origin + (m["value"] or "/")), text)
            if kind == "json":
                text = _JSON_PATH.sub(lambda m: f'"{relative(m["value"])}"', text)
        return text, links

    return rewrite
