"""The static copy of the public site (issue 32): `manage.py build_mirror` writes every
public page in every language, the open data, feeds and static files as a folder that
works from any host and path prefix, takes no post, updates incrementally and is signed
so that a mirror operator can tell a genuine copy from an altered one."""

import gzip
import importlib
import io
import json
import posixpath
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import brotli
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command

from core import signed_manifest
from prisoners.models import Person
from sitewide.mirroring.build import MAX_PAGE_BYTES, build
from tests import atom
from tests.factories import make_person
from tests.html import find_all, text_of

LANGUAGES = ("en", "be", "ru")
ORIGIN = "https://appeals.example.org"
CAMPAIGN = "say-the-word-free-belarus-political-prisoners"


@pytest.fixture
def site(settings, seeded, tmp_path):
    """The fixtures `make run` loads, on the production origin, with a signing key the
    site publishes."""
    settings.SITE_URL = ORIGIN
    settings.ALLOWED_HOSTS = ["appeals.example.org"]
    key_file = tmp_path / "signing-key.pem"
    key_file.write_bytes(signed_manifest.new_private_key_pem())
    settings.MIRROR_SIGNING_KEY = str(key_file)
    settings.MIRROR_PUBLIC_KEY = signed_manifest.one_line(
        signed_manifest.load_private_key(key_file).public_key()
    )
    return tmp_path


def write_copy(folder: Path) -> str:
    out = io.StringIO()
    # One process: the test's rows are in its transaction, which forked workers would
    # not see (the workers are tested on their own below).
    call_command("build_mirror", output=str(folder), workers=1, stdout=out)
    return out.getvalue()


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_it_holds_every_public_page_in_every_language(site):
    copy = site / "copy"
    report = build(copy, signed_manifest.load_private_key(site / "signing-key.pem"))

    assert report.problems == []
    person = Person.objects.published().get(slug="sergei-tikhanovsky")
    for language in LANGUAGES:
        for page in (
            "index.html",
            "prisoners/index.html",
            f"prisoners/{person.slug}/index.html",
            "prisoners/statistics/index.html",
            "prisoners/birthdays/index.html",
            "prisoners/methodology/index.html",
            "prisoners/letters/index.html",
            "campaigns/index.html",
            "stories/index.html",
            "stories/feed/index.xml",
            f"prisoners/{person.slug}/feed/index.xml",
            f"campaigns/{CAMPAIGN}/feed/index.xml",
            "privacy/index.html",
            "mirrors/index.html",
        ):
            assert (copy / language / page).is_file(), f"{language}/{page}"
    for data in ("api/v1/prisoners/index.json", "api/v1/prisoners.csv", "api/v1/statistics.csv",
                 f"api/v1/prisoners/{person.slug}/index.json", "api/v1/mirrors/index.json",
                 "sitemap.xml", "robots.txt", "mirror-key.pem", "index.html"):  # fmt: skip
        assert (copy / data).is_file(), data
    assert "Tikhanovsky" in (copy / "en" / "prisoners" / person.slug / "index.html").read_text()
    # Following without an address works from a copy: its feeds are files like its pages,
    # offered beside what the copy cannot take (the follow form).
    profile = (copy / "en" / "prisoners" / person.slug / "index.html").read_bytes()
    offered = [a.attrs["href"] for a in find_all(profile, "a", type="application/atom+xml")]
    assert offered == ["feed/index.xml"]
    assert "Follow without giving an address" in text_of(profile)
    for feed in (f"prisoners/{person.slug}/feed/index.xml", f"campaigns/{CAMPAIGN}/feed/index.xml"):
        assert atom.problems((copy / "en" / feed).read_bytes()) == [], feed
        assert atom.read((copy / "en" / feed).read_bytes()).entries or "campaigns" in feed
    # The copy's first page sends a reader to the site's default language, as / does.
    assert 'content="0; url=en/index.html"' in (copy / "index.html").read_text()


