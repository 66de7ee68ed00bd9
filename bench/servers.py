"""The processes under test: the app server (gunicorn with config/gunicorn.conf.py, or
granian) as the public role, the task worker as the office role (issue 34), HAProxy in
front of the server for the overload part, waiting until they answer, and stopping every
one of them, whatever happens.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.environment import HOST, PYTHON, ROOT, VENV_BIN, django_env, require_tool
from bench.load import http_get


@dataclass
class ServerConfig:
    kind: str  # "sync" or "gthread" (gunicorn with config/gunicorn.conf.py), or "granian"
    workers: int
    threads: int = 1
    env: dict = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> "ServerConfig":
        """sync:5, gthread:2x8, granian:2x8 (workers x threads)."""
        kind, _, size = text.partition(":")
        workers, _, threads = (size or "5").partition("x")
        return cls(kind, int(workers), int(threads or 1))

    def __str__(self) -> str:
        if self.kind == "sync":
            return f"gunicorn sync, {self.workers} workers"
        if self.kind == "gthread":
            return f"gunicorn gthread, {self.workers} workers x {self.threads} threads"
        return f"granian wsgi, {self.workers} workers x {self.threads} blocking threads"

    def with_env(self, **extra: str) -> "ServerConfig":
        """The same configuration with more environment for the server."""
        return ServerConfig(self.kind, self.workers, self.threads, {**self.env, **extra})


def wait_until_healthy(
    process: subprocess.Popen, port: int, seconds: float, name: str, log_path: Path
) -> None:
    """Wait until /healthz answers 200 on the port; exit if the process dies or the time
    runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited at start; see {log_path}")
        with contextlib.suppress(OSError):
            if http_get(port, "/healthz")[0] == 200:
                return
        time.sleep(0.3)
    sys.exit(f"{name} did not answer /healthz within {seconds:.0f} s; see {log_path}")


RUNNING_SERVERS: list["Server"] = []


