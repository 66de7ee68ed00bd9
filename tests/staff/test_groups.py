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
def test_editors_write_content_but_never_see_signers():
    editor = member_of("Editors")
    assert editor.has_perm("prisoners.change_person")
    assert editor.has_perm("stories.add_story")
    assert editor.has_perm("campaigns.change_campaign")
    assert not editor.has_perm("campaigns.view_signature")
    assert not editor.has_perm("campaigns.export_signatures")


@pytest.mark.django_db
def test_moderators_moderate_comments_but_cannot_export_or_edit_content():
    moderator = member_of("Moderators")
    assert moderator.has_perm("campaigns.change_signature")
    assert not moderator.has_perm("campaigns.export_signatures")
    assert not moderator.has_perm("prisoners.change_person")
    assert not moderator.has_perm("campaigns.change_campaign")


@pytest.mark.django_db
def test_data_officers_export_but_cannot_change_anything():
    officer = member_of("Data officers")
    assert officer.has_perm("campaigns.export_signatures")
    assert officer.has_perm("campaigns.view_signature")
    assert not officer.has_perm("campaigns.change_signature")
    assert not officer.has_perm("prisoners.change_person")


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
