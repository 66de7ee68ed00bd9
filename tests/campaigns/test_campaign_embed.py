"""The widget partner sites put in an <iframe>."""

from tests.factories import make_campaign, make_confirmed
from tests.html import find_all, text_of


def test_it_shows_the_title_the_total_and_a_button_to_sign(client, db):
    campaign = make_campaign(goal=100)
    for _ in range(3):
        make_confirmed(campaign)
    response = client.get(f"/en/campaigns/{campaign.slug}/embed/")
    assert response.status_code == 200
    text = text_of(response.content)
    assert campaign.title in text
    assert "3 signatures" in text
    assert find_all(response.content, "progress")[0].attrs["value"] == "3"
    button = [a for a in find_all(response.content, "a") if "button" in a.attrs.get("class", "")]
    assert button[0].attrs["href"].endswith(f"/en/campaigns/{campaign.slug}/#sign-heading")
    assert button[0].attrs["target"] == "_blank"
    assert "noopener" in button[0].attrs["rel"]
    # It loads only this site's stylesheet and no script at all.
    assert not find_all(response.content, "script")
    assert "public" in response["Cache-Control"]


def test_the_campaign_page_offers_the_snippet_to_copy(client, db):
    campaign = make_campaign()
    html = client.get(f"/en/campaigns/{campaign.slug}/").content.decode()
    snippet = find_all(html, "textarea", id="embed-code")[0].text
    assert snippet.startswith('<iframe src="http://testserver/en/campaigns/')
    assert f"/{campaign.slug}/embed/" in snippet
    assert find_all(html, "label", for_="embed-code")


def test_drafts_have_no_widget(client, db):
    campaign = make_campaign(status="draft")
    assert client.get(f"/en/campaigns/{campaign.slug}/embed/").status_code == 404
