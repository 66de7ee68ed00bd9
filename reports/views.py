"""The monthly reports: the archive of months, a page per month and its PDF."""

import datetime
import posixpath
from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.hosts import site_origin
from core.htmx import HtmxHttpRequest
from core.page_cache import public_page
from reports import texts
from reports.months import chronology, first_day, report_index, report_or_404
from reports.pdf import report_pdf

# Months on a page of the archive: three years, about 10 KB of HTML.
MONTHS_PER_PAGE = 36
# Facts on a page of a month's chronology: a month of mass arrests has hundreds, and a
# page of the static copy stays under 60 KB (about 400 bytes a fact).
FACTS_PER_PAGE = 60


@require_safe
@public_page
def archive(request: HtmxHttpRequest) -> HttpResponse:
    """Every month with a report, newest first, with its headline figures."""
    index = report_index()
    page = Paginator(index.listed, MONTHS_PER_PAGE).get_page(request.GET.get("page"))
    months = [
        {
            "first_day": first_day(month),
            "is_current": month == index.current,
            "figures": index.figures(month),
            "held": index.totals_at_end(month)["held"],
        }
        for month in page
    ]
    years = sorted(index.year_only, reverse=True)
    context = {
        "index": index,
        "months": months,
        "page": page,
        # Each year links to the report of its first month, which lists its facts (a
        # year after the current one, a typing error in the record, has no report).
        "year_only": [
            (
                year,
                first_day(max(year * 12, index.first)) if year * 12 <= index.current else None,
                index.year_only_figures(year),
            )
            for year in years
        ],
        "undated": index.undated,
        "undated_count": sum(index.undated.values()),
    }
    return render(request, "reports/archive.html", context)


@require_safe
@public_page
def month_page(request: HtmxHttpRequest, month: datetime.date) -> HttpResponse:
    """A month's figures, its totals at the month's end and its chronology, FACTS_PER_PAGE
    facts a page."""
    report = report_or_404(month)
    page = Paginator(report.facts, FACTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "report": report,
        "page": page,
        "groups": texts.groups(chronology(list(page.object_list))),
        "title": texts.title(report),
        "introduction": texts.introduction(report),
        "figures_heading": texts.figures_heading(report),
        "figure_rows": texts.figure_rows(report),
        "totals_heading": texts.totals_heading(report),
        "total_rows": texts.total_rows(report),
        "totals_note": texts.totals_note(report),
        "counting_rules": texts.counting_rules(report),
        "month": report.first_day,
        "previous": report.previous and first_day(report.previous),
        "next": report.next and first_day(report.next),
    }
    return render(request, "reports/month.html", context)


def _pdf_link(request: HtmxHttpRequest) -> Callable[[str], str]:
    """How the PDF links to a page of the site: on the address it was read on; in the
    static copy, which names no address of the origin, relative to the PDF, to the file
    the page is in the copy (its index.html)."""
    origin = site_origin(request)
    folder = posixpath.dirname(request.path)

    def link(path: str) -> str:
        if origin:
            return origin + path
        return posixpath.relpath(path + "index.html", folder)

    return link


@require_safe
@public_page
def month_pdf(request: HtmxHttpRequest, month: datetime.date) -> HttpResponse:
    """The month's report as a PDF in the page's language, the whole chronology."""
    report = report_or_404(month)
    language = get_language() or settings.LANGUAGE_CODE
    body = report_pdf(report, chronology(report.facts), language=language, link=_pdf_link(request))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="report-{report.label}-{language}.pdf"'
    return response
