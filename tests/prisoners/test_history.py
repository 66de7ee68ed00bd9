"""Every change to a fact is kept: who made it, when and what changed; staff restore an
earlier version in one step; the profile shows a short public log of its changes."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from campaigns.models import Campaign
from prisoners.models import Event, Person, StatusChange, StatusKind
from tests.factories import make_person, make_source
from tests.html import find_inside, form_data
from tests.prisoners.pages import facts
from tests.prisoners.test_admin import ADD, new_person

CHANGES = {"tag": "section", "aria-labelledby": "changes-heading"}


def change_url(person) -> str:
    return f"/admin/prisoners/person/{person.pk}/change/"


def profile(person) -> str:
    return f"/en/prisoners/{person.slug}/"


def facts_of(client, person) -> dict[str, str]:
    return facts(client.get(profile(person)).content)


def change_log(client, person) -> list[str]:
    html = client.get(profile(person)).content
    return [" ".join(item.text.split()) for item in find_inside(html, CHANGES, "li")]


@pytest.fixture
def editor(db) -> User:
    return User.objects.create_superuser("olga", "olga@example.org", "pw", first_name="Olga")


@pytest.fixture
def maria(client, editor) -> Person:
    """Maria, added through the admin by Olga."""
    client.force_login(editor)
    source = make_source()
    response = client.post(ADD, new_person(sources=[source.pk]))
    assert response.status_code == 302
    client.logout()
    return Person.objects.get(slug="maria-kalesnikava")


def test_it_keeps_who_changed_what_through_the_admin(client, editor, maria):
    client.force_login(editor)
    source = maria.sources.get()
    data = new_person(sources=[source.pk], name_be="Марыя Калеснікава-Новая")
    assert client.post(change_url(maria), data).status_code == 302
    latest, first = maria.history.all()[:2]
    assert latest.history_user == editor
    assert latest.history_type == "~"
    diff = latest.diff_against(first)
    assert "name_be" in diff.changed_fields
    change = next(c for c in diff.changes if c.field == "name_be")
    assert (change.old, change.new) == ("Марыя Калеснікава", "Марыя Калеснікава-Новая")
    page = client.get(f"/admin/prisoners/person/{maria.pk}/history/")
    assert page.status_code == 200
    assert b"olga" in page.content


def test_it_restores_an_earlier_version_through_the_revert_form(client, editor, maria):
    client.force_login(editor)
    source = maria.sources.get()
    client.post(change_url(maria), new_person(sources=[source.pk], name_be="Іншае імя"))
    maria.refresh_from_db()
    assert maria.name_be == "Іншае імя"
    original = maria.history.earliest()
    revert = f"/admin/prisoners/person/{maria.pk}/history/{original.history_id}/"
    form = client.get(revert).context["adminform"].form
    assert form.initial["name_be"] == "Марыя Калеснікава"
    # The revert form is the change form filled with the old values: saving it restores.
    data = new_person(sources=[source.pk]) | {"name_be": form.initial["name_be"]}
    assert client.post(revert, data).status_code == 302
    maria.refresh_from_db()
    assert maria.name_be == "Марыя Калеснікава"
    assert maria.history.latest().history_user == editor


def test_it_hides_the_history_from_users_without_the_view_permission(client, maria):
    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)
    response = client.get(f"/admin/prisoners/person/{maria.pk}/history/")
    assert response.status_code == 403


def test_it_logs_a_dated_sourced_status_change_publicly_without_names(client, editor):
    person = make_person(name_en="Ihar Losik")
    person.history.update(history_user=editor)
    change = StatusChange(person=person, kind=StatusKind.RELEASED, date=datetime.date(2025, 6, 21))
    change.save()
    change.sources.set([person.sources.get()])
    person.refresh_record()
    assert change.history.filter(history_type="+").exists()
    log = change_log(client, person)
    assert any("Status history: added Released" in line for line in log)
    html = client.get(profile(person)).content.decode()
    assert "olga" not in html and "Olga" not in html
    assert "Last updated" in html


def test_it_shows_an_edit_in_the_public_log_at_once(client, editor, maria):
    before = change_log(client, maria)
    client.force_login(editor)
    source = maria.sources.get()
    client.post(change_url(maria), new_person(sources=[source.pk], occupation_en="Flautist"))
    client.logout()
    after = change_log(client, maria)
    assert len(after) == len(before) + 1
    assert after[0].endswith("Changed: Occupation or role")


@pytest.mark.parametrize("edits", [1, 10])
def test_it_builds_the_public_log_in_the_same_queries_whatever_its_length(
    client, db, django_assert_num_queries, edits
):
    from prisoners.history import public_change_log

    person = make_person()
    for number in range(edits):
        person.occupation_en = f"Job {number}"
        person.save()
    with django_assert_num_queries(2):
        log = public_change_log(person.pk)
    assert 1 <= len(log) <= 10


def test_no_history_table_holds_signers_data():
    historical = {model.__name__ for model in apps.get_models()}
    assert "HistoricalSignature" not in historical
    assert "HistoricalSignatureTally" not in historical
    fields = {field.name for field in Campaign.history.model._meta.get_fields()}
    assert not any("email" in name or "ip" in name.split("_") for name in fields)
    assert "name_be" in {f.name for f in Person.history.model._meta.get_fields()}


def test_it_lists_the_record_entries_changes_on_the_persons_history_page(client, editor):
    person = make_person(name_en="Ihar Losik")
    client.force_login(editor)
    response = client.get(f"/admin/prisoners/person/{person.pk}/history/")
    assert response.status_code == 200
    kinds = [str(change.kind) for change in response.context["record_history"]]
    assert "status change" in kinds


def undo_url(person, version) -> str:
    kind = version.instance_type._meta.model_name
    return f"/admin/prisoners/person/{person.pk}/history/record/{kind}/{version.history_id}/undo/"


@pytest.fixture
def released(editor) -> Person:
    """Ihar, held, then given a dated, sourced release (as an editor adds one)."""
    person = make_person(name_en="Ihar Losik", status="sentenced")
    change = StatusChange.objects.create(
        person=person, kind=StatusKind.RELEASED, date=datetime.date(2025, 6, 21),
        date_precision="day",
    )  # fmt: skip
    change.sources.set([person.sources.get()])
    person.refresh_from_db()
    assert person.status == "released"
    return person


def test_an_editor_undoes_an_added_status_change_from_the_history_page(client, editor, released):
    client.force_login(editor)
    added = StatusChange.history.get(
        person_id=released.pk, kind=StatusKind.RELEASED, history_type="+"
    )
    page = client.get(f"/admin/prisoners/person/{released.pk}/history/")
    assert undo_url(released, added).encode() in page.content

    response = client.post(undo_url(released, added), follow=True)

    assert response.status_code == 200
    assert "is as it was before that change" in response.content.decode()
    released.refresh_from_db()
    assert released.status == "sentenced"
    assert not released.status_changes.filter(kind=StatusKind.RELEASED).exists()
    removal = StatusChange.history.filter(person_id=released.pk, history_type="-").get()
    assert removal.history_user == editor
    assert "Released" not in facts_of(client, released)


def test_undoing_a_removal_puts_the_entry_back_with_its_sources(client, editor, released):
    change = released.status_changes.get(kind=StatusKind.RELEASED)
    source, pk = change.sources.get(), change.pk
    change.delete()
    client.force_login(editor)
    removal = StatusChange.history.get(person_id=released.pk, history_type="-")

    client.post(undo_url(released, removal))

    back = released.status_changes.get(kind=StatusKind.RELEASED)
    assert (back.pk, back.date) == (pk, datetime.date(2025, 6, 21))
    assert list(back.sources.all()) == [source]
    released.refresh_from_db()
    assert released.status == "released"


def test_undoing_an_edit_restores_the_values_before_it(client, editor, released):
    change = released.status_changes.get(kind=StatusKind.RELEASED)
    change.date = datetime.date(2025, 9, 11)
    change.save()
    client.force_login(editor)
    edit = StatusChange.history.filter(id=change.pk, history_type="~").latest("history_id")

    client.post(undo_url(released, edit))

    change.refresh_from_db()
    assert change.date == datetime.date(2025, 6, 21)


def test_undo_needs_a_post_the_change_permission_and_the_right_person(client, editor, released):
    added = StatusChange.history.get(
        person_id=released.pk, kind=StatusKind.RELEASED, history_type="+"
    )
    viewer = User.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename="view_person"))
    client.force_login(viewer)
    assert client.post(undo_url(released, added)).status_code == 403
    client.force_login(editor)
    assert client.get(undo_url(released, added)).status_code == 405
    other = make_person(name_en="Someone Else")
    assert client.post(undo_url(other, added)).status_code == 404
    assert released.status_changes.filter(kind=StatusKind.RELEASED).exists()


def test_an_entry_added_with_its_source_in_the_admin_is_one_change_and_undone_whole(
    client, editor, maria
):
    client.force_login(editor)
    source = maria.sources.get()
    added = new_person(sources=[source.pk]) | {
        "status_changes-TOTAL_FORMS": "1",
        "status_changes-0-person": str(maria.pk),
        "status_changes-0-position": "0",
        "status_changes-0-kind": "arrested",
        "status_changes-0-date": "2020-09-07",
        "status_changes-0-date_precision": "day",
        "status_changes-0-sources": str(source.pk),
    }
    assert client.post(change_url(maria), added).status_code == 302
    maria.refresh_from_db()
    assert maria.status == "detained"
    # The save wrote two historical records (the entry, then its sources): one change.
    assert StatusChange.history.filter(person_id=maria.pk).count() == 2
    page = client.get(f"/admin/prisoners/person/{maria.pk}/history/")
    [change] = page.context["record_history"]
    assert change.history_type == "+"

    client.post(undo_url(maria, change.first))

    maria.refresh_from_db()
    assert not maria.status_changes.exists()
    assert maria.status == "unknown"


def test_an_empty_text_saved_as_null_is_not_a_change_in_the_public_log(client, db):
    person = make_person(name_en="Ihar Losik", charge_en="")
    person.charge_en = None
    person.save()

    log = change_log(client, person)
    assert log and not any("Charge" in line for line in log)


def test_the_public_log_says_when_an_entry_or_a_timeline_event_was_corrected(client, db):
    person = make_person(name_en="Ihar Losik", status="sentenced")
    arrest = person.status_changes.get(kind=StatusKind.ARRESTED)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        # An editor corrects the date a few minutes later.
        arrest.date, arrest.date_precision = datetime.date(2020, 6, 25), "day"
        arrest.save()
        event = Event.objects.create(person=person, title_en="Sentenced to 15 years")
        event.sources.set([person.sources.get()])

    log = change_log(client, person)

    assert any("Status history: changed Arrested" in line for line in log)
    timeline = [line for line in log if "Timeline" in line]
    # Added with its source (two historical records): one line.
    assert len(timeline) == 1 and "Timeline: added" in timeline[0]


def post_as_a_browser(client, person, **edits) -> None:
    """Open the person's admin form and post it back as a browser does (textareas with
    CRLF line breaks), with `edits` typed in."""
    page = client.get(change_url(person))
    data = form_data(page.content, "person_form") | edits
    response = client.post(change_url(person), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""


@pytest.fixture
def written_elsewhere(db) -> Person:
    """A person whose multi-line texts came from the fixtures or the import (LF)."""
    person = make_person(
        name_en="Ihar Losik",
        other_spellings="Igor Losik\nІгар Лосік",
        story_en="Blogger from Baranavichy.\n\nArrested in 2020.",
    )
    event = Event.objects.create(
        person=person, title_en="Trial", description_en="Closed hearing.\nNo press."
    )
    event.sources.set(person.sources.all())
    return person


def test_editing_one_field_in_the_admin_changes_and_logs_only_that_field(
    client, editor, written_elsewhere
):
    person = written_elsewhere
    client.force_login(editor)

    post_as_a_browser(client, person, occupation_en="Blogger")

    person.refresh_from_db()
    assert person.occupation_en == "Blogger"
    assert person.other_spellings == "Igor Losik\nІгар Лосік"
    assert person.story_en == "Blogger from Baranavichy.\n\nArrested in 2020."
    assert person.events.get().description_en == "Closed hearing.\nNo press."
    client.logout()
    log = change_log(client, person)
    assert log[0].endswith("Changed: Occupation or role")
    assert not any("Timeline: changed" in line for line in log)


def test_a_save_that_changes_nothing_logs_nothing(client, editor, written_elsewhere):
    person = written_elsewhere
    client.force_login(editor)
    before = person.history.count(), Event.history.count()
    log_before = change_log(client, person)

    post_as_a_browser(client, person)

    assert (person.history.count(), Event.history.count()) == before
    client.logout()
    assert change_log(client, person) == log_before


def test_an_editor_in_another_language_changes_and_logs_only_the_field_edited(
    client, editor, written_elsewhere
):
    """modeltranslation copies the language of the admin into each translated field's
    own column on save (`name` gets `name_be` in the Belarusian admin): no editor's act,
    so neither a version nor a line in the public log."""
    person = written_elsewhere
    person.name_be, person.story_be = "Ігар Лосік", "Блогер."
    person.save()
    event = person.events.get()
    event.title_be = "Суд"
    event.save()
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "be"
    events_before = Event.history.count()

    post_as_a_browser(client, person, occupation_en="Blogger")

    assert Event.history.count() == events_before
    client.logout()
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    log = change_log(client, person)
    assert log[0].endswith("Changed: Occupation or role")
    assert not any("Timeline: changed" in line for line in log)


def test_a_fresh_site_logs_no_change_nobody_made(client, seeded):
    """The fixtures are loaded raw, then their sources set: each row's first version is
    an addition, not a change."""
    person = Person.objects.get(slug__startswith="sergei")

    log = change_log(client, person)

    assert log
    assert not any("changed" in line.lower() for line in log), log
