"""The statistics page and its open data: the figures over the public profiles, honest
about dates known only to the year, in a fixed number of queries, from the cache."""

import csv
import datetime
import io

import pytest

from prisoners.dates import Precision
from prisoners.models import CaseArticle, CriminalArticle, PlaceOfDetention, Status, Stay, Verdict
from prisoners.statistics import public_statistics, statistics_of_public_profiles
from tests.factories import make_person, make_place
from tests.html import find_all, parse, text_of

URL = "/en/prisoners/statistics/"
JSON_URL = "/api/v1/statistics/"
CSV_URL = "/api/v1/statistics.csv"


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def cases(db):
    """Four public profiles, a draft and a person who is not a prisoner."""
    riots = CriminalArticle.objects.create(country="BY", article="342", part="1", title="Riots")
    calls = CriminalArticle.objects.create(country="BY", article="361", title="Calls")
    colony = make_place(slug="ik-9", name_en="Penal colony No. 9", region_en="Mogilev",
                        region_ru="Могилёвская область")  # fmt: skip
    remand = make_place(slug="sizo-1", name_en="Remand prison No. 1", region_en="")
    ales = make_person(
        slug="ales", gender="male", status=Status.SENTENCED,
        arrested_on=day("2020-08-10"), arrested_on_precision=Precision.DAY,
    )  # fmt: skip
    maria = make_person(
        slug="maria", gender="female", status=Status.SENTENCED,
        arrested_on=day("2020-08-01"), arrested_on_precision=Precision.MONTH,
    )  # fmt: skip
    make_person(
        slug="ihar", gender="male", status=Status.DETAINED,
        arrested_on=day("2021-01-01"), arrested_on_precision=Precision.YEAR,
    )  # fmt: skip
    olga = make_person(
        slug="olga", status=Status.RELEASED, released_on=day("2021-03-05"),
        arrested_on=day("2020-11-03"),
    )  # fmt: skip
    make_person(slug="draft", is_published=False, status=Status.DETAINED,
                arrested_on=day("2020-08-10"))  # fmt: skip
    make_person(slug="relative", is_political_prisoner=False, status=Status.DETAINED)
    CaseArticle.objects.create(person=ales, article=riots)
    CaseArticle.objects.create(person=ales, article=calls)
    CaseArticle.objects.create(person=maria, article=calls)
    CaseArticle.objects.create(person=olga, article=calls)
    Stay.objects.create(person=ales, place=remand, ended_on=day("2021-02-01"),
                        ended_on_precision=Precision.DAY)  # fmt: skip
    Stay.objects.create(person=ales, place=colony)
    Stay.objects.create(person=maria, place=remand)
    Verdict.objects.create(person=ales, term="11 years", term_months=132)
    Verdict.objects.create(person=maria, term="11 years", term_months=132)
    Verdict.objects.create(person=maria, term="4 years", term_months=48)  # on appeal
    Verdict.objects.create(person=olga, term="a fine")
    return {"riots": riots, "calls": calls}


def test_it_counts_who_is_held_now_and_everyone_ever_recognised(cases):
    figures = statistics_of_public_profiles()
    assert (figures["held_now"], figures["ever"]) == (3, 4)
    assert {row["status"]: row["count"] for row in figures["by_status"]} == {
        "detained": 1, "sentenced": 2, "released": 1, "released_exiled": 0, "deceased": 0,
        "unknown": 0,
    }  # fmt: skip


def test_drafts_and_people_who_are_not_prisoners_are_not_counted(cases):
    figures = statistics_of_public_profiles()
    assert figures["ever"] == 4
    august = [row for row in figures["arrests_by_month"]["months"] if row["month"] == "2020-08"]
    assert august == [{"month": "2020-08", "count": 2}]


def test_it_counts_by_gender_with_those_not_given(cases):
    assert statistics_of_public_profiles()["by_gender"] == [
        {"gender": "female", "held_now": 1, "ever": 1},
        {"gender": "male", "held_now": 2, "ever": 2},
        {"gender": "other", "held_now": 0, "ever": 0},
        {"gender": None, "held_now": 0, "ever": 1},
    ]


def test_it_counts_each_person_once_under_each_article_of_their_case(cases):
    figures = statistics_of_public_profiles()
    by_article = [(row["label"], row["held_now"], row["ever"]) for row in figures["by_article"]]
    assert by_article == [("361", 2, 3), ("342-1", 1, 1)]
    assert figures["by_article"][1]["title"] == {"en": "Riots"}
    assert figures["without_article"] == {"held_now": 1, "ever": 1}


def test_it_counts_the_term_of_the_latest_verdict_in_the_lists_bands(cases):
    bands = {row["band"]: (row["held_now"], row["ever"])
             for row in statistics_of_public_profiles()["by_sentence"]}  # fmt: skip
    assert bands == {
        "under-3": (0, 0), "3-5": (1, 1), "5-10": (0, 0), "over-10": (1, 1),
        "no-term": (0, 1), "no-verdict": (1, 1),
    }  # fmt: skip


