"""Structured data on every page (issue 35): schema.org JSON-LD that a search engine, a
newsroom's tool or a researcher's scraper reads as a profile's Person (its names in every
language, its facts at their precision, its sources), a story's NewsArticle, a campaign's
appeal and the organisation that runs the site, joined by identifiers that are the same
on every page and address."""

import datetime
import json

import pytest
from django.conf import settings
from django.templatetags.static import static

from prisoners.models import Relation, RelationKind, Status, StatusChange, StatusKind
from stories.models import Story
from tests.factories import make_campaign, make_confirmed, make_person, make_source
from tests.html import find_all, find_inside, text_of

MIRROR = "mirror.example.net"


def structured_data(html: bytes) -> list[dict]:
    """Every JSON-LD block of a page, parsed as a consumer would."""
    return [
        json.loads(script.text) for script in find_all(html, "script", type="application/ld+json")
    ]


def the_structured_data(html: bytes) -> dict:
    (data,) = structured_data(html)
    assert data["@context"] == "https://schema.org"
    return data


def open_graph(html: bytes) -> dict[str, str]:
    return {
        meta.attrs["property"]: meta.attrs["content"]
        for meta in find_all(html, "meta")
        if (meta.attrs.get("property") or "").startswith("og:")
    }


def ids(references: list[dict]) -> list[str]:
    return [reference["@id"] for reference in references]


@pytest.fixture
def sergei(db):
    """A person with a name in every language, sources with and without an address, and
    a birth year without a day."""
    interview = make_source(
        title="Interview with his wife", url="https://example.org/interview",
        publisher="Example News", published_on=datetime.date(2025, 6, 1),
        published_on_precision="month",
    )  # fmt: skip
    letter = make_source(title="A letter from the colony", note="Seen by our staff.")
    person = make_person(
        name_en="Sergei Tikhanovsky", name_be="Сяргей Ціханоўскі", name_ru="Сергей Тихановский",
        slug="sergei-tikhanovsky", other_spellings="Siarhei Tsikhanouski",
        summary_en="A blogger held since 2020.", occupation_en="Blogger",
        date_of_birth=datetime.date(1978, 1, 1), date_of_birth_precision="year",
        sources=[interview, letter],
    )  # fmt: skip
    return person


# -- A profile: Person --------------------------------------------------------------------


def test_a_profile_describes_its_person_with_the_name_in_the_language_of_the_page(client, sergei):
    names = {"en": "Sergei Tikhanovsky", "be": "Сяргей Ціханоўскі", "ru": "Сергей Тихановский"}
    for language, name in names.items():
        data = the_structured_data(client.get(f"/{language}/prisoners/sergei-tikhanovsky/").content)

        assert data["@type"] == "Person"
        assert data["name"] == name
        others = [{"@value": other, "@language": code} for code, other in names.items()
                  if code != language]  # fmt: skip
        assert data["alternateName"] == [*others, "Siarhei Tsikhanouski"]
        assert data["url"] == f"http://testserver/{language}/prisoners/sergei-tikhanovsky/"
        assert data["description"] == "A blogger held since 2020."
        assert data["jobTitle"] == "Blogger"
        assert data["nationality"] == {"@type": "Country", "name": data["nationality"]["name"]}


def test_a_name_not_written_in_the_language_of_the_page_is_given_in_english_once(client, db):
    make_person(name_en="Maria Kalesnikava", name_ru="Мария Колесникова", slug="maria")

    data = the_structured_data(client.get("/be/prisoners/maria/").content)

    assert data["name"] == "Maria Kalesnikava"
    assert data["alternateName"] == [{"@value": "Мария Колесникова", "@language": "ru"}]


def test_a_profile_person_carries_every_source_the_page_cites(client, sergei):
    html = client.get("/en/prisoners/sergei-tikhanovsky/").content

    data = the_structured_data(html)
    cited = find_inside(html, {"tag": "ol", "class": "sources"}, "li")
    assert len(data["subjectOf"]) == len(cited) == 2
    links = {a.attrs["href"] for a in find_inside(html, {"tag": "ol", "class": "sources"}, "a")}
    assert {work["url"] for work in data["subjectOf"] if "url" in work} == links
    assert {
        "@type": "CreativeWork",
        "name": "Interview with his wife",
        "url": "https://example.org/interview",
        "publisher": {"@type": "Organization", "name": "Example News"},
        "datePublished": "2025-06",
    } in data["subjectOf"]
    assert {"@type": "CreativeWork", "name": "A letter from the colony"} in data["subjectOf"]


def test_a_birth_year_is_written_as_a_year_never_as_1_january(client, sergei):
    html = client.get("/en/prisoners/sergei-tikhanovsky/").content

    assert the_structured_data(html)["birthDate"] == "1978"
    assert "Born 1978" in text_of(html)
    assert "January" not in text_of(html)


