"""Synthetic officials and letters (no real person's address): "Prosecutor Example" and
"Head Example", whose addresses cite a synthetic source."""

import pytest

from campaigns.models import Campaign
from officials.models import Official, OfficialLetter
from tests.factories import make_campaign, make_source


def make_official(**fields) -> Official:
    defaults = {
        "name_en": "Prosecutor Example (synthetic)",
        "position_en": "Prosecutor of an example region",
        "email": "prosecutor@example.org",
        "postal_address": "1 Example Street\n000000 Example Town",
    }
    if "source" not in fields:
        fields["source"] = make_source(title="Synthetic directory of officials")
    return Official.objects.create(**(defaults | fields))


def make_letter(campaign: Campaign, officials: list[Official], **fields) -> OfficialLetter:
    defaults = {
        "subject_en": "Release the prisoners of case 1",
        "body_en": "Dear Sir or Madam,\nI ask you to release them & to let them write home.\n",
        "subject_ru": "Освободите заключённых по делу 1",
        "body_ru": "Уважаемый господин,\nпрошу вас освободить их.\n",
        "subject_be": "Вызваліце зняволеных па справе 1",
        "body_be": "Паважаны спадар,\nпрашу вас вызваліць іх.\n",
    }
    letter = OfficialLetter.objects.create(campaign=campaign, **(defaults | fields))
    letter.officials.set(officials)
    return letter


@pytest.fixture
def campaign(db) -> Campaign:
    return make_campaign(slug="free-maria", title="Free Maria Kalesnikava")


@pytest.fixture
def prosecutor(db) -> Official:
    return make_official()


@pytest.fixture
def head(db) -> Official:
    return make_official(
        name_en="Head Example (synthetic)",
        position_en="Head of an example colony",
        email="",
        postal_address="2 Example Road\n000001 Example Village",
    )


@pytest.fixture
def letter(campaign, prosecutor, head) -> OfficialLetter:
    return make_letter(campaign, [prosecutor, head])


def page_url(letter: OfficialLetter, official: Official, language: str = "en") -> str:
    return f"/{language}/campaigns/{letter.campaign.slug}/write/{letter.pk}/{official.pk}/"
