"""{% act_elsewhere %}: what a page of the static copy shows in place of a form, which
the copy cannot take: the same page on the onion service when there is one, and the
mirrors page; never the origin, which is what is blocked for the copy's readers."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.html import find_all, text_of


def render(what: str = "", path: str = "/en/campaigns/free-maria/") -> str:
    request = RequestFactory().get(path)
    template = Template(
        "{% load mirrors %}{% act_elsewhere " + (f'"{what}"' if what else "") + " %}"
    )
    return template.render(Context({"request": request}))


def hrefs(html: str) -> list[str]:
    return [a.attrs["href"] for a in find_all(html, "a")]


def test_without_an_onion_address_it_links_the_mirrors(settings):
    settings.ONION_URL = ""
    html = render("sign")
    assert "This is a copy of our site that cannot take your signature." in text_of(html)
    assert hrefs(html) == ["/en/mirrors/"]
    assert "Tor Browser" not in text_of(html)
    assert settings.SITE_URL not in html


def test_with_an_onion_address_it_links_the_same_page_there(settings):
    settings.ONION_URL = "http://" + "a" * 56 + ".onion/"
    html = render("follow", path="/en/follow/ales/")
    assert "cannot take your request to follow" in text_of(html)
    assert hrefs(html) == ["http://" + "a" * 56 + ".onion/en/follow/ales/", "/en/mirrors/"]


@pytest.mark.parametrize(
    ("what", "words"),
    [
        ("letter", "cannot record that you sent a letter"),
        ("", "cannot take what you send"),
    ],
)
def test_the_wording_follows_what_the_form_was_for(settings, what, words):
    settings.ONION_URL = ""
    assert words in text_of(render(what))


def test_in_belarusian(settings):
    from django.utils import translation

    settings.ONION_URL = ""
    with translation.override("be"):
        html = render("sign", path="/be/campaigns/free-maria/")
    assert "Гэта копія нашага сайта" in text_of(html)
    assert "/be/mirrors/" in hrefs(html)
