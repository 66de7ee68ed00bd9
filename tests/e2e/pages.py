"""Every public page type, each as a way to bring a tab to it in the state to check."""

from collections.abc import Callable

import pytest

from campaigns import services
from campaigns.models import Campaign
from tests.e2e.browsing import CAMPAIGN, CAMPAIGN_SLUG, Tab, email_links

PROFILE = "/en/prisoners/sergei-tikhanovsky/"
# Synthetic people held now with an address for letters: the seed article's only
# prisoner is released, and has none.
LETTER_ADDRESS = "Synthetic colony No. 1\nul. Primernaya, 1\n000000 Horki\nBelarus"
WRITABLE = "synthetic-held"
LETTER = f"/en/prisoners/{WRITABLE}/letter/"
STORY = "/en/stories/tikhanovsky-freed-appeals-for-political-prisoners/"


def sign_in_the_background(email: str = "anna@example.org") -> tuple[str, str]:
    """Sign the campaign without a browser; the confirm and withdraw links emailed."""
    services.signature_create(
        campaign=Campaign.objects.get(slug=CAMPAIGN_SLUG),
        name="Anna Kowalska",
        email=email,
        country="LT",
    )
    return email_links()


def campaign_with_form_errors(tab: Tab) -> None:
    tab.goto(CAMPAIGN)
    # Invalid input is answered with 422, which the browser reports in its console.
    tab.expected_failures.add(f"{CAMPAIGN}sign/")
    with tab.page.expect_response(f"**{CAMPAIGN}sign/"):
        tab.page.locator("#sign-form").get_by_role("button", name="Sign").click()
    tab.page.locator("#sign-form [role=alert]").wait_for(timeout=3_000)


def confirm_page(tab: Tab) -> None:
    confirm, _ = sign_in_the_background()
    tab.goto(confirm)


def confirm_result(tab: Tab) -> None:
    confirm_page(tab)
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="Confirm my signature").click()
    assert tab.page.locator("h1").inner_text() == "Thank you: your signature is confirmed"


def withdraw_page(tab: Tab) -> None:
    _, withdraw = sign_in_the_background()
    tab.goto(withdraw)


def not_found(tab: Tab) -> None:
    tab.goto("/en/no-such-page/", expected_status=404)


def synthetic_prisoner(slug: str = WRITABLE, name: str = "Synthetic Held Person", **fields):
    """A synthetic person held now, with an address for letters and a birthday in ten
    days, and the guidance for letters."""
    import datetime

    from django.utils import timezone

    from prisoners.models import Person
    from tests.factories import make_letter_guidance, make_person

    make_letter_guidance()
    birthday = (timezone.localdate() + datetime.timedelta(days=10)).replace(year=1984)
    return Person.objects.filter(slug=slug).first() or make_person(
        slug=slug, name_en=name, postal_address=LETTER_ADDRESS, date_of_birth=birthday,
        **fields,
    )  # fmt: skip


def with_a_writable_prisoner(path: str) -> Callable[[Tab], None]:
    def go(tab: Tab) -> None:
        synthetic_prisoner()
        tab.goto(path)

    return go


def letter_sent(tab: Tab) -> None:
    with_a_writable_prisoner(LETTER)(tab)
    tab.page.get_by_role("button", name="I sent a letter").click()
    tab.page.locator("#letter-sent [role=status]").wait_for(timeout=3_000)


def unsubscribe_page(tab: Tab) -> None:
    """The page a signer's unsubscribe link opens."""
    from campaigns.models import Signature
    from supporters import tokens

    sign_in_the_background()
    signature = Signature.objects.first()
    token = tokens.unsubscribe_token(tokens.SIGNATURE, signature.public_id, signature.email)
    tab.goto(f"/en/unsubscribe/{token}/")


def visit(path: str) -> Callable[[Tab], None]:
    def go(tab: Tab) -> None:
        tab.goto(path)

    return go


PAGE_TYPES: dict[str, Callable[[Tab], None]] = {
    "home": visit("/en/"),
    "prisoner-list": visit("/en/prisoners/"),
    "prisoner-results": visit("/en/prisoners/?q=Tsikh"),
    "profile": visit(PROFILE),
    "campaign-list": visit("/en/campaigns/"),
    "campaign": visit(CAMPAIGN),
    "campaign-form-errors": campaign_with_form_errors,
    "thanks": visit(f"{CAMPAIGN}thanks/"),
    "confirm": confirm_page,
    "confirm-result": confirm_result,
    "withdraw": withdraw_page,
    "story-list": visit("/en/stories/"),
    "story": visit(STORY),
    "privacy": visit("/en/privacy/"),
    "statistics": visit("/en/prisoners/statistics/"),
    "letters": with_a_writable_prisoner("/en/prisoners/letters/"),
    "letters-results": with_a_writable_prisoner("/en/prisoners/letters/?q=Synthetic"),
    "letter": with_a_writable_prisoner(LETTER),
    "letter-sent": letter_sent,
    "letter-print": with_a_writable_prisoner(f"{LETTER}print/"),
    "birthdays": with_a_writable_prisoner("/en/prisoners/birthdays/"),
    "not-found": not_found,
    "embed": visit(f"{CAMPAIGN}embed/"),
    "follow": visit(PROFILE.replace("/prisoners/", "/follow/")),
    "follow-sent": visit(PROFILE.replace("/prisoners/", "/follow/") + "sent/"),
    "unsubscribe": unsubscribe_page,
}


def page_types(viewports: list[str]) -> list:
    """Every page type in each of these viewports, as parameters ("home-desktop", …)."""
    return [
        pytest.param(name, viewport, id=f"{name}-{viewport}")
        for name in PAGE_TYPES
        for viewport in viewports
    ]


def signed_in_to_the_admin(tab, next_page: str = "/admin/") -> None:
    """A superuser, who sees every part of the index, signed in through the form."""
    from django.contrib.auth.models import User

    if not User.objects.filter(username="editor-in-chief").exists():
        User.objects.create_superuser("editor-in-chief", password="a long enough password")
    tab.goto(f"/admin/login/?next={next_page}")
    tab.page.get_by_label("Username").fill("editor-in-chief")
    tab.page.get_by_label("Password").fill("a long enough password")
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="Log in").click()
