"""Writing the static copy of the public site (docs/deploy.md, "When the site is blocked").

Every public page is drawn in this process through the whole middleware stack, as a
visitor's request with ``core.static_copy.ENVIRON_KEY`` set (the templates then offer no
form a static host cannot take), starting from each language's home page, robots.txt,
the sitemap (which names every public profile, campaign and story in every language)
and the open data, and following every link to the site that a page, stylesheet, feed
or data file holds. Each file's links are rewritten relative to it (links.py), so the
folder works from any host and path prefix and names no address of the origin.

A later run into the same folder writes only the files whose bytes changed (compared
with the previous manifest's digests), removes those the site no longer has (an
unpublished profile) and says how many it wrote, kept and removed. Text files get a
gzip and a brotli copy beside them; SHA256SUMS lists every file and is signed
(signed_manifest.py).
"""

import gzip
import multiprocessing
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import brotli
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.handlers.base import BaseHandler
from django.core.signals import request_finished
from django.db import close_old_connections, connection, connections
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import get_resolver, reverse
from django.utils import timezone, translation

from core import signed_manifest
from core.static_copy import ENVIRON_KEY
from sitewide.mirroring.links import rewriter
from sitewide.mirroring.paths import Address, type_agrees

# The largest page a reader on a slow connection should have to load (issue 32).
MAX_PAGE_BYTES = 60_000
COMPRESSIBLE = (".html", ".json", ".xml", ".csv", ".txt", ".css", ".js", ".svg", ".pem")
# Below this, a compressed copy saves less than its own headers cost.
MIN_COMPRESSED_BYTES = 256
BROTLI_QUALITY = 5
TEXT_KINDS = {".html": "html", ".css": "css", ".json": "json"}


