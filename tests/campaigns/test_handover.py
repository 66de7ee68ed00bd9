"""The handover pack: the appeal in the chosen language, the total, signatures by country
(small countries merged), the dates it ran and the public names of only those who chose
to show them; as a printable page and a PDF. Never an address. Only for staff with its
own permission, and each download is logged."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from campaigns.handover import handover_pack, handover_pdf
from tests.factories import make_campaign, make_confirmed, staff_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(db):
    campaign = make_campaign(
        title="Free Maria Kalesnikava", title_ru="Свободу Марии Колесниковой",
        appeal_ru="Мы требуем **освободить** её.", offline_signatures=40,
        opens_at=timezone.now() - datetime.timedelta(days=30),
    )  # fmt: skip
    for n in range(6):
        make_confirmed(campaign, name=f"Polish Signer{n}", email=f"pl{n}@example.org",
                       country="PL", show_name_publicly=n < 2)  # fmt: skip
    make_confirmed(campaign, name="Lone Icelander", email="is@example.org", country="IS",
                   show_name_publicly=True)  # fmt: skip
    return campaign


def url(campaign, **query) -> str:
    base = reverse("admin:campaigns_campaign_handover", args=[campaign.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_pack_holds_totals_merged_countries_and_only_chosen_public_names(campaign):
    pack = handover_pack(campaign, "en")
    assert pack.total == 47
    assert (pack.online, pack.offline) == (7, 40)
    assert pack.by_country == [("Poland", 6), ("Other countries", 1)]
    assert pack.names == ["Polish S.", "Polish S.", "Lone I."]
    assert pack.closed is None


def test_the_printable_page_is_in_the_chosen_language_and_shows_no_address(
    client, campaign, django_user_model
):
    client.force_login(staff_with(django_user_model, "manager", "view_campaign",
                                  "download_handover"))  # fmt: skip
    response = client.get(url(campaign, language="ru"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="ru"' in page
    assert "Свободу Марии Колесниковой" in page
    assert "<strong>освободить</strong>" in page
    assert "Lone I." in page
    assert "Lone Icelander" not in page
    assert "@example.org" not in page
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_is_a_pdf_with_cyrillic_and_no_address(client, campaign, django_user_model):
    client.force_login(staff_with(django_user_model, "manager", "view_campaign",
                                  "download_handover"))  # fmt: skip
    response = client.get(url(campaign, language="ru", format="pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert b"example.org" not in response.content
    # The Cyrillic title is in the document's metadata, as UTF-16 in hex.
    title = "Свободу Марии Колесниковой".encode("utf-16-be").hex()
    assert f"/Title <feff{title}>".encode() in response.content
    assert b"DejaVu" in response.content  # the font with Cyrillic, embedded


def test_each_language_draws_a_pdf(campaign):
    for language in ("en", "be", "ru"):
        assert handover_pdf(handover_pack(campaign, language)).startswith(b"%PDF-")


def test_it_needs_its_own_permission_and_each_download_is_logged(
    client, campaign, django_user_model
):
    client.force_login(staff_with(django_user_model, "viewer", "view_campaign"))
    assert client.get(url(campaign)).status_code == 403
    change = client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    assert "handover" not in change.content.decode()

    manager = staff_with(django_user_model, "manager", "view_campaign", "download_handover")
    client.force_login(manager)
    client.get(url(campaign, language="be", format="pdf"))
    (entry,) = LogEntry.objects.filter(user=manager)
    assert entry.object_id == str(campaign.pk)
    assert "handover pack (PDF, be)" in entry.change_message


def test_an_unknown_language_or_campaign_is_not_a_500(client, campaign, django_user_model):
    client.force_login(staff_with(django_user_model, "manager", "view_campaign",
                                  "download_handover"))  # fmt: skip
    assert client.get(url(campaign, language="xx")).status_code == 200
    missing = reverse("admin:campaigns_campaign_handover", args=[999999])
    assert client.get(missing).status_code in (302, 404)


def test_every_kind_of_markdown_in_an_appeal_draws_in_cyrillic(db):
    appeal = (
        "## Требование\n\nМы *требуем* **освободить** её: `статья 342`.\n\n"
        "> Цитата\n\n- один\n- два\n\n1. первый\n\n[ссылка](https://example.org)\n\n"
        "```\nкод\n```\n"
    )
    campaign = make_campaign(appeal_ru=appeal)
    assert handover_pdf(handover_pack(campaign, "ru")).startswith(b"%PDF-")