class Server:
    """One server process group, started in its own session so that it and its workers
    are stopped together. It is the public role: it holds only the public key and the
    link key (SITE_ROLE=public), as the exposed web host does (docs/deploy.md)."""

    def __init__(
        self, config: ServerConfig, database: str, port: int, log_path: Path,
        app: str = "config.wsgi:application",
    ):  # fmt: skip
        """`app`: the WSGI application to serve; bench.bare:application for the bare
        floor, under the same server configuration as the site."""
        self.config, self.database, self.port, self.log_path = config, database, port, log_path
        self.app = app
        self.process: subprocess.Popen | None = None

    def command(self) -> tuple[list[str], dict]:
        env = django_env(self.database, "public", PORT=str(self.port), **self.config.env)
        if self.config.kind in ("sync", "gthread"):
            env["WEB_CONCURRENCY"] = str(self.config.workers)
            env["WEB_THREADS"] = str(self.config.threads if self.config.kind == "gthread" else 1)
            return [str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", self.app], env
        if self.config.kind == "granian":
            granian = VENV_BIN / "granian"
            if not granian.exists():
                sys.exit(
                    "granian is not installed: .venv/bin/pip install -r requirements/bench.txt"
                )
            command = [
                str(granian), "--interface", "wsgi", "--host", HOST, "--port", str(self.port),
                "--workers", str(self.config.workers),
                "--blocking-threads", str(self.config.threads),
                "--backlog", "256", self.app,
            ]  # fmt: skip
            return command, env
        sys.exit(f"Unknown server kind {self.config.kind!r}")

    def start(self) -> "Server":
        command, env = self.command()
        self.log_file = self.log_path.open("ab")
        self.process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=self.log_file, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        RUNNING_SERVERS.append(self)
        wait_until_healthy(self.process, self.port, 60, "The server", self.log_path)
        return self

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: the children of the master (gunicorn) or
        its descendants (granian)."""
        children = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    stat = (entry / "stat").read_text()
                    parent = int(stat.rsplit(")", 1)[1].split()[1])
                    children.setdefault(parent, []).append(int(entry.name))
        found, queue = [], [self.process.pid]
        while queue:
            for child in children.get(queue.pop(), []):
                found.append(child)
                queue.append(child)
        return sorted(found)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGINT)  # quick shutdown
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self in RUNNING_SERVERS:
            RUNNING_SERVERS.remove(self)
            self.log_file.close()
            keep_errors_only(self.log_path)


class OfficeWorker:
    """The task worker as the office role (SITE_ROLE=office: the private key and the
    digest key), `manage.py db_worker` as `make worker` runs it, on the same machine and
    database as the public server: it takes in what the public role stored (digests,
    folding a second signature of one mailbox) and queues and sends the emails."""

    def __init__(self, database: str, log_path: Path):
        self.database, self.log_path = database, log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> "OfficeWorker":
        env = django_env(self.database, "office")
        self.log_file = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(PYTHON), "manage.py", "db_worker", "--queue-name", "default"], env=env,
            cwd=ROOT, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        RUNNING_SERVERS.append(self)
        time.sleep(3)
        if self.process.poll() is not None:
            sys.exit(f"The office worker exited at start; see {self.log_path}")
        return self

    def pids(self) -> list[int]:
        return [self.process.pid] if self.process and self.process.poll() is None else []

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self in RUNNING_SERVERS:
            RUNNING_SERVERS.remove(self)
            self.log_file.close()


class LoadBalancer:
    """HAProxy in front of an app server, set up as docs/deploy.md recommends for spikes:
    at most as many requests at once as the app server has workers, twice as many
    queued (for two seconds at most), and a 503 with Retry-After for the rest. For the
    overload part, because a site that sheds load at its load balancer is what
    production runs."""

    def __init__(self, app: Server, port: int, log_path: Path):
        self.app, self.port, self.log_path = app, port, log_path
        self.process = app.process  # CpuMeter counts the app's processes and HAProxy's
        self.proxy: subprocess.Popen | None = None

    def config(self) -> str:
        workers = self.app.config.workers
        return "\n".join([
            "global", "    maxconn 8000", "    log stdout format raw local0",
            "defaults", "    mode http", "    log global", "    option httplog",
            "    timeout connect 5s", "    timeout client 30s", "    timeout server 30s",
            "    timeout queue 2s",
            "frontend site", f"    bind {HOST}:{self.port}",
            # At most twice the workers waiting; the rest get a 503 at once.
            f"    http-request deny deny_status 503 if {{ queue(app) ge {2 * workers} }}",
            "    http-after-response set-header Retry-After 5 if { status 503 }",
            "    default_backend app",
            "backend app",
            # As many requests at once as it has workers.
            f"    server app1 {HOST}:{self.app.port} maxconn {workers}",
        ]) + "\n"  # fmt: skip

    def start(self) -> "LoadBalancer":
        haproxy = require_tool("haproxy")
        config = self.log_path.with_suffix(".cfg")
        config.write_text(self.config())
        self.log_file = self.log_path.open("ab")
        self.proxy = subprocess.Popen(
            [haproxy, "-db", "-f", str(config)], stdout=self.log_file,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        RUNNING_SERVERS.append(self)
        wait_until_healthy(self.proxy, self.port, 20, "HAProxy", self.log_path)
        return self

    def worker_pids(self) -> list[int]:
        return self.app.worker_pids() + ([self.proxy.pid] if self.proxy else [])

    def stop(self) -> None:
        if self.proxy and self.proxy.poll() is None:
            self.proxy.terminate()
            self.proxy.wait(timeout=15)
        if self in RUNNING_SERVERS:
            RUNNING_SERVERS.remove(self)
            self.log_file.close()


class ReverseCache:
    """Varnish in front of an app server, with the project's own config/varnish.vcl
    (docs/deploy.md, "A reverse cache"), its backend pointed at the app server."""

    def __init__(self, app: Server, port: int, log_path: Path):
        self.app, self.port, self.log_path = app, port, log_path
        self.process = app.process
        self.proxy: subprocess.Popen | None = None

    def start(self) -> "ReverseCache":
        varnishd = require_tool("varnishd")
        vcl = (ROOT / "config" / "varnish.vcl").read_text()
        vcl = vcl.replace('.port = "8000";', f'.port = "{self.app.port}";')
        workdir = self.log_path.with_suffix(".d")
        workdir.mkdir(exist_ok=True)
        config = workdir / "site.vcl"
        config.write_text(vcl)
        self.log_file = self.log_path.open("ab")
        self.proxy = subprocess.Popen(
            [varnishd, "-F", "-a", f"{HOST}:{self.port}", "-f", str(config), "-n", str(workdir),
             "-s", "malloc,256m", "-p", "thread_pool_min=50"],
            stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        RUNNING_SERVERS.append(self)
        wait_until_healthy(self.proxy, self.port, 30, "Varnish", self.log_path)
        return self

    def worker_pids(self) -> list[int]:
        return self.app.worker_pids() + ([self.proxy.pid] if self.proxy else [])

    def stop(self) -> None:
        if self.proxy and self.proxy.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proxy.pid, signal.SIGTERM)
            self.proxy.wait(timeout=15)
        if self in RUNNING_SERVERS:
            RUNNING_SERVERS.remove(self)
            self.log_file.close()


def stop_all_servers() -> None:
    for server in list(RUNNING_SERVERS):
        server.stop()


ACCESS_LINE = re.compile(rb'^"[A-Z]+ [^"]*" \d{3} ')


def keep_errors_only(path: Path) -> None:
    """The access log is one line per request; keep the count and every other line."""
    if not path.exists():
        return
    requests, kept = 0, []
    with path.open("rb") as lines:
        for line in lines:
            if ACCESS_LINE.match(line):
                requests += 1
            else:
                kept.append(line)
    path.write_bytes(b"".join(kept) + f"[bench] {requests} access-log lines removed\n".encode())
