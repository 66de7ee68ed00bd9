"""The open data of mirrors/api.py, described for /api/v1/openapi.json (core/openapi.py)."""

from core.openapi import Endpoint, json_body, nullable, ref
from mirrors.models import Kind

SCHEMAS = {
    "Mirror": {
        "type": "object",
        "required": ["kind", "address", "last_checked", "note"],
        "properties": {
            "kind": {"enum": Kind.values},
            "address": {
                "type": "string",
                "description": (
                    "`https://…` for a web mirror or a static copy, `http://….onion` for the "
                    "onion service, `ipfs://…` or an https gateway's address for IPFS."
                ),
            },
            "last_checked": nullable({"type": "string", "format": "date"})
            | {"description": "The date it was last found working; null: not checked yet."},
            "note": ref("Translated", "What it is, who hosts it."),
        },
    },
    "MirrorList": {
        "type": "object",
        "required": ["results"],
        "properties": {"results": {"type": "array", "items": ref("Mirror")}},
    },
}

ENDPOINTS = [
    Endpoint(
        "api:mirrors",
        tag="Mirrors",
        summary="The site's other addresses, for when it is blocked.",
        description=(
            "Web mirrors, the onion service, static copies and IPFS, as staff list them "
            "(the page `/<lang>/mirrors/`)."
        ),
        content=json_body(ref("MirrorList")),
        max_age=300,
    ),
]
