"""The prisoner list's filters: article, place, region, sentence, recognition, incommunicado."""

import pytest

from prisoners.models import CaseArticle, CriminalArticle, Recognition, Stay, Verdict
from tests.factories import make_person, make_place
from tests.prisoners.pages import listed_slugs

URL = "/en/prisoners/"


@pytest.fixture
def records(db):
    article_342 = CriminalArticle.objects.create(country="BY", article="342", title="Riots")
    article_361 = CriminalArticle.objects.create(country="BY", article="361", title="Calls")
    horki = make_place(slug="ik-9", name_en="Penal colony No. 9", region="Mogilev")
    zhodino = make_place(slug="sizo-8", name_en="Remand prison No. 8", region="Minsk")
    ales = make_person(name_en="Ales", slug="ales")
    maria = make_person(name_en="Maria", slug="maria", is_incommunicado=True)
    ihar = make_person(name_en="Ihar", slug="ihar")
    CaseArticle.objects.create(person=ales, article=article_342)
    CaseArticle.objects.create(person=ales, article=article_361)
    CaseArticle.objects.create(person=maria, article=article_361)
    Stay.objects.create(person=ales, place=horki)
    Stay.objects.create(person=maria, place=zhodino)
    Stay.objects.create(person=maria, place=horki)
    Verdict.objects.create(person=ales, term="10 years", term_months=120)
    Verdict.objects.create(person=maria, term="11 years", term_months=132)
    Verdict.objects.create(person=maria, term="2 years", term_months=24)
    Verdict.objects.create(person=ihar, term="4 years", term_months=48)
    Recognition.objects.create(person=ales, organisation="Viasna")
    Recognition.objects.create(person=maria, organisation="Viasna")
    Recognition.objects.create(person=ihar, organisation="Amnesty International")
    return {"342": article_342, "361": article_361}


def listed(client, **filters) -> list[str]:
    return sorted(listed_slugs(client.get(URL, filters).content))


def test_it_filters_by_article_without_duplicates(client, records):
    assert listed(client, article=records["361"].pk) == ["ales", "maria"]
    assert listed(client, article=records["342"].pk) == ["ales"]


def test_it_filters_by_place_and_region(client, records):
    assert listed(client, place="ik-9") == ["ales", "maria"]
    assert listed(client, place="sizo-8") == ["maria"]
    assert listed(client, region="Minsk") == ["maria"]


@pytest.mark.parametrize(
    ("band", "slugs"),
    [("under-3", ["maria"]), ("3-5", ["ihar"]), ("5-10", []), ("over-10", ["ales", "maria"])],
)
def test_it_filters_by_any_verdicts_term(client, records, band, slugs):
    assert listed(client, sentence=band) == slugs


def test_it_filters_by_recognition_and_incommunicado(client, records):
    assert listed(client, recognised_by="Viasna") == ["ales", "maria"]
    assert listed(client, incommunicado="on") == ["maria"]


def test_filters_combine_and_the_count_follows(client, records):
    response = client.get(URL, {"recognised_by": "Viasna", "region": "Minsk"})
    assert sorted(listed_slugs(response.content)) == ["maria"]
    assert b"1 person found" in response.content


@pytest.mark.parametrize(
    "bad",
    [
        {"article": "abc"},
        {"article": "999999"},
        {"place": "nowhere"},
        {"region": "<script>"},
        {"sentence": "forever"},
        {"recognised_by": "Nobody"},
        {"status": "flying"},
        {"incommunicado": "false"},
    ],
)
def test_it_ignores_unknown_values(client, records, bad):
    response = client.get(URL, bad)
    assert response.status_code == 200
    assert sorted(listed_slugs(response.content)) == ["ales", "ihar", "maria"]


def test_the_form_offers_only_what_public_records_name(client, records):
    html = client.get(URL).content.decode()
    assert "Penal colony No. 9" in html
    assert "Amnesty International" in html
    assert "342" in html


def test_the_htmx_fragment_is_filtered(client, records):
    response = client.get(URL, {"place": "sizo-8"}, headers={"HX-Request": "true"})
    assert listed_slugs(response.content) == ["maria"]
    assert b"<form" not in response.content


@pytest.mark.parametrize("people", [1, 20])
def test_the_filtered_list_runs_the_same_queries_for_few_or_many(
    client, db, django_assert_num_queries, people
):
    article = CriminalArticle.objects.create(country="BY", article="342", title="Riots")
    place = make_place(slug="ik-9", region="Mogilev")
    for number in range(people):
        person = make_person(name_en=f"Prisoner {number:02d}")
        CaseArticle.objects.create(person=person, article=article)
        Stay.objects.create(person=person, place=place)
        Verdict.objects.create(person=person, term="5 years", term_months=60)
        Recognition.objects.create(person=person, organisation="Viasna")
    # The filter choices (three), the counts per status, the countries, one page.
    with django_assert_num_queries(6):
        response = client.get(URL, {"article": article.pk, "recognised_by": "Viasna"})
    assert len(listed_slugs(response.content)) == people


@pytest.mark.parametrize(
    ("language", "label", "link"),
    [
        ("be", "Месца зняволення", "Як мы вырашаем, каго ўносіць у спіс"),
        ("ru", "Место заключения", "Как мы решаем, кого вносить в список"),
    ],
)
def test_the_filters_speak_the_visitors_language(client, records, language, label, link):
    html = client.get(f"/{language}/prisoners/").content.decode()
    assert label in html
    assert link in html
