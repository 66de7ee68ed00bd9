"""The third kind of action: write to an official (core.actions). On the campaign page:
the model letters with their officials, each a link to the page where the visitor
writes to them (officials.views), and the officials written to most."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from core import rate_limits
from core.actions import ActionKind, AnonymousCounter
from officials import counts
from officials.admin import OfficialLetterInline
from officials.models import LetterToOfficial, OfficialLetter

OFFICIAL_LETTERS = AnonymousCounter("official-letters")
# The limits of letters to prisoners (a letter is a letter): all letters from one
# address, and one official's letter from one address.
LETTERS_PER_IP = rate_limits.Limit.parse(settings.RATE_LIMIT_LETTERS_PER_IP)
LETTER_PER_OFFICIAL = rate_limits.Limit.parse(settings.RATE_LIMIT_LETTER_PER_PERSON)


@dataclass(frozen=True)
class LettersToOfficials:
    letters: list[OfficialLetter]
    written_to: list[counts.WrittenTo]
    total: int


def _offered(campaign: Campaign) -> LettersToOfficials | None:
    """The campaign's letters with their officials (two queries; none more without a
    letter) and the letters sent to each (cached: officials.counts)."""
    letters = [
        letter for letter in OfficialLetter.objects.for_campaign(campaign) if letter.officials.all()
    ]
    if not letters:
        return None
    sent = counts.letters_sent(campaign)
    officials = {official.pk: official for letter in letters for official in letter.officials.all()}
    return LettersToOfficials(
        letters=letters,
        written_to=counts.most_written_to(list(officials.values()), sent),
        total=sum(sent.values()),
    )


def _counted(campaign: Campaign) -> int:
    return sum(counts.letters_sent(campaign).values())


KINDS = [
    ActionKind(
        code="official",
        label=_("Write to an official"),
        template="officials/action.html",
        offered=_offered,
        stored=LetterToOfficial,
        counted=_counted,
        position=30,
        campaign_admin_inlines=(OfficialLetterInline,),
    )
]