def test_a_birth_date_known_to_the_day_is_the_day(client, db):
    make_person(slug="anna", date_of_birth=datetime.date(1990, 5, 2))
    html = client.get("/en/prisoners/anna/").content

    assert the_structured_data(html)["birthDate"] == "1990-05-02"
    assert "Born May 2, 1990" in text_of(html)


def test_a_person_without_a_birth_date_has_none(client, db):
    make_person(slug="anna")
    html = client.get("/en/prisoners/anna/").content

    assert "birthDate" not in the_structured_data(html)
    assert "Born" not in text_of(html)


def test_a_death_in_custody_is_dated_as_precisely_as_the_record_gives(client, db):
    person = make_person(slug="vitold", status=Status.DECEASED)
    StatusChange.objects.filter(person=person, kind=StatusKind.DIED).update(
        date=datetime.date(2021, 5, 1), date_precision="month"
    )

    data = the_structured_data(client.get("/en/prisoners/vitold/").content)

    assert data["deathDate"] == "2021-05"
    make_person(slug="held", status=Status.SENTENCED)
    assert "deathDate" not in the_structured_data(client.get("/en/prisoners/held/").content)


def test_the_people_close_to_a_prisoner_are_named_and_a_prisoner_among_them_by_id(client, db):
    husband = make_person(name_en="Sergei Tikhanovsky", slug="sergei")
    wife = make_person(name_en="Sviatlana Tsikhanouskaya", slug="sviatlana",
                       is_political_prisoner=False)  # fmt: skip
    son = make_person(name_en="Korney", slug="korney")
    Relation.objects.create(person=husband, other=wife, kind=RelationKind.SPOUSE)
    Relation.objects.create(person=son, other=husband, kind=RelationKind.PARENT)

    data = the_structured_data(client.get("/en/prisoners/sergei/").content)

    assert data["spouse"] == [{"@type": "Person", "name": "Sviatlana Tsikhanouskaya"}]
    assert data["children"] == [
        {"@type": "Person", "name": "Korney", "@id": son.schema_org_id(),
         "url": "http://testserver/en/prisoners/korney/"},
    ]  # fmt: skip


def test_a_person_is_the_same_on_every_language_and_address(client, settings, sergei):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, MIRROR]

    seen = {
        the_structured_data(client.get(path, HTTP_HOST=host).content)["@id"]
        for path in ("/en/prisoners/sergei-tikhanovsky/", "/ru/prisoners/sergei-tikhanovsky/")
        for host in ("testserver", MIRROR)
    }

    assert seen == {sergei.schema_org_id()}
    assert sergei.schema_org_id().startswith("urn:uuid:")
    mirrored = the_structured_data(
        client.get("/en/prisoners/sergei-tikhanovsky/", HTTP_HOST=MIRROR).content
    )
    assert mirrored["url"] == f"http://{MIRROR}/en/prisoners/sergei-tikhanovsky/"


# -- A story: NewsArticle -----------------------------------------------------------------


@pytest.fixture
def story(db, sergei):
    source = make_source(title="The original report", url="https://example.org/report")
    story = Story.objects.create(
        title_en="Freed after five years", title_be="Вызвалены праз пяць гадоў",
        slug="freed", standfirst_en="He was released.", body_en="Text.", source=source,
        is_published=True, published_on=datetime.date(2025, 6, 21),
    )  # fmt: skip
    story.prisoners.set([sergei, make_person(is_published=False)])
    return story


def test_a_story_is_a_news_article_about_its_people(client, story, sergei):
    data = the_structured_data(client.get("/en/stories/freed/").content)

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Freed after five years"
    assert data["description"] == "He was released."
    assert data["inLanguage"] == "en"
    assert data["datePublished"] == "2025-06-21"
    assert datetime.datetime.fromisoformat(data["dateModified"]) == story.updated_at.replace(
        microsecond=0
    )
    assert data["url"] == "http://testserver/en/stories/freed/"
    # Only the public profile: a draft is no page to point at.
    assert ids(data["about"]) == [sergei.schema_org_id()]
    assert data["about"][0]["url"] == "http://testserver/en/prisoners/sergei-tikhanovsky/"
    assert data["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "The original report",
            "url": "https://example.org/report",
        }
    ]
    assert "image" not in data  # a story has none


def test_a_story_says_which_language_its_text_is_in(client, story):
    assert the_structured_data(client.get("/be/stories/freed/").content)["inLanguage"] == "be"
    # Not written in Russian: the page shows the English text.
    assert the_structured_data(client.get("/ru/stories/freed/").content)["inLanguage"] == "en"


def test_a_story_and_a_profile_name_the_same_person(client, story, sergei):
    profile = the_structured_data(client.get("/be/prisoners/sergei-tikhanovsky/").content)
    article = the_structured_data(client.get("/en/stories/freed/").content)

    assert article["about"][0]["@id"] == profile["@id"]


# -- A campaign: the appeal ---------------------------------------------------------------


