"""The OpenAPI 3.1 description of the open data, served at /api/v1/openapi.json, composed
from what each app declares, as sitemaps, health figures and kinds of action are.

Each app that serves open data has an `openapi` module with `SCHEMAS`, the JSON Schemas
(2020-12) of its bodies by name, and `ENDPOINTS`, a list of `Endpoint`s, each naming the
URL of one view of config/api_urls.py (`"api:prisoners"`). This module finds them, as
Django's admin finds `admin.py`, and writes what every endpoint shares: its path and its
path parameters' patterns, read from the URLconf (so the description cannot drift from
the routes); the headers of open data (core/opendata.py); HEAD; and the errors, 405 for
the other methods, 404 where a path takes a parameter, 400 for a query string that
cannot be read and 503 when the site is too busy or its database out of reach.
docs/api.md, "Describing an endpoint"."""

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.urls import get_resolver

from core.datasets import licence
from core.opendata import ERROR_MAX_AGE, READ_METHODS

OPENAPI_VERSION = "3.1.1"
API_NAMESPACE = "api"
# Every method OpenAPI can describe that the open data refuses (405).
REFUSED_METHODS = ("put", "post", "delete", "options", "patch", "trace")


def ref(name: str, description: str = "") -> dict:
    """A reference to a schema of components/schemas, with a description of its use."""
    return {"$ref": f"#/components/schemas/{name}"} | (
        {"description": description} if description else {}
    )


def nullable(schema: dict) -> dict:
    """`schema` or null (JSON Schema 2020-12 writes it as a list of types)."""
    return {"anyOf": [schema, {"type": "null"}]}


def json_body(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def csv_body(columns: list[str]) -> dict:
    """A CSV file whose first row is `columns` (the response's description explains them)."""
    return {
        "text/csv": {
            "schema": {"type": "string", "contentMediaType": "text/csv"},
            "example": ",".join(columns) + "\r\n",
        }
    }


@dataclass(frozen=True)
class Endpoint:
    """One open-data view, as its app describes it.

    `url_name` is its name in config/api_urls.py; `content` the 200's body by media type
    (`json_body`, `csv_body`); `description` is Markdown, the plain English of
    docs/api.md; `parameters` the query parameters (OpenAPI Parameter Objects);
    `path_parameters` a description of each of the path's parameters (their pattern is
    the URL converter's); `max_age` the `open_data(max_age)` of the view; `filename` the
    name a CSV is saved under (`Content-Disposition`)."""

    url_name: str
    tag: str
    summary: str
    description: str
    content: dict
    max_age: int
    parameters: tuple[dict, ...] = ()
    path_parameters: dict[str, str] = field(default_factory=dict)
    filename: str = ""

    @property
    def operation_id(self) -> str:
        return self.url_name.removeprefix(f"{API_NAMESPACE}:")


@cache
def _modules() -> tuple[ModuleType, ...]:
    found = []
    for app in apps.get_app_configs():
        module_name = f"{app.name}.openapi"
        if app.name != __package__ and find_spec(module_name) is not None:
            found.append(import_module(module_name))
    return tuple(found)


def endpoints() -> list[Endpoint]:
    """Every endpoint the installed apps describe."""
    return [endpoint for module in _modules() for endpoint in getattr(module, "ENDPOINTS", ())]


def routes() -> dict[str, tuple[str, dict[str, str]]]:
    """Each named route of the open data: its URL name ("api:prisoner") -> (its path as
    OpenAPI writes it, "/api/v1/prisoners/{slug}/"; {parameter: the converter's regex})."""
    prefix, resolver = get_resolver().namespace_dict[API_NAMESPACE]
    found = {}
    for pattern in resolver.url_patterns:
        name = getattr(pattern, "name", None)
        if not name:
            continue
        template = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        converters = {key: converter.regex for key, converter in pattern.pattern.converters.items()}
        found[f"{API_NAMESPACE}:{name}"] = (f"/{prefix}{template}", converters)
    return found


# What every answer of the open data carries (core.opendata.with_open_data_headers).
def _open_data_headers(max_age: int) -> dict:
    components = {
        "Access-Control-Allow-Origin": "Access-Control-Allow-Origin",
        "Cross-Origin-Resource-Policy": "Cross-Origin-Resource-Policy",
        "Cache-Control": _cache_control(max_age),
    }
    return {name: {"$ref": f"#/components/headers/{component}"}
            for name, component in components.items()}  # fmt: skip


def _cache_control(max_age: int) -> str:
    return f"Cache-Control-{max_age}"


def _headers(max_ages: set[int]) -> dict:
    """components/headers: the open data's, with a Cache-Control for each max-age."""
    headers = {
        "Access-Control-Allow-Origin": {
            "description": "Any web page may read the answer (CORS, without credentials).",
            "required": True,
            "schema": {"const": "*"},
        },
        "Cross-Origin-Resource-Policy": {
            "description": "Any site may load it.",
            "required": True,
            "schema": {"const": "cross-origin"},
        },
        "Allow": {
            "description": "The methods the open data answers.",
            "required": True,
            "schema": {"const": ", ".join(READ_METHODS)},
        },
    }
    for max_age in sorted(max_ages):
        headers[_cache_control(max_age)] = {
            "description": f"`Cache-Control`: caches may keep the answer for {max_age} seconds.",
            "required": True,
            "schema": {"const": f"public, max-age={max_age}"},
        }
    return headers


SHARED_SCHEMAS = {
    "Problem": {
        "type": "object",
        "description": "An error, as RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"const": "about:blank", "description": "No type beyond the status."},
            "title": {"type": "string", "description": "The status's reason phrase."},
            "status": {"type": "integer", "description": "The HTTP status."},
            "detail": {"type": "string", "description": "What went wrong, in English."},
        },
    },
}


