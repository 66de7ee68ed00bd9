"""A month's report as a PDF, in one language: the figures, the totals at the month's end
and the whole chronology (not paged), each fact linked to its profile and numbered to its
sources, listed after it with their addresses. Drawn with the handover pack's setup
(core.pdf).

The same data gives the same bytes: the creation date is the month's first day, not the
time of drawing, so the static copy rewrites the file only when the report changes."""

import datetime
from collections.abc import Callable

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core.pdf import new_document, write_line
from reports import texts
from reports.months import Entry, MonthReport


def report_pdf(
    report: MonthReport, entries: list[Entry], *, language: str, link: Callable[[str], str]
) -> bytes:
    """The report in `language`; `link(path)` is the link to the page at `path` (on the
    visitor's address; relative to the PDF in the static copy)."""
    with translation.override(language):
        created = datetime.datetime.combine(report.first_day, datetime.time(), datetime.UTC)
        title = texts.title(report)
        pdf = new_document(title=title, language=language, created=created)
        write_line(pdf, title, size=16, style="B", height=8)
        pdf.ln(2)
        for line in texts.introduction(report):
            write_line(pdf, line, size=10)
        pdf.ln(3)
        _table(pdf, texts.figures_heading(report), texts.figure_rows(report))
        _table(pdf, texts.totals_heading(report), texts.total_rows(report))
        write_line(pdf, texts.totals_note(report), size=9)
        pdf.ln(3)
        write_line(pdf, _("How dates are counted"), size=13, style="B", height=7)
        for line in texts.counting_rules(report):
            write_line(pdf, line, size=9)
        pdf.ln(3)
        sources = _chronology(pdf, entries, link)
        if sources:
            write_line(pdf, _("Sources"), size=13, style="B", height=7)
            pdf.set_font("DejaVu", "", 9)
            for number, source in enumerate(sources, start=1):
                text = f"{number}. {source.title}"
                if source.publisher:
                    text += f" ({source.publisher})"
                if source.url:
                    text += f" {source.url}"
                pdf.multi_cell(0, 5, text, link=source.url or "", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        write_line(pdf, texts.prepared_by(report), size=8)
        return bytes(pdf.output())


def _table(pdf, heading: str, rows: list[tuple[str, int]]) -> None:
    write_line(pdf, heading, size=13, style="B", height=7)
    pdf.set_font("DejaVu", "", 10)
    with pdf.table(col_widths=(3, 1), text_align=("LEFT", "RIGHT")) as table:
        for label, count in rows:
            table.row([label, number_format(count, force_grouping=True)])
    pdf.ln(2)


def _chronology(pdf, entries: list[Entry], link: Callable[[str], str]) -> list:
    """The chronology's tables, by precision; answers the sources they cite, in the
    order of their numbers."""
    numbers: dict[int, int] = {}
    sources = []
    write_line(pdf, _("Chronology"), size=13, style="B", height=7)
    if not entries:
        write_line(pdf, _("The record holds no fact dated in this month."), size=10)
    for group, heading, note, of_group in texts.groups(entries):
        write_line(pdf, heading, size=11, style="B", height=6)
        if note:
            write_line(pdf, note, size=9)
        pdf.set_font("DejaVu", "", 8)
        with pdf.table(col_widths=(2, 4, 3, 1)) as table:
            header = table.row()
            for text in (_("Date"), _("What happened"), _("Who"), _("Sources")):
                header.cell(text)
            for entry in of_group:
                cited = []
                for source in entry.sources:
                    if source.pk not in numbers:
                        sources.append(source)
                        numbers[source.pk] = len(sources)
                    cited.append(str(numbers[source.pk]))
                row = table.row()
                row.cell(
                    date_format(entry.fact.date, "j E") if group == "day" else str(entry.fact.when)
                )
                row.cell(entry.what)
                row.cell(entry.person.name, link=link(entry.person.get_absolute_url()))
                row.cell(", ".join(cited))
        pdf.ln(2)
    return sources