@dataclass
class Report:
    """What a run did and what it found wrong."""

    written: int = 0
    kept: int = 0
    removed: int = 0
    pages: int = 0
    largest_page: tuple[int, str] = (0, "")
    dead_links: list[tuple[str, int, str]] = field(default_factory=list)
    not_copyable: list[tuple[str, str]] = field(default_factory=list)
    wrong_types: list[tuple[str, str]] = field(default_factory=list)
    oversized: list[tuple[str, int]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def problems(self) -> list[str]:
        return (
            [
                f"{url} answered {status} (linked from {source})"
                for url, status, source in self.dead_links
            ]
            + [
                f"{link} cannot be served by a static host (linked from {source})"
                for link, source in self.not_copyable
            ]
            + [
                f"{url} is {content_type}, not what its file name says"
                for url, content_type in self.wrong_types
            ]
            + [
                f"{file} is {size:,} bytes, over {MAX_PAGE_BYTES:,}"
                for file, size in self.oversized
            ]
        )


def seeds() -> list[Address]:
    """Where the walk starts: each language's home, robots.txt, the sitemap, the public
    key, and every open-data address that takes no argument."""
    paths = ["/robots.txt", reverse("sitemap")]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            paths.append(reverse("home"))
    if signed_manifest.published_public_key() is not None:
        paths.append(reverse("mirror-key"))
    api = get_resolver().namespace_dict.get("api")
    if api is not None:
        prefix, resolver = api
        for pattern in resolver.url_patterns:
            if getattr(pattern, "name", None) and not pattern.pattern.converters:
                paths.append(reverse(f"api:{pattern.name}"))
    return [Address(path) for path in dict.fromkeys(paths)]


def compressed_copies(file: str, body: bytes) -> dict[str, bytes]:
    """The .gz and .br copies a static host serves instead of a text file, by suffix
    (none for a small or binary file)."""
    if not file.endswith(COMPRESSIBLE) or len(body) < MIN_COMPRESSED_BYTES:
        return {}
    return {
        ".gz": gzip.compress(body, compresslevel=9, mtime=0),
        ".br": brotli.compress(body, quality=BROTLI_QUALITY),
    }


@dataclass
class Drawn:
    """One address drawn for the copy, its links rewritten and its compressed copies
    made: what a worker process hands back to the one that writes the folder."""

    address: Address
    status: int
    content_type: str = ""
    body: bytes = b""
    compressed: dict[str, bytes] = field(default_factory=dict)
    found: list[Address] = field(default_factory=list)
    not_copyable: list[str] = field(default_factory=list)
    kind: str = ""


class Drawer:
    """Draws addresses through the whole middleware stack, in one process."""

    def __init__(self) -> None:
        self.origin = settings.SITE_URL.rstrip("/")
        parts = urlsplit(self.origin)
        self.factory = RequestFactory(
            headers={"host": parts.netloc}, **{ENVIRON_KEY: "1", "wsgi.url_scheme": parts.scheme}
        )
        self.secure = parts.scheme == "https"
        self.rewrite = rewriter(self.origin)
        self.handler = BaseHandler()
        self.handler.load_middleware()
        # Each response's close() says the request has finished, which would close the
        # database connection after every page (as Django's test client, keep it open).
        request_finished.disconnect(close_old_connections)

    def draw(self, address: Address) -> Drawn:
        status, content_type, body = self._respond(address)
        drawn = Drawn(address, status, content_type)
        if status != 200 or not type_agrees(address.file, content_type):
            return drawn
        file = address.file
        drawn.kind = TEXT_KINDS.get(
            Path(file).suffix, "text" if file.endswith(COMPRESSIBLE) else ""
        )
        if drawn.kind:
            text, links = self.rewrite(body.decode("utf-8"), address, drawn.kind)
            body = text.encode("utf-8")
            drawn.found, drawn.not_copyable = links.found, links.not_copyable
        drawn.body = body
        drawn.compressed = compressed_copies(file, body)
        return drawn

    def _respond(self, address: Address) -> tuple[int, str, bytes]:
        request = self.factory.get(address.url, secure=self.secure)
        response = self.handler.get_response(request)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if hasattr(response, "close"):
            response.close()
        if response.status_code == 404 and address.path.startswith(settings.MEDIA_URL):
            name = address.path.removeprefix(settings.MEDIA_URL)
            if default_storage.exists(name):
                with default_storage.open(name) as media:
                    return 200, "", media.read()
        return response.status_code, response.get("Content-Type", ""), body


# The drawer of a worker process (made once in each, after the fork).
_drawer: Drawer | None = None


def _draw_in_worker(address: Address) -> Drawn:
    global _drawer  # noqa: PLW0603 (one per worker process)
    if _drawer is None:
        _drawer = Drawer()
    return _drawer.draw(address)


def default_workers() -> int:
    """Both cores on PostgreSQL; one process on SQLite, whose test databases live in
    one process's memory and whose writes would not be seen by another."""
    return 1 if connection.vendor == "sqlite" else max(1, os.cpu_count() or 1)


class Builder:
    """One run of the copy into one folder."""

    def __init__(self, root: Path, key=None, workers: int = 1) -> None:
        self.root = root
        self.key = key
        self.workers = workers
        self.previous = signed_manifest.read_manifest(root)
        self.digests: dict[str, str] = {}
        self.report = Report()

    def run(self) -> Report:
        started = time.monotonic()
        self.root.mkdir(parents=True, exist_ok=True)
        wave = seeds()
        source = dict.fromkeys(wave, "the start")
        with self._drawing() as draw_all:
            while wave:
                following = []
                for drawn in draw_all(wave):
                    for found in self.keep(drawn, source[drawn.address]):
                        if found not in source:
                            source[found] = drawn.address.url
                            following.append(found)
                wave = following
        self.save("index.html", self.root_page().encode("utf-8"))
        self.remove_what_the_site_no_longer_has()
        signed_manifest.write_manifest(self.root, self.digests, self.key)
        self.report.seconds = time.monotonic() - started
        return self.report

    @contextmanager
    def _drawing(self):
        """A function drawing a list of addresses: in this process, or spread over
        `workers` processes forked from it (each opens its own database connection)."""
        if self.workers <= 1:
            drawer = Drawer()
            try:
                yield lambda addresses: map(drawer.draw, addresses)
            finally:
                request_finished.connect(close_old_connections)
            return
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(self.workers) as pool:
            yield lambda addresses: pool.imap(_draw_in_worker, addresses, chunksize=8)

    def keep(self, drawn: Drawn, source: str) -> list[Address]:
        """Save what was drawn, or note why not; the addresses it links to."""
        address = drawn.address
        if address.path == "/":
            return []  # the copy's own index.html (root_page) chooses the language
        if drawn.status != 200:
            self.report.dead_links.append((address.url, drawn.status, source))
            return []
        file = address.file
        if not type_agrees(file, drawn.content_type):
            self.report.wrong_types.append((address.url, drawn.content_type))
            return []
        self.report.not_copyable.extend((link, address.url) for link in drawn.not_copyable)
        if drawn.kind == "html":
            self.report.pages += 1
            self.report.largest_page = max(self.report.largest_page, (len(drawn.body), file))
            if len(drawn.body) > MAX_PAGE_BYTES:
                self.report.oversized.append((file, len(drawn.body)))
        self.save(file, drawn.body, drawn.compressed)
        return drawn.found

    def root_page(self) -> str:
        """The copy's first page: each language's home, and a redirect to the site's
        default language (LANGUAGE_CODE), as the site's own / does without a preference."""
        homes = []
        for code, name in settings.LANGUAGES:
            with translation.override(code):
                homes.append((code, name, reverse("home").lstrip("/") + "index.html"))
        return render_to_string(
            "sitewide/static_copy_index.html",
            {
                "homes": homes,
                "default_home": next(
                    (home for code, _name, home in homes if code == settings.LANGUAGE_CODE),
                    homes[0][2],
                ),
                "made_on": timezone.localdate(),
            },
        )

    def save(self, file: str, body: bytes, compressed: dict[str, bytes] | None = None) -> None:
        """Write a file and its compressed copies, unless the previous run wrote the
        same bytes."""
        if compressed is None:
            compressed = compressed_copies(file, body)
        digest = signed_manifest.sha256(body)
        path = self.root / file
        siblings = [file + suffix for suffix in compressed]
        unchanged = self.previous.get(file) == digest and path.exists()
        if unchanged and all(
            sibling in self.previous and (self.root / sibling).exists() for sibling in siblings
        ):
            self.report.kept += 1 + len(siblings)
            self.digests[file] = digest
            for sibling in siblings:
                self.digests[sibling] = self.previous[sibling]
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self._write(path, body)
        self.digests[file] = digest
        self.report.written += 1
        for suffix, data in compressed.items():
            self._write(self.root / (file + suffix), data)
            self.digests[file + suffix] = signed_manifest.sha256(data)
            self.report.written += 1

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        """Replace a file whole: a host serving the folder meanwhile never reads half of it."""
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)

    def remove_what_the_site_no_longer_has(self) -> None:
        for file in self.previous.keys() - self.digests.keys():
            path = self.root / file
            if path.is_file() and path.resolve().is_relative_to(self.root.resolve()):
                path.unlink()
                self.report.removed += 1
                self._remove_empty_folders(path.parent)

    def _remove_empty_folders(self, folder: Path) -> None:
        root = self.root.resolve()
        folder = folder.resolve()
        while folder != root and folder.is_relative_to(root) and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def build(root: Path, key=None, workers: int = 1) -> Report:
    """Write (or bring up to date) the static copy in `root`, signed with `key` if given,
    drawing its pages in `workers` processes."""
    return Builder(root, key, workers).run()
