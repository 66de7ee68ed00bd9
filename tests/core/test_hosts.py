"""Any host name and the onion service (issue 32): a page or an API answer links on the
address the visitor used, if it is one of the site's; the onion address gets no HTTPS
redirect and no HSTS, every other answer names it in Onion-Location; a stored page is
kept per address; a feed's identifiers are the same on every address."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core import checks

from core.checks import onion_url_check
from core.feeds import feed_id
from core.network import ONION_VISITORS, client_ip
from tests.factories import make_campaign, make_person, sign_form, sign_urls
from tests.html import find_all, text_of

MIRROR = "mirror.example.net"
ONION_HOST = ("abcdefghijklmnopqrstuvwxyz234567" * 2)[:56] + ".onion"
ONION_URL = f"http://{ONION_HOST}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def mirror(settings):
    """A second address of the site, as staff would add a web mirror."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, MIRROR]


@pytest.fixture
def onion(settings):
    """ONION_URL set, with what config/settings.py derives from it."""
    settings.ONION_URL = ONION_URL
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ONION_HOST]
    settings.CSRF_TRUSTED_ORIGINS = [*settings.CSRF_TRUSTED_ORIGINS, ONION_URL]


@pytest.fixture
def https(settings):
    """What HTTPS=True sets (config/settings.py); the test client's middleware reads
    them when it is first used."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 63072000


@pytest.fixture
def caching(settings):
    settings.PAGE_CACHE_SECONDS = 30


def head_links(html: bytes) -> dict[str, str]:
    """The absolute addresses in a page's head: canonical, og:url, og:image, hreflang."""
    links = {link.attrs["hreflang"]: link.attrs["href"] for link in find_all(html, "link")
             if link.attrs.get("hreflang")}  # fmt: skip
    links["canonical"] = find_all(html, "link", rel="canonical")[0].attrs["href"]
    for meta in find_all(html, "meta"):
        if meta.attrs.get("property") in ("og:url", "og:image"):
            links[meta.attrs["property"]] = meta.attrs["content"]
    return links


def schema_org_url(html: bytes) -> str:
    (script,) = find_all(html, "script", type="application/ld+json")
    return json.loads(script.text)["url"]


# -- Links on the visitor's address ----------------------------------------------------


def test_it_links_a_profile_on_the_address_it_was_asked_on(client, db, mirror, settings):
    person = make_person(slug="maria-kalesnikava")
    html = client.get(person.get_absolute_url(), HTTP_HOST=MIRROR).content
    links = head_links(html)
    assert links["og:url"] == f"http://{MIRROR}/en/prisoners/maria-kalesnikava/"
    assert links["og:image"].startswith(f"http://{MIRROR}/static/img/share")
    assert links["be"] == f"http://{MIRROR}/be/prisoners/maria-kalesnikava/"
    assert schema_org_url(html) == f"http://{MIRROR}/en/prisoners/maria-kalesnikava/"
    # One page for search engines, whichever address they found it on.
    assert links["canonical"] == f"{settings.SITE_URL}/en/prisoners/maria-kalesnikava/"


def test_the_usual_address_is_linked_as_before(client, db):
    person = make_person(slug="maria-kalesnikava")
    html = client.get(person.get_absolute_url()).content
    assert head_links(html)["og:url"] == "http://testserver/en/prisoners/maria-kalesnikava/"
    assert MIRROR not in html.decode()


def test_the_open_data_links_on_the_address_it_was_asked_on(client, db, mirror):
    person = make_person(slug="maria-kalesnikava")
    campaign = make_campaign(slug="free-maria")
    campaign.prisoners.add(person)
    people = client.get("/api/v1/prisoners/", HTTP_HOST=MIRROR).json()["results"]
    assert people[0]["url"] == f"http://{MIRROR}/en/prisoners/maria-kalesnikava/"
    assert people[0]["api_url"] == f"http://{MIRROR}/api/v1/prisoners/maria-kalesnikava/"
    detail = client.get("/api/v1/campaigns/free-maria/", HTTP_HOST=MIRROR).json()
    assert detail["url"] == f"http://{MIRROR}/en/campaigns/free-maria/"
    assert detail["prisoners"] == [f"http://{MIRROR}/api/v1/prisoners/maria-kalesnikava/"]
    csv = client.get("/api/v1/prisoners.csv", HTTP_HOST=MIRROR)
    assert f"http://{MIRROR}/en/prisoners/maria-kalesnikava/" in b"".join(csv).decode()


