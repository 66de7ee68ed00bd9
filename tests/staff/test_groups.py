"""Staff groups created by the data migration give each job only what it needs."""

import pytest
from django.contrib.auth.models import Group, User

from tests.factories import make_campaign, make_person


def member_of(group_name: str) -> User:
    user = User.objects.create_user(f"{group_name.lower().replace(' ', '-')}", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return User.objects.get(pk=user.pk)  # fresh, without a permission cache


@pytest.mark.django_db
def test_it_creates_the_four_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Editors",
        "Moderators",
        "Data officers",
        "Flood reviewers",
    }


@pytest.mark.django_db
def test_each_group_has_exactly_the_permissions_its_role_names():
    """Every permission staff/roles.py names exists once the migrations have run (a
    misspelt one would be missing here) and no group has more."""
    from staff.roles import ROLES

    for name, codenames in ROLES.items():
        group = Group.objects.get(name=name)
        given = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert given == set(codenames), name


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("group", "may", "may_not"),
    [
        pytest.param(
            "Editors",
            [
                "prisoners.change_person",
                "stories.add_story",
                "campaigns.change_campaign",
                "prisoners.add_statuschange",
                "prisoners.change_verdict",
                "prisoners.delete_casearticle",
                "prisoners.add_stay",
                "prisoners.change_recognition",
                "prisoners.add_criminalarticle",
                "prisoners.add_placeofdetention",
                "prisoners.change_methodology",
                "prisoners.change_letterguidance",
                "prisoners.add_letterphrase",
                "prisoners.delete_letterphrase",
                "prisoners.view_letter",
                "officials.change_official",
                "officials.add_officialletter",
                "news.view_news",
            ],
            [
                "news.change_news",
                "audience.view_supporter",
                "prisoners.add_letter",
                "prisoners.change_letter",
                "prisoners.delete_letter",
                "campaigns.view_signature",
                "campaigns.change_signature",
                "campaigns.export_signatures",
                "auth.change_user",
                "axes.view_accessattempt",
            ],
            id="editors-write-content-but-never-see-signers",
        ),
        pytest.param(
            "Moderators",
            ["campaigns.change_signature"],
            [
                "campaigns.export_signatures",
                "prisoners.change_person",
                "campaigns.change_campaign",
                "prisoners.add_statuschange",
                "prisoners.change_verdict",
                "prisoners.change_criminalarticle",
                "prisoners.change_source",
            ],
            id="moderators-moderate-comments-but-cannot-export-or-edit-content",
        ),
        pytest.param(
            "Data officers",
            ["campaigns.export_signatures", "campaigns.view_signature"],
            ["campaigns.change_signature", "prisoners.change_person"],
            id="data-officers-export-but-cannot-change-anything",
        ),
        pytest.param(
            "Flood reviewers",
            [
                "campaigns.invalidate_signatures",
                "campaigns.view_signature",
                "campaigns.add_blockedemaildomain",
                "campaigns.delete_blockedaddress",
            ],
            [
                "campaigns.export_signatures",
                "campaigns.change_signature",
                "campaigns.delete_signature",
                "campaigns.change_signatureinvalidation",
                "prisoners.change_person",
            ],
            id="flood-reviewers-set-floods-aside-but-never-see-an-address",
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


def editor_client(client) -> User:
    editor = member_of("Editors")
    client.force_login(editor)
    return editor


@pytest.mark.django_db
def test_an_editor_edits_the_record_inline_and_imports_and_exports_cases(client):
    editor_client(client)
    person = make_person()
    change = client.get(f"/admin/prisoners/person/{person.pk}/change/").content.decode()
    for inline in ("status_changes", "verdicts", "case_articles", "stays", "recognitions"):
        assert f'name="{inline}-TOTAL_FORMS"' in change, inline
    assert client.get("/admin/prisoners/person/import/").status_code == 200
    assert client.get("/admin/prisoners/person/export/").status_code == 200
    assert client.get("/admin/prisoners/criminalarticle/import/").status_code == 200
    assert client.get("/admin/prisoners/placeofdetention/add/").status_code == 200


@pytest.mark.django_db
def test_an_editor_never_reaches_signers_or_the_security_tables(client):
    from tests.factories import make_confirmed

    editor_client(client)
    signature = make_confirmed(make_campaign(), comment="Free them")
    assert client.get("/admin/campaigns/signature/").status_code == 403
    assert client.get(f"/admin/campaigns/signature/{signature.pk}/change/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/axes/accessattempt/").status_code == 403
    index = client.get("/admin/").content.decode()
    assert "/admin/campaigns/signature/" not in index


@pytest.mark.django_db
def test_a_moderator_cannot_change_a_fact(client):
    client.force_login(member_of("Moderators"))
    person = make_person()
    assert client.get(f"/admin/prisoners/person/{person.pk}/change/").status_code == 403
    assert client.get("/admin/prisoners/criminalarticle/").status_code == 403
    assert client.get("/admin/prisoners/source/").status_code == 403
