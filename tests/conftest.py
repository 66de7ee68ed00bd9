import os

import pytest
from django.core.management import call_command


def pytest_sessionstart(session: pytest.Session) -> None:
    # Tests run with the production static files storage (hashed names from a
    # manifest), so a template that names a missing file fails here, not in production.
    # A run started by another (tests/config/test_adding_a_language.py) finds them collected.
    # In a parallel run (pytest-xdist) the controlling process collects them once, before
    # it starts its workers: workers writing one STATIC_ROOT at the same time could each
    # read the other's half-written manifest.
    if hasattr(session.config, "workerinput"):
        return
    if not os.environ.get("STATIC_FILES_COLLECTED"):
        call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def seeded(db) -> None:
    """The database as `make run` leaves it: every fixture of fixtures/ loaded."""
    call_command("load_fixtures", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits, login throttling and cached totals live in the cache: start each
    test with none."""
    from django.core.cache import cache

    from core.page_cache import local_pages

    cache.clear()
    local_pages.clear()
    yield
    cache.clear()
    local_pages.clear()


@pytest.fixture
def database_queue(settings) -> None:
    """Tasks (the emails) wait in the database queue for a worker, as in production."""
    settings.TASKS_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request answered from the page cache never reaches
    the locale middleware, so a language one test's request activated must not carry
    over to the objects the next test creates."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback that every email is sent through, as in
    production; `.messages` are what arrived (tests/smtp_server.py)."""
    from tests.smtp_server import SmtpServer

    server = SmtpServer().start()
    settings.MAILERS = {"default": server.mailer()}
    yield server
    server.stop()
