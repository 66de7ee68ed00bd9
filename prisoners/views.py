import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from django_countries import countries

from core.countries import country_name
from core.htmx import HtmxHttpRequest, vary_on_htmx
from core.page_cache import public_page
from prisoners.forms import PrisonerFilterForm, apply_filters
from prisoners.history import public_change_log
from prisoners.models import Event, Methodology, Person, Quote, Relation, Status
from prisoners.search import clean_query
from prisoners.statistics import public_statistics, statistics_charts

PAGE_SIZE = 24


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
    return render(request, template, context)


class CountedPaginator(Paginator):
    """A paginator told its count, for when the view has already counted."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


@require_safe
@public_page
def prisoner_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A profile: eight queries to render, then kept as every public page is
    (core/page_cache.py); saving, unpublishing or deleting the person forgets it
    (Person.forget_cached_pages), so an edit shows at once. Staff who may edit people
    also see drafts, never cached."""
    person = (
        _visible_people(request)
        .with_record()
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
    response = render(request, "prisoners/prisoner_detail.html", _profile_context(person))
    if not person.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


def _profile_context(person: Person) -> dict:
    relations = (
        Relation.objects.filter(Q(person=person) | Q(other=person))
        .filter(person__is_published=True, other__is_published=True)
        .select_related("person", "other")
    )
    return {
        "person": person,
        "relations": [
            (
                relation.label_from(person),
                relation.other if relation.person_id == person.pk else relation.person,
            )
            for relation in relations
        ],  # fmt: skip
        "days_in_detention": person.days_in_detention(),
        "campaigns": person.campaigns.public().by_relevance(),
        "stories": person.stories.latest()[:5],
        "changes": public_change_log(person.pk),
    }


@require_safe
@public_page
def prisoner_letter(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A printable page with the address and the advice for writing to a prisoner."""
    person = get_object_or_404(_visible_people(request).with_current_place(), slug=slug)
    if not (person.postal_address and person.is_held):
        raise Http404("No address for letters is known.")
    response = render(request, "prisoners/prisoner_letter.html", {"person": person})
    if not person.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
@public_page
def birthdays(request: HtmxHttpRequest) -> HttpResponse:
    """Prisoners still held whose birthday falls this month, for cards."""
    today = timezone.localdate()
    people = (
        Person.objects.public_profiles()
        .filter(status__in=[Status.DETAINED, Status.SENTENCED])
        .born_in_month(today.month)
        .with_current_place()
    )
    return render(request, "prisoners/birthdays.html", {"people": people, "today": today})


@require_safe
@public_page
def methodology(request: HtmxHttpRequest) -> HttpResponse:
    """How we decide who is listed, as staff wrote it; 404 until they have."""
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
