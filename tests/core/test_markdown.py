"""Stories, profiles and appeals are Markdown written by staff (core.markdown); what reaches
visitors must be harmless HTML."""

import pytest
from django.utils.safestring import SafeString

from core.markdown import render_markdown
from tests.html import find_all, parse


def attributes(html: str) -> set[str]:
    return {name for element in parse(html) for name in element.attrs}


def hrefs(html: str) -> list[str]:
    return [a.attrs.get("href") or "" for a in find_all(html, "a")]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> world",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "```\n</code></pre><script>alert(1)</script>\n```",
        "<div>\n<script>alert(1)</script>\n</div>",
    ],
)
def test_it_never_lets_a_script_through(text):
    html = render_markdown(text)
    assert find_all(html, "script") == []
    assert "<script" not in html.lower()


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](  javascript:alert(1)  )",
        "[click](&#106;avascript:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<javascript:alert(1)>",
        "[click][evil]\n\n[evil]: javascript:alert(1)",
        '<a href="javascript:alert(1)">click</a>',
    ],
)
def test_it_never_lets_a_script_link_through(text):
    html = render_markdown(text)
    for href in hrefs(html):
        assert href.lower().startswith(("http:", "https:", "mailto:", "#", "/")), href


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        '<p onmouseover="alert(1)">hover</p>',
        "<svg onload=alert(1)>",
        '[x](https://example.org "title" onclick="alert(1)")',
        "<details open ontoggle=alert(1)>",
    ],
)
def test_it_never_lets_an_event_handler_through(text):
    html = render_markdown(text)
    assert not [name for name in attributes(html) if name.lower().startswith("on")]
    assert not find_all(html, "svg")
    assert not find_all(html, "details")


@pytest.mark.parametrize(
    "text",
    [
        "![a photo](https://evil.example/track.png)",
        "![a photo][pic]\n\n[pic]: https://evil.example/track.png",
        '<img src="https://evil.example/track.png">',
        "[![badge](https://evil.example/b.png)](https://example.org)",
    ],
)
def test_it_never_lets_a_picture_through(text):
    html = render_markdown(text)
    assert find_all(html, "img") == []
    assert "<img" not in html


def test_it_keeps_the_words_of_removed_html_visible():
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in render_markdown("<script>alert(1)</script>")


def test_it_renders_ordinary_markdown():
    html = render_markdown(
        "## Release\n\n"
        "He was **freed** with *13 others*.\n\n"
        "- Lithuania\n- Minsk\n\n"
        "1. first\n\n"
        "> quoted words\n\n"
        'Read [the report](https://example.org/report "Report") or write to '
        "<mailto:info@example.org>.\n\n"
        "`code`\n\n---\n"
    )
    assert find_all(html, "h2")[0].text == "Release"
    assert find_all(html, "strong")[0].text == "freed"
    assert find_all(html, "em")[0].text == "13 others"
    assert [li.text for li in find_all(html, "li")] == ["Lithuania", "Minsk", "first"]
    assert find_all(html, "ol")
    assert find_all(html, "blockquote")
    assert find_all(html, "code")[0].text == "code"
    assert find_all(html, "hr")
    (link, mail) = find_all(html, "a")
    assert link.attrs["href"] == "https://example.org/report"
    assert link.attrs["title"] == "Report"
    assert set(link.attrs["rel"].split()) == {"noopener", "noreferrer", "nofollow"}
    assert mail.attrs["href"] == "mailto:info@example.org"


def test_it_marks_its_output_safe_for_templates():
    assert isinstance(render_markdown("*hi*"), SafeString)


@pytest.mark.parametrize("text", ["", None])
def test_it_renders_nothing_for_no_story(text):
    assert render_markdown(text) == ""


def test_as_plain_text_it_keeps_nested_and_loose_lists_code_and_addresses():
    from core.markdown import markdown_to_text

    text = markdown_to_text(
        "- one\n  - inner\n- two\n\n3. three\n\n   more\n\n4. four\n\n"
        "`code` and <mail@example.org>\n\n```\nkept  as is\n```"
    )
    assert text == (
        "- one\n  - inner\n- two\n\n3. three\n\n   more\n\n4. four\n\n"
        "code and mail@example.org\n\nkept  as is"
    )
