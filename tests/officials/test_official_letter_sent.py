""" "I sent it": one press counts a letter to an official, once per visitor and official
within its rate limit, none from a blocked address, and keeps nothing about the
visitor."""

import pytest
from django.db import connection
from django.test import Client

from campaigns import blocklists
from campaigns.models import BlockedAddress
from core import rate_limits
from core.network import ip_hash, stored_ip_hash
from officials import actions
from officials.models import LetterToOfficial
from tests.html import find_all, text_of
from tests.officials.conftest import page_url


def press(letter, official, *, ip="198.51.100.7", htmx=False):
    headers = {"Sec-Fetch-Site": "same-origin"}
    if htmx:
        headers["HX-Request"] = "true"
    return Client(REMOTE_ADDR=ip).post(page_url(letter, official) + "sent/", headers=headers)


def test_one_press_counts_one_letter_and_thanks_the_visitor(letter, prosecutor):
    response = press(letter, prosecutor)
    assert response.status_code == 302
    assert response["Location"] == page_url(letter, prosecutor) + "thanks/"
    assert LetterToOfficial.objects.filter(letter=letter, official=prosecutor).count() == 1
    thanks = Client().get(response["Location"])
    assert "your letter to Prosecutor Example (synthetic) is counted" in text_of(thanks.content)


def test_with_htmx_the_thanks_and_the_new_count_replace_the_button(letter, prosecutor):
    Client().get(page_url(letter, prosecutor))  # the count is cached: the press forgets it
    response = press(letter, prosecutor, htmx=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    (fragment,) = find_all(html, "div", id="official-sent")
    assert "1 letter sent to Prosecutor Example (synthetic)" in fragment.text
    assert "is counted" in fragment.text


def test_the_form_works_without_javascript(client, letter, prosecutor):
    html = client.get(page_url(letter, prosecutor)).content
    (form,) = find_all(html, "form", action=page_url(letter, prosecutor) + "sent/")
    assert form.attrs["method"] == "post"
    assert form.attrs["hx-post"] == page_url(letter, prosecutor) + "sent/"


def test_a_post_from_another_site_is_refused(letter, prosecutor):
    response = Client(REMOTE_ADDR="198.51.100.7").post(
        page_url(letter, prosecutor) + "sent/", headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert not LetterToOfficial.objects.exists()


def test_a_visitor_is_counted_once_per_official(letter, prosecutor, head):
    press(letter, prosecutor)
    press(letter, prosecutor)
    press(letter, head)
    press(letter, prosecutor, ip="203.0.113.9")
    assert LetterToOfficial.objects.filter(official=prosecutor).count() == 2
    assert LetterToOfficial.objects.filter(official=head).count() == 1


def test_too_many_letters_from_one_address_are_refused_with_a_wait(
    letter, prosecutor, head, monkeypatch
):
    monkeypatch.setattr(actions, "LETTERS_PER_IP", rate_limits.Limit(1, 3600))
    assert press(letter, prosecutor).status_code == 302
    response = press(letter, head)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please try again in" in text_of(response.content)
    assert press(letter, head, htmx=True).status_code == 429
    assert LetterToOfficial.objects.count() == 1


@pytest.fixture
def blocked_visitor(db):
    """198.51.100.7 on the staff's block list, which each process keeps in memory: read
    again now, and forgotten after the test."""
    BlockedAddress.objects.create(ip_hash=stored_ip_hash(ip_hash("198.51.100.7")), note="synthetic")
    blocklists.forget()
    yield
    blocklists.forget()


def test_a_blocked_address_is_thanked_and_not_counted(letter, prosecutor, blocked_visitor):
    assert press(letter, prosecutor).status_code == 302
    assert not LetterToOfficial.objects.exists()


def test_nothing_about_the_visitor_is_stored(letter, prosecutor):
    press(letter, prosecutor)
    columns = {column.name for column in connection.introspection.get_table_description(
        connection.cursor(), LetterToOfficial._meta.db_table)}  # fmt: skip
    assert columns == {"id", "letter_id", "official_id", "sent_on"}
