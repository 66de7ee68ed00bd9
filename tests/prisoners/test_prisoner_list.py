"""The list of political prisoners: search by any spelling, filters, pages, htmx."""

from urllib.parse import urljoin

import pytest

from prisoners.models import Status
from prisoners.views import PAGE_SIZE
from tests.factories import make_person
from tests.html import find_all, text_of
from tests.prisoners.pages import listed_slugs

URL = "/en/prisoners/"


def country_options(html: bytes) -> dict[str, str]:
    """The countries offered in the filter (status values are lower case, codes upper)."""
    options = find_all(html, "option")
    return {o.attrs["value"]: o.text for o in options if o.attrs["value"].isupper()}


def vary(response) -> set[str]:
    return {value.strip().lower() for value in response.get("Vary", "").split(",")}


@pytest.fixture
def thirty_people(db) -> None:
    """Thirty published prisoners, "Prisoner 00" to "Prisoner 29": more than a page."""
    for number in range(30):
        make_person(name_en=f"Prisoner {number:02d}")


@pytest.mark.parametrize(
    "query",
    [
        "Tikhanovsky",
        "tikhanovskiy",
        "TSIKHANOUSKI",
        "Ціханоўскі",
        "Тихановский",
        "Tsikh",
        "Тихан",
        "Cichanoŭski",
        "cichanouski",
        "Siarhei",
        "Сергей",
    ],
)
def test_it_finds_him_by_any_spelling_case_or_script(client, seeded, query):
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    assert listed_slugs(response.content) == ["sergei-tikhanovsky"]


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/be/prisoners/", "Tikhanovsky"),
        ("/ru/prisoners/", "Ціханоўскі"),
        ("/en/prisoners/", "Тихановский"),
        ("/be/prisoners/", "Тихановский"),
    ],
)
def test_it_finds_him_whatever_the_language_of_the_interface(client, seeded, url, query):
    response = client.get(url, {"q": query})
    assert listed_slugs(response.content) == ["sergei-tikhanovsky"]


def test_it_names_him_in_the_language_of_the_interface(client, seeded):
    html = client.get("/be/prisoners/", {"q": "Tikhanovsky"}).content.decode()
    assert [a.text for a in find_all(html, "a", href="/be/prisoners/sergei-tikhanovsky/")] == [
        "Сяргей Ціханоўскі"
    ]


def test_it_says_nobody_matches_and_suggests_what_to_try(client, seeded):
    text = text_of(client.get(URL, {"q": "Tsikhx"}).content)
    assert "0 people found" in text
    assert "Nobody matches “Tsikhx”." in text
    assert "Try part of the family name only" in text
    assert "another spelling" in text


def test_it_says_nobody_matches_the_filters_without_a_query(client, db):
    make_person(status=Status.SENTENCED)
    text = text_of(client.get(URL, {"status": Status.DECEASED}).content)
    assert "Nobody matches these filters." in text


