"""Staff access to signers' data is accountable: every list, signature page and export of
signatures that a member of staff opens is logged (who, when, which campaign, how many
rows), and superusers read the log in the admin, which nobody can change."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from core.models import PersonalDataAccess
from tests.factories import make_campaign, make_confirmed, make_signature

SIGNATURES = "admin:campaigns_signature_changelist"
LOG = "admin:core_personaldataaccess_changelist"


def member_of(group: str) -> User:
    user = User.objects.create_user(group.lower().replace(" ", "-"), is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)


def logged() -> list[tuple]:
    return list(
        PersonalDataAccess.objects.order_by("scope", "action").values_list(
            "username", "action", "data", "scope", "rows"
        )
    )


@pytest.fixture
def two_campaigns(db):
    maria, ales = make_campaign(title="Free Maria"), make_campaign(title="Free Ales")
    for _n in range(3):
        make_confirmed(maria)
    make_signature(ales)
    return maria, ales


def test_a_list_of_signatures_is_logged_per_campaign_with_its_rows(client, two_campaigns):
    client.force_login(member_of("Moderators"))
    client.get(reverse(SIGNATURES))
    assert logged() == [
        ("moderators", "list", "signatures", "Free Ales", 1),
        ("moderators", "list", "signatures", "Free Maria", 3),
    ]
    entry = PersonalDataAccess.objects.first()
    assert entry.path == "/admin/campaigns/signature/"


def test_a_signatures_page_is_logged(client, two_campaigns):
    maria, _ales = two_campaigns
    signature = maria.signatures.first()
    client.force_login(member_of("Data officers"))
    client.get(reverse("admin:campaigns_signature_change", args=[signature.pk]))
    assert logged() == [("data-officers", "view", "signatures", "Free Maria", 1)]


def test_an_export_is_logged_with_the_rows_it_holds(client, two_campaigns):
    maria, ales = two_campaigns
    client.force_login(member_of("Data officers"))
    client.post(
        reverse(SIGNATURES),
        {"action": "export_csv", "select_across": "1", "index": "0",
         "_selected_action": [maria.signatures.first().pk]},
    )  # fmt: skip
    exports = [entry for entry in logged() if entry[1] == "export"]
    assert exports == [("data-officers", "export", "signatures", "Free Maria", 3)]


def test_only_superusers_read_the_log_and_nobody_changes_it(client, admin_client, two_campaigns):
    officer = member_of("Data officers")
    client.force_login(officer)
    client.get(reverse(SIGNATURES))
    assert client.get(reverse(LOG)).status_code == 403
    assert "personaldataaccess" not in client.get("/admin/").content.decode()

    page = admin_client.get(reverse(LOG))
    assert page.status_code == 200
    assert "data-officers" in page.content.decode()
    entry = PersonalDataAccess.objects.filter(username="data-officers").first()
    change = admin_client.get(reverse("admin:core_personaldataaccess_change", args=[entry.pk]))
    assert change.status_code == 200
    assert 'type="submit"' not in change.content.decode().split('id="content-main"')[1]
    assert admin_client.get(reverse("admin:core_personaldataaccess_add")).status_code == 403
    delete = reverse("admin:core_personaldataaccess_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert PersonalDataAccess.objects.filter(pk=entry.pk).exists()
