"""/api/v1/openapi.json: an OpenAPI 3.1 description of every endpoint of the open data,
valid by the specification's own schema, served as open data itself."""

import json

import pytest
import schemathesis
from django.urls import URLPattern, reverse
from jsonschema import Draft202012Validator

from config import api_urls
from core import openapi
from sitewide.mirroring.links import rewriter
from sitewide.mirroring.paths import Address
from tests.api.documented import assert_documented, description

PATH = "/api/v1/openapi.json"


def test_it_is_a_valid_openapi_3_1_document():
    document = description()
    assert document["openapi"].startswith("3.1.")
    # The loader validates against the OpenAPI Initiative's schema of 3.1 documents.
    schemathesis.openapi.from_dict(document).validate()


def test_an_invalid_document_would_be_refused():
    broken = json.loads(json.dumps(description()))
    broken["paths"]["/api/v1/prisoners/"]["get"]["responses"]["200"]["headers"] = []
    with pytest.raises(Exception, match="headers"):
        schemathesis.openapi.from_dict(broken).validate()


def test_every_body_schema_is_a_json_schema_2020_12():
    for schema in description()["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_every_route_of_the_open_data_is_described():
    """Fails when an endpoint is added to config/api_urls.py without its description
    beside it (docs/api.md, "Describing an endpoint")."""
    routes = {f"api:{p.name}" for p in api_urls.urlpatterns if isinstance(p, URLPattern)}
    described = {endpoint.url_name for endpoint in openapi.endpoints()}
    assert described == routes
    assert len(description()["paths"]) == len(routes)


def test_a_description_of_a_route_that_does_not_exist_is_refused(monkeypatch):
    ghost = openapi.Endpoint("api:ghost", tag="Ghosts", summary="", description="",
                             content={}, max_age=1)  # fmt: skip
    monkeypatch.setattr(openapi, "endpoints", lambda: [ghost])
    with pytest.raises(ValueError, match="api:ghost"):
        openapi.description()


def test_paths_and_their_parameters_come_from_the_urlconf():
    item = description()["paths"]["/api/v1/prisoners/{slug}/"]
    (slug,) = item["parameters"]
    assert slug["in"] == "path"
    assert slug["schema"]["pattern"] == "^[-a-zA-Z0-9_]+$"
    assert "/api/v1/prisoners/" in description()["paths"]


def test_it_is_served_as_open_data_without_a_query(client, db, django_assert_num_queries):
    assert reverse("api:openapi") == PATH
    with django_assert_num_queries(0):
        response = client.get(PATH)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response.json() == description()
    assert_documented(PATH, "get", response)


def test_it_names_no_origin_and_reads_the_same_on_every_address(client, db, settings):
    settings.ALLOWED_HOSTS = ["appeals.example.org", "testserver"]
    here = client.get(PATH).content
    there = client.get(PATH, headers={"host": "appeals.example.org"}).content
    assert here == there
    assert b"appeals.example.org" not in here and b"testserver" not in here


def test_the_static_copy_keeps_it_as_it_is():
    """Its paths are keys, not links: the copy neither rewrites nor follows them."""
    text = json.dumps(description(), ensure_ascii=False)
    copied, links = rewriter("https://appeals.example.org")(text, Address(PATH), "json")
    assert copied == text
    assert links.found == [] and links.not_copyable == []


def test_a_json_link_in_a_value_is_still_made_relative():
    copied, links = rewriter("https://appeals.example.org")(
        '{"api_url": "/api/v1/prisoners/", "/api/v1/x/": 1}', Address("/api/v1/mirrors/"), "json"
    )
    assert copied == '{"api_url": "../prisoners/index.json", "/api/v1/x/": 1}'
    assert links.found == [Address("/api/v1/prisoners/")]


def test_texts_per_language_name_the_site_languages(settings):
    translated = description()["components"]["schemas"]["Translated"]
    assert translated["propertyNames"]["enum"] == [code for code, _ in settings.LANGUAGES]


def test_it_names_the_licence_the_operator_chose(settings):
    """A client generator or a catalogue reads the licence from the description itself."""
    settings.OPEN_DATA_LICENSE = "CC0-1.0"
    licence = openapi.description()["info"]["license"]
    assert licence["identifier"] == "CC0-1.0"
    assert "CC0" in licence["name"] or "Zero" in licence["name"]