def test_it_counts_the_region_of_the_current_place_and_says_how_many_are_not_known(cases):
    # Ales is in the colony now (his stay in remand has ended); Maria's remand prison has
    # no region recorded; Ihar has no stay at all.
    assert statistics_of_public_profiles()["by_region"] == {
        "regions": [
            {"region": {"en": "Mogilev", "ru": "Могилёвская область"}, "held_now": 1},
        ],
        "not_known": 2,
    }


def test_an_arrest_known_only_to_the_year_is_in_no_month(cases):
    arrests = statistics_of_public_profiles()["arrests_by_month"]
    assert arrests == {
        "months": [{"month": "2020-08", "count": 2}, {"month": "2020-11", "count": 1}],
        "year_only": 1,
        "no_date": 0,
    }


def test_releases_are_counted_by_the_month_of_each_release(cases):
    make_person(status=Status.RELEASED_EXILED, released_on=day("2025-09-11"))
    make_person(status=Status.RELEASED)  # released on a date no source gives
    releases = statistics_of_public_profiles()["releases_by_month"]
    assert releases == {
        "months": [{"month": "2021-03", "count": 1}, {"month": "2025-09", "count": 1}],
        "year_only": 0,
        "no_date": 1,
    }


def test_an_empty_database_has_zeros_everywhere(db):
    figures = statistics_of_public_profiles()
    assert (figures["held_now"], figures["ever"]) == (0, 0)
    assert figures["by_article"] == []
    assert figures["by_region"] == {"regions": [], "not_known": 0}
    assert figures["arrests_by_month"] == {"months": [], "year_only": 0, "no_date": 0}


def many_cases(count: int) -> None:
    article = CriminalArticle.objects.create(country="BY", article=f"{count}", title="Any")
    for number in range(count):
        person = make_person(
            gender="female" if number % 2 else "male",
            status=[Status.DETAINED, Status.SENTENCED, Status.RELEASED][number % 3],
            arrested_on=day("2020-08-10") + datetime.timedelta(days=40 * number),
            released_on=day("2024-01-10"),
            place_of_detention=f"Colony {count}-{number}",
        )
        CaseArticle.objects.create(person=person, article=article)
        Verdict.objects.create(person=person, term="5 years", term_months=12 * number)
    PlaceOfDetention.objects.update(region_en="Minsk")


@pytest.mark.parametrize("count", [3, 30])
def test_the_figures_take_the_same_queries_for_3_and_30_people(
    db, django_assert_num_queries, count
):
    many_cases(count)
    with django_assert_num_queries(8):
        figures = statistics_of_public_profiles()
    assert figures["ever"] == count


def test_the_figures_are_cached(cases, django_assert_num_queries):
    public_statistics()
    make_person(status=Status.DETAINED)
    with django_assert_num_queries(0):
        assert public_statistics()["ever"] == 4


def chart(html: str, slug: str) -> tuple:
    """One chart's SVG element, the figures drawn beside its bars, and the rows of the
    table that follows it."""
    elements = parse(html)

    def inside(container, tag: str) -> list:
        return [e for e in elements if e.tag == tag and e.is_inside(container)]

    (section,) = [e for e in elements if e.attrs.get("aria-labelledby") == f"chart-{slug}-heading"]
    (svg,) = inside(section, "svg")
    drawn = [e.text for e in inside(svg, "text") if "chart__figure" in e.attrs["class"]]
    (table,) = inside(section, "table")
    rows = [
        [" ".join(cell.text.split()) for cell in elements
         if cell.tag in ("th", "td") and cell.parent is row]
        for row in inside(table, "tr")
    ]  # fmt: skip
    return svg, drawn, rows


def svg_elements(html: str, svg, tag: str) -> list:
    """The `tag` elements of the chart whose SVG has the same title."""
    elements = parse(html)
    (same,) = [e for e in elements if e.tag == "svg" and e.attrs == svg.attrs]
    return [e for e in elements if e.tag == tag and e.is_inside(same)]


def test_the_page_draws_each_chart_and_gives_its_figures_in_a_table(client, cases):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    svg, drawn, rows = chart(html, "gender")
    assert svg.attrs["role"] == "img"
    assert set(svg.attrs["aria-labelledby"].split()) == {"chart-gender-title", "chart-gender-desc"}
    assert rows == [
        ["Gender", "Held now", "In all"],
        ["Woman", "1", "1"],
        ["Man", "2", "2"],
        ["Other", "0", "0"],
        ["Not given", "0", "1"],
    ]
    series = ["held now", "in all"]
    assert drawn == [
        f"{value} {name}"
        for _label, *values in rows[1:]
        for value, name in zip(values, series, strict=True)
    ]
    assert "Not counted by month: 1 (the date is known only to the year: 1; not known: 0)." in (
        text_of(html)
    )


