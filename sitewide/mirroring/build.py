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
import os
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import brotli
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.handlers.base import BaseHandler
from django.core.signals import request_finished
from django.db import close_old_connections
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
    bytes: int = 0
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


class Builder:
    """One run of the copy into one folder."""

    def __init__(self, root: Path, key=None) -> None:
        self.root = root
        self.key = key
        self.previous = signed_manifest.read_manifest(root)
        self.digests: dict[str, str] = {}
        self.report = Report()
        self.origin = settings.SITE_URL.rstrip("/")
        parts = urlsplit(self.origin)
        self.factory = RequestFactory(
            headers={"host": parts.netloc}, **{ENVIRON_KEY: "1", "wsgi.url_scheme": parts.scheme}
        )
        self.secure = parts.scheme == "https"
        self.rewrite = rewriter(self.origin)
        self.handler = BaseHandler()
        self.handler.load_middleware()

    def run(self) -> Report:
        started = time.monotonic()
        self.root.mkdir(parents=True, exist_ok=True)
        queue = deque(seeds())
        source = dict.fromkeys(queue, "the start")
        # Each response's close() says the request has finished, which would close the
        # database connection after every page (as Django's test client, keep it open).
        request_finished.disconnect(close_old_connections)
        try:
            while queue:
                address = queue.popleft()
                for found in self.copy(address, source[address]):
                    if found not in source:
                        source[found] = address.url
                        queue.append(found)
        finally:
            request_finished.connect(close_old_connections)
        self.save("index.html", self.root_page().encode("utf-8"))
        self.remove_what_the_site_no_longer_has()
        signed_manifest.write_manifest(self.root, self.digests, self.key)
        self.report.seconds = time.monotonic() - started
        return self.report

    def copy(self, address: Address, source: str) -> list[Address]:
        """Draw one address, save it with its links rewritten; the addresses it links to."""
        if address.path == "/":
            return []  # the copy's own index.html (root_page) chooses the language
        status, content_type, body = self.draw(address)
        if status != 200:
            self.report.dead_links.append((address.url, status, source))
            return []
        file = address.file
        if not type_agrees(file, content_type):
            self.report.wrong_types.append((address.url, content_type))
            return []
        kind = TEXT_KINDS.get(Path(file).suffix, "text" if file.endswith(COMPRESSIBLE) else "")
        found: list[Address] = []
        if kind:
            text, links = self.rewrite(body.decode("utf-8"), address, kind)
            body = text.encode("utf-8")
            found = links.found
            self.report.not_copyable.extend((link, address.url) for link in links.not_copyable)
        if kind == "html":
            self.report.pages += 1
            self.report.largest_page = max(self.report.largest_page, (len(body), file))
            if len(body) > MAX_PAGE_BYTES:
                self.report.oversized.append((file, len(body)))
        self.save(file, body)
        return found

    def draw(self, address: Address) -> tuple[int, str, bytes]:
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

    def root_page(self) -> str:
        """The copy's first page: each language's home, and a redirect to English."""
        homes = []
        for code, name in settings.LANGUAGES:
            with translation.override(code):
                homes.append((code, name, reverse("home").lstrip("/") + "index.html"))
        return render_to_string(
            "sitewide/static_copy_index.html",
            {"homes": homes, "default_home": homes[0][2], "made_on": timezone.localdate()},
        )

    def save(self, file: str, body: bytes) -> None:
        """Write a file and its compressed copies, unless the previous run wrote the
        same bytes."""
        digest = signed_manifest.sha256(body)
        self.report.bytes += len(body)
        path = self.root / file
        compressed = file.endswith(COMPRESSIBLE) and len(body) >= MIN_COMPRESSED_BYTES
        siblings = [f"{file}.gz", f"{file}.br"] if compressed else []
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
        if compressed:
            for sibling, data in (
                (f"{file}.gz", gzip.compress(body, compresslevel=9, mtime=0)),
                (f"{file}.br", brotli.compress(body, quality=BROTLI_QUALITY)),
            ):
                self._write(self.root / sibling, data)
                self.digests[sibling] = signed_manifest.sha256(data)
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


def build(root: Path, key=None) -> Report:
    """Write (or bring up to date) the static copy in `root`, signed with `key` if given."""
    return Builder(root, key).run()
