"""Staff keep the officials and the letters to them, in their language; a campaign's
admin page adds a letter with its officials (the inline the kind declares)."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from officials.models import LetterToOfficial
from tests.html import text_of
from tests.staff.test_admin_language import untranslated


@pytest.fixture
def editor(client, db):
    user = User.objects.create_user("editor", password="x", is_staff=True)  # noqa: S106
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["be", "ru"])
def test_the_pages_load_for_an_editor_in_their_language(editor, letter, prosecutor, language):
    editor.cookies["django_language"] = language
    for url in (
        reverse("admin:officials_official_changelist"),
        reverse("admin:officials_official_add"),
        reverse("admin:officials_official_change", args=[prosecutor.pk]),
        reverse("admin:officials_officialletter_changelist"),
        reverse("admin:officials_officialletter_change", args=[letter.pk]),
        reverse("admin:campaigns_campaign_change", args=[letter.campaign.pk]),
    ):
        page = editor.get(url)
        assert page.status_code == 200, url
        assert page.headers["Content-Language"] == language
        # The synthetic rows are written in English; nothing else is.
        data = (
            "xample",
            "ynthetic",
            "Release",
            "Sir or Madam",
            "Free Maria",
            "Prosecutor",
            "Report number",
        )
        assert [t for t in untranslated(page) if not any(d in t for d in data)] == [], url


def test_the_lists_count_the_letters_sent(admin_client, letter, prosecutor):
    LetterToOfficial.objects.create(letter=letter, official=prosecutor)
    text = text_of(admin_client.get(reverse("admin:officials_official_changelist")).content)
    assert "Prosecutor Example (synthetic)" in text
    text = text_of(admin_client.get(reverse("admin:officials_officialletter_changelist")).content)
    assert "Release the prisoners of case 1" in text


def test_an_official_without_any_address_is_refused(admin_client, prosecutor):
    data = {"name_en": "Nobody (synthetic)", "position_en": "Clerk", "email": "",
            "postal_address": "", "source": prosecutor.source.pk}  # fmt: skip
    response = admin_client.post(reverse("admin:officials_official_add"), data)
    assert response.status_code == 200
    assert "Give a postal address, an email address, or both." in text_of(response.content)
