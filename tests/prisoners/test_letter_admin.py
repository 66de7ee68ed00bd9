"""Staff see the letters counted for each person, and write the guidance for letters in
each language, with its history."""

import datetime

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.utils import timezone

from prisoners import letters
from prisoners.models import Letter, LetterGuidance, LetterPhrase
from tests.factories import make_letters, make_person
from tests.html import changelist_names, find_all, text_of

PEOPLE = "/admin/prisoners/person/"
GUIDANCE = "/admin/prisoners/letterguidance/"
LETTERS = "/admin/prisoners/letter/"


@pytest.fixture
def counted(db):
    """Three people with 0, 2 and 5 letters in the last four weeks, and old letters."""
    today = timezone.localdate()
    none = make_person(name_en="Anna None")
    two = make_person(name_en="Boris Two")
    five = make_person(name_en="Clara Five")
    make_letters(none, 4, sent_on=letters.recent_since(today) - datetime.timedelta(days=1))
    make_letters(two, 2)
    make_letters(five, 5, sent_on=letters.recent_since(today))
    return none, two, five


def editor(client) -> User:
    user = User.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_the_person_list_shows_and_sorts_by_the_letters_of_the_last_four_weeks(
    admin_client, counted
):
    html = admin_client.get(PEOPLE).content
    cells = [cell.text for cell in find_all(html, "td", class_="field-recent_letters")]
    assert cells == ["0", "2", "5"]
    assert "Letters, 4 weeks" in text_of(html)
    column = 7  # after the action checkbox, name, status, country, two flags, letters
    ordered = admin_client.get(PEOPLE, {"o": f"-{column - 1}"}).content
    assert changelist_names(ordered) == ["Clara Five", "Boris Two", "Anna None"]


@pytest.mark.parametrize(("value", "names"), [("none", ["Anna None"]),
                                              ("some", ["Boris Two", "Clara Five"])])  # fmt: skip
def test_the_person_list_filters_by_letters(admin_client, counted, value, names):
    html = admin_client.get(PEOPLE, {"letters": value}).content
    assert changelist_names(html) == names


@time_machine.travel("2026-11-24 12:00Z", tick=False)
def test_a_persons_page_counts_their_letters(admin_client, db):
    person = make_person()
    make_letters(person, 3, sent_on=datetime.date(2026, 11, 20))
    make_letters(person, 2, sent_on=datetime.date(2026, 10, 28))  # four weeks: from 27 Oct
    make_letters(person, 1, sent_on=datetime.date(2001, 1, 1))
    text = text_of(admin_client.get(f"{PEOPLE}{person.pk}/change/").content)
    assert "Letters sent through the site:" in text
    assert "This month: 3; last four weeks: 5; in all: 6." in text


def test_the_letters_are_read_only_even_for_a_superuser_who_may_delete_a_flood(
    admin_client, counted
):
    assert admin_client.get(LETTERS).status_code == 200
    assert admin_client.get(f"{LETTERS}add/").status_code == 403
    letter = Letter.objects.first()
    page = admin_client.get(f"{LETTERS}{letter.pk}/change/")
    assert page.status_code == 200
    assert not find_all(page.content, "input", type="submit", name="_save")
    response = admin_client.post(LETTERS, {"action": "delete_selected", "_selected_action":
                                           [letter.pk], "post": "yes"})  # fmt: skip
    assert response.status_code == 302
    assert not Letter.objects.filter(pk=letter.pk).exists()


def test_an_editor_sees_the_counts_but_cannot_change_or_delete_them(client, counted):
    editor(client)
    assert client.get(LETTERS).status_code == 200
    assert "field-recent_letters" in client.get(PEOPLE).content.decode()
    letter = Letter.objects.first()
    client.post(LETTERS, {"action": "delete_selected", "_selected_action": [letter.pk],
                          "post": "yes"})  # fmt: skip
    assert Letter.objects.filter(pk=letter.pk).exists()
    assert client.post(f"{LETTERS}{letter.pk}/delete/", {"post": "yes"}).status_code == 403


def test_an_editor_writes_the_guidance_in_each_language_with_its_history(client, db):
    user = editor(client)
    guidance = LetterGuidance.objects.get()
    page = client.get(f"{GUIDANCE}{guidance.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    for language in ("en", "be", "ru"):
        assert f'name="body_{language}"' in html
    phrases = list(guidance.phrases.all())
    data = {
        "body_en": "Write about **books**.", "body_be": "Пішыце пра кнігі.", "body_ru": "",
        "phrases-TOTAL_FORMS": str(len(phrases) + 1), "phrases-INITIAL_FORMS": str(len(phrases)),
        "phrases-MIN_NUM_FORMS": "0", "phrases-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for index, phrase in enumerate([*phrases, None]):
        prefix = f"phrases-{index}-"
        data |= {
            prefix + "id": phrase.pk if phrase else "",
            prefix + "guidance": guidance.pk,
            prefix + "position": phrase.position if phrase else 99,
            prefix + "text_ru": phrase.texts["ru"] if phrase else "Спасибо!",
            prefix + "text_be": phrase.texts["be"] if phrase else "Дзякуй!",
            prefix + "meaning_en": phrase.meaning_en if phrase else "Thank you!",
            prefix + "meaning_be": phrase.meaning_be if phrase else "",
            prefix + "meaning_ru": phrase.meaning_ru if phrase else "",
        }
    response = client.post(f"{GUIDANCE}{guidance.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    guidance.refresh_from_db()
    assert guidance.body_en == "Write about **books**."
    thanks = {"ru": "Спасибо!", "be": "Дзякуй!"}
    assert LetterPhrase.objects.filter(texts=thanks, meaning_en="Thank you!").exists()
    assert guidance.history.latest().history_user == user
    assert LetterPhrase.history.filter(texts=thanks).exists()
    assert client.get(f"{GUIDANCE}{guidance.pk}/history/").status_code == 200
    assert (
        "Write about <strong>books</strong>."
        in client.get("/en/prisoners/letters/").content.decode()
    )


def test_there_is_only_one_guidance(admin_client, db):
    assert LetterGuidance.objects.count() == 1  # written by the data migration
    assert admin_client.get(f"{GUIDANCE}add/").status_code == 403
    LetterGuidance.objects.all().delete()
    assert admin_client.get(f"{GUIDANCE}add/").status_code == 200


def test_the_name_on_the_envelope_is_edited_on_the_persons_page(admin_client, db):
    person = make_person()
    html = admin_client.get(f"{PEOPLE}{person.pk}/change/").content.decode()
    assert 'name="name_for_letters"' in html
