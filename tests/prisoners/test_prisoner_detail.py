"""A prisoner's profile: facts, timeline, quotes, sources, and what search engines read."""

import datetime
import json

import pytest
import time_machine
from django.contrib.auth.models import Permission

from prisoners.models import (
    CaseArticle,
    CriminalArticle,
    Event,
    Quote,
    Recognition,
    Relation,
    RelationKind,
    Status,
    StatusChange,
    StatusKind,
    Stay,
    Verdict,
)
from tests.factories import make_person, make_place, make_source
from tests.html import find_all, find_inside, text_of
from tests.prisoners.pages import facts


def url(person) -> str:
    return f"/en/prisoners/{person.slug}/"


def json_ld(html: str | bytes) -> dict:
    (script,) = find_all(html, "script", type="application/ld+json")
    return json.loads(script.text)


@pytest.fixture
def editor(django_user_model):
    """Staff who may edit people, and so may see drafts."""
    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "pw", is_staff=True
    )
    user.user_permissions.add(Permission.objects.get(codename="change_person"))
    return user


@pytest.fixture
def ales(db):
    report = make_source(slug="viasna-report", title="Viasna report", publisher="Viasna")
    person = make_person(
        name_en="Ales Bialiatski",
        name_be="Алесь Бяляцкі",
        slug="ales-bialiatski",
        status=Status.SENTENCED,
        occupation_en="Human rights defender",
        arrested_on=datetime.date(2021, 7, 14),
        arrested_on_precision="day",
        sentence_en="10 years",
        charge_en="smuggling",
        place_of_detention="Penal colony No. 9, Horki",
        summary_en="Founder of the Viasna human rights centre.",
        sources=[report],
    )
    for position, title in [(3, "Nobel Peace Prize"), (1, "Arrested"), (2, "Sentenced")]:
        event = Event.objects.create(person=person, position=position, title_en=title)
        event.sources.set([report])
    Quote.objects.create(
        person=person, speaker=person, position=1, text_en="Belarus will be free.", source=report
    )
    return person


def test_it_shows_the_facts(client, ales):
    response = client.get(url(ales))
    assert response.status_code == 200
    shown = facts(response.content)
    assert shown["Status"] == "Sentenced, in prison"
    assert shown["Country"] == "Belarus"
    assert shown["Occupation"] == "Human rights defender"
    assert shown["Arrested"] == "July 14, 2021"
    assert shown["Verdict"] == "10 years"
    assert shown["Charge, in the words of the source"] == "“smuggling”"
    assert shown["Where held"] == "Penal colony No. 9, Horki"
    assert "Released" not in shown


# The timeline of events (the status history and the stays have timelines of their own).
EVENTS = {"tag": "ol", "class": "timeline"}


def test_it_shows_the_timeline_in_order(client, ales):
    html = client.get(url(ales)).content
    titles = [strong.text for strong in find_inside(html, EVENTS, "strong")]
    assert titles == ["Arrested", "Sentenced", "Nobel Peace Prize"]


def test_it_shows_when_each_event_happened_as_precisely_as_known(client, ales):
    Event.objects.create(
        person=ales,
        position=4,
        title_en="Moved",
        date=datetime.date(2023, 3, 9),
        date_precision="month",
    )
    html = client.get(url(ales)).content
    assert [(t.attrs["datetime"], t.text) for t in find_inside(html, EVENTS, "time")] == [
        ("2023-03", "March 2023")
    ]
    (timeline,) = find_all(html, "ol", class_="timeline")
    assert timeline.text.count("Date not given in the source") == 3


def test_it_shows_quotes_with_the_speaker_and_the_source(client, ales):
    wife = make_person(
        name_en="Natallia Pinchuk", slug="natallia-pinchuk", is_political_prisoner=False
    )
    Quote.objects.create(
        person=ales,
        speaker=wife,
        position=2,
        text_en="He never gave up.",
        context_en="At the Nobel ceremony",
        source=ales.sources.get(),
    )
    html = client.get(url(ales)).content
    assert [q.text.strip() for q in find_all(html, "blockquote")] == [
        "“Belarus will be free.”",
        "“He never gave up.”",
    ]
    captions = [" ".join(c.text.split()) for c in find_all(html, "figcaption")]
    assert captions[0].startswith("— Ales Bialiatski")
    assert captions[1].startswith("— Natallia Pinchuk")
    assert "At the Nobel ceremony" in captions[1]
    assert "Source: Viasna report" in captions[1]


