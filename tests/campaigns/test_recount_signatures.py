"""The weekly check of the counter rows against a COUNT of confirmed signatures."""

import io

from django.core.management import call_command
from django.utils import timezone

from campaigns.models import SignatureTally
from tests.factories import make_campaign, make_confirmed, make_signature


def recount(*args) -> str:
    out = io.StringIO()
    call_command("recount_signatures", *args, stdout=out)
    return out.getvalue()


def test_it_reports_nothing_when_the_counters_agree(db):
    campaign = make_campaign()
    for _ in range(3):
        make_confirmed(campaign)
    assert recount() == "0 campaigns drifting\n"


def test_it_reports_and_fixes_drift(db):
    campaign = make_campaign(slug="free-maria")
    for _ in range(3):
        make_confirmed(campaign, country="PL")
    SignatureTally.objects.filter(campaign=campaign).update(confirmed=0)
    assert recount() == "free-maria: counter 0, rows 3\n1 campaigns drifting\n"
    assert campaign.confirmed_online() == 0
    assert recount("--fix").endswith("1 campaigns drifting (fixed)\n")
    assert campaign.confirmed_online() == 3
    assert recount() == "0 campaigns drifting\n"


def test_it_fixes_signatures_that_were_never_given_a_shard(db):
    campaign = make_campaign()
    now = timezone.now()
    make_signature(campaign, country="PL", confirmed_at=now, tally_shard=0)
    make_signature(campaign, country="PL", confirmed_at=now, tally_shard=None)
    SignatureTally.objects.create(campaign=campaign, country="PL", shard=0, confirmed=1)
    recount("--fix")
    assert campaign.confirmed_online() == 2
