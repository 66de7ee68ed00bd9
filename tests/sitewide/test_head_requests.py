"""Uptime monitors, link checkers and link previews ask with HEAD: every public page
answers it as it answers GET, without a body."""

import pytest

PAGES = [
    "/en/",
    "/en/prisoners/",
    "/en/prisoners/sergei-tikhanovsky/",
    "/en/campaigns/",
    "/en/campaigns/say-the-word-free-belarus-political-prisoners/",
    "/en/campaigns/say-the-word-free-belarus-political-prisoners/counter/",
    "/en/stories/",
    "/en/privacy/",
    "/api/v1/prisoners/",
    "/api/v1/campaigns/",
    "/sitemap.xml",
    "/robots.txt",
    "/healthz",
]


@pytest.mark.parametrize("path", PAGES)
def test_head_answers_like_get_without_a_body(client, seeded, path):
    get, head = client.get(path), client.head(path)
    assert get.status_code == 200, path
    assert head.status_code == 200, path
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
