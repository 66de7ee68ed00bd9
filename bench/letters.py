"""Letters at scale: the cost of the suggestion's pool, the letter pages, the birthdays
and the letters' open data on the synthetic data (docs/benchmarks.md, "Letters"), each
with every cache emptied first, so that the figures are the work, not the cache.

    export DJANGO_SETTINGS_MODULE=bench.settings DEBUG=True PAGE_CACHE_SECONDS=0
    DATABASE_URL=sqlite:////tmp/full.sqlite3 python -m bench.letters

The first run adds 50,000 letters to the synthetic people, spread over the last 90 days
(only on a database whose people are all synthetic, as generate_synthetic_data requires).
"""

import datetime
import random
import statistics
import sys
import time

import django

LETTERS = 50_000


def main(repeat: int = 20) -> None:
    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from prisoners import letters
    from prisoners.models import Letter, Person

    if Person.objects.exclude(slug__startswith="synthetic-").exists():
        sys.exit("Not a synthetic database: run generate_synthetic_data on an empty one.")
    if not Letter.objects.exists():
        rng = random.Random(1)
        people = list(Person.objects.values_list("pk", flat=True))
        today = timezone.localdate()
        Letter.objects.bulk_create(
            (
                Letter(
                    person_id=rng.choice(people),
                    sent_on=today - datetime.timedelta(days=rng.randrange(90)),
                )
                for _ in range(LETTERS)
            ),  # fmt: skip
            batch_size=5000,
        )
    pool = letters.suggestion_pool()
    slug = pool[0][0]
    client = Client(HTTP_HOST="localhost")
    print(
        f"{Person.objects.count():,} people, {len(pool):,} who may be suggested, "
        f"{Letter.objects.count():,} letters; p50 / p90 of {repeat}, ms, queries"
    )
    work = {
        "pool (cold)": letters.suggestion_pool,
        "letters/suggest/": lambda: client.get("/en/prisoners/letters/suggest/"),
        "<slug>/letter/": lambda: client.get(f"/en/prisoners/{slug}/letter/"),
        "<slug>/letter/print/": lambda: client.get(f"/en/prisoners/{slug}/letter/print/"),
        "letters/?q=kavalenka": lambda: client.get("/en/prisoners/letters/?q=kavalenka"),
        "birthdays/": lambda: client.get("/en/prisoners/birthdays/"),
        "profile": lambda: client.get(f"/en/prisoners/{slug}/"),
        "/api/v1/letters/": lambda: client.get("/api/v1/letters/"),
    }
    for label, run in work.items():
        times = []
        for _ in range(repeat):
            cache.clear()
            began = time.perf_counter()
            run()
            times.append((time.perf_counter() - began) * 1000)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            run()
        times.sort()
        p50, p90 = statistics.median(times), times[int(len(times) * 0.9)]
        print(f"  {label:<24} {p50:7.1f} {p90:7.1f} {len(queries):4d}")
    rng = random.Random(2)
    began = time.perf_counter()
    for _ in range(1000):
        letters.choose_recipient(pool, rng=rng)
    print(f"  one draw over the pool   {(time.perf_counter() - began):7.3f} (ms, in Python)")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
