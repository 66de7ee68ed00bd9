"""Where each address of the site lives in the static copy, and how one file links to
another there: relatively, so that the copy works from any host name and path prefix,
from an onion service's web root, an IPFS gateway or a folder opened from a disk.

An address maps to a file by a fixed rule, known before the file is drawn (a page links
to pages not drawn yet): a path ending in ``/`` is its folder's ``index`` file, ``.json``
under the API, ``.xml`` for a feed, ``.html`` otherwise; any other path is its own file.
The only query string a static host can answer is a list's page number, which becomes
part of the file name (``index-page-2.html``). The builder checks that each response's
type agrees with its file's extension.
"""

import posixpath
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

PAGE_PARAMETER = "page"

EXTENSION_TYPES = {
    ".html": "text/html",
    ".json": "application/json",
    ".xml": ("application/xml", "application/atom+xml", "application/rss+xml", "text/xml"),
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".pem": "text/plain",
    ".css": "text/css",
    ".js": ("text/javascript", "application/javascript"),
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True, order=True)
class Address:
    """A page of the site that the copy holds: its path and its list page, if any."""

    path: str
    page: int = 0

    @property
    def url(self) -> str:
        """The address to request when drawing it."""
        return f"{self.path}?{PAGE_PARAMETER}={self.page}" if self.page else self.path

    @property
    def file(self) -> str:
        """The file's path inside the copy, without a leading slash."""
        path = self.path.lstrip("/")
        if self.path.endswith("/"):
            path += "index" + _index_extension(self.path)
        if self.page:
            stem, extension = posixpath.splitext(path)
            path = f"{stem}-{PAGE_PARAMETER}-{self.page}{extension}"
        return path


def _index_extension(path: str) -> str:
    if path.startswith("/api/"):
        return ".json"
    if path.endswith("/feed/"):
        return ".xml"
    return ".html"


def address_of(link: str, origin: str) -> tuple[Address | None, str]:
    """The copy's address for a link written in a page, with its fragment; None when the
    link leaves the site (another origin, mailto:, a data: URL) or is this page itself.

    Raises ``NotCopyable`` for a link to the site that a static host cannot answer (a
    query string other than a page number)."""
    if link.startswith(origin + "/"):
        link = link[len(origin) :]
    elif link == origin:
        link = "/"
    if not link.startswith("/") or link.startswith("//"):
        return None, ""
    parts = urlsplit(link)
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    page = 0
    if parts.query:
        query = parse_qsl(parts.query, keep_blank_values=True)
        if len(query) != 1 or query[0][0] != PAGE_PARAMETER or not query[0][1].isdigit():
            raise NotCopyable(link)
        page = int(query[0][1])
    return Address(parts.path, 0 if page == 1 else page), fragment


def relative_link(from_file: str, to_file: str, fragment: str = "") -> str:
    """The link from one file of the copy to another."""
    start = posixpath.dirname(from_file) or "."
    return posixpath.relpath(to_file, start) + fragment


def type_agrees(file: str, content_type: str) -> bool:
    """Whether a response of this type may be saved under this file name (a static
    host serves a file by its extension)."""
    expected = EXTENSION_TYPES.get(posixpath.splitext(file)[1].lower())
    if expected is None:
        return True
    media_type = content_type.split(";")[0].strip().lower()
    return media_type in ((expected,) if isinstance(expected, str) else expected)


class NotCopyable(ValueError):
    """A link to the site that no static host can answer."""
