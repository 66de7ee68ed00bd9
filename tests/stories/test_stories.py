import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine

from stories.models import Story
from tests.factories import make_person, make_source
from tests.html import find_all, text_of

ATOM = "{http://www.w3.org/2005/Atom}"
STORY = "/en/stories/tikhanovsky-freed-appeals-for-political-prisoners/"


def test_it_lists_the_published_stories(client, seeded):
    page = client.get("/en/stories/")
    assert page.status_code == 200
    assert STORY in [a.attrs["href"] for a in find_all(page.content, "a")]


def test_the_fixture_story_cites_the_article_and_quotes_only_inside_quotation_marks(client, seeded):
    text = text_of(client.get(STORY).content)
    assert "Call for Action: Belarus Opposition Leader's Husband Urges Trump" in text
    assert '"just say the word"' in text
    assert (
        '"Trump has such power and such possibilities, that with one word he could free all '
        'political prisoners. I ask him to say that word now."' in text
    )
    assert "Sergei Tikhanovsky" in text


def test_drafts_and_future_stories_stay_hidden(client, db):
    source = make_source()
    Story.objects.create(title_en="Draft", slug="draft", standfirst_en="x", body_en="x",
                         source=source, is_published=False)  # fmt: skip
    Story.objects.create(title_en="Later", slug="later", standfirst_en="x", body_en="x",
                         source=source, is_published=True,
                         published_on=datetime.date(2099, 1, 1))  # fmt: skip
    assert client.get("/en/stories/draft/").status_code == 404
    assert client.get("/en/stories/later/").status_code == 404
    listing = text_of(client.get("/en/stories/").content)
    assert "Draft" not in listing
    assert "Later" not in listing


@pytest.mark.parametrize(
    "path",
    [
        "/en/prisoners/sergei-tikhanovsky/",
        "/en/campaigns/say-the-word-free-belarus-political-prisoners/",
    ],
    ids=["profile", "campaign"],
)
def test_profile_and_campaign_pages_show_their_stories(client, seeded, path):
    links = [a.attrs["href"] for a in find_all(client.get(path).content, "a")]
    assert STORY in links, path


def test_the_body_is_sanitised_markdown(client, db):
    story = Story.objects.create(
        title_en="T", slug="t", standfirst_en="s", source=make_source(), is_published=True,
        body_en="## Heading\n\n<script>alert(1)</script> [x](javascript:alert(1))",
    )  # fmt: skip
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<h2>Heading</h2>" in html
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html


@time_machine.travel("2026-11-25 12:00Z", tick=False)
def test_the_feed_is_well_formed_atom_advertised_on_every_page(client, seeded):
    feed = client.get("/en/stories/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Freed after five years in solitary confinement, Sergei Tikhanovsky appeals for "
        "those still held"
    ]
    for path in ["/en/", "/en/prisoners/", STORY]:
        links = find_all(client.get(path).content, "link", type="application/atom+xml")
        assert links[0].attrs["href"] == "/en/stories/feed/"


def test_the_story_links_people_only_when_their_profile_is_public(client, db):
    story = Story.objects.create(title_en="T", slug="t", standfirst_en="s", body_en="b",
                                 source=make_source(), is_published=True)  # fmt: skip
    public, draft = (
        make_person(name_en="Public One"),
        make_person(name_en="Draft One", is_published=False),
    )
    story.prisoners.set([public, draft])
    text = text_of(client.get(story.get_absolute_url()).content)
    assert "Public One" in text
    assert "Draft One" not in text
