"""Under overload, excess requests get a quick 503 with Retry-After, never a timeout."""

import threading
import time

from django.http import HttpResponse
from django.test import RequestFactory

from config.middleware import load_shedding


def test_it_turns_away_requests_beyond_the_limit_and_recovers(settings):
    settings.MAX_CONCURRENT_REQUESTS = 1
    settings.LOAD_SHEDDING_WAIT_MS = 50
    entered, release = threading.Event(), threading.Event()

    def slow_view(request):
        if request.path == "/healthz":
            return HttpResponse("ok")
        entered.set()
        release.wait(5)
        return HttpResponse("done")

    middleware = load_shedding(slow_view)
    factory = RequestFactory()
    first = threading.Thread(target=middleware, args=[factory.get("/en/")])
    first.start()
    assert entered.wait(5)

    turned_away = middleware(factory.get("/en/"))
    assert turned_away.status_code == 503
    assert turned_away["Retry-After"] == "5"
    # Health checks are never turned away.
    assert middleware(factory.get("/healthz")).status_code == 200
    release.set()
    first.join(5)
    assert middleware(factory.get("/en/")).status_code == 200


def test_it_is_off_by_default(settings):
    settings.MAX_CONCURRENT_REQUESTS = 0

    def view(request):
        return HttpResponse("ok")

    assert load_shedding(view) is view


def test_it_turns_away_at_once_when_the_queue_is_full(settings):
    """A spike's excess gets its 503 at once, not after the wait: the threads that
    answer them are never all stuck waiting."""
    settings.MAX_CONCURRENT_REQUESTS = 1
    settings.LOAD_SHEDDING_WAIT_MS = 5000
    settings.LOAD_SHEDDING_QUEUE = 1
    entered, release = threading.Event(), threading.Event()
    outcomes = []

    def slow_view(request):
        entered.set()
        release.wait(5)
        return HttpResponse("done")

    middleware = load_shedding(slow_view)
    factory = RequestFactory()
    running = threading.Thread(target=middleware, args=[factory.get("/en/")])
    running.start()
    assert entered.wait(5)
    queued = threading.Thread(
        target=lambda: outcomes.append(middleware(factory.get("/en/")).status_code)
    )
    queued.start()
    time.sleep(0.1)  # the second request is now waiting for the slot

    began = time.monotonic()
    turned_away = middleware(factory.get("/en/"))
    assert turned_away.status_code == 503
    assert time.monotonic() - began < 1, "a full queue must answer at once"
    release.set()
    running.join(5)
    queued.join(5)
    assert outcomes == [200], "the queued request is served once the slot is free"


def test_turning_away_is_not_logged_as_an_error_per_request(settings, caplog):
    settings.MAX_CONCURRENT_REQUESTS = 1
    settings.LOAD_SHEDDING_WAIT_MS = 0
    settings.LOAD_SHEDDING_QUEUE = 0
    entered, release = threading.Event(), threading.Event()

    def slow_view(request):
        entered.set()
        release.wait(5)
        return HttpResponse("done")

    middleware = load_shedding(slow_view)
    running = threading.Thread(target=middleware, args=[RequestFactory().get("/en/")])
    running.start()
    assert entered.wait(5)
    responses = [middleware(RequestFactory().get("/en/")) for _ in range(20)]
    release.set()
    running.join(5)
    assert {response.status_code for response in responses} == {503}
    assert all(getattr(response, "_has_been_logged", False) for response in responses)
    assert len([r for r in caplog.records if r.levelname == "ERROR"]) == 0