def test_it_lists_the_sources_with_anchors_for_the_citations(client, ales):
    html = client.get(url(ales)).content
    (source,) = find_all(html, "li", id="source-viasna-report")
    assert " ".join(source.text.split()) == "Viasna report, Viasna."
    citations = {a.attrs["href"] for a in find_all(html, "a") if a.text == "Viasna report"}
    assert citations == {"#source-viasna-report"}


def test_it_lists_every_source_a_citation_links_to(client, ales):
    event = Event.objects.create(person=ales, position=4, title_en="Transferred")
    event.sources.set([make_source(slug="rfe-report", title="RFE/RL report")])
    html = client.get(url(ales)).content
    targets = {a.attrs["href"] for a in find_all(html, "a") if a.attrs.get("href", "")[:1] == "#"}
    ids = {f"#{element.attrs['id']}" for element in find_all(html, "li") if "id" in element.attrs}
    assert targets - {"#main"} <= ids


def test_it_tells_search_engines_who_this_is(client, ales):
    data = json_ld(client.get(url(ales)).content)
    assert data["@type"] == "Person"
    assert data["name"] == "Ales Bialiatski"
    assert {"@value": "Алесь Бяляцкі", "@language": "be"} in data["alternateName"]
    assert data["url"].endswith("/en/prisoners/ales-bialiatski/")
    assert data["description"] == "Founder of the Viasna human rights centre."


def test_it_names_its_canonical_address_and_its_other_languages(client, ales):
    html = client.get(url(ales)).content
    (canonical,) = find_all(html, "link", rel="canonical")
    assert canonical.attrs["href"].endswith("/en/prisoners/ales-bialiatski/")
    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in find_all(html, "link", rel="alternate")
        if "hreflang" in link.attrs
    }
    assert set(alternates) == {"be", "ru", "en"}
    for code in ("be", "ru", "en"):
        assert alternates[code].endswith(f"/{code}/prisoners/ales-bialiatski/")
    assert find_all(html, "meta", property="og:title")[0].attrs["content"] == "Ales Bialiatski"
    assert find_all(html, "meta", property="og:type")[0].attrs["content"] == "profile"


def test_it_shows_the_name_in_the_language_of_the_page(client, ales):
    html = client.get(f"/be/prisoners/{ales.slug}/").content
    assert find_all(html, "h1")[0].text == "Алесь Бяляцкі"
    assert find_all(html, "html", lang="be")


@time_machine.travel("2026-11-24", tick=False)
def test_it_counts_the_days_in_detention_so_far_while_held(client, ales):
    assert facts(client.get(url(ales)).content)["Days in detention so far"] == "1959"


@pytest.mark.parametrize(
    ("released_on", "precision", "days", "released"),
    [
        pytest.param(datetime.date(2025, 6, 21), "day", "1849", "June 21, 2025", id="exact"),
        pytest.param(datetime.date(2025, 6, 1), "month", None, "June 2025", id="month-only"),
    ],
)
def test_it_counts_the_days_in_detention_only_up_to_an_exact_release_date(
    client, db, released_on, precision, days, released
):
    """Between the arrest and the release when both days are known; no guess at the
    days when the release date is vague."""
    person = make_person(
        status=Status.RELEASED,
        arrested_on=datetime.date(2020, 5, 29),
        arrested_on_precision="day",
        released_on=released_on,
        released_on_precision=precision,
    )
    shown = facts(client.get(url(person)).content)
    assert shown.get("Days in detention") == days
    assert shown["Released"] == released


def test_it_says_since_when_a_person_is_held_when_only_the_year_is_known(client, db):
    person = make_person(
        status=Status.DETAINED, arrested_on=datetime.date(2020, 6, 1), arrested_on_precision="year"
    )
    shown = facts(client.get(url(person)).content)
    assert shown["In detention"] == "since 2020"
    assert "Days in detention so far" not in shown