def test_the_campaign_page_shares_and_embeds_on_the_address_it_was_asked_on(client, db, mirror):
    campaign = make_campaign(slug="free-maria")
    html = client.get(campaign.get_absolute_url(), HTTP_HOST=MIRROR).content
    snippet = find_all(html, "textarea", id="embed-code")[0].text
    assert snippet.startswith(f'<iframe src="http://{MIRROR}/en/campaigns/free-maria/embed/"')
    (shared,) = [a.attrs["href"] for a in find_all(html, "a") if "t.me/share" in a.attrs["href"]]
    assert shared.startswith(
        f"https://t.me/share/url?url=http%3A//{MIRROR}/en/campaigns/free-maria/&"
    )
    embed = client.get("/en/campaigns/free-maria/embed/", HTTP_HOST=MIRROR).content
    assert f'href="http://{MIRROR}/en/campaigns/free-maria/' in embed.decode()


def test_robots_txt_names_the_sitemap_on_the_address_it_was_asked_on(client, db, mirror):
    text = client.get("/robots.txt", HTTP_HOST=MIRROR).content.decode()
    assert f"Sitemap: http://{MIRROR}/sitemap.xml" in text


@pytest.mark.parametrize("caching_on", [False, True], ids=["uncached", "cached"])
def test_an_unknown_host_is_refused(client, db, settings, caching_on):
    settings.PAGE_CACHE_SECONDS = 30 if caching_on else 0
    for path in ["/en/prisoners/", "/api/v1/prisoners/", "/robots.txt"]:
        assert client.get(path, HTTP_HOST="evil.example").status_code == 400, path


# -- Feeds -----------------------------------------------------------------------------


def test_a_feed_has_the_same_identifiers_on_every_address(client, seeded, mirror, settings):
    """A feed reader knows an entry by its id: read on two addresses, it must not show
    each entry twice. Its links stay on the address it was read on."""
    feeds = {}
    for host in ["testserver", MIRROR]:
        feeds[host] = ET.fromstring(client.get("/en/stories/feed/", HTTP_HOST=host).content)
    ids = {host: [e.text for e in feed.iter(f"{ATOM}id")] for host, feed in feeds.items()}
    assert len(ids["testserver"]) > 1
    assert ids["testserver"] == ids[MIRROR]
    # Made from the address on SITE_URL, naming none (a static copy names no origin).
    assert ids[MIRROR][0] == feed_id("/en/stories/")
    assert all(entry.startswith("urn:uuid:") for entry in ids[MIRROR])
    mirror_links = [link.get("href") for link in feeds[MIRROR].iter(f"{ATOM}link")]
    assert mirror_links and all(href.startswith(f"http://{MIRROR}/") for href in mirror_links)


# -- The onion service -----------------------------------------------------------------


def test_every_answer_names_the_onion_address(client, db, onion):
    response = client.get("/en/prisoners/?q=Maria")
    assert response["Onion-Location"] == f"{ONION_URL}/en/prisoners/?q=Maria"


def test_no_onion_location_without_an_onion_service(client, db):
    assert "Onion-Location" not in client.get("/en/prisoners/")


def test_the_onion_address_is_not_sent_to_https_nor_pinned_to_it(client, db, onion, https):
    response = client.get("/en/prisoners/", HTTP_HOST=ONION_HOST)
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
    assert "Onion-Location" not in response  # it is there already
    # Even if a proxy in front says every request came over https.
    secure = client.get("/en/prisoners/", HTTP_HOST=ONION_HOST, secure=True)
    assert "Strict-Transport-Security" not in secure


