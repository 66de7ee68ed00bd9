"""Editors keep the mirrors in the admin, in their language: the list with the date each
was last checked (editable there), "Checked today" for several at once, history; and a
change reaches the public page and the next email at once."""

import datetime
import re

import pytest
import time_machine
from django.contrib.admin import helpers
from django.contrib.auth.models import Group, User

from mirrors.models import Kind, Mirror
from tests.html import text_of
from tests.mirrors.conftest import ONION
from tests.staff.test_admin_language import untranslated

pytestmark = pytest.mark.django_db


# Names and data, not the interface's words: the addresses themselves, and the kinds
# that are names in every language (the onion service is "Onion-сэрвіс").
NAMES = re.compile(r"\S+://\S+|\bIPFS\b|\bOnion\b|\bTor Browser\b|https?|ipfs|onion")


def interface_in_english(page) -> list[str]:
    return [text for text in untranslated(page) if re.search("[A-Za-z]{2,}", NAMES.sub("", text))]


@pytest.fixture
def editor(client):
    user = User.objects.create_user("editor", password="a long enough password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["be", "ru"])
def test_the_pages_load_for_an_editor_in_their_language(editor, mirrors, language):
    editor.cookies["django_language"] = language
    mirror = mirrors["web"]
    mirror.last_checked = datetime.date(2025, 4, 1)
    mirror.save()  # a second version, for the history
    for url in [
        "/admin/",
        "/admin/mirrors/mirror/",
        "/admin/mirrors/mirror/add/",
        f"/admin/mirrors/mirror/{mirror.pk}/change/",
        f"/admin/mirrors/mirror/{mirror.pk}/history/",
    ]:
        page = editor.get(url)
        assert page.status_code == 200, url
        assert interface_in_english(page) == [], url


def test_the_list_shows_the_addresses_and_their_last_check(editor, mirrors):
    text = text_of(editor.get("/admin/mirrors/mirror/?kind__exact=onion").content)
    assert ONION in text
    assert "mirror.example.net" not in text
    text = text_of(editor.get("/admin/mirrors/mirror/?q=newsroom").content)
    assert "mirror.example.net" in text


@time_machine.travel(datetime.datetime(2025, 5, 9, 12, tzinfo=datetime.UTC))
def test_checked_today_dates_the_chosen_ones(editor, mirrors, settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert "2025-03-14" in editor.get("/en/mirrors/").content.decode()
    chosen = [mirrors["web"].pk, mirrors["onion"].pk]
    response = editor.post(
        "/admin/mirrors/mirror/",
        {"action": "checked_today", helpers.ACTION_CHECKBOX_NAME: chosen},
        follow=True,
    )
    assert "2 addresses marked as checked today." in text_of(response.content)
    assert set(Mirror.objects.filter(pk__in=chosen).values_list("last_checked", flat=True)) == {
        datetime.date(2025, 5, 9)
    }
    editor.logout()  # a visitor, served from the page cache if it were still there
    assert "2025-05-09" in editor.get("/en/mirrors/").content.decode()


def test_an_editor_adds_a_mirror_and_the_next_email_has_it(editor, db):
    from mirrors.templatetags.mirrors import mirror_addresses_for_email

    assert "https://new.example.net/" not in mirror_addresses_for_email()
    response = editor.post(
        "/admin/mirrors/mirror/add/",
        {"kind": Kind.WEB, "address": " https://new.example.net/ ", "is_listed": "on",
         "position": "0", "note_en": "", "note_be": "", "note_ru": ""},
    )  # fmt: skip
    assert response.status_code == 302, text_of(response.content)
    assert Mirror.objects.get().address == "https://new.example.net/"
    assert "https://new.example.net/" in mirror_addresses_for_email()


def test_a_wrong_onion_address_is_refused_in_words(editor, db):
    response = editor.post(
        "/admin/mirrors/mirror/add/",
        {"kind": Kind.ONION, "address": "http://short.onion", "position": "0"},
    )
    assert response.status_code == 200
    assert "then 56 letters and digits, then .onion" in text_of(response.content)
    assert not Mirror.objects.exists()
