"""Sitemap, robots.txt, canonical URLs and share metadata."""

import xml.etree.ElementTree as ET

import pytest

from tests.html import find_all

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CAMPAIGN = "/en/campaigns/say-the-word-free-belarus-political-prisoners/"


def test_the_sitemap_lists_every_public_page_in_every_language(client, seeded):
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    urls = {url.find(f"{SITEMAP}loc").text for url in root.findall(f"{SITEMAP}url")}
    for language in ("en", "be", "ru"):
        for path in [
            "/prisoners/sergei-tikhanovsky/",
            "/campaigns/say-the-word-free-belarus-political-prisoners/",
            "/stories/tikhanovsky-freed-appeals-for-political-prisoners/",
            "/prisoners/",
            "/prisoners/letters/",
            "/prisoners/birthdays/",
        ]:
            assert f"http://127.0.0.1:8000/{language}{path}" in urls or any(
                url.endswith(f"/{language}{path}") for url in urls
            ), (language, path)
    # People who are not prisoners have no page, so no entry.
    assert not [url for url in urls if "svetlana" in url or "lukashenko" in url]


def test_robots_txt_names_the_sitemap_and_keeps_email_links_out(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: " in text and text.strip().splitlines()[-1].endswith("/sitemap.xml")
    assert "Disallow: /*/campaigns/confirm/" in text
    assert "Disallow: /*/campaigns/withdraw/" in text
    assert "Disallow: /*/prisoners/letters/suggest/" in text


@pytest.mark.parametrize(
    "path",
    ["/en/", "/en/prisoners/sergei-tikhanovsky/", CAMPAIGN, "/en/stories/", "/en/privacy/"],
)
def test_every_page_has_a_canonical_url_and_share_metadata(client, seeded, path):
    html = client.get(path).content
    canonical = find_all(html, "link", rel="canonical")[0].attrs["href"]
    assert canonical.endswith(path)
    properties = {m.attrs.get("property"): m.attrs.get("content") for m in find_all(html, "meta")}
    assert properties["og:title"]
    assert properties["og:url"].endswith(path)
    assert (
        properties["og:image"].startswith("http") and "/static/img/share" in properties["og:image"]
    )
    names = {m.attrs.get("name"): m.attrs.get("content") for m in find_all(html, "meta")}
    assert names["twitter:card"] == "summary_large_image"


def test_the_default_share_image_is_served(client, seeded):
    html = client.get("/en/").content
    image = next(
        m.attrs["content"] for m in find_all(html, "meta") if m.attrs.get("property") == "og:image"
    )
    path = image.removeprefix("http://testserver")  # the host the page was asked on
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
