"""A profile's page in the admin says first what needs attention on it."""

import datetime

import pytest
from django.utils import timezone

from prisoners.models import Event, Person, StatusChange, StatusKind
from tests.factories import make_person


def change_page(client, person: Person) -> str:
    return client.get(f"/admin/prisoners/person/{person.pk}/change/").content.decode()


@pytest.mark.django_db
def test_it_lists_the_facts_that_cite_no_source_a_draft_and_an_old_profile(admin_client):
    person = make_person(is_published=False)
    StatusChange.objects.create(person=person, kind=StatusKind.TRANSFERRED)
    Event.objects.create(person=person, title_en="A closed hearing")
    person.sources.clear()
    Person.objects.filter(pk=person.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )

    content = change_page(admin_client, person)

    notes = content[content.index('id="profile-attention-heading"') : content.index("</section>")]
    assert "A draft: visitors do not see this profile" in notes
    assert "The profile cites no source" in notes
    assert "Status change: Transferred" in notes
    assert "Timeline event: A closed hearing" in notes
    assert "more than 180 days ago" in notes
    assert "Arrested" not in notes  # the arrest cites its source


@pytest.mark.django_db
def test_a_sourced_published_current_profile_needs_nothing(admin_client):
    content = change_page(admin_client, make_person())
    assert 'id="profile-attention-heading"' not in content
