"""Staff groups created by the data migration give each job only what it needs."""

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import make_campaign, make_person


def member_of(group_name: str) -> User:
    user = User.objects.create_user(f"{group_name.lower().replace(' ', '-')}", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return User.objects.get(pk=user.pk)  # fresh, without a permission cache


@pytest.mark.django_db
def test_it_creates_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors",
        "Moderators",
        "Data officers",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "may", "may_not"),
    [
        pytest.param(
            "Editors",
            ["prisoners.change_person", "stories.add_story", "campaigns.change_campaign"],
            ["campaigns.view_signature", "campaigns.export_signatures"],
            id="editors-write-content-but-never-see-signers",
        ),
        pytest.param(
            "Moderators",
            ["campaigns.change_signature"],
            [
                "campaigns.export_signatures",
                "prisoners.change_person",
                "campaigns.change_campaign",
            ],
            id="moderators-moderate-comments-but-cannot-export-or-edit-content",
        ),
        pytest.param(
            "Data officers",
            ["campaigns.export_signatures", "campaigns.view_signature"],
            ["campaigns.change_signature", "prisoners.change_person"],
            id="data-officers-export-but-cannot-change-anything",
        ),
    ],
)
def test_each_group_may_do_its_job_and_nothing_more(group, may, may_not):
    member = member_of(group)
    for permission in may:
        assert member.has_perm(permission), permission
    for permission in may_not:
        assert not member.has_perm(permission), permission


@pytest.mark.django_db
def test_a_moderator_does_not_see_signers_emails_in_the_admin(client):
    from campaigns.services import signature_create

    campaign = make_campaign()
    signature_create(campaign=campaign, name="Ann Smith", email="ann@example.org", country="PL")
    moderator = member_of("Moderators")
    client.force_login(moderator)
    signature = campaign.signatures.get()
    page = client.get(f"/admin/campaigns/signature/{signature.pk}/change/")
    assert page.status_code == 200
    assert b"Ann Smith" in page.content
    assert b"ann@example.org" not in page.content
    make_person()  # editors' content stays out of reach
    assert client.get("/admin/prisoners/person/").status_code == 403
