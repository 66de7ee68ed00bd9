#!/usr/bin/env python
"""Where one page's time goes: its SQL queries (count, time, the slowest) and a Python
profile, in-process with the production settings against the bench database.

    .venv/bin/python bench/profile_page.py /en/campaigns/synthetic-campaign-01/ [-n 20]
    .venv/bin/python bench/profile_page.py /en/ --pyinstrument   # if pip-installed
    .venv/bin/python bench/profile_page.py /en/campaigns/synthetic-campaign-01/sign/ \
        --method POST --form name=Ann --form 'email=ann-{n}@example.org' --form country=PL

A form value's {n} becomes the request's number, so that each POST is a new one.

Run bench/run.py once first (it prepares the database and collects the static files).
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.environment import MAIN_DB, django_env  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("-n", type=int, default=20, help="requests to time")
    parser.add_argument("--method", default="GET")
    parser.add_argument(
        "--form", action="append", default=[], metavar="NAME=VALUE",
        help="A form field to POST; {n} in the value becomes the request's number.",
    )  # fmt: skip
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args()

    os.environ.update(django_env(MAIN_DB))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    fields = dict(item.split("=", 1) for item in options.form)
    numbers = iter(range(10**9))

    def fetch(path):
        if options.method == "GET":
            return client.get(path)
        n = next(numbers)
        return client.post(path, {name: value.format(n=n) for name, value in fields.items()})

    response = fetch(options.path)  # warm: imports, template loading, connection
    print(f"{options.method} {options.path}: {response.status_code}, {len(response.content)} B")

    queries = []

    def record(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - began, sql))

    with connection.execute_wrapper(record):
        began = time.perf_counter()
        fetch(options.path)
        elapsed = time.perf_counter() - began
    sql_time = sum(t for t, _ in queries)
    print(
        f"one request: {elapsed * 1000:.1f} ms, {len(queries)} queries taking "
        f"{sql_time * 1000:.1f} ms"
    )
    for seconds, sql in sorted(queries, reverse=True)[:8]:
        print(f"  {seconds * 1000:7.2f} ms  {sql[:300]}")

    began = time.perf_counter()
    if options.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
        for _ in range(options.n):
            fetch(options.path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    else:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(options.n):
            fetch(options.path)
        profile.disable()
        stats = pstats.Stats(profile).sort_stats("cumulative")
        stats.print_stats(options.top)
    print(f"{options.n} requests: {(time.perf_counter() - began) / options.n * 1000:.1f} ms each")


if __name__ == "__main__":
    main()
