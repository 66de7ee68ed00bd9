"""Every page's footer says where to go if the site is blocked, in the page's language."""

import pytest

from tests.html import find_inside


@pytest.mark.parametrize(
    "path", ["/en/", "/en/prisoners/", "/en/campaigns/", "/en/stories/", "/en/privacy/"]
)
def test_every_page_links_to_the_mirrors(client, seeded, path):
    links = find_inside(client.get(path).content, {"tag": "footer", "class": "site-footer"}, "a")
    (link,) = [a for a in links if a.attrs["href"] == "/en/mirrors/"]
    assert link.text.strip() == "If this site is blocked"


def test_in_russian(client, seeded):
    links = find_inside(
        client.get("/ru/prisoners/").content, {"tag": "footer", "class": "site-footer"}, "a"
    )
    (link,) = [a for a in links if a.attrs["href"] == "/ru/mirrors/"]
    assert link.text.strip() == "Если этот сайт заблокирован"
