"""An editor imports a case file in the admin, in a 1280 and a 1024 px window: the
preview says what each row writes (a new case's values, an existing case's changes) and
each bad row's line and reason, readable without hovering or scrolling sideways."""

import pytest

from prisoners.models import CriminalArticle, Person
from tests.e2e.axe import blocking_violations, describe
from tests.e2e.browsing import Tab, screenshot
from tests.e2e.pages import signed_in_to_the_admin
from tests.factories import make_place, make_source
from tests.prisoners.test_import import BAD, GOOD, import_file

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips these tests, or fails them in CI
    expect = None

pytestmark = pytest.mark.browser

VIEWPORTS = ["desktop", "laptop"]
CHANGED = (
    GOOD.replace("Kalesnikava,,released", "Kalesnikava,,sentenced").replace(
        "2021-09,11 years,,,,2025-06", "2021-09,11 years,,,,"
    )
    + "v-4,Mikola Statkevich,,detained,,male,2020-05-31,342-1,,,,,Penal colony No. 9,\n"
)


@pytest.fixture
def vocabulary(site):
    for article in ("342", "361"):
        CriminalArticle.objects.create(country="BY", article=article, part="1",
                                       title_en=f"Article {article}")  # fmt: skip
    make_place(slug="ik-9", name_en="Penal colony No. 9")
    return make_source(slug="viasna-list", title="Viasna list (synthetic)")


def upload_in_the_browser(tab: Tab, content: str) -> None:
    signed_in_to_the_admin(tab, next_page="/admin/prisoners/person/import/")
    page = tab.page
    page.set_input_files("input[name=import_file]", files=[
        {"name": "cases.csv", "mimeType": "text/csv", "buffer": content.encode()},
    ])  # fmt: skip
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_label("Source").select_option(label="Viasna list (synthetic)")
    page.get_by_label("Country of the cases").select_option("BY")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit").click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_preview_shows_what_each_row_writes(open_tab, vocabulary, viewport):
    import_file(vocabulary, GOOD)
    tab = open_tab(viewport)

    upload_in_the_browser(tab, CHANGED)

    expect(tab.page.get_by_text("status: released → sentenced")).to_be_visible()
    expect(tab.page.get_by_text("arrested: 2020-05-31")).to_be_visible()
    screenshot(tab, f"import-preview-{viewport.replace(' ', '-')}")
    assert tab.horizontal_overflow() <= 0, "the page scrolls sideways"
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="Confirm import").click()
    assert Person.objects.get(external_id="v-4").name == "Mikola Statkevich"
    tab.assert_clean()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_each_bad_row_is_shown_with_its_line_and_reason(open_tab, vocabulary, viewport):
    tab = open_tab(viewport)

    upload_in_the_browser(tab, BAD)

    expect(tab.page.get_by_text("Unknown status “on holiday”", exact=False)).to_be_visible()
    expect(tab.page.get_by_text("The id is missing.")).to_be_visible()
    screenshot(tab, f"import-errors-{viewport.replace(' ', '-')}")
    assert tab.horizontal_overflow() <= 0, "the page scrolls sideways"
    tab.assert_clean()


@pytest.mark.parametrize("content", ["changed", "bad"])
def test_the_report_has_no_serious_accessibility_violation(open_tab, vocabulary, content):
    import_file(vocabulary, GOOD)
    problems = []
    for color_scheme in ("light", "dark"):
        tab = open_tab("desktop", color_scheme=color_scheme, bypass_csp=True)
        upload_in_the_browser(tab, CHANGED if content == "changed" else BAD)
        if violations := blocking_violations(tab):
            problems.append(f"in the {color_scheme} colour scheme:\n{describe(violations)}")

    assert not problems, "\n".join(problems)
