"""What the tests that start the production processes (gunicorn, the worker) share: where
the project is, a free port to serve on, and the address of the test database, which
those processes use at the same time as the test: PostgreSQL only."""

import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

needs_postgresql = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="needs PostgreSQL: runs in the PostgreSQL pass of .ci/run",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The test database (PostgreSQL) as a DATABASE_URL, for a process of its own."""
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    auth = f"{user}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{user}@"
    return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def supporter_keys(settings) -> dict:
    """The keys of the one-process role (SITE_ROLE=both) that the tests run with, for a
    production process of its own (core/sealing.py)."""
    return {
        "SITE_ROLE": "both",
        "SUPPORTER_PUBLIC_KEY": settings.SUPPORTER_PUBLIC_KEY,
        "SUPPORTER_PRIVATE_KEYS": ",".join(settings.SUPPORTER_PRIVATE_KEYS),
        "SIGNER_DIGEST_KEY": settings.SIGNER_DIGEST_KEY,
    }
