"""The second kind of action: write to the prisoner (core.actions). The letter pages are
the prisoners' own (prisoners.views); on a campaign's page the kind lists the people it
is about whom letters can reach now, each with a link to their letter page. "I sent a
letter" is counted by the anonymous counter every kind shares."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core import rate_limits
from core.actions import ActionKind, AnonymousCounter
from prisoners.models import Letter

LETTERS = AnonymousCounter("letters")
LETTERS_PER_IP = rate_limits.Limit.parse(settings.RATE_LIMIT_LETTERS_PER_IP)
LETTER_PER_PERSON = rate_limits.Limit.parse(settings.RATE_LIMIT_LETTER_PER_PERSON)


def _offered(campaign) -> list:
    """The people the campaign is about whom a letter can reach now (one query)."""
    return list(campaign.prisoners.can_receive_letters())


def _counted(campaign) -> int:
    return Letter.objects.filter(person__in=campaign.prisoners.values("pk")).count()


KINDS = [
    ActionKind(
        code="letter",
        label=_("Write to the prisoner"),
        template="prisoners/actions/letter.html",
        offered=_offered,
        stored=Letter,
        counted=_counted,
        position=20,
    )
]