def test_it_does_not_call_a_person_who_died_in_custody_released(client, db):
    person = make_person(status=Status.DECEASED)
    shown = facts(client.get(url(person)).content)
    assert shown["Status"] == "Died in custody"
    assert "Released" not in shown


def test_it_names_relatives_from_either_side_of_the_relation(client, db):
    mother = make_person(name_en="Mother Prisoner", slug="mother")
    son = make_person(name_en="Son Prisoner", slug="son")
    Relation.objects.create(person=son, other=mother, kind=RelationKind.PARENT)
    assert "Parent: Mother Prisoner" in text_of(client.get(url(son)).content)
    mothers_page = client.get(url(mother)).content
    assert "Child: Son Prisoner" in text_of(mothers_page)
    assert find_all(mothers_page, "a", href="/en/prisoners/son/")


def test_it_does_not_link_to_relatives_who_are_not_prisoners(client, db):
    wife = make_person(name_en="Wife Person", slug="wife", is_political_prisoner=False)
    husband = make_person(name_en="Husband Prisoner")
    Relation.objects.create(person=husband, other=wife, kind=RelationKind.SPOUSE)
    html = client.get(url(husband)).content
    assert "Spouse: Wife Person" in text_of(html)
    assert not find_all(html, "a", href="/en/prisoners/wife/")


def test_it_hides_relatives_whose_profile_is_a_draft(client, db):
    draft = make_person(name_en="Secret Relative", is_published=False)
    person = make_person()
    Relation.objects.create(person=person, other=draft, kind=RelationKind.SIBLING)
    assert "Secret Relative" not in text_of(client.get(url(person)).content)


def test_it_answers_a_draft_with_the_sites_not_found_page(client, db):
    draft = make_person(name_en="Draft Person", is_published=False)
    response = client.get(url(draft))
    assert response.status_code == 404
    assert find_all(response.content, "header", class_="site-header")
    assert "Draft Person" not in response.content.decode()


def test_it_answers_an_unknown_slug_with_the_sites_not_found_page(client, db):
    response = client.get("/en/prisoners/nobody-by-this-name/")
    assert response.status_code == 404
    assert find_all(response.content, "header", class_="site-header")


def test_it_shows_a_draft_to_staff_who_may_edit_people(client, editor, db):
    draft = make_person(name_en="Draft Person", is_published=False)
    client.force_login(editor)
    response = client.get(url(draft))
    assert response.status_code == 200
    assert "Draft: only staff can see this profile." in text_of(response.content)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_it_hides_a_draft_from_staff_who_may_not_edit_people(client, django_user_model, db):
    draft = make_person(is_published=False)
    client.force_login(django_user_model.objects.create_user("clerk", is_staff=True))
    assert client.get(url(draft)).status_code == 404


def test_it_shows_no_draft_notice_on_a_published_profile(client, editor, ales):
    client.force_login(editor)
    response = client.get(url(ales))
    assert "Draft" not in text_of(response.content)
    assert "no-store" not in response.get("Cache-Control", "")


def test_it_escapes_hostile_content(client, db):
    person = make_person(
        name_en="<script>alert(1)</script>",
        summary_en="<img src=x onerror=alert(1)>",
        charge_en="</script><script>alert(2)</script>",
        occupation_en='"><svg onload=alert(3)>',
        other_spellings="<b onmouseover=alert(4)>x</b>",
    )
    html = client.get(url(person)).content.decode()
    assert "<script>alert" not in html
    assert "</script><script>" not in html
    assert "<img src=x" not in html
    assert "<svg" not in html
    assert "<b onmouseover" not in html
    assert find_all(html, "img") + find_all(html, "svg") + find_all(html, "b") == []
    assert find_all(html, "h1")[0].text == "<script>alert(1)</script>"
    assert json_ld(html)["name"] == "<script>alert(1)</script>"
    assert find_all(html, "meta", property="og:title")[0].attrs["content"] == (
        "<script>alert(1)</script>"
    )


