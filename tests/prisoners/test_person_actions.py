"""Bulk actions of the person list: publish and unpublish, and one dated, sourced status
change for several people at once, from a page with its own form."""

import datetime

import pytest
from django.contrib.auth.models import Group, User

from prisoners.models import Person, Status, StatusChange, StatusKind
from tests.factories import make_person, make_source

CHANGELIST = "/admin/prisoners/person/"


def act(client, action: str, people, **fields):
    data = {"action": action, "_selected_action": [person.pk for person in people]}
    return client.post(CHANGELIST, data | fields, follow=True)


def status_change(cited, **fields) -> dict:
    return {
        "apply": "yes",
        "kind": StatusKind.RELEASED,
        "release_kind": "pardoned",
        "date": "2026-09-11",
        "date_precision": "day",
        "source": cited.pk,
        "note": "Pardoned with 51 others",
    } | fields


@pytest.mark.django_db
def test_it_publishes_and_unpublishes_the_selected_people_with_their_history(admin_client):
    drafts = [make_person(is_published=False) for _n in range(2)]
    other = make_person(is_published=False)

    page = act(admin_client, "publish", drafts)

    assert "Published 2 profiles." in page.content.decode()
    assert Person.objects.filter(is_published=True).count() == 2
    assert not Person.objects.get(pk=other.pk).is_published
    latest = drafts[0].history.latest()
    assert latest.is_published
    assert latest.history_user.is_superuser
    assert latest.sources.count() == 1  # the version keeps the sources cited

    act(admin_client, "unpublish", drafts)
    assert not Person.objects.filter(is_published=True).exists()


@pytest.mark.django_db
def test_it_shows_the_form_of_a_status_change_for_the_selected_people(admin_client):
    people = [make_person(name_en="Ales Bialiatski"), make_person(name_en="Maria Kalesnikava")]

    page = act(admin_client, "add_status_change", people)

    content = page.content.decode()
    assert "Add a dated status change" in content
    assert "Ales Bialiatski" in content and "Maria Kalesnikava" in content
    assert 'name="source"' in content
    assert StatusChange.objects.filter(kind=StatusKind.RELEASED).count() == 0


@pytest.mark.django_db
def test_it_adds_one_sourced_status_change_to_each_person_and_derives_their_status(
    admin_client,
):
    people = [make_person(), make_person()]
    untouched = make_person()
    source = make_source(title="Viasna: 52 pardoned")

    page = act(admin_client, "add_status_change", people, **status_change(source))

    assert "Added “Pardoned” to 2 people." in page.content.decode()
    for person in people:
        person.refresh_from_db()
        assert person.status == Status.RELEASED
        assert person.released_on == datetime.date(2026, 9, 11)
        change = person.status_changes.get(kind=StatusKind.RELEASED)
        assert change.position == 3  # after the arrest and the sentence
        assert list(change.sources.all()) == [source]
        assert change.note == "Pardoned with 51 others"
        version = change.history.get()
        assert version.history_type == "+"
        assert list(version.sources.values_list("source_id", flat=True)) == [source.pk]
    untouched.refresh_from_db()
    assert untouched.status == Status.SENTENCED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"source": ""}, "This field is required.", id="no-source"),
        pytest.param(
            {"kind": StatusKind.ARRESTED},
            "Only a release has a way of release.",
            id="release-kind-on-an-arrest",
        ),  # fmt: skip
        pytest.param(
            {"date": ""},
            "Give the date, or choose “Not known” as its precision.",
            id="precision-without-a-date",
        ),  # fmt: skip
        pytest.param({"date": "11/31/2026"}, "Enter a valid date.", id="no-such-date"),
    ],
)
def test_an_invalid_form_says_what_is_wrong_and_writes_nothing(admin_client, fields, message):
    people = [make_person(), make_person()]
    source = make_source()
    before = StatusChange.objects.count()

    page = act(admin_client, "add_status_change", people, **status_change(source, **fields))

    content = page.content.decode()
    assert "Nothing was written: please correct the form." in content
    assert message in content
    assert StatusChange.objects.count() == before
    assert all(person.status == Status.SENTENCED for person in Person.objects.all())


@pytest.mark.django_db
def test_without_the_permission_to_add_status_changes_the_action_is_not_offered(client):
    viewer = User.objects.create_user("reader", is_staff=True)
    viewer.user_permissions.add(
        *Group.objects.get(name="Editors").permissions.filter(
            codename__in=["view_person", "change_person"]
        )
    )
    client.force_login(viewer)
    people = [make_person()]
    source = make_source()

    page = client.get(CHANGELIST)
    assert 'value="add_status_change"' not in page.content.decode()
    assert 'value="publish"' in page.content.decode()

    act(client, "add_status_change", people, **status_change(source))
    assert not StatusChange.objects.filter(kind=StatusKind.RELEASED).exists()


@pytest.mark.django_db
def test_a_viewer_cannot_publish(client):
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(
        *Group.objects.get(name="Editors").permissions.filter(codename="view_person")
    )
    client.force_login(viewer)
    draft = make_person(is_published=False)

    act(client, "publish", [draft])

    assert not Person.objects.get(pk=draft.pk).is_published
