"""The production server's logs hold no client address and no email-link token, in
the access log and in the error log alike (README, docs/security.md)."""

import os
import socket
import subprocess
import sys
import time

import pytest

from core.redaction import redact
from tests.production.processes import ROOT, free_port


@pytest.mark.parametrize(
    ("line", "redacted"),
    [
        ("Invalid request from ip=203.0.113.9: bad", "Invalid request from ip=[ip]: bad"),
        ("from 2001:db8::7 and ::1", "from [ip] and [ip]"),
        ("GET /en/campaigns/confirm/abc:def/ 404", "GET /en/campaigns/confirm/[token]/ 404"),
        ("version 6.1.0 at 12:30:45 took 1.25s", "version 6.1.0 at 12:30:45 took 1.25s"),
    ],
)
def test_redact_replaces_addresses_and_tokens_only(line, redacted):
    assert redact(line) == redacted


def test_an_over_long_request_line_is_logged_without_the_client_address(tmp_path):
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "False",
        "HTTPS": "False",
        "SECRET_KEY": "test-only-" + "x" * 50,
        "SITE_URL": "https://appeals.example.org",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WEB_CONCURRENCY": "1",
        "PORT": str(port),
        "HOST": "127.0.0.1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()[-2000:]
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        with connection:
            path = "/en/campaigns/confirm/" + "a" * 9000
            connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            assert connection.recv(100).startswith((b"HTTP/1.1 400", b"HTTP/1.1 414"))
        time.sleep(0.5)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "Invalid request from ip=[ip]" in output
    assert "127.0.0.1:" not in output.replace(f"127.0.0.1:{port}", "")
    assert "ip=127.0.0.1" not in output
