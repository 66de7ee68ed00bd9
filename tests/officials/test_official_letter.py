"""The page where a visitor writes to an official: the letter in their language, a
mailto: link that carries it, the print page, and the official's sourced address."""

from urllib.parse import parse_qs, unquote, urlsplit

from django.test import Client

from campaigns.models import CampaignStatus
from tests.html import find_all, text_of
from tests.officials.conftest import make_letter, page_url


def mailto_of(html) -> str:
    (link,) = [a for a in find_all(html, "a") if a.attrs.get("href", "").startswith("mailto:")]
    return link.attrs["href"]


def test_it_shows_the_letter_and_the_sourced_address(client, letter, prosecutor):
    response = client.get(page_url(letter, prosecutor))
    assert response.status_code == 200
    text = text_of(response.content)
    assert "Write to Prosecutor Example (synthetic)" in text
    assert "1 Example Street" in text
    assert "Synthetic directory of officials" in text
    (textarea,) = find_all(response.content, "textarea", id="letter-text")
    assert "I ask you to release them & to let them write home." in textarea.text


def test_the_mailto_link_carries_the_letter_percent_encoded(client, letter, prosecutor):
    href = mailto_of(client.get(page_url(letter, prosecutor)).content)
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    assert parts.path == "prosecutor@example.org"
    assert " " not in href and "\n" not in href and "&amp;" not in parts.query
    query = parse_qs(parts.query)
    assert query["subject"] == ["Release the prisoners of case 1"]
    # Line breaks as CRLF (RFC 6068); the "&" of the letter encoded, not a separator.
    assert query["body"] == [
        "Dear Sir or Madam,\r\nI ask you to release them & to let them write home.\r\n"
    ]


def test_the_mailto_link_is_in_the_visitors_language(client, letter, prosecutor):
    href = mailto_of(client.get(page_url(letter, prosecutor, "ru")).content)
    assert unquote(href.split("subject=")[1].split("&")[0]) == "Освободите заключённых по делу 1"
    href = mailto_of(client.get(page_url(letter, prosecutor, "be")).content)
    assert "прашу вас вызваліць іх." in unquote(href)


def test_an_official_without_email_has_no_mailto_but_a_print_page(client, letter, head):
    html = client.get(page_url(letter, head)).content
    assert not [a for a in find_all(html, "a") if a.attrs.get("href", "").startswith("mailto:")]
    print_url = page_url(letter, head) + "print/"
    assert find_all(html, "a", href=print_url)
    printed = client.get(print_url)
    assert printed.status_code == 200
    assert "2 Example Road" in text_of(printed.content)
    assert "I ask you to release them" in text_of(printed.content)


def test_no_print_page_without_a_postal_address(client, campaign, prosecutor):
    prosecutor.postal_address = ""
    prosecutor.save()
    letter = make_letter(campaign, [prosecutor])
    assert not find_all(
        client.get(page_url(letter, prosecutor)).content,
        "a",
        href=page_url(letter, prosecutor) + "print/",
    )
    assert client.get(page_url(letter, prosecutor) + "print/").status_code == 404


def test_an_official_not_named_by_the_letter_or_a_draft_campaign_is_not_found(
    client, letter, prosecutor, campaign
):
    from tests.officials.conftest import make_official

    stranger = make_official(name_en="Someone else (synthetic)")
    assert client.get(page_url(letter, stranger)).status_code == 404
    campaign.status = CampaignStatus.DRAFT
    campaign.save()
    assert Client().get(page_url(letter, prosecutor)).status_code == 404


def test_the_page_is_kept_no_longer_than_the_live_total(client, letter, prosecutor, settings):
    settings.PAGE_CACHE_SECONDS = 30
    response = client.get(page_url(letter, prosecutor))
    assert "public" in response["Cache-Control"]
    from core import cache_keys

    assert f"s-maxage={cache_keys.live_seconds()}" in response["Cache-Control"]
