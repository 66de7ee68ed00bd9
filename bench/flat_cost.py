"""Flat cost: the p50 of the public pages on one database, through Django's test client
(no server, no network: only the view, the queries and the templates).

Run it once on the full synthetic data and once on a near-empty database, with the same
settings, and compare (docs/benchmarks.md, "Case records at scale"):

    export DJANGO_SETTINGS_MODULE=bench.settings DEBUG=True PAGE_CACHE_SECONDS=0
    DATABASE_URL=sqlite:////tmp/full.sqlite3 python -m bench.flat_cost
    DATABASE_URL=sqlite:////tmp/empty.sqlite3 python -m bench.flat_cost

PAGE_CACHE_SECONDS=0 turns the page cache off, so that every request does the work; with
it on, the figures measure the cache, not the data.
"""

import statistics
import sys
import time
from urllib.parse import quote

import django


def main(repeat: int = 40) -> None:
    django.setup()
    from django.test import Client

    from prisoners.models import Person

    profile = (
        Person.objects.public_profiles()
        .filter(status_changes__isnull=False)
        .order_by("slug")
        .values_list("slug", flat=True)
        .first()
    )
    spelling = Person.objects.get(slug=profile).other_spellings.splitlines()[0]
    pages = {
        "home": "/",
        "list": "/prisoners/",
        "list ?status=sentenced": "/prisoners/?status=sentenced",
        "profile": f"/prisoners/{profile}/",
        "search ?q=kavalenka": "/prisoners/?q=kavalenka",
        # One person by another spelling: the same page whatever the data, so what
        # grows is the search's own cost (kavalenka finds more people in more data).
        "search, one person": f"/prisoners/?q={quote(spelling)}",
    }
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    print(f"{Person.objects.count():,} people; p50 / p90 of {repeat} requests, ms")
    for label, url in pages.items():
        times = []
        for _ in range(repeat + 3):
            began = time.perf_counter()
            response = client.get(url, follow=True)
            times.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url}: {response.status_code}")
        times = sorted(times[3:])  # the first requests warm the caches of the process
        p50, p90 = statistics.median(times), times[int(len(times) * 0.9)]
        print(f"  {label:<24} {p50:7.1f} {p90:7.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
