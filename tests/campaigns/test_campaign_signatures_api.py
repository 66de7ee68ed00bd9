"""A campaign's signatures over time as open data (/api/v1/campaigns/<slug>/signatures/
and signatures.csv), and as a chart on the campaign page: confirmed signatures per hour
and per day in UTC, countries with fewer than 5 together, read from the counter rows in
a constant number of queries, and nothing about any signer."""

import csv
import datetime
import io
import json

import pytest
import time_machine
from django.urls import reverse

from campaigns import services
from campaigns.models import CampaignStatus, SignatureTally
from tests.factories import make_campaign, make_confirmed, sign_urls
from tests.html import find_all, find_inside, parse

START = datetime.datetime(2026, 11, 30, 9, 30, tzinfo=datetime.UTC)


def json_url(campaign) -> str:
    return reverse("api:campaign-signatures", kwargs={"slug": campaign.slug})


def csv_url(campaign) -> str:
    return reverse("api:campaign-signatures-csv", kwargs={"slug": campaign.slug})


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def campaign(db):
    """Free Maria, signed from Germany (6), Lithuania (2) and Poland (1) over two days:
    at 09:30 and 11:30 UTC on 30 November, and at 09:30 on 2 December."""
    campaign = make_campaign(slug="free-maria")
    number = 0
    for hours, signers in [(0, ["DE", "DE", "LT"]), (2, ["DE", "DE", "PL"]), (48, ["DE"] * 2)]:
        with time_machine.travel(START + datetime.timedelta(hours=hours), tick=False):
            for country in signers:
                number += 1
                make_confirmed(campaign, country=country, name="Secret Signer",
                               email=f"secret{number}@example.org", comment="Private words",
                               show_name_publicly=True, ip_hash="a1b2c3d4e5f6")  # fmt: skip
    make_confirmed(campaign, country="LT", email="other@example.org")
    return campaign


def test_it_gives_the_signatures_per_hour_and_per_day_in_utc(client, campaign):
    response = client.get(json_url(campaign))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=30" in response["Cache-Control"]
    body = response.json()
    assert body["timezone"] == "UTC"
    assert body["total"] == 9
    assert body["countries"] == ["DE"]
    assert body["min_country_count"] == 5
    today = body["hours"][-1]["start"]  # the last signature, confirmed at the test's time
    assert body["hours"][:3] == [
        {"start": "2026-11-30T09:00:00Z", "total": 3, "by_country": {"DE": 2, "": 1}},
        {"start": "2026-11-30T11:00:00Z", "total": 3, "by_country": {"DE": 2, "": 1}},
        {"start": "2026-12-02T09:00:00Z", "total": 2, "by_country": {"DE": 2}},
    ]
    # The hours and days with none are left out.
    assert [day["start"] for day in body["days"]][:2] == ["2026-11-30", "2026-12-02"]
    assert body["days"][0] == {"start": "2026-11-30", "total": 6, "by_country": {"DE": 4, "": 2}}
    assert today.endswith(":00:00Z")
    assert body["campaign"].endswith("/api/v1/campaigns/free-maria/")
    assert body["csv_url"].endswith("/api/v1/campaigns/free-maria/signatures.csv")


def test_the_series_sums_to_the_campaigns_confirmed_total(client, campaign):
    detail = client.get(reverse("api:campaign", kwargs={"slug": campaign.slug})).json()
    body = client.get(json_url(campaign)).json()
    total = detail["signatures"]["confirmed_online"]
    assert total == 9
    assert sum(hour["total"] for hour in body["hours"]) == total
    assert sum(day["total"] for day in body["days"]) == total
    by_country = {}
    for day in body["days"]:
        assert sum(day["by_country"].values()) == day["total"]
        for country, n in day["by_country"].items():
            by_country[country] = by_country.get(country, 0) + n
    # The same grouping as the campaign's totals by country.
    assert by_country == detail["signatures"]["by_country"]


def test_a_withdrawal_leaves_the_series_summing_to_the_total(
    client, campaign, django_capture_on_commit_callbacks
):
    client.get(json_url(campaign))  # cached
    signature = campaign.signatures.filter(country="PL").get()
    with django_capture_on_commit_callbacks(execute=True):
        services.signature_withdraw(signature_id=signature.pk)
    body = client.get(json_url(campaign)).json()
    assert body["total"] == campaign.confirmed_online() == 8
    assert body["hours"][1] == {
        "start": "2026-11-30T11:00:00Z", "total": 2, "by_country": {"DE": 2}
    }  # fmt: skip


def test_the_csv_has_a_row_per_hour_or_day_and_country(client, campaign):
    response = client.get(csv_url(campaign))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "signatures-over-time-free-maria.csv" in response["Content-Disposition"]
    assert response["Access-Control-Allow-Origin"] == "*"
    header = response.content.decode().splitlines()[0]
    assert header == "interval,start,total,country,signatures"
    rows = csv_rows(response)
    assert rows[:2] == [
        {"interval": "hour", "start": "2026-11-30T09:00:00Z", "total": "3", "country": "DE",
         "signatures": "2"},
        {"interval": "hour", "start": "2026-11-30T09:00:00Z", "total": "3", "country": "",
         "signatures": "1"},
    ]  # fmt: skip
    for interval in ("hour", "day"):
        assert sum(int(row["signatures"]) for row in rows if row["interval"] == interval) == 9
    assert {"interval": "day", "start": "2026-12-02", "total": "2", "country": "DE",
            "signatures": "2"} in rows  # fmt: skip