def test_its_links_are_relative_and_none_is_dead_nor_names_the_origin(site):
    copy = site / "copy"
    build(copy)
    files = files_of(copy)

    for name, data in files.items():
        if name.endswith((".html", ".json", ".xml", ".csv", ".txt", ".css")):
            assert b"appeals.example.org" not in data, name
    checked = 0
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        for tag, attribute in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in find_all(data, tag):
                link = element.attrs.get(attribute)
                if not link or urlsplit(link).scheme in ("mailto", "tel", "data", "https", "http"):
                    continue
                assert not link.startswith("/"), f"{name}: {link} is not relative"
                target = urldefrag(link).url.split("?")[0]
                if not target:
                    continue
                resolved = posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), unquote(target))
                )
                assert resolved in files, f"{name} links to {link}, which the copy lacks"
                checked += 1
    assert checked > 500


def test_its_structured_data_links_between_its_files(site):
    """JSON-LD names the site's pages by address, not as attributes: the copy rewrites
    them like any other link (sitewide/mirroring/links.py), so each resolves to a file
    of the copy and none is a path from the root of whatever host serves it."""
    copy = site / "copy"
    build(copy)
    files = files_of(copy)

    def links_in(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("url", "logo", "image", "mainEntityOfPage"):
                    yield value
                else:
                    yield from links_in(value)
        elif isinstance(node, list):
            for value in node:
                yield from links_in(value)

    types, checked = set(), 0
    for name, data in files.items():
        if not name.endswith(".html"):
            continue
        for script in find_all(data, "script", type="application/ld+json"):
            block = json.loads(script.text)
            types.add(block["@type"])
            for link in links_in(block):
                if urlsplit(link).scheme in ("http", "https"):  # a source elsewhere
                    assert "appeals.example.org" not in link, f"{name}: {link}"
                    continue
                assert not link.startswith("/"), f"{name}: {link} is not relative"
                target = posixpath.normpath(
                    posixpath.join(posixpath.dirname(name), unquote(urldefrag(link).url))
                )
                assert target in files, f"{name} names {link}, which the copy lacks"
                checked += 1
    assert {"Organization", "WebSite", "Person", "NewsArticle", "Message"} <= types
    assert checked > 30


def test_no_page_offers_a_form_that_posts_nor_loads_htmx(site):
    copy = site / "copy"
    build(copy)

    for name, data in files_of(copy).items():
        if name.endswith(".html"):
            forms = find_all(data, "form")
            assert all((form.attrs.get("method") or "get").lower() == "get" for form in forms), name
            assert b"hx-post" not in data, name
            scripts = [script.attrs.get("src") or "" for script in find_all(data, "script")]
            assert not [src for src in scripts if "htmx" in src], name
    campaign_page = next(copy.glob("en/campaigns/*/index.html")).read_text()
    assert "cannot take your signature" in campaign_page
    assert 'http-equiv="Content-Security-Policy"' in campaign_page


def test_a_later_run_writes_only_what_changed_and_removes_what_was_unpublished(site):
    copy = site / "copy"
    unpublished_later = make_person(name_en="Ales Example", slug="ales-example")
    first = build(copy)
    assert first.written > 100 and first.kept == 0
    assert (copy / "en/prisoners/ales-example/index.html").is_file()

    again = build(copy)
    assert (again.written, again.removed) == (0, 0)
    assert again.kept == first.written

    unpublished_later.is_published = False
    unpublished_later.save()
    after = build(copy)
    assert after.removed > 0
    assert 0 < after.written < first.written / 5
    for language in LANGUAGES:
        assert not (copy / language / "prisoners/ales-example").exists()
    assert "ales-example" not in (copy / "sitemap.xml").read_text()
    assert set(signed_manifest.read_manifest(copy)) == {
        name for name in files_of(copy) if name not in ("SHA256SUMS", "SHA256SUMS.sig")
    }


def test_the_command_says_what_it_wrote_kept_and_removed(site):
    first = write_copy(site / "copy")
    second = write_copy(site / "copy")

    assert "kept 0," in first and "Signed" in first
    assert "wrote 0 files" in second and "removed 0" in second


def test_text_files_come_with_gzip_and_brotli_copies_of_the_same_bytes(site):
    copy = site / "copy"
    build(copy)
    page = copy / "en/prisoners/index.html"

    assert gzip.decompress((copy / "en/prisoners/index.html.gz").read_bytes()) == page.read_bytes()
    assert (
        brotli.decompress((copy / "en/prisoners/index.html.br").read_bytes()) == page.read_bytes()
    )
    assert all(
        (copy / f"{name}.br").is_file()
        for name in files_of(copy)
        if name.endswith((".html", ".json", ".css", ".js")) and (copy / name).stat().st_size > 256
    )


def test_pages_stay_under_the_size_a_slow_connection_can_take(site):
    report = build(site / "copy")

    assert 0 < report.largest_page[0] <= MAX_PAGE_BYTES


def test_a_copy_verifies_and_one_altered_byte_fails_it(site):
    copy = site / "copy"
    write_copy(copy)
    call_command("verify_mirror", str(copy), stdout=io.StringIO())

    target = copy / "en/prisoners/index.html.br"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="fails verification"):
        call_command("verify_mirror", str(copy), stdout=io.StringIO(), stderr=io.StringIO())


