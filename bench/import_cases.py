"""How long the two requests of an import take in the admin (the dry run with its preview
page, then the confirm), and again with the same file (every row unchanged), and the peak
memory, for 1,000 and 2,000 rows, each on a fresh database (SQLite, or PostgreSQL with
BENCH_POSTGRES) in its own process. The admin refuses files of more than IMPORT_MAX_ROWS
rows (2,000); set it higher in the environment to measure beyond.

    /work/main/.venv/bin/python bench/import_cases.py [ROWS ...]
    BENCH_TRACE=1 /work/main/.venv/bin/python bench/import_cases.py [ROWS ...]
    BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres \
        /work/main/.venv/bin/python bench/import_cases.py [ROWS ...]

The second also reports the peak of the import's own Python allocations (tracemalloc, which
slows the import down): it stays flat with the size of the file, the people being read and
written a chunk at a time; the rest of the RSS is the file itself and the report.

Every name and source in the file is marked "synthetic"."""

import os
import re
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
    """The two requests of an import as an editor sends them, through the admin's views
    (the upload read, every row checked and planned, the preview page drawn; then the
    confirm), and the same file again (every row unchanged)."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client

    from prisoners.models import CriminalArticle, PlaceOfDetention, Source

    call_command("migrate", verbosity=0)
    for article in ("342", "361"):
        CriminalArticle.objects.create(country="BY", article=article, part="1",
                                       title_en=f"Synthetic article {article}")  # fmt: skip
    for n in range(20):
        PlaceOfDetention.objects.create(slug=f"syn-{n}", name_en=f"Synthetic colony No. {n}")
    source = Source.objects.create(slug="synthetic", title="Synthetic list")
    client = Client()
    client.force_login(User.objects.create_superuser("bench"))
    content = synthetic_csv(rows).encode()

    def dry_run() -> tuple[float, object]:
        start = time.perf_counter()
        response = client.post("/admin/prisoners/person/import/", {
            "import_file": SimpleUploadedFile("cases.csv", content), "format": "0",
            "resource": "0", "source": source.pk, "country": "BY",
        })  # fmt: skip
        seconds = time.perf_counter() - start
        assert response.status_code == 200 and b"process_import" in response.content, response
        return seconds, response

    def confirm(response) -> float:
        hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                            response.content.decode())  # fmt: skip
        start = time.perf_counter()
        done = client.post("/admin/prisoners/person/process_import/", dict(hidden))
        seconds = time.perf_counter() - start
        assert done.status_code == 302, done
        return seconds

    if os.environ.get("BENCH_TRACE"):
        tracemalloc.start()
    dry, response = dry_run()
    page_kb = len(response.content) / 1024
    real = confirm(response)
    traced = ""
    if os.environ.get("BENCH_TRACE"):
        peak_traced = tracemalloc.get_traced_memory()[1] / 1e6
        traced = f"  own allocations: peak {peak_traced:.0f} MB"
        tracemalloc.stop()
    dry_again, response = dry_run()
    again = confirm(response)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{rows:>6} rows ({len(content) / 1024:5.0f} KB)  dry run {dry:5.1f} s "
          f"(page {page_kb:5.0f} KB)  import {real:5.1f} s  again: dry run {dry_again:5.1f} s, "
          f"import {again:5.1f} s  peak RSS {peak_mb:4.0f} MB{traced}")  # fmt: skip


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
        for rows in sys.argv[1:] or ["1000", "2000"]:
            with tempfile.TemporaryDirectory() as tmp:
                env = os.environ | {
                    "BENCH_ROWS": rows, "DEBUG": "False", "SECRET_KEY": "bench-only-" + "x" * 50,
                    "DATABASE_URL": fresh_database(tmp), "ALLOWED_HOSTS": "testserver",
                    "HTTPS": "False", "ADMIN_REQUIRE_2FA": "False",
                    "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT),
                }  # fmt: skip
                subprocess.run([sys.executable, __file__], env=env, check=True)
