"""Writing to a prisoner in a browser: a suggestion, another one, "I sent a letter", with
JavaScript and without it; and the card printed on a postcard-sized page."""

import re

import pytest

from prisoners.models import Letter
from tests.e2e.pages import synthetic_prisoner

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips these tests, or fails them in CI
    expect = None

pytestmark = pytest.mark.browser

LETTER_PAGE = re.compile(r"/en/prisoners/(synthetic-[a-z]+)/letter/(\?sent=1)?(#.*)?$")


def two_to_write_to() -> dict[str, str]:
    """Two synthetic people who may be suggested, and one held incommunicado who is not."""
    people = [synthetic_prisoner("synthetic-anna", "Anna Synthetic"),
              synthetic_prisoner("synthetic-boris", "Boris Synthetic")]  # fmt: skip
    synthetic_prisoner("synthetic-hidden", "Hidden Synthetic", is_incommunicado=True)
    return {person.slug: person.name for person in people}


def suggested_slug(url: str) -> str:
    match = LETTER_PAGE.search(url)
    assert match, url
    return match[1]


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_a_suggestion_another_and_i_sent_a_letter(open_tab, viewport):
    names = two_to_write_to()
    tab = open_tab(viewport)
    page = tab.page
    tab.goto("/en/prisoners/letters/")
    page.get_by_role("link", name="Suggest someone to write to").click()
    expect(page).to_have_url(LETTER_PAGE)
    first = suggested_slug(page.url)
    assert first in names
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Write to {names[first]}")
    page.evaluate("() => { window.e2eSameDocument = true }")

    page.get_by_role("link", name="Suggest someone else").click()
    (second,) = set(names) - {first}
    expect(page).to_have_url(re.compile(f"/en/prisoners/{second}/letter/$"))
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(f"Write to {names[second]}")
    expect(heading).to_be_focused()
    expect(page).to_have_title(re.compile(f"^Write to {names[second]}"))

    page.get_by_role("button", name="I sent a letter").click()
    expect(page.get_by_role("status")).to_contain_text(f"your letter to {names[second]}")
    assert page.evaluate("() => window.e2eSameDocument === true"), "the page was reloaded"
    assert list(Letter.objects.values_list("person__slug", flat=True)) == [second]
    tab.assert_clean()


def test_the_same_without_javascript(open_tab):
    names = two_to_write_to()
    tab = open_tab("mobile", javascript=False)
    page = tab.page
    tab.goto("/en/prisoners/letters/")
    page.get_by_role("link", name="Suggest someone to write to").click()
    first = suggested_slug(page.url)
    page.get_by_role("link", name="Suggest someone else").click()
    expect(page).to_have_url(LETTER_PAGE)
    second = suggested_slug(page.url)
    assert {first, second} == set(names)

    page.get_by_role("button", name="I sent a letter").click()
    expect(page).to_have_url(re.compile(rf"/en/prisoners/{second}/letter/\?sent=1#letter-sent$"))
    expect(page.get_by_role("status")).to_contain_text("is counted")
    page.reload()  # a reload shows the thanks again, and counts nothing more
    assert Letter.objects.filter(person__slug=second).count() == 1
    tab.assert_clean()


def test_the_card_prints_on_one_postcard_sized_page(open_tab):
    synthetic_prisoner()
    tab = open_tab("desktop")
    tab.goto("/en/prisoners/synthetic-held/letter/print/")
    pdf = tab.page.pdf(prefer_css_page_size=True, print_background=False).decode("latin-1")
    boxes = re.findall(r"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    # 148 × 105 mm in points (1 mm = 72 / 25.4 pt), on a single page.
    assert len(boxes) == 1, boxes
    width, height = (float(value) for value in boxes[0])
    assert width == pytest.approx(148 * 72 / 25.4, abs=1)
    assert height == pytest.approx(105 * 72 / 25.4, abs=1)
    tab.assert_clean()
