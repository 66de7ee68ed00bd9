from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from core.actions import wait_minutes
from core.csrf import origin_checked
from core.htmx import HtmxHttpRequest
from core.page_cache import live_page, public_page
from officials import actions, counts
from officials.models import LetterToOfficial, Official, OfficialLetter


def _letter_and_official(slug: str, letter: int, official: int) -> tuple[OfficialLetter, Official]:
    """The public campaign's letter and one of its officials (two queries), else 404."""
    found = get_object_or_404(
        OfficialLetter.objects.public().select_related("campaign"), pk=letter, campaign__slug=slug
    )
    addressee = found.addressee(official)
    if addressee is None:
        raise Http404("No such letter to an official.")
    return found, addressee


def _context(letter: OfficialLetter, official: Official, **extra) -> dict:
    return {
        "campaign": letter.campaign,
        "letter": letter,
        "official": official,
        "mailto": letter.mailto(official),
        "sent_count": counts.letters_sent(letter.campaign).get(official.pk, 0),
        **extra,
    }


@require_safe
@live_page
def official_letter(
    request: HtmxHttpRequest, slug: str, letter: int, official: int
) -> HttpResponse:
    """Writing to one official: the letter in the visitor's language to read and change,
    a `mailto:` link that carries it, a page to print it for the post, the official's
    address and its source, and the "I sent it" button. Kept as long as the campaign's
    page, as it shows the count of letters sent (officials.counts); the button's form
    carries no token (core.csrf)."""
    found, addressee = _letter_and_official(slug, letter, official)
    return render(request, "officials/letter.html", _context(found, addressee))


@require_safe
@public_page
def official_letter_print(
    request: HtmxHttpRequest, slug: str, letter: int, official: int
) -> HttpResponse:
    """The letter with the official's postal address, for the printer."""
    found, addressee = _letter_and_official(slug, letter, official)
    if not addressee.postal_address:
        raise Http404("No postal address is known.")
    return render(request, "officials/letter_print.html", _context(found, addressee))


@require_POST
@origin_checked
def official_letter_sent(
    request: HtmxHttpRequest, slug: str, letter: int, official: int
) -> HttpResponse:
    """Count a letter the visitor says they sent to this official: once per visitor and
    official within RATE_LIMIT_LETTER_PER_PERSON, at most RATE_LIMIT_LETTERS_PER_IP from
    one address, none from a blocked address; nothing about the visitor is kept
    (core.actions.AnonymousCounter)."""
    found, addressee = _letter_and_official(slug, letter, official)

    def record() -> None:
        LetterToOfficial.objects.create(letter=found, official=addressee)
        counts.forget(found.campaign)

    wait = actions.OFFICIAL_LETTERS.count(
        request,
        target=f"{found.pk}:{addressee.pk}",
        per_address=actions.LETTERS_PER_IP,
        per_target=actions.LETTER_PER_OFFICIAL,
        record=record,
    )
    status = 429 if wait else 200
    context = _context(
        found, addressee, sent=not wait, wait_minutes=wait_minutes(wait) if wait else 0
    )
    if request.htmx:
        response = render(request, "officials/letter.html#official-sent", context, status=status)
    elif wait:
        response = render(request, "officials/letter.html", context, status=status)
    else:
        return redirect("officials:thanks", slug=slug, letter=found.pk, official=addressee.pk)
    if wait:
        response["Retry-After"] = str(wait)
    return response


@require_safe
@public_page
def official_letter_thanks(
    request: HtmxHttpRequest, slug: str, letter: int, official: int
) -> HttpResponse:
    """Where "I sent it" lands without JavaScript: thanks, and the way back."""
    found, addressee = _letter_and_official(slug, letter, official)
    return render(
        request,
        "officials/thanks.html",
        {"letter": found, "official": addressee, "campaign": found.campaign},
    )