def test_it_returns_only_the_results_to_htmx(client, seeded):
    response = client.get(URL, {"q": "Tikhanovsky"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<header" not in html
    assert "<form" not in html
    assert "1 person found" in text_of(html)
    assert listed_slugs(html) == ["sergei-tikhanovsky"]


def test_it_returns_the_whole_page_without_htmx(client, seeded):
    html = client.get(URL, {"q": "Tikhanovsky"}).content.decode()
    assert "<html" in html
    assert find_all(html, "header", class_="site-header")
    assert find_all(html, "input", id="q", value="Tikhanovsky")
    assert listed_slugs(html) == ["sergei-tikhanovsky"]


def test_it_returns_the_whole_page_to_restore_htmx_history(client, seeded):
    response = client.get(
        URL,
        {"q": "Tikhanovsky"},
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    html = response.content.decode()
    assert "<html" in html
    assert find_all(html, "header", class_="site-header")


def test_it_tells_caches_that_the_page_depends_on_htmx(client, db):
    assert "hx-request" in vary(client.get(URL))
    assert "hx-request" in vary(client.get(URL, headers={"HX-Request": "true"}))


def test_it_filters_by_status(client, db):
    held = make_person(name_en="Ales Bialiatski", status=Status.SENTENCED)
    make_person(name_en="Sergei Tikhanovsky", status=Status.RELEASED_EXILED)
    response = client.get(URL, {"status": Status.SENTENCED})
    assert listed_slugs(response.content) == [held.slug]
    assert "selected" in find_all(response.content, "option", value=Status.SENTENCED)[0].attrs


def test_it_filters_by_country(client, db):
    make_person(name_en="Ales Bialiatski", country="BY")
    abroad = make_person(name_en="Andrzej Poczobut", country="PL")
    response = client.get(URL, {"country": "PL"})
    assert listed_slugs(response.content) == [abroad.slug]


def test_it_offers_only_the_countries_of_listed_prisoners(client, db):
    make_person(country="BY")
    make_person(country="LT")
    make_person(country="US", is_published=False)
    assert country_options(client.get(URL).content) == {"BY": "Belarus", "LT": "Lithuania"}


def test_it_offers_the_countries_in_alphabetical_order_of_their_names(client, db):
    make_person(country="DE")  # Germany
    make_person(country="GE")  # Georgia
    assert list(country_options(client.get(URL).content).values()) == ["Georgia", "Germany"]


def test_it_counts_the_matching_people_of_each_status(client, db):
    make_person(name_en="Anna Tikhanovsky", status=Status.SENTENCED)
    make_person(name_en="Boris Tsikhanouski", status=Status.SENTENCED)
    make_person(name_en="Clara Tikhanovsky", status=Status.DETAINED)
    make_person(name_en="Maria Kalesnikava", status=Status.SENTENCED)
    make_person(name_en="Draft Tikhanovsky", status=Status.DETAINED, is_published=False)
    # Filtered to one status, the options still count every status, to show where to go.
    html = client.get(URL, {"q": "Tikhanovsky", "status": Status.DETAINED}).content
    options = {o.attrs["value"]: o.text for o in find_all(html, "option")}
    assert options[Status.SENTENCED] == "Sentenced, in prison (2)"
    assert options[Status.DETAINED] == "Detained, awaiting trial (1)"
    assert options[Status.RELEASED] == "Released (0)"
    assert "1 person found" in text_of(html)


def test_it_shows_people_a_page_at_a_time(client, thirty_people):
    first = client.get(URL)
    second = client.get(URL, {"page": 2})
    assert len(listed_slugs(first.content)) == PAGE_SIZE
    assert len(listed_slugs(second.content)) == 30 - PAGE_SIZE
    assert not set(listed_slugs(first.content)) & set(listed_slugs(second.content))
    assert "30 people found" in text_of(first.content)
    assert "Page 2 of 2" in text_of(second.content)


def test_it_links_to_the_next_and_previous_pages(client, thirty_people):
    first = client.get(URL)
    next_link = find_all(first.content, "a", rel="next")[0]
    assert next_link.attrs["href"] == next_link.attrs["hx-get"] == "?page=2"
    second = client.get(urljoin(URL, next_link.attrs["href"]))
    assert "Page 2 of 2" in text_of(second.content)
    previous_link = find_all(second.content, "a", rel="prev")[0]
    assert previous_link.attrs["href"] == "?page=1"


def test_it_keeps_the_query_and_filters_in_the_links_to_other_pages(client, db):
    for number in range(30):
        make_person(name_en=f"Prisoner Tikhanovsky {number:02d}")
    html = client.get(URL, {"q": "Tikhanovsky", "status": Status.SENTENCED}).content
    assert find_all(html, "a", rel="next")[0].attrs["href"] == (
        "?q=Tikhanovsky&status=sentenced&page=2"
    )


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "0"},
        {"page": "99999"},
        {"page": "1.5"},
        {"page": "\x00"},
        {"q": "x" * 5_000},
        {"q": "Tikh\x00anovsky"},
        {"q": "\x00\x01\x02\x1b[2J\x7f"},
        {"q": "%' OR 1=1 --"},
        {"q": "\\_%"},
        {"status": "free"},
        {"status": "\x00"},
        {"country": "XX"},
        {"country": "by"},
        {"country": "\x00"},
        {"q": "Tikhanovsky", "status": "nonsense", "country": "ZZ", "page": "-5"},
    ],
)
def test_it_never_fails_on_odd_input(client, seeded, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert find_all(response.content, "main", id="main")


def test_it_never_fails_on_bytes_that_are_not_utf8(client, seeded):
    assert client.get(URL + "?q=%ff%fe%00&status=%c3").status_code == 200


def test_it_shows_the_last_page_for_a_page_beyond_the_end(client, thirty_people):
    assert "Page 2 of 2" in text_of(client.get(URL, {"page": 99999}).content)


def test_it_bounds_and_cleans_the_query_it_shows_back(client, seeded):
    html = client.get(URL, {"q": "Tikh\x00" + "a" * 5_000}).content
    shown = find_all(html, "input", id="q")[0].attrs["value"]
    assert len(shown) == 100
    assert "\x00" not in shown
    assert shown.startswith("Tikhaaa")


def test_it_ignores_unknown_filters(client, db):
    person = make_person()
    response = client.get(URL, {"status": "free", "country": "XX"})
    assert listed_slugs(response.content) == [person.slug]


def test_it_never_lists_drafts(client, db):
    make_person(name_en="Draft Person", is_published=False, status=Status.DETAINED)
    response = client.get(URL, {"q": "Draft"})
    assert listed_slugs(response.content) == []
    assert "Nobody matches “Draft”." in text_of(response.content)
    options = {o.attrs["value"]: o.text for o in find_all(response.content, "option")}
    assert options[Status.DETAINED] == "Detained, awaiting trial (0)"


def test_it_never_lists_drafts_to_staff_either(client, django_user_model, db):
    make_person(name_en="Draft Person", is_published=False)
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)
    assert listed_slugs(client.get(URL).content) == []


