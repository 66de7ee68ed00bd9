"""The page of one appeal: what it asks, of whom, how far it has come, who signed in
public, and the form to sign."""

import datetime

import pytest
from django.utils import timezone

from campaigns.models import CampaignStatus, CampaignUpdate, CommentStatus
from tests.factories import (
    make_campaign,
    make_confirmed,
    make_person,
    make_signature,
    make_source,
    sign_urls,
)
from tests.html import find_all, find_inside, parse, text_of


def page(client, campaign):
    response = client.get(sign_urls(campaign)["detail"])
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    """The text of the <section> labelled by the heading with this id."""
    (found,) = find_all(html, "section", **{"aria-labelledby": heading_id})
    return " ".join(found.text.split())


@pytest.fixture
def campaign(db):
    return make_campaign(
        title="Free Maria Kalesnikava",
        target="Alexander Lukashenko",
        summary="Maria has been held incommunicado for years.",
        appeal="We ask you to **release her** now. See [Viasna](https://spring96.org/en).",
    )


def test_it_shows_what_the_appeal_asks_and_of_whom(client, campaign):
    html = page(client, campaign)
    text = text_of(html)
    assert find_all(html, "h1")[0].text == "Free Maria Kalesnikava"
    assert "Addressed to: Alexander Lukashenko" in text
    assert "Maria has been held incommunicado for years." in text
    appeal = find_all(html, "section", **{"aria-labelledby": "appeal-heading"})[0]
    assert "We ask you to release her now." in " ".join(appeal.text.split())
    assert [strong.text for strong in find_all(html, "strong")].count("release her") == 1
    assert find_all(html, "a", href="https://spring96.org/en")[0].text == "Viasna"


def test_it_renders_no_script_or_javascript_link_from_the_appeal(client, db):
    campaign = make_campaign(
        appeal="Before <script>alert(1)</script> and [x](javascript:alert(1)) "
        '<a href="javascript:alert(2)">y</a> <img src=x onerror=alert(3)> after.'
    )
    html = page(client, campaign)
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    handlers = [
        (element.tag, name)
        for element in parse(html)
        for name in element.attrs
        if name.startswith("on")
    ]
    assert handlers == []
    appeal_html = html.split('id="appeal-heading"')[1].split("</section>")[0]
    assert "<script" not in appeal_html
    assert "<img" not in appeal_html
    assert not [
        a for a in find_all(html, "a") if (a.attrs.get("href") or "").startswith("javascript:")
    ]
    assert "Before" in appeal_html
    assert "after." in appeal_html


def test_it_lists_only_published_prisoners(client, db):
    shown = make_person(name_en="Ales Bialiatski", slug="ales")
    draft = make_person(name_en="Unpublished Person", slug="draft-person", is_published=False)
    not_political = make_person(
        name_en="Not Political", slug="not-political", is_political_prisoner=False
    )
    campaign = make_campaign(prisoners=[shown, draft, not_political])
    html = page(client, campaign)
    about = section(html, "about-heading")
    assert "Ales Bialiatski" in about
    assert find_all(html, "a", href="/en/prisoners/ales/")
    assert "Unpublished Person" not in html
    assert "Not Political" not in html


def test_it_shows_the_total_the_goal_and_the_progress(client, db):
    campaign = make_campaign(goal=20, offline_signatures=2)
    for _ in range(3):
        make_confirmed(campaign)
    make_signature(campaign)  # unconfirmed: not counted
    html = page(client, campaign)
    (counter,) = find_all(html, "div", id="counter")
    assert " ".join(counter.text.split()).startswith("5 signatures of a goal of 20")
    (progress,) = find_all(html, "progress")
    assert progress.attrs["max"] == "100"
    assert progress.attrs["value"] == "25"
    assert "Including 2 signatures collected on paper." in text_of(html)


