"""A person's feed: what the site publishes about them, for a feed reader, so that
following someone needs no email address (issue 35).

Read from the records themselves (the status history, the stories, the appeals), not
from the news rows that decide what is emailed: those exist only from when staff first
recorded something in the admin, never for the case import or the fixtures, and a
reader expects the whole history. Each app gives its part through `person_entries`
(core.feeds.person_entries collects them); the status history's is here."""

from django.conf import settings
from django.db.models import Max, Min
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.feeds import EntriesFeed, FeedEntry
from core.feeds import person_entries as entries_about
from prisoners.models import Person, StatusChange


def person_entries(person: Person) -> list[FeedEntry]:
    """The person's status history, each change with its date as precisely as its
    sources give it, and those sources. Its `updated` is when the site recorded the
    change or last corrected it (the change's history: the case import and the admin
    both write it), the only instant a change dated to the month or the year has.
    Three queries whatever the length of the history."""
    changes = list(
        StatusChange.objects.filter(person=person)
        .order_by("position", "pk")
        .prefetch_related("sources")
    )
    recorded = {
        row["id"]: (row["first"], row["last"])
        for row in StatusChange.history.filter(id__in=[change.pk for change in changes])
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"), last=Max("history_date"))
    }
    profile = person.get_absolute_url()
    entries = []
    for change in changes:
        first, last = recorded.get(change.pk, (person.created_at, person.created_at))
        when = change.when
        title = (
            gettext("%(change)s: %(when)s") % {"change": change.label, "when": when}
            if when.is_known
            else str(change.label)
        )
        entries.append(
            FeedEntry(
                title=title,
                link=f"{profile}#status-change-{change.pk}",
                description=render_to_string(
                    "feeds/status_change.html", {"change": change, "person": person}
                ).strip(),
                updated=last,
                published=first,
                category=gettext("Status history"),
            )
        )
    return entries


class PersonFeed(EntriesFeed):
    """Everything the site publishes about one person, newest first, in the language of
    the URL: their status changes, the stories about them, and the updates, responses
    and outcomes of the public appeals for them."""

    subtitle = _(
        "Each entry's date in a feed reader is when we recorded it; when it happened is "
        "in its title, as precisely as the source gives it."
    )

    def get_object(self, request, slug: str) -> Person:
        return get_object_or_404(Person.objects.public_profiles(), slug=slug)

    def title(self, person: Person) -> str:
        return gettext("News of %(name)s") % {"name": person.name}

    def link(self, person: Person) -> str:
        return person.get_absolute_url()

    def empty_feed_updated(self, person: Person):
        return person.created_at

    def author_name(self) -> str:
        return settings.ORGANISATION_NAME

    def items(self, person: Person) -> list[FeedEntry]:
        return entries_about(person)