@pytest.mark.parametrize("name", ["campaign-signatures", "campaign-signatures-csv"])
def test_only_public_campaigns_have_a_series(client, db, name):
    draft = make_campaign(slug="not-yet", status=CampaignStatus.DRAFT)
    make_confirmed(draft)
    assert client.get(reverse(f"api:{name}", kwargs={"slug": "not-yet"})).status_code == 404
    assert client.get(reverse(f"api:{name}", kwargs={"slug": "no-such"})).status_code == 404
    make_campaign(slug="closed", status=CampaignStatus.CLOSED)
    assert client.get(reverse(f"api:{name}", kwargs={"slug": "closed"})).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/campaigns/" + "a" * 5000 + "/signatures/",
        "/api/v1/campaigns/%00/signatures.csv",
        "/api/v1/campaigns/free-maria/signatures.json",
    ],
)
def test_a_bad_address_is_not_found(client, db, path):
    assert client.get(path).status_code == 404


def test_a_campaign_with_no_signature_has_an_empty_series(client, db):
    campaign = make_campaign()
    body = client.get(json_url(campaign)).json()
    assert (body["total"], body["hours"], body["days"], body["countries"]) == (0, [], [], [])
    assert client.get(csv_url(campaign)).content.decode().strip() == (
        "interval,start,total,country,signatures"
    )


def test_no_signer_data_is_ever_published(client, campaign):
    for url in (json_url(campaign), csv_url(campaign)):
        text = client.get(url).content.decode()
        for secret in ["secret", "Secret Signer", "Private words", "a1b2c3d4e5f6",
                       "@", "LT", "PL"]:  # fmt: skip
            assert secret not in text


@pytest.mark.parametrize("hours", [1, 40])
def test_it_costs_the_same_queries_however_many_hours(client, db, django_assert_num_queries, hours):
    campaign = make_campaign()
    for hour in range(hours):
        for country in ("DE", "PL", "LT", "FR", ""):
            SignatureTally.objects.add(
                campaign_id=campaign.pk, country=country, shard=hour % 8,
                confirmed_at=START + datetime.timedelta(hours=hour * 7), delta=hour + 1,
            )  # fmt: skip
    # The campaign, then its hourly counter rows.
    with django_assert_num_queries(2):
        body = client.get(json_url(campaign)).json()
    assert len(body["hours"]) == hours
    # The series is then cached: the CSV needs only the campaign.
    with django_assert_num_queries(1):
        rows = csv_rows(client.get(csv_url(campaign)))
    assert (
        sum(int(row["signatures"]) for row in rows if row["interval"] == "hour") == (body["total"])
    )


def test_the_campaign_json_and_page_link_the_series(client, campaign):
    detail = client.get(reverse("api:campaign", kwargs={"slug": campaign.slug})).json()
    assert detail["signatures"]["over_time_url"].endswith(json_url(campaign))
    assert detail["signatures"]["over_time_csv_url"].endswith(csv_url(campaign))
    html = client.get(sign_urls(campaign)["detail"]).content.decode()
    links = {a.attrs["href"] for a in find_all(html, "a")}
    assert {json_url(campaign), csv_url(campaign)} <= links


def test_the_campaign_page_draws_the_signatures_per_day_with_a_table(client, campaign):
    html = client.get(sign_urls(campaign)["detail"]).content.decode()
    (svg,) = find_all(html, "svg", role="img")
    elements = parse(html)
    labelled_by = svg.attrs["aria-labelledby"].split()
    ids = {element.attrs.get("id"): element for element in elements}
    assert ids[labelled_by[0]].tag == "title"
    assert ids[labelled_by[0]].text == "Signatures per day"
    assert ids[labelled_by[1]].tag == "desc"
    (details,) = find_all(html, "details", class_="chart__table")
    cells = find_inside(html, {"tag": "section", "class": "chart"}, "td")
    headers = find_inside(html, {"tag": "section", "class": "chart"}, "th")
    assert [th.attrs.get("scope") for th in headers][:2] == ["col", "col"]
    # Every day from the first signature's to the last's; the total at the end.
    figures = [int(td.text) for td in cells]
    assert figures[:3] == [6, 0, 2]
    assert sum(figures) == 9
    assert "Nov. 30, 2026" in details.text


def test_the_campaign_page_stays_small_with_a_year_of_days(client, db):
    campaign = make_campaign()
    for day in range(365):
        SignatureTally.objects.add(
            campaign_id=campaign.pk, country="DE", shard=day % 8,
            confirmed_at=START + datetime.timedelta(days=day), delta=day % 17 + 1,
        )  # fmt: skip
    response = client.get(sign_urls(campaign)["detail"])
    assert len(response.content) < 60_000
    html = response.content.decode()
    (svg,) = find_all(html, "svg", role="img")
    # A year is drawn one week a column, and the page says so.
    assert len(find_all(html, "rect")) == 53
    assert "Signatures per week" in html
    assert "The open data has every hour and day." in html
    body = client.get(json_url(campaign)).json()
    assert len(body["days"]) == 365
    assert json.dumps(body).count('"start"') == 730
