"""How long a dry run and an import of a synthetic case file take, and the peak memory,
for 1,000 and 10,000 rows, each on a fresh database (SQLite, or PostgreSQL with
BENCH_POSTGRES) in its own process.

    /work/main/.venv/bin/python bench/import_cases.py [ROWS ...]
    BENCH_TRACE=1 /work/main/.venv/bin/python bench/import_cases.py [ROWS ...]
    BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres \
        /work/main/.venv/bin/python bench/import_cases.py [ROWS ...]

The second also reports the peak of the import's own Python allocations (tracemalloc, which
slows the import down): it stays flat with the size of the file, the people being read and
written a chunk at a time; the rest of the RSS is the file itself and the report.

Every name and source in the file is marked "synthetic"."""

import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def synthetic_csv(rows: int) -> str:
    lines = ["id,name,other_spellings,status,birthday,gender,arrested,articles,verdict_date,"
             "penalty,judge,court,place_of_detention,release_date"]  # fmt: skip
    for n in range(rows):
        released = "2025-06-21" if n % 3 == 0 else ""
        status = "released" if released else "sentenced"
        lines.append(
            f"syn-{n},Synthetic Person {n},Synthetic {n} Alt,{status},1980-01-{n % 28 + 1:02d},"
            f"male,2021-{n % 12 + 1:02d},342-1; 361-1,2022-03,{n % 15 + 1} years colony,"
            f"Synthetic Judge,Synthetic Court,Synthetic colony No. {n % 20},{released}"
        )
    return "\n".join(lines) + "\n"


def measure(rows: int) -> None:
    import django

    django.setup()
    import tablib
    from django.core.management import call_command

    from prisoners.models import CriminalArticle, PlaceOfDetention, Source
    from prisoners.resources import PersonResource

    call_command("migrate", verbosity=0)
    for article in ("342", "361"):
        CriminalArticle.objects.create(country="BY", article=article, part="1",
                                       title_en=f"Synthetic article {article}")  # fmt: skip
    for n in range(20):
        PlaceOfDetention.objects.create(slug=f"syn-{n}", name_en=f"Synthetic colony No. {n}")
    source = Source.objects.create(slug="synthetic", title="Synthetic list")
    dataset = tablib.Dataset().load(synthetic_csv(rows), format="csv")

    start = time.perf_counter()
    result = PersonResource(source=source, country="BY").import_data(dataset, dry_run=True,
                                                       use_transactions=True)  # fmt: skip
    dry = time.perf_counter() - start
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows
    start = time.perf_counter()
    if os.environ.get("BENCH_TRACE"):
        tracemalloc.start()
    PersonResource(source=source, country="BY").import_data(
        dataset, dry_run=False, use_transactions=True
    )
    real = time.perf_counter() - start
    traced = ""
    if os.environ.get("BENCH_TRACE"):
        peak_traced = tracemalloc.get_traced_memory()[1] / 1e6
        traced = f"  import's own allocations: peak {peak_traced:.0f} MB"
        tracemalloc.stop()
    start = time.perf_counter()
    again = PersonResource(source=source, country="BY").import_data(dataset, dry_run=False,
                                                      use_transactions=True)  # fmt: skip
    reimport = time.perf_counter() - start
    assert again.totals["skip"] == rows
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rows:>6} rows  dry run {dry:6.1f} s  import {real:6.1f} s  "
          f"re-import (unchanged) {reimport:6.1f} s  peak RSS {peak_mb:5.0f} MB"
          f"{traced}")  # fmt: skip


def fresh_database(tmp: str) -> str:
    """A new empty database: SQLite in `tmp`, or with BENCH_POSTGRES (a server's URL, e.g.
    postgres://postgres@127.0.0.1:5432/postgres) a new PostgreSQL database on it."""
    server = os.environ.get("BENCH_POSTGRES")
    if not server:
        return f"sqlite:///{tmp}/bench.sqlite3"
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS bench_import")
        connection.execute("CREATE DATABASE bench_import")
    return server.rsplit("/", 1)[0] + "/bench_import"


if __name__ == "__main__":
    if os.environ.get("BENCH_ROWS"):
        measure(int(os.environ["BENCH_ROWS"]))
    else:
        for rows in sys.argv[1:] or ["1000", "10000"]:
            with tempfile.TemporaryDirectory() as tmp:
                env = os.environ | {
                    "BENCH_ROWS": rows, "DEBUG": "False", "SECRET_KEY": "bench-only-" + "x" * 50,
                    "DATABASE_URL": fresh_database(tmp),
                    "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT),
                }  # fmt: skip
                subprocess.run([sys.executable, __file__], env=env, check=True)
