"""axe-core finds no serious or critical violation on any public page type, in both
viewports and both colour schemes (the same page checked in light, then in dark).

The tabs bypass the site's Content Security Policy, which would refuse the injected
axe-core script; every other browser test runs with the policy enforced."""

import pytest

from tests.e2e.axe import blocking_violations, describe
from tests.e2e.pages import PAGE_TYPES, page_types, signed_in_to_the_admin

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


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_the_admin_index_has_no_serious_accessibility_violation(open_tab, viewport):
    # A tab for each colour scheme: the admin's links fade to the new scheme's colours
    # (a CSS transition), so a scheme switched in place is checked half-way.
    problems = []
    for color_scheme in ("light", "dark"):
        tab = open_tab(viewport, color_scheme=color_scheme, bypass_csp=True)
        signed_in_to_the_admin(tab)
        tab.page.get_by_role("heading", name="What needs attention").wait_for()
        if violations := blocking_violations(tab):
            problems.append(f"in the {color_scheme} colour scheme:\n{describe(violations)}")

    assert not problems, "\n".join(problems)


def test_the_admin_index_works_under_the_content_security_policy(open_tab):
    tab = open_tab("desktop")
    signed_in_to_the_admin(tab)
    assert tab.page.locator("svg.bar-chart rect.bar").count() == 14
    tab.assert_clean()  # no refused script or style, nothing from another origin


def person_page() -> str:
    from prisoners.models import Person

    return f"/admin/prisoners/person/{Person.objects.get(slug='sergei-tikhanovsky').pk}/change/"


def letter_guidance_page() -> str:
    from tests.factories import make_letter_guidance

    return f"/admin/prisoners/letterguidance/{make_letter_guidance().pk}/change/"


def update_email_page() -> str:
    """A campaign update's page before it is sent: the email in each language."""
    from campaigns.models import Campaign
    from tests.factories import make_update

    update = make_update(Campaign.objects.get())
    return f"/admin/supporters/mailing/announce/update/{update.pk}/"


def mailing_page() -> str:
    """A mailing's progress, paused."""
    from campaigns.models import Campaign
    from supporters.models import Mailing
    from tests.factories import make_update, make_update_news

    news = make_update_news(make_update(Campaign.objects.get()), topic="e2e")
    mailing, _created = Mailing.objects.get_or_create(
        news=news, defaults={"subject": "News", "recipients": 10, "status": "paused"}
    )
    return f"/admin/supporters/mailing/{mailing.pk}/change/"


# The pages editors spend their days on, after the index.
EDITORS_PAGES = {
    "the person list": lambda: "/admin/prisoners/person/",
    "a person's page, translations in tabs": person_page,
    "the import page": lambda: "/admin/prisoners/person/import/",
    "a person's history, with its undo buttons": lambda: person_page().replace(
        "/change/", "/history/"
    ),
    "the guidance for letters, its phrases inline": letter_guidance_page,
    "the letters sent": lambda: "/admin/prisoners/letter/",
    "a campaign update's email, before it is sent": update_email_page,
    "a mailing's progress": mailing_page,
}


@pytest.mark.parametrize("page", list(EDITORS_PAGES))
def test_the_pages_editors_use_have_no_serious_accessibility_violation(open_tab, page):
    problems = []
    for color_scheme in ("light", "dark"):
        tab = open_tab("desktop", color_scheme=color_scheme, bypass_csp=True)
        signed_in_to_the_admin(tab, next_page=EDITORS_PAGES[page]())
        tab.page.wait_for_load_state("networkidle")
        if violations := blocking_violations(tab):
            problems.append(f"in the {color_scheme} colour scheme:\n{describe(violations)}")

    assert not problems, "\n".join(problems)


def test_the_bulk_status_change_page_has_no_serious_accessibility_violation(open_tab):
    tab = open_tab("desktop", bypass_csp=True)
    signed_in_to_the_admin(tab, next_page="/admin/prisoners/person/")
    tab.page.locator("input[name=_selected_action]").first.check()
    tab.page.select_option("select[name=action]", "add_status_change")
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="Run").click()
    tab.page.get_by_label("Source").wait_for()

    assert not (violations := blocking_violations(tab)), describe(violations)
