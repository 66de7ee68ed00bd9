"""campaigns.csv: every public campaign and its totals, one a row; counts only."""

import csv
import io

import pytest

from campaigns.models import CampaignStatus
from tests.factories import make_campaign, make_confirmed, make_signature

URL = "/api/v1/campaigns.csv"


def rows_of(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_each_public_campaign_is_a_row_with_the_totals_its_page_shows(client, db):
    open_campaign = make_campaign(slug="open-one", title_be="Вызваліце іх", offline_signatures=40)
    for _ in range(3):
        make_confirmed(open_campaign, country="BY")
    make_signature(open_campaign)  # not confirmed: not counted
    make_campaign(slug="won-one", status=CampaignStatus.WON)
    make_campaign(slug="draft-one", status=CampaignStatus.DRAFT)

    rows = {row["slug"]: row for row in rows_of(client.get(URL))}

    assert set(rows) == {"open-one", "won-one"}
    row = rows["open-one"]
    stats = open_campaign.stats()
    assert (row["total"], row["confirmed_online"], row["offline"]) == (
        str(stats.total), "3", "40",
    )  # fmt: skip
    assert stats.total == 43
    assert (row["title_be"], row["status"], row["goal"]) == ("Вызваліце іх", "open", "1000")
    assert row["url"] == f"http://testserver{open_campaign.get_absolute_url()}"
    assert rows["won-one"]["status"] == "won" and rows["won-one"]["total"] == "0"


def test_no_signer_data_is_in_it(client, db):
    campaign = make_campaign()
    make_confirmed(campaign, name="Secret Signer", email="secret@example.org",
                   comment="Private words", ip_hash="a1b2c3d4e5f6")  # fmt: skip
    text = client.get(URL).content.decode()

    for secret in ["secret@example.org", "Secret Signer", "Private words", "a1b2c3d4e5f6", "@"]:
        assert secret not in text


@pytest.mark.parametrize("campaigns", [1, 8])
def test_it_takes_one_query_whatever_the_number_of_campaigns(
    client, db, django_assert_num_queries, campaigns
):
    for _ in range(campaigns):
        make_confirmed(make_campaign())
    with django_assert_num_queries(1):
        response = client.get(URL)
    assert len(rows_of(response)) == campaigns
    assert response["Access-Control-Allow-Origin"] == "*"