def test_a_forged_manifest_fails_verification(site):
    copy = site / "copy"
    write_copy(copy)
    page = copy / "en/index.html"
    page.write_text(page.read_text().replace("Belarus", "Belarus!"))
    manifest = (copy / "SHA256SUMS").read_text()
    digest = signed_manifest.sha256(page.read_bytes())
    old = signed_manifest.read_manifest(copy)["en/index.html"]
    (copy / "SHA256SUMS").write_text(manifest.replace(old, digest))

    assert signed_manifest.verify(copy, signed_manifest.published_public_key()) == [
        "SHA256SUMS.sig is not a signature of SHA256SUMS by this key."
    ]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_the_documented_openssl_line_checks_a_copy(site, client):
    copy = site / "copy"
    write_copy(copy)
    key = site / "mirror-key.pem"
    key.write_bytes(client.get("/mirror-key.pem", headers={"host": "appeals.example.org"}).content)
    line = (
        f"openssl pkeyutl -verify -pubin -inkey {key} -rawin -in SHA256SUMS "
        "-sigfile SHA256SUMS.sig && sha256sum --quiet -c SHA256SUMS"
    )
    assert subprocess.run(line, shell=True, cwd=copy, capture_output=True).returncode == 0  # noqa: S602
    docs = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text()
    assert "openssl pkeyutl -verify -pubin -inkey mirror-key.pem -rawin" in docs

    (copy / "robots.txt").write_text("User-agent: *\nDisallow:\n")
    assert subprocess.run(line, shell=True, cwd=copy, capture_output=True).returncode != 0  # noqa: S602


def test_it_refuses_to_sign_with_a_key_the_site_does_not_publish(site, settings):
    other = Ed25519PrivateKey.generate().public_key()
    settings.MIRROR_PUBLIC_KEY = signed_manifest.one_line(other)

    with pytest.raises(CommandError, match="does not publish this key"):
        write_copy(site / "copy")


def test_the_site_publishes_its_public_key(site, client):
    response = client.get("/mirror-key.pem", headers={"host": "appeals.example.org"})

    assert response.status_code == 200
    assert response.content.decode().startswith("-----BEGIN PUBLIC KEY-----")


def test_without_a_key_nothing_is_published(client, settings, db):
    settings.MIRROR_PUBLIC_KEY = ""
    settings.MIRROR_SIGNING_KEY = ""

    assert client.get("/mirror-key.pem").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_write_the_same_copy_as_one(settings, tmp_path):
    """The pages are drawn by one process per core on PostgreSQL; the copy must not
    depend on how many drew it."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("Workers are forked only on PostgreSQL (SQLite's test database is in memory)")
    # A transactional test starts from tables emptied by the one before: the first
    # version of the methodology page, which a migration writes, is written again.
    first_methodology = importlib.import_module(
        "prisoners.migrations.0012_methodology_first_version"
    )
    first_methodology.write_first_version(django_apps, None)
    call_command("load_fixtures", verbosity=0)
    settings.SITE_URL = ORIGIN
    settings.ALLOWED_HOSTS = ["appeals.example.org"]
    one = build(tmp_path / "one", workers=1)
    two = build(tmp_path / "two", workers=2)

    assert two.problems == [] and two.pages == one.pages
    assert signed_manifest.read_manifest(tmp_path / "one") == signed_manifest.read_manifest(
        tmp_path / "two"
    )
