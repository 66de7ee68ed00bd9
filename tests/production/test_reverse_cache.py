"""config/varnish.vcl, run by Debian's varnishd in front of a small backend on loopback:
it keeps what the app says a shared cache may keep, and nothing that says `private`,
`no-store` or `Vary: *`, whatever its max-age (issue 31). Without varnishd these tests
are skipped (`make bench-deps` installs it); in CI (CI=true) they fail instead."""

import contextlib
import http.server
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.production.processes import ROOT, free_port

# What the backend answers on each path: the headers of the response.
ANSWERS = {
    "/public/": {"Cache-Control": "public, max-age=30, s-maxage=30"},
    "/private/": {"Cache-Control": "private, max-age=30, s-maxage=30"},
    "/no-store/": {"Cache-Control": "public, max-age=30, s-maxage=30, no-store"},
    "/no-cache/": {"Cache-Control": "public, max-age=30, s-maxage=30, no-cache"},
    "/vary-star/": {"Cache-Control": "public, max-age=30, s-maxage=30", "Vary": "*"},
    "/cookie/": {"Cache-Control": "public, max-age=30, s-maxage=30", "Set-Cookie": "a=b"},
    "/no-lifetime/": {},
    "/per-host/": {"Cache-Control": "public, max-age=30, s-maxage=30"},
}


def _varnishd() -> str | None:
    return shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")


@pytest.fixture(scope="module")
def backend() -> Iterator[tuple[int, Counter]]:
    """An HTTP server that answers each path of ANSWERS, counting the requests."""
    hits: Counter = Counter()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            hits[self.path] += 1
            body = f"{self.path} {hits[self.path]} {self.headers.get('Host')}".encode()
            self.send_response(200)
            for name, value in ANSWERS.get(self.path, {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def varnish(backend) -> Iterator[int]:
    """varnishd with config/varnish.vcl, its backend pointed at `backend`."""
    varnishd = _varnishd()
    if varnishd is None:
        message = "varnishd is not installed (apt-get install varnish, or make bench-deps)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    # varnishd reads the VCL as its own unprivileged user: not from pytest's private
    # temporary folders.
    workdir = Path(tempfile.mkdtemp(prefix="varnish-test-"))
    workdir.chmod(0o755)
    vcl = (ROOT / "config" / "varnish.vcl").read_text()
    vcl = vcl.replace('.port = "8000";', f'.port = "{backend[0]}";')
    (workdir / "site.vcl").write_text(vcl)
    (workdir / "site.vcl").chmod(0o644)
    port = free_port()
    process = subprocess.Popen(
        [varnishd, "-F", "-a", f"127.0.0.1:{port}", "-f", str(workdir / "site.vcl"),
         "-n", str(workdir / "state"), "-s", "malloc,16m"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(f"varnishd stopped: {process.stdout.read().decode()}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"http://127.0.0.1:{port}/public/", timeout=1).read()
                break
            if time.monotonic() > deadline:
                pytest.fail("varnishd did not answer within 30 s")
            time.sleep(0.2)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
        shutil.rmtree(workdir, ignore_errors=True)


def fetch_twice(port: int, path: str) -> None:
    for _ in range(2):
        urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5).read()


def test_a_public_page_is_kept(varnish, backend):
    _, hits = backend
    fetch_twice(varnish, "/public/")
    assert hits["/public/"] == 1  # the fixture's own request; both of these from the cache


@pytest.mark.parametrize("path", ["/private/", "/no-store/", "/no-cache/", "/vary-star/"])
def test_what_says_private_no_store_or_vary_star_is_never_kept(varnish, backend, path):
    _, hits = backend
    fetch_twice(varnish, path)
    assert hits[path] == 2


@pytest.mark.parametrize("path", ["/cookie/", "/no-lifetime/"])
def test_what_sets_a_cookie_or_says_no_lifetime_is_never_kept(varnish, backend, path):
    _, hits = backend
    fetch_twice(varnish, path)
    assert hits[path] == 2


def test_a_page_is_kept_once_per_host(varnish, backend):
    """A page drawn for the onion address links to it (core/hosts.py): the clear address
    must never be answered with it, nor the other way round (issue 32)."""
    _, hits = backend
    bodies = {}
    for host in ["appeals.example.org", "onion.example", "appeals.example.org", "onion.example"]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{varnish}/per-host/", headers={"Host": host}
        )
        body = urllib.request.urlopen(request, timeout=5).read().decode()
        assert body.endswith(f" {host}")
        bodies.setdefault(host, body)
        assert body == bodies[host]  # the second request, from the cache
    assert hits["/per-host/"] == 2
