"""The description itself, described (core/openapi.py)."""

from core.openapi import Endpoint, json_body

DESCRIPTION_MAX_AGE = 300

ENDPOINTS = [
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
