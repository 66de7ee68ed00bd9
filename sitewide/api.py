"""Open data that describes the whole of it: the Frictionless Data Package descriptor of
every dataset the apps declare (core/datasets.py). Documented in docs/api.md."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation

from core import datasets, openapi
from core.hosts import site_origin
from core.opendata import json_response, open_data
from sitewide.openapi import DESCRIPTION_MAX_AGE


@open_data(max_age=300)
def datapackage(request: HttpRequest) -> HttpResponse:
    """/api/v1/datapackage.json: each CSV with its columns, types, keys and licence, its
    path relative to this file, so the package works from a mirror or a static copy."""
    path = reverse("api:datapackage")
    with translation.override(settings.LANGUAGE_CODE):
        homepage = site_origin(request) + reverse("open-data")
    return json_response(datasets.data_package(descriptor_path=path, homepage=homepage))


@open_data(max_age=DESCRIPTION_MAX_AGE)
def api_description(request: HttpRequest) -> HttpResponse:
    """/api/v1/openapi.json: the OpenAPI 3.1 description of the open data, composed from
    each app's `openapi` module (core/openapi.py)."""
    return json_response(openapi.description())
