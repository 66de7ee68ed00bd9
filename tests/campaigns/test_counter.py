"""The live total that the campaign page polls: cheap, cacheable, exact."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import CampaignStatus
from tests.factories import make_campaign, make_confirmed, make_signature, sign_urls
from tests.html import find_all, text_of


def counter(client, campaign, **extra):
    response = client.get(sign_urls(campaign)["counter"], **extra)
    assert response.status_code == 200
    return response


def test_it_adds_offline_signatures_to_the_confirmed_online_ones(client, db):
    campaign = make_campaign(offline_signatures=1200, goal=5000)
    for _ in range(3):
        make_confirmed(campaign)
    make_signature(campaign)  # unconfirmed
    html = counter(client, campaign).content.decode()
    assert "<html" not in html
    (strong,) = find_all(html, "strong")
    assert strong.text == "1,203"
    assert "of a goal of 5,000" in text_of(html)
    assert find_all(html, "progress")[0].attrs["value"] == "24"
    assert "Including 1,200 signatures collected on paper." in text_of(html)


def test_it_keeps_polling_only_while_the_campaign_is_open(client, db):
    open_campaign = make_campaign()
    closed = make_campaign(status=CampaignStatus.CLOSED)
    (polling,) = find_all(counter(client, open_campaign).content, "div", id="counter")
    assert polling.attrs["hx-get"] == sign_urls(open_campaign)["counter"]
    (still,) = find_all(counter(client, closed).content, "div", id="counter")
    assert "hx-get" not in still.attrs


def test_it_may_be_cached_for_two_seconds_by_anyone(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 30
    response = counter(client, make_campaign(), HTTP_HX_REQUEST="true")
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    # Two seconds here, in a proxy or a browser, on top of the figures' three: at most
    # 5 s behind.
    assert directives == {"public", "max-age=2", "s-maxage=2"}
    assert "Cookie" not in response.get("Vary", "")
    assert "Set-Cookie" not in response


def test_it_serves_the_cached_figure_for_a_few_seconds(client, db):
    campaign = make_campaign()
    make_confirmed(campaign)
    assert find_all(counter(client, campaign).content, "strong")[0].text == "1"
    make_confirmed(campaign)
    assert find_all(counter(client, campaign).content, "strong")[0].text == "1"
    cache.clear()
    assert find_all(counter(client, campaign).content, "strong")[0].text == "2"


def test_it_is_not_found_for_a_draft(client, db):
    draft = make_campaign(status=CampaignStatus.DRAFT)
    assert client.get(sign_urls(draft)["counter"]).status_code == 404


@pytest.mark.parametrize("signatures", [1, 30])
def test_it_costs_the_same_queries_and_never_counts_signatures(
    client, db, django_assert_num_queries, signatures
):
    campaign = make_campaign()
    for number in range(signatures):
        make_confirmed(campaign, country=["DE", "PL", "LT"][number % 3])
    # The campaign; the tallies by country; the recent public signers.
    with django_assert_num_queries(3) as queries:
        response = counter(client, campaign)
    assert find_all(response.content, "strong")[0].text == str(signatures)
    for query in queries.captured_queries:
        sql = query["sql"].upper()
        assert not ("COUNT(" in sql and '"CAMPAIGNS_SIGNATURE"' in sql), sql


def test_it_costs_one_query_while_the_figure_is_cached(client, db):
    campaign = make_campaign()
    make_confirmed(campaign)
    counter(client, campaign)
    with CaptureQueriesContext(connection) as queries:
        counter(client, campaign)
    assert len(queries.captured_queries) == 1