def test_it_escapes_hostile_names_and_summaries(client, db):
    make_person(
        name_en="<script>alert(1)</script>",
        summary_en="<img src=x onerror=alert(1)>",
    )
    html = client.get(URL).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert not [img for img in find_all(html, "img") if "onerror" in img.attrs]
    assert "<script>alert(1)</script>" in text_of(html)


def test_it_escapes_a_hostile_query(client, seeded):
    html = client.get(URL, {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert" not in html
    assert find_all(html, "input", id="q")[0].attrs["value"] == '"><script>alert(1)</script>'


@pytest.mark.parametrize("people", [1, 25])
def test_it_runs_the_same_queries_for_few_or_many_people(
    client, db, django_assert_num_queries, people
):
    for number in range(people):
        make_person(name_en=f"Prisoner {number:02d}", country=["BY", "LT", "PL"][number % 3])
    # The filter choices (articles, places, recognitions), the counts per status (which
    # give the count), the countries (cached after this first page), and one page of people.
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert len(listed_slugs(response.content)) == min(people, PAGE_SIZE)


@pytest.mark.parametrize("people", [1, 25])
def test_it_runs_the_same_queries_to_search_few_or_many_people(
    client, db, django_assert_num_queries, people
):
    for number in range(people):
        make_person(name_en=f"Prisoner Tikhanovsky {number:02d}")
    # The fragment: the filter choices (three, cached after this first page), the counts
    # per status and one page of people.
    with django_assert_num_queries(5):
        response = client.get(URL, {"q": "Tikhanovsky"}, headers={"HX-Request": "true"})
    assert len(listed_slugs(response.content)) == min(people, PAGE_SIZE)
