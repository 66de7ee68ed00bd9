"""The datasets of the open data, declared once and collected by convention.

Each domain app may have a `datasets` module with a list `DATASETS` of `Dataset`s: what
the data is, how often it changes, its columns (name, type, meaning), the URL names of
its CSV and JSON, and how it refers to the others. This module finds them, as
core/actions.py finds `actions.py` and sitewide/sitemaps.py finds `sitemaps.py`, and
both documents of the open data are drawn from them: the open-data page
(`sitewide.views.open_data`) and the Frictionless Data Package descriptor
(`/api/v1/datapackage.json`, `data_package`). A column is described in one place, so the
page and the package cannot say two things about it, and the package's validation in the
tests reads each CSV against the columns declared here.

A dataset published as one file per something (a campaign, a month) gives `instances`,
a function that lists them (`Instance`: a key, a label, the URL's arguments): each is a
file on the page and a resource of the package, all with the dataset's columns."""

import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any, NamedTuple

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _

from core.licences import OPEN_LICENCES

Text = str | Promise

# A date cut to the precision its source gives: 2020, 2020-05 or 2020-05-29.
FUZZY_DATE_PATTERN = r"\d{4}(-\d{2}(-\d{2})?)?"
PRECISIONS = ("day", "month", "year", "unknown")


@dataclass(frozen=True)
class Column:
    """One column of a CSV (or one key of a JSON-only dataset's objects): its name, its
    Table Schema type and anything more the schema says of it (`constraints`, and
    `properties` such as a boolean's trueValues), what it means, and its type as the
    page names it."""

    name: str
    type: str
    description: Text
    shown_type: Text
    constraints: Mapping[str, Any] = field(default_factory=dict)
    properties: Mapping[str, Any] = field(default_factory=dict)

    @property
    def choices(self) -> list[str]:
        return list(self.constraints.get("enum", ()))

    def schema(self) -> dict:
        """The column as a Table Schema field."""
        described = {"name": self.name, "type": self.type, "description": str(self.description)}
        if self.constraints:
            described["constraints"] = dict(self.constraints)
        return described | dict(self.properties)


def text(
    name: str,
    description: Text,
    *,
    choices: Iterable[str] = (),
    required: bool = False,
    unique: bool = False,
) -> Column:
    constraints: dict[str, Any] = {}
    if choices:
        constraints["enum"] = list(choices)
    if required:
        constraints["required"] = True
    if unique:
        constraints["unique"] = True
    shown = _("one of the codes below") if choices else _("text")
    return Column(name, "string", description, shown, constraints)


def whole_number(name: str, description: Text, *, required: bool = False) -> Column:
    constraints = {"minimum": 0} | ({"required": True} if required else {})
    return Column(name, "integer", description, _("whole number"), constraints)


def yes_no(name: str, description: Text) -> Column:
    return Column(
        name,
        "boolean",
        description,
        _("yes or no"),
        {"required": True},
        {"trueValues": ["yes"], "falseValues": ["no"]},
    )


def fuzzy_date(name: str, description: Text) -> Column:
    """A date as precise as its source: its precision is in the column `<name>_precision`
    (or `date_precision` beside `date`)."""
    return Column(
        name,
        "string",
        description,
        _("date to its precision: YYYY, YYYY-MM or YYYY-MM-DD"),
        {"pattern": FUZZY_DATE_PATTERN},
    )


def date_precision(name: str, date_column: str, *, required: bool = True) -> Column:
    constraints = {"enum": list(PRECISIONS)} | ({"required": True} if required else {})
    return Column(
        name,
        "string",
        format_lazy(
            _(
                "How much of {date} the source gives: day, month or year; unknown when "
                "no source gives it, and {date} is then empty."
            ),
            date=date_column,
        ),
        _("one of the codes below"),
        constraints,
    )


def moment(name: str, description: Text) -> Column:
    return Column(name, "datetime", description, _("date and time, ISO 8601 with its offset"))


def json_object(name: str, description: Text) -> Column:
    return Column(name, "object", description, _("object"))


class Reference(NamedTuple):
    """Columns of this dataset that name a row of another dataset (a foreign key)."""

    fields: tuple[str, ...]
    dataset: str
    dataset_fields: tuple[str, ...]

    def schema(self) -> dict:
        return {
            "fields": list(self.fields),
            "reference": {"resource": self.dataset, "fields": list(self.dataset_fields)},
        }


class Instance(NamedTuple):
    """One file of a dataset published as a file per something: its key (a slug, a
    month), its label on the page, and the URL's arguments."""

    key: str
    label: str
    kwargs: Mapping[str, Any]


