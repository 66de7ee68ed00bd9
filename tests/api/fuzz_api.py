"""Fuzzing the open data from its description: Schemathesis reads /api/v1/openapi.json
from the WSGI application, in this process, and sends every operation requests it draws
from the description (valid ones, and invalid ones: slugs and page numbers no pattern
allows), over a database of synthetic data (tests/api/conftest.py). Each answer must be
no 5xx, a documented status, a documented media type, a body its schema allows and the
headers the description promises.

Not collected by `make test` (its name is not test_*.py): `make fuzz-api` and `.ci/run`
run it on its own, bounded by FUZZ_SECONDS (about a minute on a laptop). docs/api.md,
"Fuzzing"."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from config.wsgi import application
from core import openapi

# The test database is made only for tests that ask for it.
pytestmark = pytest.mark.django_db

# Examples per operation: what bounds the run.
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


CONFIG = schemathesis.Config.from_dict(
    {"generation": {"mode": "all", "max-examples": FUZZ_EXAMPLES},
     "phases": {"stateful": {"enabled": False}}}
)  # fmt: skip
# What /api/v1/openapi.json serves (tests/api/test_description.py), fuzzed through the
# WSGI application in this process.
schema = schemathesis.openapi.from_dict(openapi.description(), config=CONFIG)
schema.app = application


@pytest.fixture(scope="module", autouse=True)
def whole_requests(open_data):
    """Each WSGI request starts and ends by closing the database connection, as a real
    request does: the test's, inside the data's transaction. Django's test client keeps
    it open the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_open_data_answers_as_described(case):
    case.call_and_validate(checks=CHECKS)