def test_it_renders_the_story_from_markdown_without_anything_unsafe(client, db):
    person = make_person(
        story_en="## Release\n\nFreed **on Saturday**.\n\n<script>alert(1)</script>\n\n"
        "[a link](javascript:alert(1)) ![pixel](https://evil.example/p.png)"
    )
    html = client.get(url(person)).content.decode()
    assert [h.text for h in find_all(html, "h2") if h.text == "Release"] == ["Release"]
    assert find_all(html, "strong")[0].text == "on Saturday"
    assert "<script>alert" not in html
    assert not [a for a in find_all(html, "a") if "javascript" in (a.attrs.get("href") or "")]
    assert not find_all(html, "img")


@pytest.mark.parametrize("size", [1, 10])
def test_it_runs_the_same_queries_for_short_or_long_profiles(
    client, db, django_assert_num_queries, size
):
    sources = [make_source() for _ in range(size)]
    person = make_person(sources=sources)
    speaker = make_person(is_political_prisoner=False)
    Relation.objects.create(person=person, other=speaker, kind=RelationKind.SPOUSE)
    for position, source in enumerate(sources):
        event = Event.objects.create(person=person, position=position, title_en=f"Event {position}")
        event.sources.set(sources[: position + 1])
        Quote.objects.create(
            person=person,
            speaker=speaker,
            position=position,
            text_en=f"Words {position}",
            source=source,
        )
        article = CriminalArticle.objects.create(
            country="BY", article=str(300 + position), title_en=f"Article {position}"
        )
        for entry in (
            StatusChange(person=person, kind=StatusKind.TRANSFERRED),
            Verdict(person=person, term_en=f"{position + 1} years"),
            CaseArticle(person=person, article=article),
            Stay(person=person, place=make_place()),
            Recognition(person=person, organisation_en=f"Group {position}"),
        ):
            entry.save()
            entry.sources.set(sources[: position + 1])
    # The person, their sources, events, the events' sources, quotes, the five parts of
    # the record and their sources, relations, the campaigns and stories about them, and
    # the public change log (the person's history, and one query over the five record
    # parts' histories).
    with django_assert_num_queries(20):
        html = client.get(url(person)).content
    assert len(find_all(html, "blockquote")) == size
    assert len(find_all(html, "ol", class_="sources")) == 1
    assert (
        len([li for li in find_all(html, "li") if li.attrs.get("id", "").startswith("source-")])
        == size
    )


def test_the_record_reads_in_the_language_of_the_page(client, db):
    person = make_person(status=Status.SENTENCED, arrested_on=datetime.date(2021, 7, 14),
                         sentence="10 years", place_of_detention="Penal colony No. 9")  # fmt: skip

    html = client.get(f"/be/prisoners/{person.slug}/").content

    shown = facts(html)
    assert {"Статус", "Прысуд", "Дзе ўтрымліваецца"} <= set(shown)
    assert "Гісторыя статусу" in html.decode()
    status_history = {"tag": "ol", "class": "timeline timeline--status"}
    entries = [" ".join(item.text.split()) for item in find_inside(html, status_history, "li")]
    assert "Арышт" in entries[0]
    assert "Вынесены прысуд" in entries[1]


def test_other_spellings_are_announced_in_the_language_their_letters_say(client, db, settings):
    spellings = "Сінтэтычная Асоба\nСинтетическая Особа\nSyntetyczna"
    person = make_person(name_en="Synthetic Person", slug="synthetic-person",
                         other_spellings=spellings)  # fmt: skip
    spans = find_all(client.get(url(person)).content, "span")
    langs = {span.text: span.attrs.get("lang") for span in spans}
    assert (langs["Сінтэтычная Асоба"], langs["Синтетическая Особа"]) == ("be", "ru")
    assert langs["Syntetyczna"] == "en"

    settings.SPELLING_LANGUAGES = [("pl", r"[y]")]  # the letters are a setting
    spans = find_all(client.get(url(person)).content, "span")
    langs = {span.text: span.attrs.get("lang") for span in spans}
    assert (langs["Синтетическая Особа"], langs["Syntetyczna"]) == ("en", "pl")
