"""The description itself, described (core/openapi.py)."""

from core.openapi import Endpoint, json_body, ref

DESCRIPTION_MAX_AGE = 300

SCHEMAS = {
    "DataPackage": {
        "type": "object",
        "description": (
            "A Frictionless Data Package descriptor (https://specs.frictionlessdata.io/"
            "data-package/) of every CSV, with its Table Schema; paths relative to it."
        ),
        "required": [
            "profile",
            "name",
            "title",
            "description",
            "homepage",
            "licenses",
            "resources",
        ],
        "properties": {
            "profile": {"const": "tabular-data-package"},
            "name": {"type": "string", "pattern": "^[a-z0-9._/-]+$"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "homepage": {"type": "string"},
            "licenses": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "title", "path"],
                    "properties": {
                        "name": {"type": "string"},
                        "title": {"type": "string"},
                        "path": {"type": "string", "format": "uri"},
                    },
                },
            },
            "resources": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": [
                        "name",
                        "title",
                        "description",
                        "profile",
                        "path",
                        "format",
                        "mediatype",
                        "encoding",
                        "schema",
                    ],  # fmt: skip
                    "properties": {
                        "name": {"type": "string"},
                        "title": {"type": "string"},
                        "description": {"type": "string"},
                        "profile": {"const": "tabular-data-resource"},
                        "path": {"type": "string"},
                        "format": {"const": "csv"},
                        "mediatype": {"const": "text/csv"},
                        "encoding": {"const": "utf-8"},
                        "schema": {
                            "type": "object",
                            "description": "A Table Schema (https://specs.frictionlessdata.io/table-schema/).",
                            "required": ["fields", "missingValues"],
                            "properties": {
                                "fields": {"type": "array", "items": {"type": "object"}},
                                "missingValues": {"type": "array", "items": {"type": "string"}},
                                "primaryKey": {"type": "array", "items": {"type": "string"}},
                                "foreignKeys": {"type": "array", "items": {"type": "object"}},
                            },
                        },
                    },
                },
            },
        },
    },
}

ENDPOINTS = [
    Endpoint(
        "api:datapackage",
        tag="Description",
        summary="The data package: every CSV, its columns, types, keys and licence.",
        description=(
            "Drawn from the same declaration of each dataset as the open-data page. Each "
            "resource's `path` is relative to this file, so the package works from a mirror "
            "or a static copy; validate it with `frictionless validate`."
        ),
        content=json_body(ref("DataPackage")),
        max_age=300,
    ),
    Endpoint(
        "api:openapi",
        tag="Description",
        summary="This description of the open data, in OpenAPI 3.1.",
        description=(
            "The same for every address of the site. Its bodies' schemas are JSON Schema "
            "2020-12; tools such as Schemathesis, Swagger UI or an OpenAPI client "
            "generator read it as it is."
        ),
        content=json_body(
            {
                "type": "object",
                "description": "An OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.1).",
                "required": ["openapi", "info", "paths", "components"],
                "properties": {"openapi": {"type": "string", "pattern": "^3\\.1\\.[0-9]+$"}},
            }
        ),
        max_age=DESCRIPTION_MAX_AGE,
    ),
]