def _translated_schema() -> dict:
    codes = [code for code, _name in settings.LANGUAGES]
    return {
        "type": "object",
        "description": (
            "A text written per language, keyed by language code "
            f"({', '.join(f'`{code}`' for code in codes)}). A language missing from the "
            "object has no translation yet (the site falls back to English); an empty "
            "object: the sources give nothing."
        ),
        "propertyNames": {"enum": codes},
        "additionalProperties": {"type": "string", "minLength": 1},
    }


def _error(description: str) -> dict:
    return {
        "description": description,
        "headers": _open_data_headers(ERROR_MAX_AGE),
        "content": {"application/problem+json": {"schema": ref("Problem")}},
    }


SHARED_RESPONSES = {
    "NotFound": _error("Nothing public answers at this address: no such slug, or not published."),
    "MethodNotAllowed": _error("The open data is read-only: only GET and HEAD.")
    | {
        "headers": _open_data_headers(ERROR_MAX_AGE)
        | {"Allow": {"$ref": "#/components/headers/Allow"}}
    },
    "BadRequest": {
        "description": (
            "The query string (or a form body) could not be read: far too many fields, "
            "or an unknown character set. A short HTML page says so."
        ),
        "content": {"text/html": {"schema": {"type": "string"}}},
    },
    "ServiceUnavailable": {
        "description": (
            "The site is too busy or cannot reach its database for a moment: try again "
            "after `Retry-After` seconds."
        ),
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "required": True,
                "schema": {"type": "string", "pattern": "^[0-9]+$"},
            }
        },
        "content": {
            "text/html": {"schema": {"type": "string"}},
            "text/plain": {"schema": {"type": "string"}},
        },
    },
}


def _shared(name: str) -> dict:
    return {"$ref": f"#/components/responses/{name}"}


