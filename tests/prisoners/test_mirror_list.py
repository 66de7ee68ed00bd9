"""The prisoner list as the static copy has it: no form that submits a query (a static
host answers none), the alphabetical list page by page, the initials, and the search
form that static/js/mirror-search.js runs over the prebuilt index."""

import pytest

from core.static_copy import ENVIRON_KEY
from prisoners.models import Person
from prisoners.views import PAGE_SIZE
from tests.factories import make_person
from tests.html import find_all, find_inside, text_of
from tests.prisoners.pages import listed_slugs

URL = "/en/prisoners/"
MIRROR = {ENVIRON_KEY: True}


@pytest.fixture
def alphabet(db) -> None:
    """Thirty published prisoners over three initials: 12 A, 14 B, 4 T, and one draft."""
    for number in range(12):
        make_person(name_en=f"Ales Prisoner{number:02d}", slug=f"a-{number:02d}")
    for number in range(14):
        make_person(name_en=f"Barys Prisoner{number:02d}", slug=f"b-{number:02d}")
    for number in range(4):
        make_person(name_en=f"Tatsiana Prisoner{number:02d}", slug=f"t-{number:02d}")
    make_person(name_en="Draft Person", slug="draft", is_published=False)


def test_it_offers_no_form_that_submits_a_query(client, alphabet):
    html = client.get(URL, **MIRROR).content.decode()
    # (The site's header and footer, the language switcher's among them, are the
    # copy's builder's to make static.)
    forms = find_inside(html, {"tag": "main", "id": "main"}, "form")
    assert [form.attrs["id"] for form in forms] == ["mirror-search"]
    for form in forms:
        assert "action" not in form.attrs
        assert "hx-get" not in form.attrs
    assert not find_all(html, "input", name="q")
    assert not find_all(html, "select")
    assert "hx-get" not in html


def test_it_offers_the_search_over_the_index_hidden_until_the_script_shows_it(client, alphabet):
    html = client.get(URL, **MIRROR).content.decode()
    [form] = find_all(html, "form", id="mirror-search")
    assert form.attrs["role"] == "search"
    assert "hidden" in form.attrs
    assert form.attrs["data-index"] == "/en/prisoners/search-index.json"
    [field] = find_all(html, "input", id="mirror-q")
    assert find_all(html, "label", for_="mirror-q")
    assert field.attrs["type"] == "search"
    assert find_all(html, "div", id="mirror-search-results")[0].attrs["aria-live"] == "polite"
    [script] = [s for s in find_all(html, "script") if "mirror-search" in s.attrs.get("src", "")]
    assert "defer" in script.attrs
    assert not [s for s in find_all(html, "script") if not s.attrs.get("src")]


def test_it_lists_everyone_page_by_page_in_the_order_of_names(client, alphabet):
    first = client.get(URL, **MIRROR)
    assert first.status_code == 200
    assert len(listed_slugs(first.content)) == PAGE_SIZE
    assert listed_slugs(first.content)[:2] == ["a-00", "a-01"]
    second = client.get(URL, {"page": 2}, **MIRROR)
    assert listed_slugs(second.content) == [f"b-{n:02d}" for n in range(12, 14)] + [
        f"t-{n:02d}" for n in range(4)
    ]
    assert [a.attrs["href"] for a in find_all(first.content, "a", rel="next")] == ["?page=2"]


def test_it_leads_each_initial_to_the_page_where_it_begins(client, alphabet):
    html = client.get(URL, **MIRROR).content.decode()
    nav = {"tag": "nav", "class": "initials"}
    links = {a.text: a.attrs["href"] for a in find_inside(html, nav, "a")}
    # 12 A on page 1; B from the 13th (page 1); T from the 27th (page 2); no D (the draft).
    assert links == {"A": "?page=1", "B": "?page=1", "T": "?page=2"}
    assert "Names by their first letter" in text_of(html)


def test_the_live_list_keeps_its_search_and_filters_and_no_initials(client, alphabet):
    html = client.get(URL).content.decode()
    assert find_all(html, "input", name="q")
    assert not find_all(html, "form", id="mirror-search")
    assert not find_all(html, "nav", class_="initials")
    assert "mirror-search.js" not in html


@pytest.mark.parametrize("people", [1, 30])
def test_it_runs_the_same_queries_for_few_or_many_people(
    client, db, django_assert_num_queries, people
):
    for number in range(people):
        make_person(name_en=f"Prisoner {number:02d}")
    # The counts per status (which give the count), one page of people, the initials.
    with django_assert_num_queries(3):
        response = client.get(URL, **MIRROR)
    assert len(listed_slugs(response.content)) == min(people, PAGE_SIZE)


def test_initials_by_page_counts_every_name_before_each_initial(db):
    for name in ["Zmitser A", "Ales B", "Ales C", "Barys D", "Ціханоўскі E", "1984 F"]:
        make_person(name_en=name)
    make_person(name_en="Mikola Draft", is_published=False)
    with_pages_of_two = Person.objects.public_profiles().initials_by_page(2)
    # In sort_name's order: 1984, Ales, Ales | Barys, Tsikhanouski (the Latin), Zmitser.
    assert with_pages_of_two == [("1", 1), ("A", 1), ("B", 2), ("T", 3), ("Z", 3)]
