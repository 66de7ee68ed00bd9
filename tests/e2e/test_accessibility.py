"""axe-core finds no serious or critical violation on any public page type, in both
viewports and both colour schemes (the same page checked in light, then in dark).

The tabs bypass the site's Content Security Policy, which would refuse the injected
axe-core script; every other browser test runs with the policy enforced."""

import pytest

from tests.e2e.axe import blocking_violations, describe
from tests.e2e.pages import PAGE_TYPES, page_types

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("page_type", "viewport"), page_types(["desktop", "mobile"]))
def test_no_serious_accessibility_violation(open_tab, page_type, viewport):
    tab = open_tab(viewport, bypass_csp=True)
    PAGE_TYPES[page_type](tab)

    problems = []
    for color_scheme in ("light", "dark"):
        tab.page.emulate_media(color_scheme=color_scheme)
        if violations := blocking_violations(tab):
            problems.append(f"in the {color_scheme} colour scheme:\n{describe(violations)}")

    assert not problems, "\n".join(problems)