def test_a_campaign_is_an_appeal_about_its_people_with_its_confirmed_signatures(client, sergei):
    source = make_source(title="Court records", url="https://example.org/court")
    campaign = make_campaign(
        slug="free-sergei", title="Free Sergei", target="The Prosecutor General",
        prisoners=[sergei], sources=[source], offline_signatures=40,
        delivered_on=datetime.date(2025, 7, 1),
    )  # fmt: skip
    for _ in range(3):
        make_confirmed(campaign)

    html = client.get("/en/campaigns/free-sergei/").content
    data = the_structured_data(html)

    assert data["@type"] == "Message"
    assert data["name"] == "Free Sergei"
    assert data["recipient"] == "The Prosecutor General"
    assert data["dateReceived"] == "2025-07-01"
    assert ids(data["about"]) == [sergei.schema_org_id()]
    online, paper = data["interactionStatistic"]
    assert online["@type"] == paper["@type"] == "InteractionCounter"
    assert online["interactionType"] == "https://schema.org/EndorseAction"
    assert online["userInteractionCount"] == 3
    assert paper["userInteractionCount"] == 40
    assert "43" in text_of(html)  # the total the page shows
    links = {a.attrs["href"] for a in find_inside(html, {"tag": "ol", "class": "sources"}, "a")}
    assert {work["url"] for work in data["citation"]} == links == {"https://example.org/court"}


def test_a_campaign_without_paper_signatures_counts_only_those_online(client, db):
    campaign = make_campaign(slug="c")
    make_confirmed(campaign)

    data = the_structured_data(client.get("/en/campaigns/c/").content)

    assert [c["userInteractionCount"] for c in data["interactionStatistic"]] == [1]
    assert "about" not in data
    assert "dateReceived" not in data


# -- The site: Organization and WebSite ---------------------------------------------------


def test_the_home_page_describes_the_organisation_and_the_site(client, db, settings):
    settings.ORGANISATION_NAME = "Viasna Appeals"

    organisation, website = structured_data(client.get("/en/").content)

    assert organisation["@context"] == website["@context"] == "https://schema.org"
    assert organisation["@type"] == "Organization"
    assert organisation["name"] == website["name"] == "Viasna Appeals"
    assert organisation["url"] == website["url"] == "http://testserver/"
    assert organisation["logo"] == "http://testserver" + static("img/favicon.svg")
    assert website["@type"] == "WebSite"
    assert website["inLanguage"] == [code for code, _name in settings.LANGUAGES]
    assert website["publisher"] == {"@id": organisation["@id"]}


def test_every_page_names_the_organisation_by_the_same_id(client, story):
    make_campaign(slug="c")
    organisation, _website = structured_data(client.get("/ru/").content)

    article = the_structured_data(client.get("/en/stories/freed/").content)
    appeal = the_structured_data(client.get("/be/campaigns/c/").content)

    assert article["publisher"]["@id"] == appeal["publisher"]["@id"] == organisation["@id"]
    assert article["publisher"]["name"] == settings.ORGANISATION_NAME


# -- Safe in HTML; OpenGraph stays ----------------------------------------------------------


HOSTILE = "</script><script>alert(1)</script><!--"


def test_content_cannot_end_the_script_of_a_story_or_a_campaign(client, db):
    Story.objects.create(
        title_en=HOSTILE, slug="hostile", standfirst_en=HOSTILE, body_en="x",
        source=make_source(title=HOSTILE), is_published=True,
    )  # fmt: skip
    make_campaign(slug="hostile", title=HOSTILE, target=HOSTILE, sources=[make_source()])

    for path, title in (("/en/stories/hostile/", "headline"), ("/en/campaigns/hostile/", "name")):
        html = client.get(path).content
        data = the_structured_data(html)
        assert data[title] == HOSTILE
        assert b"<script>alert(1)" not in html
        assert len(find_all(html, "script", type="application/ld+json")) == 1


def test_open_graph_stays_on_every_kind_of_page(client, story):
    make_campaign(slug="c", title="Free them")
    for path, kind, title in (
        ("/en/", "website", settings.ORGANISATION_NAME),
        ("/en/prisoners/sergei-tikhanovsky/", "profile", "Sergei Tikhanovsky"),
        ("/en/stories/freed/", "article", "Freed after five years"),
        ("/en/campaigns/c/", "article", "Free them"),
    ):
        tags = open_graph(client.get(path).content)
        assert tags["og:type"] == kind, path
        assert tags["og:title"] == title, path
        assert tags["og:url"] == f"http://testserver{path}", path


# -- Queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("people", [1, 6])
def test_a_story_costs_the_same_queries_however_many_people_it_is_about(
    client, db, django_assert_num_queries, people
):
    story = Story.objects.create(title_en="T", slug="t", standfirst_en="s", body_en="b",
                                 source=make_source(), is_published=True)  # fmt: skip
    story.prisoners.set([make_person() for _ in range(people)])
    story.campaigns.set([make_campaign()])
    # The story with its source; its public people; its campaigns (prefetched, then
    # filtered to the public ones).
    with django_assert_num_queries(4):
        response = client.get("/en/stories/t/")
    assert len(the_structured_data(response.content)["about"]) == people
