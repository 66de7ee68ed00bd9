"""The kinds of action, collected from each app's `actions` module (core.actions)."""

import pytest

from core import actions
from officials.admin import OfficialLetterInline
from tests.factories import make_campaign, make_person

ADDRESS = "Penal colony No. 9\nul. Example 1\n000000 Example Town\nBelarus (synthetic)"


def test_the_three_kinds_are_found_in_their_apps_in_the_order_the_page_shows_them():
    assert [kind.code for kind in actions.kinds()] == ["sign", "letter", "official"]
    assert actions.kind("official").stored.__module__ == "officials.models"
    with pytest.raises(KeyError):
        actions.kind("march")


def test_two_kinds_with_one_code_are_refused(monkeypatch):
    sign = actions.kind("sign")

    class Twice:
        KINDS = [sign]

    monkeypatch.setattr(actions, "_modules", lambda: (Twice, Twice))
    with pytest.raises(ValueError, match="share a code"):
        actions.kinds()


def test_a_kind_naming_a_missing_template_fails_the_system_check(monkeypatch):
    from dataclasses import replace

    from core.checks import action_templates_check

    assert action_templates_check(None) == []
    misspelt = replace(actions.kind("official"), emails=("officials/no-such-email.txt",))

    class Misspelt:
        KINDS = [misspelt]

    monkeypatch.setattr(actions, "_modules", lambda: (Misspelt,))
    (error,) = action_templates_check(None)
    assert error.id == "core.E012"
    assert "officials/no-such-email.txt" in error.msg


def test_the_campaign_admin_gains_each_kinds_inlines():
    assert actions.campaign_admin_inlines() == [OfficialLetterInline]


def test_a_campaign_asks_to_sign_and_to_write_to_whom_letters_reach(db):
    reachable = make_person(postal_address=ADDRESS)
    unreachable = make_person()
    campaign = make_campaign(prisoners=[reachable, unreachable])
    offered = {action.kind.code: action.data for action in actions.offered_actions(campaign)}
    assert set(offered) == {"sign", "letter"}
    assert offered["letter"] == [reachable]
    assert [a.kind.code for a in actions.offered_actions(make_campaign())] == ["sign"]


def test_the_campaign_page_links_to_the_letter_page_of_whom_letters_reach(client, db):
    reachable = make_person(postal_address=ADDRESS, name_en="Reachable Example")
    campaign = make_campaign(prisoners=[reachable, make_person()])
    html = client.get(f"/en/campaigns/{campaign.slug}/").content.decode()
    assert f'href="/en/prisoners/{reachable.slug}/letter/"' in html
    assert html.count('/letter/"') == 1
