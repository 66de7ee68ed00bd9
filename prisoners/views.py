import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_countries import countries
from django_htmx.http import HttpResponseClientRedirect

from core import cache_keys
from core.actions import wait_minutes
from core.countries import country_name
from core.csrf import origin_checked
from core.htmx import HtmxHttpRequest, vary_on_htmx
from core.page_cache import public_page, public_page_until_changed
from core.schema_org import links_origin
from core.static_copy import is_mirror_copy
from prisoners import actions, letters, search
from prisoners.cards import result_cards
from prisoners.forms import PrisonerFilterForm, apply_filters
from prisoners.history import public_change_log
from prisoners.models import (
    HELD,
    Event,
    Letter,
    LetterGuidance,
    Methodology,
    Person,
    Quote,
    Relation,
    RelationKind,
    Status,
)
from prisoners.search import clean_query
from prisoners.statistics import public_statistics, statistics_charts

PAGE_SIZE = 24
# The query parameters that the cached filters fragment shows (prisoner_list).
FRAGMENT_FILTERS = (
    "country",
    *(name for name in PrisonerFilterForm.base_fields if name != "status"),
)
# Search results on the letters page; a longer list asks for a longer name.
LETTER_SEARCH_RESULTS = 20
# How far ahead the birthdays page looks.
BIRTHDAY_WEEKS = 8
# Birthdays on one page of it: about 20 KB of HTML.
BIRTHDAYS_PER_PAGE = 60


def _visible_people(request: HtmxHttpRequest):
    """Published profiles for everyone; staff who can edit people also see drafts.

    Only a request with a session cookie can come from staff: checking the cookie first
    keeps the session untouched for visitors, so their pages stay cacheable for all."""
    people = Person.objects.political_prisoners()
    if _may_be_staff(request) and request.user.has_perm("prisoners.change_person"):
        return people
    return people.published()


