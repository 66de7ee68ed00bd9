"""The public page "If this site is blocked": the listed addresses grouped by kind with
the date each was last checked, how to use Tor and the email channel, and how to check
a static copy; cached like the other public pages and forgotten when staff change a
mirror."""

import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core import signed_manifest
from mirrors import services
from tests.html import find_all, text_of
from tests.mirrors.conftest import ONION, make_mirror

pytestmark = pytest.mark.django_db


def test_it_lists_the_listed_mirrors_and_not_the_others(client, mirrors):
    page = client.get("/en/mirrors/")
    assert page.status_code == 200
    text = text_of(page.content)
    assert "If this site is blocked" in text
    assert "https://mirror.example.net/" in text
    assert ONION in text
    assert "Hosted by a friendly newsroom." in text
    assert "old-copy.example.org" not in text
    headings = [h.text.strip() for h in find_all(page.content, "h3")]
    assert headings == ["Web mirror", "Onion service"]


def test_it_shows_when_each_was_last_checked(client, mirrors):
    make_mirror(address="https://unchecked.example.net/")
    page = client.get("/en/mirrors/")
    dates = [t.attrs["datetime"] for t in find_all(page.content, "time")]
    assert dates == ["2025-03-14", "2025-03-01"]
    assert "Not checked yet." in text_of(page.content)


def test_in_belarusian_with_the_note_in_belarusian(client, mirrors):
    text = text_of(client.get("/be/mirrors/").content)
    assert "Калі гэты сайт заблакаваны" in text
    assert "Трымае сяброўская рэдакцыя." in text
    assert "Onion-сэрвіс" in text


def test_a_fresh_site_says_no_other_address_is_listed_yet_and_email_works(client, db):
    text = text_of(client.get("/en/mirrors/").content)
    assert "No other address is listed yet" in text
    assert "every email we send you ends with our current addresses" in text


def test_it_explains_tor_and_how_to_check_a_static_copy(client, mirrors, settings):
    key = Ed25519PrivateKey.generate().public_key()
    settings.MIRROR_PUBLIC_KEY = signed_manifest.one_line(key)
    page = client.get("/en/mirrors/")
    text = text_of(page.content)
    assert "Tor Browser" in text
    assert "SHA256SUMS.sig" in text
    assert [a for a in find_all(page.content, "a") if a.attrs.get("href") == "/mirror-key.pem"]
    assert b'id="check-a-copy"' in page.content
    assert client.get("/mirror-key.pem").content.decode() == signed_manifest.public_key_pem(key)


def test_without_a_published_key_it_links_none(client, mirrors, settings):
    settings.MIRROR_PUBLIC_KEY = ""
    settings.MIRROR_SIGNING_KEY = ""
    page = client.get("/en/mirrors/")
    assert "/mirror-key.pem" not in page.content.decode()


def test_the_queries_do_not_grow_with_the_mirrors(client, db, django_assert_num_queries):
    make_mirror(address="https://one.example.net/")
    with django_assert_num_queries(1):
        client.get("/en/mirrors/")
    for n in range(5):
        make_mirror(
            address=f"https://more-{n}.example.net/", last_checked=datetime.date(2025, 4, 1)
        )
    with django_assert_num_queries(1):
        assert client.get("/en/mirrors/").status_code == 200


def test_it_is_cached_and_forgotten_when_staff_change_a_mirror(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 300
    first = client.get("/en/mirrors/")
    assert "public" in first["Cache-Control"]
    mirror = make_mirror(address="https://new.example.net/")
    assert "new.example.net" not in text_of(client.get("/en/mirrors/").content)  # cached

    services.mirrors_changed()
    assert "new.example.net" in text_of(client.get("/en/mirrors/").content)

    mirror.is_listed = False
    mirror.save()
    services.mirrors_changed()
    assert "new.example.net" not in text_of(client.get("/en/mirrors/").content)


def test_it_is_in_the_sitemap(client, db):
    content = client.get("/sitemap.xml").content.decode()
    assert "/en/mirrors/</loc>" in content
    assert "/be/mirrors/" in content
