"""Checking an answer of the open data against its OpenAPI description, as a strict
reader would: its status, headers, media type and body must all be documented."""

import copy
import csv
import io
import json
from functools import cache

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from core import openapi

BASE = "urn:open-data-description"
JSON_TYPES = ("application/json", "application/problem+json")


@cache
def description() -> dict:
    return openapi.description()


def strict(schema):
    """The schema with `additionalProperties: false` on every object that lists its
    properties without saying: a field the description leaves out fails."""
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    return schema


@cache
def _registry() -> Registry:
    document = copy.deepcopy(description())
    document["components"]["schemas"] = strict(document["components"]["schemas"])
    return Registry().with_resource(BASE, Resource(document, specification=DRAFT202012))


def resolved(value: dict, pointer: str = "") -> dict:
    """A Response or Header Object, its `$ref` followed."""
    return _followed(value, pointer)[0]


def _followed(value: dict, pointer: str) -> tuple[dict, str]:
    """The object and its JSON pointer in the description, its `$ref` followed."""
    while "$ref" in value:
        pointer = value["$ref"].removeprefix("#")
        value = description()
        for part in pointer.lstrip("/").split("/"):
            value = value[part.replace("~1", "/").replace("~0", "~")]
    return value, pointer


def _pointer(*parts: str) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def operations() -> list[tuple[str, str, dict]]:
    """(path, method, operation) of every operation the description documents."""
    return [
        (path, method, operation)
        for path, item in description()["paths"].items()
        for method, operation in item.items()
        if method != "parameters"
    ]


def assert_documented(path: str, method: str, response) -> None:
    """The answer is one the description documents for `method` on `path`, headers,
    media type and body (JSON against its schema, strictly; CSV by its columns)."""
    operation = description()["paths"][path][method]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method.upper()} {path}: {status} undocumented"
    documented, at = _followed(
        operation["responses"][status], _pointer("paths", path, method, "responses", status)
    )
    for name, header in documented.get("headers", {}).items():
        header = resolved(header)
        value = response.headers.get(name)
        assert value is not None or not header.get("required"), f"{name} missing"
        if value is not None:
            Draft202012Validator(header["schema"]).validate(value)
    content = documented.get("content", {})
    body = response.content
    if method == "head" or not content:
        assert body == b"", f"{method.upper()} {path}: {status} has no body documented"
        return
    media_type = response["Content-Type"].partition(";")[0].strip()
    assert media_type in content, f"{media_type} is not documented: {sorted(content)}"
    if media_type in JSON_TYPES:
        validator = Draft202012Validator(
            {"$ref": f"{BASE}#{at}{_pointer('content', media_type, 'schema')}"},
            registry=_registry(),
            format_checker=Draft202012Validator.FORMAT_CHECKER,
        )
        errors = sorted(validator.iter_errors(json.loads(body)), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    elif media_type == "text/csv":
        header_row = next(csv.reader(io.StringIO(body.decode("utf-8"))))
        example_row = next(csv.reader(io.StringIO(content[media_type]["example"])))
        assert header_row == example_row