def _may_be_staff(request: HtmxHttpRequest) -> bool:
    """Only a request with a session cookie can come from staff."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


@require_safe
@public_page
@vary_on_htmx
def prisoner_list(request: HtmxHttpRequest) -> HttpResponse:
    if is_mirror_copy(request):
        return _prisoner_list_of_static_copy(request)
    query = clean_query(request.GET.get("q", ""))
    language = get_language()
    form = PrisonerFilterForm(
        request.GET, choices=Person.objects.filter_choices_of_public_profiles(language)
    )
    filters = form.values()
    status = filters["status"]
    filtered = any(value for name, value in filters.items() if name != "status")
    country = request.GET.get("country", "")
    country = country if country in countries else ""

    everyone = Person.objects.public_profiles()
    matching = apply_filters(everyone.search(query).in_country(country), filters)
    status_counts = (
        matching.count_by_status()
        if query or country or filtered
        else Person.objects.public_status_counts()
    )
    # The counts by status already say how many match: no second scan to count them.
    total = status_counts.get(status, 0) if status else sum(status_counts.values())
    paginator = CountedPaginator(matching.with_status(status), PAGE_SIZE, count=total)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "cards": result_cards(page.object_list),
        "query": query,
        "status": status,
        "country": country,
        "form": form,
        "filtered": filtered,
        "statuses": [
            (value, label, status_counts.get(value, 0)) for value, label in Status.choices
        ],
    }
    template = "prisoners/prisoner_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"  # the fragment needs no filter choices
    else:
        context["countries"] = [
            (code, country_name(code)) for code in Person.objects.countries_of_public_profiles()
        ]
        # The filters but the status (whose options count the matches) are drawn once per
        # language and filters chosen, and kept as long as their choices are: drawing
        # their hundreds of options was a third of an uncached search (issue 20).
        context["filters_seconds"] = cache_keys.FILTER_CHOICES_SECONDS
        context["filters_key"] = urlencode(
            [(name, request.GET.getlist(name)) for name in FRAGMENT_FILTERS], doseq=True
        )
    return render(request, template, context)


def _prisoner_list_of_static_copy(request: HtmxHttpRequest) -> HttpResponse:
    """The list as the static copy has it: a static host answers no query, so no filter
    and no search that submits one; everyone in the alphabetical order, page by page
    (`?page=N`, which the copy's builder saves as a file of its own), the initials
    leading to the page where each begins, and a search form that
    static/js/mirror-search.js runs over the prebuilt index (search_index)."""
    everyone = Person.objects.public_profiles()
    total = sum(Person.objects.public_status_counts().values())
    page = CountedPaginator(everyone, PAGE_SIZE, count=total).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "cards": result_cards(page.object_list),
        "initials": everyone.initials_by_page(PAGE_SIZE),
    }
    return render(request, "prisoners/prisoner_list.html", context)


@require_safe
@public_page
def search_index(request: HtmxHttpRequest) -> JsonResponse:
    """The static copy's name search: every public profile's address, name in this
    language and search keys (Person.objects.search_index), with the folding rules
    (search.folding_rules) that static/js/mirror-search.js applies to a query, so that
    a name typed in any spelling finds what the site's own search finds. Compact: short
    keys, no spaces, letters as UTF-8 rather than escapes."""
    index = {
        "v": 1,
        "fold": search.folding_rules(),
        # [address, name, folded spellings, their skeletons]
        "people": Person.objects.public_profiles().search_index(),
    }
    return JsonResponse(index, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})


class CountedPaginator(Paginator):
    """A paginator told its count, for when the view has already counted."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


@require_safe
@public_page_until_changed
def prisoner_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A profile: eight queries to render, then kept until it changes (core/page_cache.py):
    saving, unpublishing or deleting the person or their record forgets it
    (Person.forget_cached_version), so an edit shows at once, and thousands of profiles
    stay cached. Staff who may edit people also see drafts, never cached. The letters
    sent this month are counted in the person's query, and are as fresh as the stored
    page (UNTIL_CHANGED_SECONDS, ten minutes): a letter does not forget the page, so a
    spike of letters to one person does not redraw it each time."""
    person = (
        _visible_people(request)
        .with_record()
        .with_letter_count(since=letters.month_start())
        .prefetch_related(
            "sources",
            Prefetch("events", Event.objects.prefetch_related("sources")),
            Prefetch("quotes", Quote.objects.select_related("speaker", "source")),
        )
        .filter(slug=slug)
        .first()
    )
    if person is None:
        raise Http404("No such profile.")
    context = _profile_context(person)
    context["schema_org"] = person.schema_org(links_origin(request), context["related"])
    response = render(request, "prisoners/prisoner_detail.html", context)
    if not person.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def _profile_context(person: Person) -> dict:
    relations = (
        Relation.objects.filter(Q(person=person) | Q(other=person))
        .filter(person__is_published=True, other__is_published=True)
        .select_related("person", "other")
    )
    # Each relation's kind as read from this profile, and the other person.
    related = [(relation.kind_from(person), relation.other_than(person)) for relation in relations]
    return {
        "person": person,
        "related": related,
        "relations": [(RelationKind(kind).label, other) for kind, other in related],
        "days_in_detention": person.days_in_detention(),
        "campaigns": person.campaigns.public().by_relevance(),
        "stories": person.stories.latest()[:5],
        "changes": public_change_log(person.pk),
        "letters_this_month": person.letter_count,
    }


def _letter_guidance() -> LetterGuidance | None:
    """The staff's guidance for letters and its phrases (two queries); None until it is
    written, when the pages show the short advice of letter_advice.html."""
    return LetterGuidance.objects.prefetch_related("phrases").first()


def _letter_recipient(people, slug: str) -> Person:
    """The person with this slug among `people`, if letters can reach them now (held,
    with an address), with what their letter page shows; else 404."""
    person = get_object_or_404(
        people.with_current_place().with_letter_count(since=letters.month_start()), slug=slug
    )
    if not (person.is_held and person.postal_address):
        raise Http404("No address for letters is known.")
    return person


def _private_if_draft(response: HttpResponse, person: Person) -> HttpResponse:
    if not person.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@public_page
def letters_page(request: HtmxHttpRequest) -> HttpResponse:
    """Writing to a political prisoner: a suggestion, a search by any spelling among
    the public profiles (those who cannot receive letters are said so), how to write."""
    query = clean_query(request.GET.get("q", ""))
    results = None
    if query:
        found = Person.objects.public_profiles().search(query).with_postal_address()
        results = list(found[: LETTER_SEARCH_RESULTS + 1])
    context = {
        "query": query,
        "results": results[:LETTER_SEARCH_RESULTS] if results else results,
        "more_results": bool(results) and len(results) > LETTER_SEARCH_RESULTS,
        "guidance": _letter_guidance(),
    }
    return render(request, "prisoners/letters.html", context)


@require_safe
@never_cache
@vary_on_htmx
def letter_suggest(request: HtmxHttpRequest) -> HttpResponse:
    """Draw someone to write to (prisoners.letters) and send the visitor to their letter
    page; `?after=<slug>` draws someone else than the person just suggested. With htmx,
    the answer is the part of that page about the person, and the address bar follows.

    Never cached, so that each visitor has their own draw; the page it leads to is the
    same for everyone, and cached."""
    after = request.GET.get("after", "")
    slug = letters.choose_recipient(letters.suggestion_pool(), after=after)
    if slug is None:
        if request.htmx:  # the page around the fragment would say nothing true any more
            return HttpResponseClientRedirect(reverse("prisoners:letters_suggest"))
        context = {"nobody_to_suggest": True, "guidance": _letter_guidance()}
        return render(request, "prisoners/letters.html", context)
    if not request.htmx:
        return redirect("prisoners:letter", slug=slug)
    person = _letter_recipient(Person.objects.public_profiles(), slug)
    response = render(
        request, "prisoners/letter_suggestion.html", {"person": person, "swapped": True}
    )
    response["HX-Push-Url"] = reverse("prisoners:letter", kwargs={"slug": slug})
    return response


@require_safe
@public_page
def prisoner_letter(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Writing to one person: who they are, the envelope's address, a card to print, the
    "I sent a letter" button, and how to write. The same page for every visitor (the
    button's form carries no token: core.csrf); `?sent=1` thanks the visitor who has
    just pressed it without JavaScript."""
    person = _letter_recipient(_visible_people(request), slug)
    context = {
        "person": person,
        "sent": request.GET.get("sent") == "1",
        "guidance": _letter_guidance(),
    }
    return _private_if_draft(render(request, "prisoners/prisoner_letter.html", context), person)


@require_safe
@public_page
def prisoner_letter_print(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The envelope's address on a postcard-sized page, for the printer (site.css)."""
    person = _letter_recipient(_visible_people(request), slug)
    response = render(request, "prisoners/letter_print.html", {"person": person})
    return _private_if_draft(response, person)


@require_POST
@origin_checked
def letter_sent(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Count a letter the visitor says they sent: once per visitor and person within
    RATE_LIMIT_LETTER_PER_PERSON (pressing again gets the same thanks, and counts
    nothing), and no more than RATE_LIMIT_LETTERS_PER_IP from one address, none from a
    blocked address. Nothing about the visitor is stored: the counter every kind of
    action shares (core.actions.AnonymousCounter, prisoners.actions)."""
    person = _letter_recipient(Person.objects.public_profiles(), slug)
    wait = actions.LETTERS.count(
        request,
        target=str(person.pk),
        per_address=actions.LETTERS_PER_IP,
        per_target=actions.LETTER_PER_PERSON,
        record=lambda: Letter.objects.create(person=person),
    )
    if wait:
        return _too_many_letters(request, person, wait)
    if request.htmx:
        return render(request, "prisoners/prisoner_letter.html#letter-sent", {
            "person": person, "sent": True,
        })  # fmt: skip
    url = reverse("prisoners:letter", kwargs={"slug": person.slug})
    return redirect(f"{url}?sent=1#letter-sent")


def _too_many_letters(request: HtmxHttpRequest, person: Person, wait: int) -> HttpResponse:
    context = {"person": person, "wait_minutes": wait_minutes(wait)}
    if request.htmx:
        template = "prisoners/prisoner_letter.html#letter-sent"
    else:
        template = "prisoners/prisoner_letter.html"
        context["guidance"] = _letter_guidance()
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_safe
@public_page
def birthdays(request: HtmxHttpRequest) -> HttpResponse:
    """Prisoners still held whose birthday falls in the coming weeks (across a year's
    end), soonest first, each with the way to send them a card; BIRTHDAYS_PER_PAGE a
    page, so that a page stays small whatever the number of people (with 10,000 it
    was 500 KB, and the static copy keeps each page under 60 KB). Three queries: the
    days and names of all (to order them: a birthday's next day is Python's
    Person.next_birthday), then the page's people with their places."""
    today = timezone.localdate()
    last = today + datetime.timedelta(weeks=BIRTHDAY_WEEKS, days=-1)
    born = (
        Person.objects.public_profiles()
        .filter(status__in=HELD)
        .born_between(today, last)
        .only("pk", "date_of_birth", "sort_name")
    )
    coming = sorted((person.next_birthday(today), person.sort_name, person.pk) for person in born)
    page = Paginator(coming, BIRTHDAYS_PER_PAGE).get_page(request.GET.get("page"))
    people = Person.objects.filter(pk__in=[pk for _day, _name, pk in page]).with_current_place()
    people_by_pk = {person.pk: person for person in people}
    context = {
        "birthdays": [
            {"day": day, "in_days": (day - today).days, "person": people_by_pk[pk]}
            for day, _name, pk in page
        ],
        "page": page,
        "today": today,
        "last": last,
        "weeks": BIRTHDAY_WEEKS,
    }
    return render(request, "prisoners/birthdays.html", context)


@require_safe
@public_page
def methodology(request: HtmxHttpRequest) -> HttpResponse:
    """How we decide who is listed, as staff wrote it (migration prisoners.0012 writes
    the first version; a 404 only if the row was removed outside the admin)."""
    page = Methodology.objects.first()
    if page is None:
        raise Http404("The methodology has not been written yet.")
    return render(request, "prisoners/methodology.html", {"methodology": page})


@require_safe
@public_page
def statistics(request: HtmxHttpRequest) -> HttpResponse:
    """The figures over every public profile, as charts and tables (no script)."""
    figures = public_statistics()
    context = {
        "figures": figures,
        "generated_at": datetime.datetime.fromisoformat(figures["generated_at"]),
        "charts": statistics_charts(figures),
    }
    return render(request, "prisoners/statistics.html", context)