def test_it_lists_the_sources(client, db):
    campaign = make_campaign(
        sources=[
            make_source(title="Viasna report", url="https://spring96.org/en/news/1"),
            make_source(title="Court ruling", publisher="Minsk City Court"),
        ]
    )
    html = page(client, campaign)
    sources = section(html, "sources-heading")
    assert "Viasna report" in sources
    assert "Court ruling, Minsk City Court" in sources
    (link,) = find_all(html, "a", href="https://spring96.org/en/news/1")
    assert link.text == "Viasna report"


def test_it_offers_plain_share_links(client, db):
    campaign = make_campaign(slug="free-maria", share_text="Sign for Maria")
    html = page(client, campaign)
    (share_list,) = find_all(html, "ul", class_="share-links")
    links = {a.text: a.attrs["href"] for a in find_all(html, "a") if a.text in share_list.text}
    expected = {
        "Email": "mailto:?",
        "Mastodon": "https://mastodonshare.com/",
        "Bluesky": "https://bsky.app/",
        "Telegram": "https://t.me/",
        "WhatsApp": "https://wa.me/",
        "Facebook": "https://www.facebook.com/",
        "X": "https://x.com/",
    }
    assert set(links) == set(expected)
    for label, start in expected.items():
        assert links[label].startswith(start), label
        assert "/en/campaigns/free-maria/" in links[label], label


def test_it_loads_no_script_or_frame_from_elsewhere(client, campaign):
    html = page(client, campaign)
    assert find_all(html, "iframe") == []
    scripts = find_all(html, "script")
    assert scripts, "the page loads htmx from this site"
    for script in scripts:
        src = script.attrs.get("src") or ""
        assert src == "" or (src.startswith("/") and not src.startswith("//")), src


def test_it_warns_that_a_public_name_is_seen_by_the_authorities(client, campaign):
    html = page(client, campaign)
    (warning,) = find_all(html, "div", class_="notice notice--warning")
    text = " ".join(warning.text.split())
    assert "Show my first name and initial publicly" in text
    assert "including the authorities" in text
    assert find_all(html, "input", name="show_name_publicly")[0].attrs.get("checked") is None


def test_it_hides_draft_campaigns(client, db):
    campaign = make_campaign(status=CampaignStatus.DRAFT)
    for name, url in sign_urls(campaign).items():
        if name == "sign":
            assert client.post(url).status_code == 404
        else:
            assert client.get(url).status_code == 404, name


def test_it_shows_closed_and_won_campaigns_without_the_form(client, db):
    closed = make_campaign(status=CampaignStatus.CLOSED)
    won = make_campaign(status=CampaignStatus.WON)
    closed_html = page(client, closed)
    assert find_all(closed_html, "form", id="sign-form") == []
    assert "This appeal no longer takes signatures." in text_of(closed_html)
    assert "This appeal has succeeded" in text_of(page(client, won))


def test_it_does_not_call_a_campaign_that_has_not_opened_yet_closed(client, db):
    campaign = make_campaign(opens_at=timezone.now() + datetime.timedelta(days=1))
    html = page(client, campaign)
    assert find_all(html, "form", id="sign-form") == []
    assert "no longer takes signatures" not in text_of(html)


def test_it_shows_only_confirmed_signers_who_chose_to_be_named(client, db):
    campaign = make_campaign()
    make_confirmed(
        campaign, name="Anna Maria Kowalska", email="anna@example.org", show_name_publicly=True
    )
    make_confirmed(campaign, name="Boris Hiddenname", show_name_publicly=False)
    make_signature(campaign, name="Clara Unconfirmed", show_name_publicly=True)
    html = page(client, campaign)
    assert listed_signers(html) == ["Anna K."]
    assert "Kowalska" not in html
    assert "anna@example.org" not in html
    assert "Boris" not in html
    assert "Clara" not in html


def signers_html(html: str) -> str:
    return html.split('<ul class="signers">')[1].split("</ul>")[0]


def listed_signers(html: str) -> list[str]:
    """The names in the list of recent signers, without the country after them."""
    return [
        " ".join(li.text.split()).rsplit(" (", 1)[0] for li in find_all(signers_html(html), "li")
    ]


