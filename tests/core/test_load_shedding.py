"""Under overload, excess requests get a quick 503 with Retry-After, never a timeout."""

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core.middleware import load_shedding

factory = RequestFactory()


class SlowView:
    """A view that holds its slot until released; health checks answer at once."""

    def __init__(self):
        self.entered, self.release = threading.Event(), threading.Event()

    def __call__(self, request):
        if request.path == "/healthz":
            return HttpResponse("ok")
        self.entered.set()
        self.release.wait(5)
        return HttpResponse("done")


@pytest.fixture
def busy():
    """A load-shedding middleware whose one slot is taken by a request that waits."""
    started = []

    def start(settings, **limits):
        for name, value in {"MAX_CONCURRENT_REQUESTS": 1, **limits}.items():
            setattr(settings, name, value)
        view = SlowView()
        middleware = load_shedding(view)
        running = threading.Thread(target=middleware, args=[factory.get("/en/")])
        running.start()
        assert view.entered.wait(5)
        started.append((view, running))
        view.running = running
        return middleware, view

    yield start
    for view, running in started:
        view.release.set()
        running.join(5)


def test_it_turns_away_requests_beyond_the_limit_and_recovers(settings, busy):
    middleware, view = busy(settings, LOAD_SHEDDING_WAIT_MS=50)
    turned_away = middleware(factory.get("/en/"))
    assert turned_away.status_code == 503
    assert turned_away["Retry-After"] == "5"
    # Health checks are never turned away.
    assert middleware(factory.get("/healthz")).status_code == 200
    view.release.set()
    view.running.join(5)
    assert middleware(factory.get("/en/")).status_code == 200


def test_it_is_off_by_default(settings):
    settings.MAX_CONCURRENT_REQUESTS = 0

    def view(request):
        return HttpResponse("ok")

    assert load_shedding(view) is view


def test_it_turns_away_at_once_when_the_queue_is_full(settings, busy):
    """A spike's excess gets its 503 at once, not after the wait: the threads that
    answer them are never all stuck waiting."""
    middleware, view = busy(settings, LOAD_SHEDDING_WAIT_MS=5000, LOAD_SHEDDING_QUEUE=1)
    outcomes = []
    queued = threading.Thread(
        target=lambda: outcomes.append(middleware(factory.get("/en/")).status_code)
    )
    queued.start()
    time.sleep(0.1)  # the second request is now waiting for the slot

    began = time.monotonic()
    turned_away = middleware(factory.get("/en/"))
    assert turned_away.status_code == 503
    assert time.monotonic() - began < 1, "a full queue must answer at once"
    view.release.set()
    queued.join(5)
    assert outcomes == [200], "the queued request is served once the slot is free"


def test_turning_away_is_not_logged_as_an_error_per_request(settings, busy, caplog):
    middleware, _view = busy(settings, LOAD_SHEDDING_WAIT_MS=0, LOAD_SHEDDING_QUEUE=0)
    responses = [middleware(factory.get("/en/")) for _ in range(20)]
    assert {response.status_code for response in responses} == {503}
    assert all(getattr(response, "_has_been_logged", False) for response in responses)
    assert [r for r in caplog.records if r.levelname == "ERROR"] == []