class DatasetFile(NamedTuple):
    """One file set of a dataset as the page lists it: its label (empty for a dataset
    of one file), the paths of its CSV and JSON (empty when it has none)."""

    key: str
    label: str
    csv: str
    json: str


@dataclass(frozen=True)
class Dataset:
    """One dataset of the open data, as its app declares it.

    `csv` and `json` are URL names (taking `instances`' arguments, if it has them);
    `json_note` says where else the data is as JSON (one file per profile, say);
    `columns` are the CSV's columns in order (a JSON-only dataset's are the keys of its
    objects); `primary_key` and `references` are what the package declares of them."""

    name: str
    title: Text
    description: Text
    changes: Text
    columns: tuple[Column, ...]
    csv: str = ""
    json: str = ""
    json_note: Text = ""
    primary_key: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    instances: Callable[[], Iterable[Instance]] | None = None
    position: int = 100

    def files(self) -> list[DatasetFile]:
        """Its files, each with the paths of its formats."""
        if self.instances is None:
            return [DatasetFile("", "", self._path(self.csv), self._path(self.json))]
        return [
            DatasetFile(
                instance.key,
                instance.label,
                self._path(self.csv, instance.kwargs),
                self._path(self.json, instance.kwargs),
            )
            for instance in self.instances()
        ]

    @staticmethod
    def _path(url_name: str, kwargs: Mapping[str, Any] | None = None) -> str:
        return reverse(url_name, kwargs=kwargs) if url_name else ""

    def schema(self) -> dict:
        """Its columns as a Table Schema."""
        schema: dict[str, Any] = {
            "fields": [column.schema() for column in self.columns],
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.references:
            schema["foreignKeys"] = [reference.schema() for reference in self.references]
        return schema


@cache
def _modules() -> tuple:
    found = []
    for app in apps.get_app_configs():
        module_name = f"{app.name}.datasets"
        if app.name != __package__ and find_spec(module_name) is not None:
            found.append(import_module(module_name))
    return tuple(found)


def datasets() -> list[Dataset]:
    """Every dataset of the installed apps, in the order the page lists them."""
    found = [dataset for module in _modules() for dataset in getattr(module, "DATASETS", ())]
    names = [dataset.name for dataset in found]
    if len(names) != len(set(names)):
        raise ValueError(f"Two datasets share a name: {names}")
    return sorted(found, key=lambda dataset: (dataset.position, dataset.name))


def licence() -> dict:
    """The open data's licence (OPEN_DATA_LICENSE), as a data package names one."""
    name = settings.OPEN_DATA_LICENSE
    title, url = OPEN_LICENCES[name]
    return {"name": name, "title": title, "path": url}


PACKAGE_DESCRIPTION = _(
    "Public profiles of political prisoners and the dated, sourced record of each case, "
    "the appeals for their release with their totals, the letters written to them and "
    "the figures over them. Nothing about any signer or supporter beyond totals."
)


def _relative(path: str, folder: str) -> str:
    relative = posixpath.relpath(path, folder)
    return relative + "/" if path.endswith("/") else relative


def data_package(*, descriptor_path: str, homepage: str) -> dict:
    """The Frictionless Data Package descriptor of every dataset with a CSV (profile
    tabular-data-package), in the site's default language. Resource paths are relative
    to `descriptor_path`, so the package works wherever the files are copied together
    (a mirror, a static copy, a folder)."""
    folder = posixpath.dirname(descriptor_path)
    resources = []
    with translation.override(settings.LANGUAGE_CODE):
        for dataset in datasets():
            if not dataset.csv:
                continue
            for file in dataset.files():
                resources.append(
                    {
                        "name": f"{dataset.name}-{file.key}" if file.key else dataset.name,
                        "title": f"{dataset.title}: {file.label}"
                        if file.label
                        else str(dataset.title),
                        "description": str(dataset.description),
                        "profile": "tabular-data-resource",
                        "path": _relative(file.csv, folder),
                        "format": "csv",
                        "mediatype": "text/csv",
                        "encoding": "utf-8",
                        "schema": dataset.schema(),
                    }
                )
        return {
            "profile": "tabular-data-package",
            "name": slugify(f"{settings.ORGANISATION_NAME} open data"),
            "title": f"{settings.ORGANISATION_NAME}: {_('open data')}",
            "description": str(PACKAGE_DESCRIPTION),
            "homepage": homepage,
            "licenses": [licence()],
            "resources": resources,
        }