def test_it_shows_a_comment_only_once_approved(client, db):
    campaign = make_campaign()
    for status, comment in [
        (CommentStatus.APPROVED, "Free them all"),
        (CommentStatus.PENDING, "Waiting for a moderator"),
        (CommentStatus.REJECTED, "Something abusive"),
    ]:
        make_confirmed(campaign, show_name_publicly=True, comment=comment, comment_status=status)
    html = page(client, campaign)
    assert len(find_all(signers_html(html), "li")) == 3
    assert [q.text for q in find_all(html, "q")] == ["Free them all"]
    assert "Waiting for a moderator" not in html
    assert "Something abusive" not in html


def test_it_escapes_a_hostile_name_stored_in_the_database(client, db):
    campaign = make_campaign()
    make_confirmed(campaign, name="Ann <img src=x onerror=alert(1)> Smith", show_name_publicly=True)
    make_confirmed(campaign, name="<script>alert(1)</script>", show_name_publicly=True)
    html = page(client, campaign)
    assert "<img src=x" not in html
    assert "<script>alert(1)" not in html
    assert sorted(listed_signers(html)) == ["<script>alert(1)</script>", "Ann S."]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_it_groups_countries_with_fewer_than_five_signatures(client, db):
    campaign = make_campaign()
    for country, count in [("DE", 5), ("LT", 2), ("FR", 1), ("PL", 6)]:
        for _ in range(count):
            make_confirmed(campaign, country=country)
    html = page(client, campaign)
    (table,) = find_all(html, "table", class_="by-country")
    cells = [
        " ".join(td.text.split())
        for td in find_inside(html, {"tag": "table", "class": "by-country"}, "td")
    ]
    rows = list(zip(cells[::2], cells[1::2], strict=True))
    assert rows == [("Poland", "6"), ("Germany", "5"), ("Other countries", "3")]
    assert "Lithuania" not in table.text
    assert "France" not in table.text


def test_it_does_not_single_out_a_named_signer_from_a_small_country(client, db):
    campaign = make_campaign()
    for _ in range(5):
        make_confirmed(campaign, country="DE")
    make_confirmed(campaign, name="Lina Vaitkute", country="LT", show_name_publicly=True)
    html = page(client, campaign)
    assert "Other countries" in text_of(html)
    signers = text_of(signers_html(html))
    assert "Lina V." in signers
    assert "LT" not in signers
    assert "Lithuania" not in signers


def test_it_points_every_aria_describedby_at_an_element(client, campaign):
    html = client.post(sign_urls(campaign)["sign"], {"name": ""}).content.decode()
    ids = {element.attrs.get("id") for element in find_all(html, "span")} | {
        element.attrs.get("id") for element in find_all(html, "ul")
    }
    described = [
        target
        for tag in ("input", "textarea", "select")
        for element in find_all(html, tag)
        for target in (element.attrs.get("aria-describedby") or "").split()
    ]
    assert described
    assert set(described) <= ids


@pytest.mark.parametrize("signers", [1, 30])
def test_it_costs_the_same_queries_however_many_signed(
    client, db, django_assert_num_queries, signers
):
    campaign = make_campaign(prisoners=[make_person()])
    for _ in range(signers):
        make_confirmed(campaign, show_name_publicly=True)
    for number in range(signers // 10 + 1):
        CampaignUpdate.objects.create(
            campaign=campaign, title_en=f"Update {number}", body_en="News.",
            published_at=timezone.now(),
        )  # fmt: skip
    # The campaign (with the source of its response); tallies by country; recent public
    # signers; prisoners; stories; updates; sources; and for the kinds of action it may
    # ask for (core.actions), the prisoners a letter can reach and its letters to
    # officials (none here, so not their officials nor their counts); and the hourly
    # counter rows, which the chart of signatures per day is drawn from.
    with django_assert_num_queries(10):
        response = client.get(sign_urls(campaign)["detail"])
    assert response.status_code == 200
    assert len(find_all(signers_html(response.content.decode()), "li")) == min(signers, 10)
