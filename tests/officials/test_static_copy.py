"""The static copy and the sitemap hold every letter's page to each official, with the
mailto: link and the print page, and no form that posts."""

import pytest

from campaigns.models import Campaign
from sitewide.mirroring.build import build
from tests.html import find_all
from tests.officials.conftest import make_letter, make_official

ORIGIN = "https://appeals.example.org"
SLUG = "say-the-word-free-belarus-political-prisoners"


@pytest.fixture
def letter(seeded):
    head = make_official(name_en="Head Example (synthetic)", email="")
    return make_letter(Campaign.objects.get(slug=SLUG), [make_official(), head])


def test_the_copy_holds_each_officials_page_without_a_form_that_posts(letter, tmp_path, settings):
    settings.SITE_URL = ORIGIN
    settings.ALLOWED_HOSTS = ["appeals.example.org"]
    copy = tmp_path / "copy"
    report = build(copy)
    assert report.problems == []
    for language in ("en", "be", "ru"):
        for official in letter.officials.all():
            page = (
                copy / language / "campaigns" / SLUG / "write" / str(letter.pk) / str(official.pk)
            )
            html = (page / "index.html").read_bytes()
            assert not [f for f in find_all(html, "form") if f.attrs.get("method") == "post"]
            assert b"hx-post" not in html
            assert (page / "print" / "index.html").is_file()
    page = copy / "en" / "campaigns" / SLUG / "write" / str(letter.pk)
    prosecutor = letter.officials.get(email="prosecutor@example.org")
    assert (
        b'href="mailto:prosecutor@example.org?subject='
        in (page / str(prosecutor.pk) / "index.html").read_bytes()
    )


def test_the_sitemap_lists_each_officials_page(client, letter):
    xml = client.get("/sitemap.xml").content.decode()
    for official in letter.officials.all():
        assert f"/en/campaigns/{SLUG}/write/{letter.pk}/{official.pk}/" in xml
