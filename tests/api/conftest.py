import datetime
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.utils import timezone

from mirrors.models import Kind
from prisoners.dates import Precision
from prisoners.models import (
    ArticleStage,
    CaseArticle,
    CriminalArticle,
    Event,
    PenaltyKind,
    Quote,
    Recognition,
    Status,
    Stay,
    Verdict,
)
from tests.factories import (
    make_campaign,
    make_confirmed,
    make_letters,
    make_person,
    make_place,
    make_source,
)
from tests.mirrors.conftest import make_mirror


def synthetic_open_data() -> dict[str, str]:
    """Synthetic people with full records (every kind of entry, dates of every precision,
    texts in some languages only), a campaign with signatures from a country counted alone
    and from countries grouped together, letters, mirrors and a draft of each: the slugs
    of the published person and campaign with the most data, and of the drafts."""
    source = make_source(
        publisher="Synthetic News", url="https://news.example.org/1",
        published_on=datetime.date(2021, 3, 1), published_on_precision=Precision.MONTH,
    )  # fmt: skip
    place = make_place(name_be="Калонія", region_en="Gomel", region_ru="Гомель")
    person = make_person(
        sources=[source], name_be="Асоба Першая", gender="female", status=Status.SENTENCED,
        arrested_on=datetime.date(2020, 8, 9), arrested_on_precision=Precision.DAY,
        sentenced_on=datetime.date(2021, 5, 1), sentenced_on_precision=Precision.MONTH,
        charge_en="Organising riots", other_spellings="Asoba Pershaya\nAsoba Piershaja",
    )  # fmt: skip
    verdict = Verdict.objects.create(person=person, date=datetime.date(2021, 1, 1),
                                     date_precision=Precision.YEAR, court_en="Gomel Regional Court",
                                     penalty_kind=PenaltyKind.COLONY_GENERAL, term_en="5 years",
                                     term_months=60)  # fmt: skip
    article = CriminalArticle.objects.create(
        country="BY", article="342", part="1", title_en="Gross violation of public order"
    )
    stay = Stay.objects.create(person=person, place=place, started_on=datetime.date(2021, 6, 1),
                               started_on_precision=Precision.MONTH)  # fmt: skip
    entries = [
        verdict,
        stay,
        CaseArticle.objects.create(person=person, article=article, stage=ArticleStage.CONVICTED),
        Recognition.objects.create(
            person=person,
            organisation_en="Viasna",
            date=datetime.date(2020, 9, 1),
            date_precision=Precision.DAY,
            statement_url="https://viasna.example.org/1",
        ),  # fmt: skip
        Event.objects.create(
            person=person,
            title_en="Arrested at a march",
            date=datetime.date(2020, 8, 9),
            date_precision=Precision.DAY,
        ),  # fmt: skip
    ]
    for entry in entries:
        entry.sources.set([source])
    Quote.objects.create(person=person, speaker=person, text_en="We will be free.",
                         text_ru="Мы будем свободны.", source=source)  # fmt: skip
    person.refresh_record()
    make_person(status=Status.RELEASED_EXILED, released_on=datetime.date(2025, 6, 21),
                place_of_detention="Penal colony No. 3", gender="male")  # fmt: skip
    make_person(status=Status.DETAINED, country="", arrested_on=datetime.date(2024, 1, 1),
                arrested_on_precision=Precision.YEAR, is_incommunicado=True)  # fmt: skip
    draft = make_person(is_published=False)
    make_letters(person, 3)
    make_letters(person, 1, sent_on=timezone.localdate() - datetime.timedelta(days=60))

    campaign = make_campaign(
        prisoners=[person, draft], title_be="Вызваліце іх", offline_signatures=12,
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )  # fmt: skip
    for _ in range(5):
        make_confirmed(campaign, country="PL")
    make_confirmed(campaign, country="BY")
    make_confirmed(campaign, country="LT")
    make_campaign(status="closed")
    draft_campaign = make_campaign(status="draft")

    make_mirror(address="https://mirror.example.net/", last_checked=datetime.date(2025, 3, 14),
                note_en="Hosted by a friendly newsroom.")  # fmt: skip
    make_mirror(kind=Kind.ONION, address="http://" + "a2b3c4d5e6f7" * 4 + "abcdefgh.onion")
    return {
        "person": person.slug,
        "campaign": campaign.slug,
        "draft_person": draft.slug,
        "draft_campaign": draft_campaign.slug,
        # The recognition above, dated to the day; and a month of the right form before
        # any fact, which has no report.
        "month": "2020-09",
        "no_month": "1900-01",
    }


@pytest.fixture(scope="module")
def open_data(django_db_setup, django_db_blocker) -> Iterator[dict[str, str]]:
    """synthetic_open_data(), written once for a module's tests (each test runs in a
    transaction of its own inside this one) and rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield synthetic_open_data()
        transaction.set_rollback(True)