def test_the_clear_address_is_still_sent_to_https_and_pinned(client, db, onion, https):
    response = client.get("/en/prisoners/", HTTP_HOST="testserver")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/prisoners/"
    secure = client.get("/en/prisoners/", HTTP_HOST="testserver", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=63072000")
    assert secure["Onion-Location"] == f"{ONION_URL}/en/prisoners/"


def test_links_on_the_onion_address_stay_on_it(client, db, onion):
    person = make_person(slug="maria-kalesnikava")
    html = client.get(person.get_absolute_url(), HTTP_HOST=ONION_HOST).content
    assert head_links(html)["og:url"] == f"{ONION_URL}/en/prisoners/maria-kalesnikava/"
    api = client.get("/api/v1/prisoners/", HTTP_HOST=ONION_HOST).json()
    assert api["results"][0]["url"].startswith(f"{ONION_URL}/en/prisoners/")


def test_a_form_posted_on_the_onion_address_is_its_own(client, db, onion):
    """The sign form checks where a post comes from (core/csrf.py): the onion page's."""
    campaign = make_campaign(slug="free-maria")
    response = client.post(
        sign_urls(campaign)["sign"], sign_form(), HTTP_HOST=ONION_HOST, HTTP_ORIGIN=ONION_URL
    )
    assert response.status_code == 302  # to the thanks page, on the onion address
    assert response["Location"] == "/en/campaigns/free-maria/thanks/"
    assert campaign.signatures.count() == 1


def test_onion_visitors_cannot_make_up_their_address(rf, onion, settings):
    """Nothing between tor and the site writes X-Forwarded-For: a visitor's own would
    let them escape every per-address limit. They count as one, as Tor shows them."""
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", HTTP_HOST=ONION_HOST, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == ONION_VISITORS
    clear = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(clear) == "203.0.113.7"


@pytest.mark.parametrize(
    "value",
    ["https://" + ONION_HOST, "http://tooshort.onion", f"http://{ONION_HOST}/path", "onion"],
)
def test_a_wrong_onion_address_stops_the_start(settings, value):
    settings.ONION_URL = value
    (error,) = onion_url_check(None)
    assert error.id == "core.E010"
    assert error.level == checks.ERROR


def test_a_right_onion_address_passes_its_check(settings):
    settings.ONION_URL = ONION_URL
    assert onion_url_check(None) == []
    settings.ONION_URL = ""
    assert onion_url_check(None) == []


# -- The page cache, per address --------------------------------------------------------


def test_a_stored_page_is_never_served_on_another_address(client, db, caching, onion):
    person = make_person(summary_en="First version.")
    clear = client.get("/en/prisoners/").content
    person.summary_en = "Second version."
    person.save()
    # The list is stored for the clear address: the onion address gets its own, drawn
    # now (the new summary), its links on the onion address.
    on_onion = client.get("/en/prisoners/", HTTP_HOST=ONION_HOST).content
    assert "Second version." in text_of(on_onion)
    assert head_links(on_onion)["og:url"] == f"{ONION_URL}/en/prisoners/"
    assert ONION_HOST not in clear.decode()
    # Each address is answered from its own stored page.
    assert client.get("/en/prisoners/").content == clear
    assert client.get("/en/prisoners/", HTTP_HOST=ONION_HOST).content == on_onion


@pytest.mark.parametrize("host", [ONION_HOST, MIRROR, f"{MIRROR}:8443"])
def test_a_saved_profile_is_forgotten_on_every_address(
    client, db, caching, onion, mirror, host, django_assert_num_queries
):
    """A host with a port is named by no setting: it is recorded as its first page is
    stored, so that a save forgets its pages too."""
    person = make_person(summary_en="First version.")
    client.get(person.get_absolute_url(), HTTP_HOST=host)
    with django_assert_num_queries(0):  # stored
        stored = client.get(person.get_absolute_url(), HTTP_HOST=host).content
    assert "First version." in text_of(stored)
    person.summary_en = "Second version."
    person.save()
    again = client.get(person.get_absolute_url(), HTTP_HOST=host).content
    assert "Second version." in text_of(again)
