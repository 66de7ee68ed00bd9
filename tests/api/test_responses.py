"""Every answer the description documents, fetched with the test client over synthetic
data, is what it documents: status, headers, media type and body (tests/api/documented.py).
Cases are drawn from the description itself, so a newly described endpoint is checked too
(give it an existing argument in ARGUMENTS)."""

import threading
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.client import conditional_content_removal

from core.middleware import load_shedding
from tests.api.documented import assert_documented, operations

# An existing value for each path parameter, by the path's GET operationId: a key of the
# `open_data` fixture (tests/api/conftest.py).
ARGUMENTS = {
    "prisoner": {"slug": "person"},
    "campaign": {"slug": "campaign"},
    "campaign-signatures": {"slug": "campaign"},
    "campaign-signatures-csv": {"slug": "campaign"},
    "report": {"month": "month"},
    "report-csv": {"month": "month"},
}
# A published-looking value of the right pattern that names nothing public.
DRAFTS = {
    "prisoner": {"slug": "draft_person"},
    "campaign": {"slug": "draft_campaign"},
    "campaign-signatures": {"slug": "draft_campaign"},
    "campaign-signatures-csv": {"slug": "draft_campaign"},
    "report": {"month": "no_month"},
    "report-csv": {"month": "no_month"},
}
# Values of each kind of path parameter: of the right form, that names nothing (or
# anything: the answer does not depend on it), and of a form no route takes.
ANY = {"slug": "any-slug", "month": "2099-01"}
NO_SUCH = {"slug": "no-such-slug", "month": "1900-01"}
NOT_MATCHING = {"slug": "not a slug", "month": "not a month"}
# Fields beyond DATA_UPLOAD_MAX_NUMBER_FIELDS: Django refuses to read the query string.
TOO_MANY_FIELDS = "&".join(f"field{number}=1" for number in range(1001))


def cases(*statuses: str) -> list:
    return [
        pytest.param(path, method, status, id=f"{method.upper()} {path} {status}")
        for path, method, operation in operations()
        for status in operation["responses"]
        if status in statuses
    ]


def url(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace(f"{{{name}}}", value)
    assert "{" not in path, f"give the test an argument for {path} (ARGUMENTS)"
    return path


def get_operation_id(path: str) -> str:
    from tests.api.documented import description

    return description()["paths"][path]["get"]["operationId"]


def arguments(path: str, open_data: dict, table: dict) -> dict[str, str]:
    if "{" not in path:
        return {}
    names = table.get(get_operation_id(path))
    assert names, f"give the test an argument for {path} (ARGUMENTS and DRAFTS)"
    return {name: open_data[key] for name, key in names.items()}


def fetch(client, method: str, address: str):
    return client.generic(method.upper(), address)


@pytest.mark.parametrize(("path", "method", "status"), cases("200"))
def test_each_answer_is_as_documented(client, open_data, db, path, method, status):
    response = fetch(client, method, url(path, arguments(path, open_data, ARGUMENTS)))
    assert response.status_code == 200
    assert_documented(path, method, response)


def test_the_second_page_and_a_page_past_the_end_are_as_documented(client, open_data, db):
    from prisoners import api

    api.PAGE_SIZE, size = 2, api.PAGE_SIZE
    try:
        pages = {}
        for query in ("2", "99999999999999999999", "-1", "x", ""):
            response = client.get("/api/v1/prisoners/", {"page": query})
            assert response.status_code == 200
            assert_documented("/api/v1/prisoners/", "get", response)
            pages[query] = response.json()["page"]
        assert pages == {"2": 2, "99999999999999999999": 2, "-1": 2, "x": 1, "": 1}
        assert response.json()["next"].endswith("/api/v1/prisoners/?page=2")
    finally:
        api.PAGE_SIZE = size


@pytest.mark.parametrize(("path", "method", "status"), cases("404"))
def test_each_not_found_is_as_documented(client, open_data, db, path, method, status):
    answers = [fetch(client, method, url(path, NOT_MATCHING))]
    if method in ("get", "head"):
        answers.append(fetch(client, method, url(path, arguments(path, open_data, DRAFTS))))
        answers.append(fetch(client, method, url(path, NO_SUCH)))
    for response in answers:
        assert response.status_code == 404
        assert_documented(path, method, response)
    if method == "get":
        assert answers[-1]["Content-Type"] == "application/problem+json"
        assert answers[-1].json()["status"] == 404


@pytest.mark.parametrize(("path", "method", "status"), cases("405"))
def test_each_refused_method_is_as_documented(db, path, method, status):
    # With the CSRF check a browser's or a script's POST meets (the test client skips it).
    client = Client(enforce_csrf_checks=True)
    response = fetch(client, method, url(path, ANY))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert_documented(path, method, response)


@pytest.mark.parametrize(("path", "method", "status"), cases("400"))
def test_each_unreadable_query_is_as_documented(client, db, path, method, status):
    address = url(path, ANY) + "?" + TOO_MANY_FIELDS
    response = fetch(client, method, address)
    assert response.status_code == 400
    assert_documented(path, method, response)


@contextmanager
def database_lost():
    def lost(execute, sql, params, many, context):
        raise OperationalError("the database connection was lost (simulated)")

    with connection.execute_wrapper(lost):
        yield


@pytest.mark.parametrize(
    ("path", "method", "status"),
    [case for case in cases("503") if case.values[1] in ("get", "head")],
)
def test_each_answer_without_the_database_is_as_documented(client, db, path, method, status):
    address = url(path, ANY)
    with database_lost():
        response = fetch(client, method, address)
    if path == "/api/v1/openapi.json":
        assert response.status_code == 200  # it reads no database
    else:
        assert response.status_code == 503
        assert_documented(path, method, response)


def test_every_answer_of_a_busy_site_is_as_documented(settings):
    """The load shedding's 503 (core/middleware.py), which answers before any view."""
    settings.MAX_CONCURRENT_REQUESTS, settings.LOAD_SHEDDING_QUEUE = 1, 0
    entered, release = threading.Event(), threading.Event()

    def slow(request):
        entered.set()
        release.wait(5)
        return HttpResponse()

    middleware = load_shedding(slow)
    running = threading.Thread(target=middleware, args=[RequestFactory().get("/en/")])
    running.start()
    try:
        assert entered.wait(5)
        for path, method, operation in operations():
            assert "503" in operation["responses"]
            request = RequestFactory().generic(method.upper(), url(path, ANY))
            # What the server does to every answer to HEAD, as the test client does.
            response = conditional_content_removal(request, middleware(request))
            assert response.status_code == 503
            assert_documented(path, method, response)
    finally:
        release.set()
        running.join(5)
