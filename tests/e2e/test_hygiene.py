"""Each public page type, with the site's Content Security Policy enforced: no console
error, nothing loaded from another origin, no sideways scrolling, alt text on images,
usable at 200% zoom. Full-page screenshots go to artifacts/screenshots/."""

import pytest

from tests.e2e.browsing import screenshot
from tests.e2e.pages import PAGE_TYPES, page_types

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("page_type", "viewport"), page_types(["desktop", "mobile"]))
def test_page_is_clean(open_tab, page_type, viewport):
    tab = open_tab(viewport)
    PAGE_TYPES[page_type](tab)
    screenshot(tab, f"{page_type}-{viewport}")

    images_without_alt = tab.page.locator("img:not([alt])").evaluate_all(
        "images => images.map(image => image.outerHTML)"
    )

    assert images_without_alt == []
    assert tab.horizontal_overflow() <= 0, "the page scrolls sideways"
    tab.assert_clean()


@pytest.mark.parametrize(("page_type", "viewport"), page_types(["zoom200"]))
def test_page_reflows_at_200_percent_zoom(open_tab, page_type, viewport):
    tab = open_tab(viewport)
    PAGE_TYPES[page_type](tab)

    main = tab.page.locator("main")
    box = main.bounding_box()

    assert tab.horizontal_overflow() <= 0, "the page scrolls sideways"
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    assert tab.page.locator("main h1, main .embed__title").first.is_visible()