def _path_item(endpoint: Endpoint, converters: dict[str, str]) -> dict:
    """GET and HEAD of the endpoint, and the methods it refuses."""
    missing = set(converters) ^ set(endpoint.path_parameters)
    if missing:
        raise ValueError(f"{endpoint.url_name}: describe the path parameters {sorted(missing)}")
    parameters = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "description": endpoint.path_parameters[name],
            "schema": {"type": "string", "pattern": f"^{converters[name]}$"},
        }
        for name in converters
    ] + list(endpoint.parameters)
    errors = {"400": _shared("BadRequest"), "503": _shared("ServiceUnavailable")}
    if converters:
        # Also for a value its pattern refuses: no route matches it.
        errors["404"] = _shared("NotFound")
    headers = _open_data_headers(endpoint.max_age)
    if endpoint.filename:
        headers["Content-Disposition"] = {
            "description": "Saved as this file.",
            "required": True,
            "schema": {"const": f'attachment; filename="{endpoint.filename}"'},
        }
    item: dict = {"parameters": parameters} if parameters else {}
    item["get"] = {
        "operationId": endpoint.operation_id,
        "tags": [endpoint.tag],
        "summary": endpoint.summary,
        "description": endpoint.description,
        "responses": _by_status({
            "200": {"description": endpoint.summary, "headers": headers,
                    "content": endpoint.content},
        } | errors),
    }  # fmt: skip
    item["head"] = {
        "operationId": f"{endpoint.operation_id}-head",
        "tags": [endpoint.tag],
        "summary": "The headers of GET, without the body.",
        "responses": _by_status(
            {"200": {"description": "As GET, without the body.", "headers": headers}}
            | {status: {"description": "As GET, without the body."} for status in errors}
        ),
    }
    for method in REFUSED_METHODS:
        item[method] = {
            "operationId": f"{endpoint.operation_id}-{method}",
            "tags": [endpoint.tag],
            "summary": "Refused: the open data is read-only.",
            "responses": _by_status({"405": _shared("MethodNotAllowed")} | errors),
        }
    return item


def _by_status(responses: dict) -> dict:
    return dict(sorted(responses.items()))


INFO_DESCRIPTION = """\
Read-only JSON and CSV for journalists, researchers and partner organisations: the
published profiles of political prisoners with the legal record of each case and the
sources every fact cites, the statistics, the letters visitors sent, the campaigns with
their totals, and the site's other addresses. Everything here is already public on the
site; nothing about any signer is ever included beyond totals (and counts by country,
countries under 5 signatures grouped together).

- Version 1: fields may be added; a change that removes a field or changes its meaning
  gets `/api/v2/`, and v1 stays.
- Methods: `GET` and `HEAD`. Any other answers `405`, with `Allow: GET, HEAD`.
- CORS: `Access-Control-Allow-Origin: *` (no credentials) on every answer, errors
  included, so that any web page may fetch it.
- Errors are RFC 9457 problem details (`application/problem+json`).
- Texts written per language are objects keyed by language code; a language missing from
  an object has no translation yet (the site falls back to English).
- Dates come with their precision, because sources often give only a year or nothing:
  `{"date": "2020", "precision": "year"}`, `{"date": "2020-05", "precision": "month"}`,
  `{"date": "2020-05-29", "precision": "day"}`, `{"date": null, "precision": "unknown"}`.
  A fact the sources do not give is empty (`{}`, `[]`, `null` or an unknown date), never
  guessed.
- In every CSV, a text cell that would start a formula in a spreadsheet (it starts with
  `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a plain number) has an
  apostrophe in front: `'=HYPERLINK(…)`. The JSON has it as it is.
"""


def description() -> dict:
    """The OpenAPI 3.1 document of every endpoint the apps describe (ValueError when one
    names a URL that does not exist or leaves a path parameter undescribed)."""
    known = routes()
    paths, tags, schemas = {}, [], dict(SHARED_SCHEMAS)
    schemas["Translated"] = _translated_schema()
    for module in _modules():
        schemas |= getattr(module, "SCHEMAS", {})
    for endpoint in endpoints():
        if endpoint.url_name not in known:
            raise ValueError(f"{endpoint.url_name} is described but has no URL")
        template, converters = known[endpoint.url_name]
        paths[template] = _path_item(endpoint, converters)
        if endpoint.tag not in tags:
            tags.append(endpoint.tag)
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": f"{settings.ORGANISATION_NAME}: open data",
            "version": "1",
            "summary": "Political prisoners, their records, statistics, letters, campaigns.",
            "description": INFO_DESCRIPTION,
            # The open data's licence (OPEN_DATA_LICENSE), by its SPDX identifier.
            "license": {"name": licence()["title"], "identifier": licence()["name"]},
        },
        "tags": [{"name": tag} for tag in tags],
        "paths": dict(sorted(paths.items())),
        "components": {
            "schemas": dict(sorted(schemas.items())),
            "responses": SHARED_RESPONSES,
            "headers": _headers({ERROR_MAX_AGE} | {endpoint.max_age for endpoint in endpoints()}),
        },
    }
