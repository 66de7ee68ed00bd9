"""What the harness runs on: the project's paths, the production settings the server gets,
the tools it needs from Debian (`make bench-deps` installs them; the harness installs
nothing), the PostgreSQL databases with their synthetic data, Redis, and the facts of the
machine that go into every report.
"""

import contextlib
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LUA = BENCH / "lua"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
HOST = "127.0.0.1"
PG = "postgres://postgres@127.0.0.1:5432"
MAIN_DB, EMPTY_DB = "bench", "bench_empty"
CAMPAIGN = "synthetic-campaign-01"
# The synthetic data of each database: production scale, and near-empty.
MAIN_SCALE = {"people": 10_000, "signatures": 1_000_000, "unconfirmed": 30_000}
EMPTY_SCALE = {"people": 30, "campaigns": 2, "signatures": 200, "unconfirmed": 10, "stories": 5}

# The production settings, as the brief for this harness gives them. The rate limits run
# but never block: every request comes from 127.0.0.1.
SERVER_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "SIGNER_DATA_KEYS": "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kdWN0biE=",
    "SIGNER_DIGEST_KEY": "bench-only-digest-key-not-for-production-0123456789",
    "HTTPS": "False",
    "ALLOWED_HOSTS": HOST,
    "SITE_URL": f"http://{HOST}",
    "REDIS_URL": "redis://127.0.0.1:6379/2",
    "TASKS_BACKEND": "database",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "RATE_LIMIT_SIGN_PER_IP": "1000000000/60",
    "RATE_LIMIT_SIGN_PER_EMAIL": "1000000000/60",
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "HOST": HOST,
}


def log(message: str = "") -> None:
    print(message, flush=True)


def run(command: list, *, env: dict | None = None, check: bool = True, **kwargs):
    return subprocess.run(command, env=env, check=check, cwd=ROOT, **kwargs)


def database_url(name: str) -> str:
    return f"{PG}/{name}"


def django_env(database: str, **extra: str) -> dict:
    return {**os.environ, **SERVER_ENV, "DATABASE_URL": database_url(database), **extra}


def require_tool(name: str) -> str:
    """The path of a tool from Debian's packages (wrk, haproxy); exits saying how to
    install it if it is missing."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin")
    if not found:
        sys.exit(
            f"{name} is not installed. Install the benchmark's Debian packages with "
            "`make bench-deps` (as root), then run again."
        )
    return found


def ensure_database(name: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"Creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def manage(database: str, *args: str, quiet: bool = True) -> None:
    output = subprocess.DEVNULL if quiet else None
    run([str(PYTHON), "manage.py", *args], env=django_env(database), stdout=output)


def synthetic_counts(database: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(database_url(database)) as conn:
        people = conn.execute(
            "SELECT count(*) FROM prisoners_person WHERE slug LIKE 'synthetic-%'"
        ).fetchone()[0]
        signatures = conn.execute(
            "SELECT count(*) FROM campaigns_signature WHERE name LIKE 'Synthetic Signer %'"
        ).fetchone()[0]
    return people, signatures


def prepare_data(database: str, scale: dict, regenerate: bool) -> None:
    people, signatures = synthetic_counts(database)
    expected = scale["signatures"] + scale["unconfirmed"]
    if not regenerate and people == scale["people"] and signatures == expected:
        log(f"  {database}: {people:,} synthetic people, {signatures:,} signatures (reused)")
        return
    log(f"  {database}: generating synthetic data {scale}")
    arguments = [f"--{key}={value}" for key, value in scale.items()]
    manage(database, "generate_synthetic_data", "--reset", *arguments, quiet=False)


def forget_earlier_runs(database: str) -> None:
    """Delete what earlier harness runs wrote, then rebuild the counters it touched."""
    import psycopg

    with psycopg.connect(database_url(database), autocommit=True) as conn:
        deleted = conn.execute("DELETE FROM campaigns_signature WHERE name LIKE 'Bench %'").rowcount
        conn.execute("DELETE FROM django_tasks_database_dbtaskresult")
        if deleted:
            conn.execute("VACUUM ANALYZE campaigns_signature")
    manage(database, "recount_signatures", "--fix")
    if deleted:
        log(f"  {database}: removed {deleted:,} signatures of earlier runs, recounted")


def prepare_databases(regenerate: bool) -> None:
    """Both databases migrated and filled (the synthetic data generated once and reused),
    the static files collected, what earlier runs wrote removed, the cache emptied."""
    log("Preparing the databases")
    for database in (MAIN_DB, EMPTY_DB):
        ensure_database(database)
        manage(database, "migrate", "--no-input")
    manage(MAIN_DB, "collectstatic", "--no-input", "-v0")
    prepare_data(MAIN_DB, MAIN_SCALE, regenerate)
    prepare_data(EMPTY_DB, EMPTY_SCALE, regenerate)
    for database in (MAIN_DB, EMPTY_DB):
        forget_earlier_runs(database)
    flush_cache()


def setup_django() -> None:
    """Django in this process, on the main database: the parts that create or check rows
    use the ORM."""
    os.environ.update(django_env(MAIN_DB))
    import django

    django.setup()


def flush_cache() -> None:
    import redis

    redis.Redis.from_url(SERVER_ENV["REDIS_URL"]).flushdb()


def machine() -> dict:
    import psycopg

    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with psycopg.connect(database_url(MAIN_DB)) as conn:
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
    wrk_version = run(["wrk", "-v"], check=False, capture_output=True, text=True)
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "postgresql": pg_version,
        "python": platform.python_version(),
        "wrk": (wrk_version.stdout or wrk_version.stderr).split("\n")[0].strip(),
    }
