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
# The two roles of issue 34 (docs/deploy.md), each with only its own keys: the server
# under test is the public role, the task worker and this harness (which reads back and
# checks the rows) the office. Fixed, bench-only keys, so that the synthetic data sealed
# once stays readable from run to run; never for production.
SUPPORTER_PUBLIC_KEY = "tYwRhD00sy6OwR0O3rr3UIkziieBIDHKlIDYRiCvJDg"
SUPPORTER_LINK_KEY = "bench-only-link-key-not-for-production-0123456789abcdef"
ROLE_ENV = {
    "public": {
        "SITE_ROLE": "public",
        "SECRET_KEY": "bench-only-public-secret-key-not-for-production-0123456789",
        "SUPPORTER_PUBLIC_KEY": SUPPORTER_PUBLIC_KEY,
        "SUPPORTER_LINK_KEY": SUPPORTER_LINK_KEY,
    },
    "office": {
        "SITE_ROLE": "office",
        "SECRET_KEY": "bench-only-office-secret-key-not-for-production-0123456789",
        "SUPPORTER_PUBLIC_KEY": SUPPORTER_PUBLIC_KEY,
        "SUPPORTER_PRIVATE_KEYS": "uzz0D7_138FSoMmFvay_KVp6D_Qurjvd538NmibOU2M",
        "SIGNER_DIGEST_KEY": "bench-only-digest-key-not-for-production-0123456789",
        "SUPPORTER_LINK_KEY": SUPPORTER_LINK_KEY,
    },
}
# The keys one role must not hold: removed from what this process passes on, whatever
# its own environment holds.
OTHER_ROLES_KEYS = {
    "SITE_ROLE", "SECRET_KEY", "SUPPORTER_PUBLIC_KEY", "SUPPORTER_PRIVATE_KEYS",
    "SIGNER_DIGEST_KEY", "SUPPORTER_LINK_KEY", "SIGNER_DATA_KEYS",
}  # fmt: skip


def log(message: str = "") -> None:
    print(message, flush=True)


def run(command: list, *, env: dict | None = None, check: bool = True, **kwargs):
    return subprocess.run(command, env=env, check=check, cwd=ROOT, **kwargs)


def database_url(name: str) -> str:
    return f"{PG}/{name}"


def django_env(database: str, role: str = "office", **extra: str) -> dict:
    """The environment of a Django process of `role` (public or office) on `database`:
    the production settings with that role's keys and none of the other's."""
    inherited = {k: v for k, v in os.environ.items() if k not in OTHER_ROLES_KEYS}
    return {
        **inherited, **SERVER_ENV, **ROLE_ENV[role], "DATABASE_URL": database_url(database),
        **extra,
    }  # fmt: skip


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


def synthetic_domain_digest() -> str:
    """What marks the synthetic signatures, whose names and addresses are sealed: the
    keyed digest of their domain (with the office's digest key, which this harness holds)."""
    from bench.management.commands.generate_synthetic_data import SIGNER_DOMAIN
    from core import email_addresses

    return email_addresses.domain_digest(SIGNER_DOMAIN)


def synthetic_counts(database: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(database_url(database)) as conn:
        people = conn.execute(
            "SELECT count(*) FROM prisoners_person WHERE slug LIKE 'synthetic-%'"
        ).fetchone()[0]
        signatures = conn.execute(
            "SELECT count(*) FROM campaigns_signature WHERE email_domain_digest = %s",
            [synthetic_domain_digest()],
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
        # Every signature not at the synthetic domain (or not taken in yet) is a run's.
        deleted = conn.execute(
            "DELETE FROM campaigns_signature WHERE email_domain_digest IS DISTINCT FROM %s",
            [synthetic_domain_digest()],
        ).rowcount
        conn.execute("DELETE FROM django_tasks_database_dbtaskresult")
        if deleted:
            conn.execute("VACUUM ANALYZE campaigns_signature")
    manage(database, "recount_signatures", "--fix")
    if deleted:
        log(f"  {database}: removed {deleted:,} signatures of earlier runs, recounted")


def prepare_databases(regenerate: bool, signatures: int | None = None) -> None:
    """Both databases migrated and filled (the synthetic data generated once and reused),
    the static files collected, what earlier runs wrote removed, the cache emptied.
    `signatures`: fewer confirmed signatures in the main database than production's
    million (a quicker first run; the report says so)."""
    log("Preparing the databases")
    for database in (MAIN_DB, EMPTY_DB):
        ensure_database(database)
        manage(database, "migrate", "--no-input")
    manage(MAIN_DB, "collectstatic", "--no-input", "-v0")
    main_scale = {**MAIN_SCALE, "signatures": signatures} if signatures else MAIN_SCALE
    prepare_data(MAIN_DB, main_scale, regenerate)
    prepare_data(EMPTY_DB, EMPTY_SCALE, regenerate)
    for database in (MAIN_DB, EMPTY_DB):
        forget_earlier_runs(database)
    flush_cache()


def setup_django() -> None:
    """Django in this process, on the main database, as the office role: the parts that
    create or check rows use the ORM and read what the public role sealed."""
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
