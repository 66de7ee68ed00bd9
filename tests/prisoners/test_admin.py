"""Staff edit people in the admin: the pages open, search knows every spelling, sources
are required."""

import datetime

import pytest

from prisoners.models import Person
from tests.factories import make_source
from tests.html import changelist_names, find_all
from tests.prisoners.pages import PERSON_INLINES

CHANGELIST = "/admin/prisoners/person/"
ADD = "/admin/prisoners/person/add/"


def new_person(**fields) -> dict:
    """What the add form posts for a new person, with empty inlines."""
    data = {
        "name_en": "Maria Kalesnikava",
        "name_be": "Марыя Калеснікава",
        "name_ru": "",
        "slug": "maria-kalesnikava",
        "other_spellings": "Maryia Kalesnikava",
        "is_political_prisoner": "on",
        "is_published": "on",
        "country": "BY",
        "last_contact_on": "",
        "last_contact_on_precision": "unknown",
        "date_of_birth": "",
        "date_of_birth_precision": "day",  # the form's default
    }
    for inline in PERSON_INLINES:
        data |= {
            f"{inline}-TOTAL_FORMS": "0",
            f"{inline}-INITIAL_FORMS": "0",
            f"{inline}-MIN_NUM_FORMS": "0",
            f"{inline}-MAX_NUM_FORMS": "1000",
        }
    return data | fields


def test_it_opens_the_list_of_people(admin_client, seeded):
    response = admin_client.get(CHANGELIST)
    assert response.status_code == 200
    assert "Sergei Tikhanovsky" in changelist_names(response.content)


def test_it_opens_the_form_of_a_person(admin_client, seeded):
    person = Person.objects.get(slug="sergei-tikhanovsky")
    response = admin_client.get(f"{CHANGELIST}{person.pk}/change/")
    assert response.status_code == 200
    assert find_all(response.content, "input", name="name_en", value="Sergei Tikhanovsky")
    assert find_all(response.content, "input", name="events-TOTAL_FORMS", value="4")
    assert find_all(response.content, "input", name="quotes-TOTAL_FORMS", value="5")


def test_it_opens_the_form_for_a_new_person(admin_client, db):
    response = admin_client.get(ADD)
    assert response.status_code == 200
    assert find_all(response.content, "select", name="sources")


@pytest.mark.parametrize("query", ["Tsikhanouski", "Тихановский", "tikhanovskiy", "Сяргей"])
def test_it_finds_a_person_by_any_spelling(admin_client, seeded, query):
    names = changelist_names(admin_client.get(CHANGELIST, {"q": query}).content)
    assert "Sergei Tikhanovsky" in names
    assert "Alexander Lukashenko" not in names


def test_it_finds_people_who_are_not_prisoners_too(admin_client, seeded):
    assert changelist_names(admin_client.get(CHANGELIST, {"q": "Лукашэнка"}).content) == [
        "Alexander Lukashenko"
    ]


def test_it_lists_everyone_for_a_query_of_control_characters(admin_client, seeded):
    response = admin_client.get(CHANGELIST, {"q": "\x00\x1b"})
    assert response.status_code == 200
    assert len(changelist_names(response.content)) == 5


def test_it_refuses_a_person_without_a_source(admin_client, db):
    response = admin_client.post(ADD, new_person())
    assert response.status_code == 200
    assert not Person.objects.exists()
    assert response.context["adminform"].form.errors == {"sources": ["This field is required."]}


def test_it_saves_a_person_with_a_source_and_indexes_every_spelling(admin_client, db):
    source = make_source()
    response = admin_client.post(ADD, new_person(sources=[source.pk]))
    assert response.status_code == 302
    person = Person.objects.get(slug="maria-kalesnikava")
    assert list(person.sources.all()) == [source]
    assert list(Person.objects.search("Калеснікава")) == [person]
    assert list(Person.objects.search("Maryia")) == [person]


def test_a_date_of_birth_is_kept_as_precisely_as_staff_say_the_source_gives_it(admin_client, db):
    form = new_person(sources=[make_source().pk], date_of_birth="1978-05-02",
                      date_of_birth_precision="year")  # fmt: skip
    assert admin_client.post(ADD, form).status_code == 302
    person = Person.objects.get(slug="maria-kalesnikava")
    assert (person.date_of_birth, person.born.iso()) == (datetime.date(1978, 1, 1), "1978")


def test_it_keeps_the_admin_from_anonymous_visitors(client, db):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_every_input_of_a_persons_page_has_a_name_a_screen_reader_reads(admin_client, seeded):
    # A tabular inline labels its inputs only by the column headers; a file input sits
    # under a legend: each gets its field's label as aria-label.
    person = Person.objects.get(slug="sergei-tikhanovsky")
    html = admin_client.get(f"{CHANGELIST}{person.pk}/change/").content

    assert find_all(html, "input", name="status_changes-0-date", **{"aria-label": "Date"})
    assert find_all(html, "input", name="status_changes-0-DELETE", **{"aria-label": "Delete"})
    assert find_all(html, "input", name="photo", **{"aria-label": "Photo"})
