"""What a made-up session cookie costs (issue 31): N requests for a public page, each with
a new made-up `sessionid`, against the same page without a cookie, in-process (Django's
test client: no server, no network), with the production settings on a fresh SQLite
database that has the fixtures. Prints the session rows written and the ms per request.

    .venv/bin/python bench/made_up_sessions.py [-n 300] [--path /en/]

docs/benchmarks.md has the figures before and after.
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.environment import ROLE_ENV, SERVER_ENV  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=300, help="requests of each kind")
    parser.add_argument("--path", default="/en/")
    options = parser.parse_args()

    database = Path(tempfile.mkdtemp()) / "made-up-sessions.sqlite3"
    os.environ.update(SERVER_ENV)
    # Both roles' keys, as one process that loads the fixtures and serves the page.
    os.environ.update(ROLE_ENV["office"], SITE_ROLE="both")
    os.environ.update(
        DATABASE_URL=f"sqlite:///{database}",
        REDIS_URL="",  # each process's memory cache: the figures are the app's alone
        DJANGO_SETTINGS_MODULE="config.settings",
        ENV_FILE="",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_fixtures", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    # One client (building one builds the whole middleware chain): its cookies are set
    # before each request.
    client = Client(HTTP_HOST="127.0.0.1")

    def timed(cookie) -> list[float]:
        times = []
        for _ in range(options.n):
            client.cookies.clear()
            if value := cookie():
                client.cookies[settings.SESSION_COOKIE_NAME] = value
            began = time.perf_counter()
            response = client.get(options.path)
            times.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                sys.exit(f"{options.path}: {response.status_code}")
        return times

    def visitor() -> str:
        return ""

    def made_up() -> str:
        return secrets.token_hex(16)

    timed(visitor)  # warm: imports, templates, the page cache
    cached = timed(visitor)
    rows_before = Session.objects.count()
    with_cookie = timed(made_up)
    written = Session.objects.count() - rows_before
    print(f"{options.n} requests for {options.path}, mean / p50 ms:")
    for label, times in (
        ("no cookie (the page cache)", cached),
        ("a new made-up sessionid each", with_cookie),
    ):
        print(f"  {label:<28} {statistics.mean(times):6.2f} / {statistics.median(times):6.2f}")
    print(f"session rows written: {written}")


if __name__ == "__main__":
    main()