def test_the_monthly_chart_has_every_month_between_the_first_and_the_last(client, cases):
    html = client.get(URL).content.decode()
    _svg, _drawn, rows = chart(html, "arrests")
    assert rows[0] == ["Month", "People"]
    assert rows[1] == ["August 2020", "2"]
    assert rows[4] == ["November 2020", "1"]
    assert rows[-1] == ["March 2021", "0"]  # the last release
    assert len(rows) == 1 + 8


def test_the_page_needs_no_script_and_no_inline_style(client, cases):
    html = client.get(URL).content.decode()
    assert "<script" not in html.split("<body", 1)[1]
    assert " style=" not in html


def test_the_page_says_there_is_no_data_yet_in_an_empty_database(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "No data yet" in text_of(response.content.decode())
    assert b"<svg" not in response.content


def test_the_page_renders_in_every_language(client, cases):
    for language in ("be", "ru"):
        response = client.get(f"/{language}/prisoners/statistics/")
        assert response.status_code == 200
        html = response.content.decode()
        # SVG coordinates are never written with a decimal comma.
        assert not [e for e in find_all(html, "rect") if "," in e.attrs.get("width", "")]


def test_the_home_page_and_every_page_link_to_it(client, cases):
    html = client.get("/en/").content.decode()
    assert len([a for a in find_all(html, "a") if a.attrs.get("href") == URL]) >= 2


def test_a_profile_cannot_take_its_address(db):
    from django.core.exceptions import ValidationError

    person = make_person()
    person.slug = "statistics"
    with pytest.raises(ValidationError):
        person.full_clean()


def test_the_figures_are_open_json(client, cases):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    body = response.json()
    assert (body["held_now"], body["ever"]) == (3, 4)
    assert body["arrests_by_month"]["year_only"] == 1
    assert body["by_region"]["not_known"] == 2


def test_the_figures_are_open_csv(client, cases):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["figure", "category", "population", "count"]
    assert ["total", "", "held_now", "3"] in rows
    assert ["by_gender", "not_given", "ever", "1"] in rows
    assert ["by_article", "BY CC 342-1", "held_now", "1"] in rows
    assert ["by_region", "Mogilev", "held_now", "1"] in rows
    assert ["arrests_by_month", "2020-08", "ever", "2"] in rows
    assert ["arrests_by_month", "year_only", "ever", "1"] in rows


def test_the_open_data_works_on_an_empty_database(client, db):
    assert client.get(JSON_URL).json()["ever"] == 0
    assert client.get(CSV_URL).status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_page_takes_the_same_queries_for_3_and_30_people(
    client, db, django_assert_num_queries, count
):
    many_cases(count)
    with django_assert_num_queries(8):
        assert client.get(URL).status_code == 200


def test_the_page_is_served_from_the_page_cache(client, cases, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 60
    client.get(URL)
    with django_assert_num_queries(0):
        response = client.get(URL)
    # As every public page: for any cache, for what is left of its minute.
    directives = dict(
        part.strip().partition("=")[::2] for part in response["Cache-Control"].split(",")
    )
    assert "public" in directives
    assert 58 <= int(directives["s-maxage"]) <= 60


def test_a_release_known_only_to_the_year_is_in_no_month(cases):
    make_person(status=Status.RELEASED, released_on=day("2022-01-01"),
                released_on_precision=Precision.YEAR)  # fmt: skip
    releases = statistics_of_public_profiles()["releases_by_month"]
    assert (releases["year_only"], releases["no_date"]) == (1, 0)
    assert [row["month"] for row in releases["months"]] == ["2021-03"]


def test_the_sitemap_lists_the_page_in_every_language(client, db):
    sitemap = client.get("/sitemap.xml").content.decode()
    for language in ("en", "be", "ru"):
        assert f"/{language}/prisoners/statistics/</loc>" in sitemap


def test_the_page_draws_empty_bars_when_nobody_is_held_now(client, db):
    make_person(status=Status.RELEASED)  # and no date is known for anything
    html = client.get(URL).content.decode()
    svg, drawn, rows = chart(html, "region")
    assert rows[1:] == [["Region not known", "0"]]
    assert drawn == ["0"]
    assert [e.attrs["width"] for e in svg_elements(html, svg, "rect")] == ["0"]
    assert "No figure to show yet." in text_of(html)  # no arrest or release has a month


def test_the_monthly_charts_show_the_last_sixty_months_and_say_so(client, cases, monkeypatch):
    from prisoners import statistics

    # Arrests in August 2020 (2), November 2020, and a release in March 2021: eight
    # months; with four shown, the chart starts in December 2020 and says what is before.
    monkeypatch.setattr(statistics, "MONTHS_SHOWN", 4)
    html = client.get(URL).content.decode()
    _svg, _drawn, rows = chart(html, "arrests")
    assert [row[0] for row in rows[1:]] == [
        "December 2020", "January 2021", "February 2021", "March 2021",
    ]  # fmt: skip
    assert (
        "Only the last 4 months are shown, from December 2020; before them: 3. "
        "The open data (JSON, CSV) has every month."
    ) in text_of(html)
