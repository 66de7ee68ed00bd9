"""The static copy served as its operators serve it (issue 32, "Done when"): the
fixtures and a synthetic set written out, the folder served by a plain static server
under another host name and a path prefix, and crawled from its home page as a reader's
browser would: every link resolves inside the copy, no page names the origin's host,
every file served is in the signed manifest and the signature verifies."""

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest

from core import signed_manifest
from sitewide.mirroring.build import build
from tests.factories import make_person
from tests.html import find_all

ORIGIN = "https://appeals.example.org"
PREFIX = "/copies/belarus/"
# Enough for the list of prisoners to run over several pages.
SYNTHETIC_PEOPLE = 60


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def served_copy(settings, seeded, tmp_path):
    settings.SITE_URL = ORIGIN
    settings.ALLOWED_HOSTS = ["appeals.example.org"]
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(signed_manifest.new_private_key_pem())
    key = signed_manifest.load_private_key(key_file)
    settings.MIRROR_SIGNING_KEY = str(key_file)
    settings.MIRROR_PUBLIC_KEY = signed_manifest.one_line(key.public_key())
    for number in range(SYNTHETIC_PEOPLE):
        make_person(name_en=f"Synthetic Person{number:03}", slug=f"synthetic-{number:03}")
    copy = tmp_path / "web" / PREFIX.strip("/")
    report = build(copy, key)
    assert report.problems == []
    handler = functools.partial(QuietHandler, directory=str(tmp_path / "web"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # Another host name than the origin's, as a mirror has.
    yield f"http://localhost:{server.server_address[1]}{PREFIX}", copy, key.public_key()
    server.shutdown()


def links_of(html: bytes, base: str) -> set[str]:
    links = set()
    for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                           ("form", "action"), ("section", "data-index")):  # fmt: skip
        for element in find_all(html, tag):
            value = element.attrs.get(attribute)
            if value:
                links.add(urldefrag(urljoin(base, value)).url)
    return links


def test_a_copy_served_elsewhere_is_whole_and_genuine(served_copy):
    start, copy, public_key = served_copy
    seen, queue, served = set(), [start], {}
    host = urlsplit(start).netloc
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        with urlopen(url) as response:  # noqa: S310 (loopback only)
            assert response.status == 200, url
            body = response.read()
        served[url] = body
        assert b"appeals.example.org" not in body, url
        if url.endswith((".html", "/")):
            for link in links_of(body, url):
                parts = urlsplit(link)
                if parts.scheme not in ("http", "https") or parts.netloc != host:
                    continue  # mailto:, Tor's own site: never the origin (asserted above)
                assert parts.path.startswith(PREFIX), f"{url}: {link} leaves the copy"
                queue.append(link.split("?")[0])

    pages = [url for url in served if url.endswith(".html")]
    assert len(pages) > 3 * SYNTHETIC_PEOPLE
    assert any("index-page-2.html" in url for url in pages)
    assert any(url.endswith("/synthetic-059/index.html") for url in pages)
    manifest = signed_manifest.read_manifest(copy)
    for url in served:
        path = urlsplit(url).path.removeprefix(PREFIX) or "index.html"
        if path.endswith("/"):
            path += "index.html"
        assert path in manifest, path
    assert signed_manifest.verify(copy, public_key) == []
