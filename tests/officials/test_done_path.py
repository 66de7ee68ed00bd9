"""Issue 33's "done when", from the database `make run` leaves: staff add a "write to an
official" action with two officials to the fixture campaign; a visitor opens the
campaign, writes to one official (the mailto: link carries the letter in the visitor's
language), says "I sent it", and sees the count rise on the campaign's page, with page
caching on as in production. The officials and letters are synthetic."""

import time
from urllib.parse import parse_qs, urlsplit

from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign
from core import cache_keys
from officials.models import LetterToOfficial, Official
from prisoners.models import Source
from tests.html import find_all, form_data, text_of

SLUG = "say-the-word-free-belarus-political-prisoners"


def add_official(admin_client, source: Source, **fields) -> Official:
    blank = ["position_en", "position_be", "position_ru", "name_be", "name_ru", "email",
             "postal_address"]  # fmt: skip
    data = dict.fromkeys(blank, "") | {"source": source.pk} | fields
    response = admin_client.post(reverse("admin:officials_official_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Official.objects.get(name_en=fields["name_en"])


def campaign_page(client: Client, language: str = "ru"):
    return client.get(f"/{language}/campaigns/{SLUG}/")


def test_staff_add_officials_and_a_visitor_writes_and_is_counted(
    seeded, admin_client, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 30
    campaign = Campaign.objects.get(slug=SLUG)
    source = Source.objects.first()

    # Staff: two officials, then the letter to them on the campaign's own admin page.
    prosecutor = add_official(
        admin_client, source, name_en="Prosecutor Example (synthetic)",
        position_en="Prosecutor", email="prosecutor@example.org",
    )  # fmt: skip
    head = add_official(
        admin_client, source, name_en="Head Example (synthetic)",
        position_en="Head of a colony", postal_address="1 Example Street\nExample Town",
    )  # fmt: skip
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    page = admin_client.get(url)
    assert "write to an official" in text_of(page.content).lower()
    data = form_data(page.content, "campaign_form")
    data |= {
        "official_letters-TOTAL_FORMS": "1",
        "official_letters-0-subject_en": "Release them",
        "official_letters-0-subject_be": "Вызваліце іх",
        "official_letters-0-subject_ru": "Освободите их",
        "official_letters-0-body_en": "Dear Sir,\r\nRelease them.",
        "official_letters-0-body_be": "Паважаны спадар,\r\nвызваліце іх.",
        "official_letters-0-body_ru": "Уважаемый господин,\r\nосвободите их.",
        "official_letters-0-officials": [str(prosecutor.pk), str(head.pk)],
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    (letter,) = campaign.official_letters.all()
    assert set(letter.officials.all()) == {prosecutor, head}

    # A visitor, in Russian: the campaign offers to write to both officials.
    visitor = Client(REMOTE_ADDR="198.51.100.7")
    html = campaign_page(visitor).content
    write = f"/ru/campaigns/{SLUG}/write/{letter.pk}/{prosecutor.pk}/"
    assert find_all(html, "a", href=write)
    assert find_all(html, "a", href=f"/ru/campaigns/{SLUG}/write/{letter.pk}/{head.pk}/")
    assert "0 писем отправлено" in text_of(html)

    official_page = visitor.get(write).content
    (mailto,) = [a.attrs["href"] for a in find_all(official_page, "a")
                 if a.attrs.get("href", "").startswith("mailto:")]  # fmt: skip
    query = parse_qs(urlsplit(mailto).query)
    assert query["subject"] == ["Освободите их"]
    assert query["body"] == ["Уважаемый господин,\r\nосвободите их."]

    (form,) = find_all(official_page, "form", action=write + "sent/")
    response = visitor.post(form.attrs["action"], headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302
    assert LetterToOfficial.objects.filter(official=prosecutor).count() == 1

    # Within the live total's lag, the campaign's page shows the letter.
    later = time.time() + cache_keys.live_seconds() + 1
    monkeypatch.setattr(time, "time", lambda: later)
    text = text_of(campaign_page(Client()).content)
    assert "1 письмо отправлено" in text
    (table,) = find_all(campaign_page(Client()).content, "table", class_="written-to")
    assert "Prosecutor Example (synthetic)" in table.text
    assert "Head Example" not in table.text
