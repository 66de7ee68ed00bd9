"""Under overload, excess requests get a quick 503 with Retry-After, never a timeout."""

import threading

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
