#!/usr/bin/env python
"""The load benchmarks in one command (docs/benchmarks.md):

    .venv/bin/python bench/run.py            # the full run, about 12 minutes
    .venv/bin/python bench/run.py --quick    # a smoke run, about 4 minutes

It prepares the PostgreSQL databases `bench` (synthetic data at production scale,
generated once and reused) and `bench_empty` (near-empty), starts the production server
configuration (config/gunicorn.conf.py, production settings plus a floor view: see
bench/settings.py), drives it with wrk on loopback, checks the rows afterwards and prints
every figure with its ratio to the framework's floor and a pass/fail per target. Results
go to bench/results/<time>/. Server processes are stopped on exit, whatever happens.
"""

import argparse
import asyncio
import atexit
import contextlib
import datetime
import gzip
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urlencode

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LUA = BENCH / "lua"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = VENV_BIN / "python"
HOST = "127.0.0.1"
PG = "postgres://postgres@127.0.0.1:5432"
MAIN_DB, EMPTY_DB = "bench", "bench_empty"
CAMPAIGN = "synthetic-campaign-01"

# The production settings, as the brief for this harness gives them. The rate limits run
# but never block: every request comes from 127.0.0.1.
SERVER_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
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

# Ratio of the floor's requests/s each endpoint must reach (None: measured, no target).
TARGET_RATIO = {
    "floor": None,
    "home": 0.35,
    "prisoner list": None,
    "search": 0.2,
    "profile": 0.35,
    "campaign page": 0.5,
    "counter": 0.5,
    "confirm page (GET)": None,
    "sign (POST)": 0.2,
    "confirm (POST)": 0.2,
}
# What a success looks like where it is not 200: the sign form redirects to its thanks
# page; a confirmation redirects to the thank-you page (post/redirect/get).
EXPECTED_STATUS = {"sign (POST)": {302}, "confirm (POST)": {200, 302}}
FLAT_PAGES = ["home", "prisoner list", "search", "profile", "campaign page", "counter"]
PAGE_WEIGHT_LIMIT = 60_000  # bytes, compressed, HTML + CSS + JS
MAX_COUNTER_LAG = 5.0  # seconds
MAX_RSS_GROWTH = 0.10
FLAT_COST_LIMIT = 1.25


@dataclass
class Plan:
    """How long each part runs: the full run, or --quick."""

    page_seconds: int
    write_seconds: int
    flat_seconds: int
    warmup_seconds: int
    overload_seconds: int
    recovery_seconds: int
    memory_requests: int
    same_address_attempts: int = 1000
    connections: int = 32

    @classmethod
    def full(cls) -> "Plan":
        return cls(20, 60, 10, 3, 20, 10, 100_000)

    @classmethod
    def quick(cls) -> "Plan":
        return cls(5, 15, 3, 1, 8, 6, 10_000)


def log(message: str = "") -> None:
    print(message, flush=True)


def run(command: list, *, env: dict | None = None, check: bool = True, **kwargs):
    return subprocess.run(command, env=env, check=check, cwd=ROOT, **kwargs)


# --- Environment and databases ---------------------------------------------------------


def database_url(name: str) -> str:
    return f"{PG}/{name}"


def django_env(database: str, **extra: str) -> dict:
    return {**os.environ, **SERVER_ENV, "DATABASE_URL": database_url(database), **extra}


def ensure_debian_tool(name: str) -> str:
    """The path of a tool from Debian's packages (wrk, haproxy), installed if missing."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin")
    if found:
        return found
    log(f"{name} is not installed: running `apt-get install -y {name}`")
    run(["apt-get", "install", "-y", name])
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin")
    if not found:
        sys.exit(f"{name} could not be installed; install it and run again.")
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
            "SELECT count(*) FROM campaigns_signature WHERE email LIKE '%@synthetic.invalid'"
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
        deleted = conn.execute(
            "DELETE FROM campaigns_signature WHERE email LIKE 'bench-%@example.org'"
        ).rowcount
        conn.execute("DELETE FROM django_tasks_database_dbtaskresult")
        if deleted:
            conn.execute("VACUUM ANALYZE campaigns_signature")
    manage(database, "recount_signatures", "--fix")
    if deleted:
        log(f"  {database}: removed {deleted:,} signatures of earlier runs, recounted")


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


# --- The server ----------------------------------------------------------------------


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
    are stopped together."""

    def __init__(self, config: ServerConfig, database: str, port: int, log_path: Path):
        self.config, self.database, self.port, self.log_path = config, database, port, log_path
        self.process: subprocess.Popen | None = None

    def command(self) -> tuple[list[str], dict]:
        env = django_env(self.database, PORT=str(self.port), **self.config.env)
        if self.config.kind in ("sync", "gthread"):
            env["WEB_CONCURRENCY"] = str(self.config.workers)
            env["WEB_THREADS"] = str(self.config.threads if self.config.kind == "gthread" else 1)
            return [str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py"], env
        if self.config.kind == "granian":
            granian = VENV_BIN / "granian"
            if not granian.exists():
                sys.exit("granian is not installed: .venv/bin/pip install granian")
            command = [
                str(granian), "--interface", "wsgi", "--host", HOST, "--port", str(self.port),
                "--workers", str(self.config.workers),
                "--blocking-threads", str(self.config.threads),
                "--backlog", "256", "config.wsgi:application",
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
        haproxy = ensure_debian_tool("haproxy")
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


def rss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class CpuMeter:
    """Where the CPU went during a measurement, in cores: the server's processes,
    PostgreSQL and Redis, the load generator (wrk and this harness), and everything else
    on the machine, which is noise (other people's test runs on a shared box)."""

    HZ = os.sysconf("SC_CLK_TCK")

    def __init__(self, server: "Server | None"):
        self.server = server

    @staticmethod
    def _busy() -> int:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = fields
        return user + nice + system + irq + softirq + steal

    def _processes(self) -> dict[str, int]:
        """CPU time used so far by the server's and the databases' processes, with what
        their exited children used (a recycled worker's time moves to its master's
        cutime/cstime; a closed connection's to the postmaster's), so that a difference
        of two readings is exact."""
        server = (
            set(self.server.worker_pids() + [self.server.process.pid]) if self.server else set()
        )
        totals = {"server": 0, "db": 0}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text()
                name = stat[stat.index("(") + 1 : stat.rindex(")")]
                rest = stat.rsplit(")", 1)[1].split()
                used = sum(int(value) for value in rest[11:15])
                if int(entry.name) in server:
                    totals["server"] += used
                elif name in ("postgres", "redis-server"):
                    totals["db"] += used
        return totals

    @staticmethod
    def _client() -> float:
        children, me = os.times().children_user, os.times()
        return children + os.times().children_system + me.user + me.system

    def __enter__(self) -> "CpuMeter":
        self.began = (time.monotonic(), self._busy(), self._processes(), self._client())
        return self

    def __exit__(self, *exc) -> None:
        ended = (time.monotonic(), self._busy(), self._processes(), self._client())
        seconds = ended[0] - self.began[0]
        busy = (ended[1] - self.began[1]) / self.HZ / seconds
        server = (ended[2]["server"] - self.began[2]["server"]) / self.HZ / seconds
        db = (ended[2]["db"] - self.began[2]["db"]) / self.HZ / seconds
        client = (ended[3] - self.began[3]) / seconds
        self.cores = {
            "busy": round(busy, 2),
            "server": round(server, 2),
            "postgres_redis": round(db, 2),
            "load_generator": round(client, 2),
            "other": round(max(0.0, busy - server - db - client), 2),
        }


def wait_for_quiet(max_wait: float) -> float:
    """Wait (up to max_wait seconds) until the rest of the machine uses under 0.15 of a
    core, so that another process's work does not count against the site. Returns the
    cores the rest of the machine used when the run started."""
    deadline = time.monotonic() + max_wait
    while True:
        with CpuMeter(None) as meter:
            time.sleep(3)
        other = meter.cores["busy"]
        if other <= 0.15 or time.monotonic() >= deadline:
            break
        log(f"  the machine is busy ({other:.2f} cores used by other processes); waiting")
    if other > 0.15:
        log(f"  WARNING: other processes use {other:.2f} cores: the figures will be noisy")
    return other


# --- HTTP helpers -----------------------------------------------------------------------


def http_get(port: int, path: str, headers: dict | None = None):
    """(status, headers, body); the headers are case-insensitive (servers differ)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.msg, response.read()
    finally:
        connection.close()


def http_post(port: int, path: str, form: dict, cookie: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
        }
        connection.request("POST", path, body=urlencode(form), headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def warm_up_writes(port: int, run_id: str, out: Path) -> None:
    """One sign and one confirmation before the memory baseline, so that what their
    first use loads is not counted as growth."""
    cookie, token = csrf_pair(port, f"/en/campaigns/{CAMPAIGN}/")
    form = {"name": "Bench Warm", "email": f"bench-{run_id}w-0@example.org", "country": "PL",
            "csrfmiddlewaretoken": token}  # fmt: skip
    assert http_post(port, f"/en/campaigns/{CAMPAIGN}/sign/", form, cookie) == 302
    path = out / "warm-up-token.txt"
    create_confirm_tokens(f"{run_id}w", 1, path)
    confirm = f"/en/campaigns/confirm/{path.read_text().strip()}/"
    assert http_get(port, confirm)[0] == 200
    confirm_form = {"csrfmiddlewaretoken": token, "name": "Bench Confirmer", "country": "PL"}
    status = http_post(port, confirm, confirm_form, cookie)
    assert status in (200, 302), f"confirm POST: {status}"


def csrf_pair(port: int, path: str) -> tuple[str, str]:
    """One CSRF cookie and a form token that goes with it, from a GET of a form page."""
    status, headers, body = http_get(port, path)
    assert status == 200, f"GET {path}: {status}"
    cookies = " ".join(headers.get_all("Set-Cookie") or [])
    cookie = re.search(r"csrftoken=([^;]+)", cookies).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie, token


COUNTER_TOTAL = re.compile(rb'counter__total"><strong>([\d,]+)</strong>')


def displayed_total(port: int) -> int:
    status, _, body = http_get(port, f"/en/campaigns/{CAMPAIGN}/counter/")
    assert status == 200, f"counter: {status}"
    return int(COUNTER_TOTAL.search(body).group(1).replace(b",", b""))


# --- wrk ----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    statuses: dict
    socket_errors: int
    retry_after: int
    raw: dict
    cpu: dict = field(default_factory=dict)

    def errors(self, expected: set[int]) -> int:
        wrong = sum(n for code, n in self.statuses.items() if int(code) not in expected)
        return wrong + self.socket_errors

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "raw"}


class Wrk:
    count = 0  # numbers the report files of the whole run
    app_requests = 0  # requests the app served in this run (all but the floor's)

    def __init__(self, server: "Server", out_dir: Path):
        self.server, self.port, self.out_dir = server, server.port, out_dir

    def run(
        self,
        name: str,
        script: str,
        args: list[str],
        *,
        seconds: float,
        connections: int,
        threads: int = 2,
        env: dict | None = None,
        timeout: int = 10,
    ) -> Result:
        Wrk.count += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        report = self.out_dir / f"wrk-{Wrk.count:03d}-{slug}.json"
        command = [
            "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s",
            "-s", str(LUA / script), f"http://{HOST}:{self.port}", "--", *args,
        ]  # fmt: skip
        wrk_env = {**os.environ, "BENCH_LUA_DIR": str(LUA), "BENCH_WRK_JSON": str(report)}
        with CpuMeter(self.server) as cpu:
            completed = run(
                command, env={**wrk_env, **(env or {})}, capture_output=True, text=True,
                check=False, timeout=seconds + 120,
            )  # fmt: skip
        if completed.returncode != 0 or not report.exists():
            sys.exit(f"wrk failed for {name}:\n{completed.stdout}\n{completed.stderr}")
        data = json.loads(report.read_text())
        if "floor" not in name:
            Wrk.app_requests += data["requests"]
        errors = data["errors"]
        seconds_run = data["duration_us"] / 1e6
        return Result(
            name=name,
            rps=data["requests"] / seconds_run,
            p50_ms=data["latency_us"]["p50"] / 1000,
            p99_ms=data["latency_us"]["p99"] / 1000,
            requests=data["requests"],
            statuses=data["statuses"],
            socket_errors=errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
            retry_after=data["retry_after"],
            raw=data,
            cpu=cpu.cores,
        )


def as_list(value) -> list:
    """A Lua list from the wrk report: an empty one arrives as {}."""
    return value if isinstance(value, list) else list(value.values())


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


# --- Inputs: paths, queries, tokens ------------------------------------------------------


def search_queries(rng: random.Random) -> list[str]:
    """Partial names as people type them, about 1,500 different ones, so that the page
    cache does not answer most of them: the first letters of a family name (Latin or
    Cyrillic), a first and family name, a Russian-style romanisation that only the
    skeleton finds, a first name alone."""
    from bench.management.commands.generate_synthetic_data import FIRST_NAMES, LAST_NAMES
    from prisoners.search import fold

    queries = set()
    for last, last_be, last_ru in LAST_NAMES:
        for length in range(3, len(last) + 1):
            queries.add(last[:length].lower())
        for length in range(3, len(last_be) + 1):
            queries.add(last_be[:length])
        queries.add(" ".join(word.capitalize() for word in fold(last_ru).split()))
        for first, _first_be, first_ru in FIRST_NAMES:
            queries.add(f"{first} {last}")
            queries.add(f"{first_ru} {last_ru[:4]}")
            queries.add(f"{first[:3]} {last[:3]}")
    for first, first_be, _first_ru in FIRST_NAMES:
        queries.update({first, first_be, first.lower()[:4]})
    ordered = sorted(queries)
    rng.shuffle(ordered)
    return [f"/en/prisoners/?q={quote_plus(query)}" for query in ordered]


def profile_paths(database: str, rng: random.Random, limit: int = 2000) -> list[str]:
    import psycopg

    with psycopg.connect(database_url(database)) as conn:
        slugs = [
            row[0]
            for row in conn.execute(
                "SELECT slug FROM prisoners_person WHERE is_published AND is_political_prisoner"
            )
        ]
    return [f"/en/prisoners/{slug}/" for slug in rng.sample(slugs, min(limit, len(slugs)))]


def create_confirm_tokens(run_id: str, count: int, path: Path) -> list[int]:
    """Unconfirmed signatures on the bench campaign, and a file of their confirm tokens."""
    from campaigns import tokens
    from campaigns.models import Campaign, Signature, normalise_email

    campaign = Campaign.objects.get(slug=CAMPAIGN)
    signatures = []
    for i in range(count):
        email = f"bench-{run_id}-confirm-{i}@example.org"
        signatures.append(
            Signature(
                campaign=campaign,
                name="Bench Confirmer",
                email=email,
                email_normalised=normalise_email(email),
                country="PL",
            )  # fmt: skip
        )
    signatures = Signature.objects.bulk_create(signatures, batch_size=5000)
    write_lines(path, [tokens.confirm_token(signature) for signature in signatures])
    return [signature.pk for signature in signatures]


# --- The parts of a run ------------------------------------------------------------------


def measure_pages(
    wrk: Wrk,
    inputs: dict,
    plan: Plan,
    names: list[str],
    warm_up: bool = True,
    prime: bool = False,
) -> dict[str, Result]:
    """Each page under wrk. `prime`: first request every path of a many-path page once
    (the 2,000 profiles), so that it is measured as it runs once the site has been up a
    while: each profile rendered once an hour, then served from the cache. The cold
    figure (every request a render) is the "without the page cache" part."""
    results = {}
    for name in names:
        paths = Path(inputs[name]).read_text().split()
        if prime and len(paths) > 1 and name == "profile":
            began = time.monotonic()
            prime_paths(wrk.port, paths)
            log(f"  primed {len(paths):,} {name} paths in {time.monotonic() - began:.1f} s")
        if warm_up:
            wrk.run(
                f"warm-up {name}", "paths.lua", [str(inputs[name])],
                seconds=plan.warmup_seconds, connections=plan.connections,
            )  # fmt: skip
        results[name] = wrk.run(
            name, "paths.lua", [str(inputs[name])], seconds=plan.page_seconds,
            connections=plan.connections,
        )  # fmt: skip
        show(results[name])
    return results


def prime_paths(port: int, paths: list[str], threads: int = 8) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads) as pool:
        statuses = set(pool.map(lambda path: http_get(port, path)[0], paths))
    assert statuses == {200}, f"priming answered {statuses}"


def show(result: Result, floor: float | None = None) -> None:
    ratio = f"  {result.rps / floor:5.2f}x floor" if floor else ""
    errors = result.socket_errors + sum(
        n for code, n in result.statuses.items() if int(code) >= 400
    )
    log(
        f"  {result.name:<20} {result.rps:8.1f} req/s  p50 {result.p50_ms:7.1f} ms  "
        f"p99 {result.p99_ms:7.1f} ms  {result.requests:>8,} requests  "
        f"statuses {result.statuses}  errors {errors}{ratio}"
    )
    noisy = "  NOISY" if result.cpu.get("other", 0) > 0.15 else ""
    log(f"  {'':<20} CPU cores server/db/client/other: {cpu_columns(result.cpu)}{noisy}")


def wait_for_in_flight(result: Result) -> None:
    """wrk stops with requests in flight; the server still completes them. Wait until
    it has, before the rows are counted."""
    time.sleep(min(30.0, 2 + 3 * result.p99_ms / 1000))


def sign_run(wrk: Wrk, port: int, run_id: str, plan: Plan) -> dict:
    """32 clients sign one campaign, each with new addresses; then every row is checked."""
    from campaigns.models import Signature

    cookie, token = csrf_pair(port, f"/en/campaigns/{CAMPAIGN}/")
    path = f"/en/campaigns/{CAMPAIGN}/sign/"
    n = plan.connections
    result = wrk.run(
        "sign (POST)", "sign.lua", [path, cookie, token, run_id, "PL"],
        seconds=plan.write_seconds, connections=n, threads=n,
    )  # fmt: skip
    show(result)
    wait_for_in_flight(result)
    emails = Signature.objects.filter(email__startswith=f"bench-{run_id}-").exclude(
        email__contains="-confirm-"
    )
    by_thread: dict[int, list[int]] = {}
    for email in emails.values_list("email", flat=True):
        _, _, thread, number = email.split("@")[0].rsplit("-", 3)
        by_thread.setdefault(int(thread), []).append(int(number))
    lost = doubled = late = unanswered_stored = 0
    for row in result.raw["threads"]:
        numbers = by_thread.get(row["id"], [])
        stored = set(numbers)
        doubled += len(numbers) - len(set(numbers))
        # Each response answers the request generated last (one connection per thread).
        unanswered = set(as_list(row["unanswered"]))
        pending = set() if row["last_answered"] else {row["sent"]}
        answered = set(range(1, row["sent"] + 1)) - unanswered - pending
        redirected = answered - set(as_list(row["not_redirected"]))
        lost += len(redirected - stored)
        late += len(stored & pending)  # in flight when wrk stopped, stored after
        unanswered_stored += len(stored & unanswered)
        doubled += len(stored - answered - pending - unanswered)
    redirects = result.statuses.get("302", 0)
    stored_count = emails.count()
    distinct = emails.order_by().values("email_normalised").distinct().count()
    check = {
        "responses_302": redirects,
        "rows": stored_count,
        "rows_stored_after_wrk_stopped": late,
        "rows_without_response": unanswered_stored,
        "lost": lost,
        "doubled_or_unexpected": doubled + (stored_count - distinct),
        "exact": lost == 0
        and doubled == 0
        and distinct == stored_count
        and stored_count - late == redirects,
    }
    log(f"    rows check: {check}")
    worker = queue_emails_as_the_worker()
    log(f"    worker: {worker}")
    return {"result": result, "check": check, "worker": worker}


def queue_emails_as_the_worker() -> dict:
    """What the sign requests left to the worker: queue the confirmation emails of the
    signatures just stored (one email task each), as its task does, timed."""
    from campaigns import services
    from campaigns.models import Signature

    awaiting = Signature.objects.awaiting_confirmation_email().count()
    began = time.monotonic()
    queued = services.confirmation_emails_queue()
    seconds = time.monotonic() - began
    return {
        "signatures_awaiting_email": awaiting,
        "emails_queued": queued,
        "seconds": round(seconds, 1),
        "per_second": round(queued / seconds) if seconds else None,
    }


def confirm_runs(wrk: Wrk, port: int, run_id: str, plan: Plan, floor_rps: float, out: Path):
    """The confirm page (GET, changes nothing), then 32 clients confirming for real (POST)
    while a sampler compares the displayed total with the rows."""
    from campaigns.models import Campaign, Signature

    count = int(min(300_000, max(10_000, floor_rps * plan.write_seconds * 0.8)))
    log(f"  creating {count:,} unconfirmed signatures and their confirm tokens")
    token_file = out / "confirm-tokens.txt"
    created_ids = create_confirm_tokens(run_id, count, token_file)
    cookie, token = csrf_pair(port, f"/en/campaigns/{CAMPAIGN}/")
    n = plan.connections
    page = wrk.run(
        "confirm page (GET)", "confirm.lua", [str(token_file), str(n), "GET", cookie, token],
        seconds=plan.page_seconds, connections=n, threads=n,
    )  # fmt: skip
    show(page)

    campaign = Campaign.objects.get(slug=CAMPAIGN)
    sampler = LagSampler(port, campaign.pk, campaign.offline_signatures)
    sampler.start()
    result = wrk.run(
        "confirm (POST)", "confirm.lua", [str(token_file), str(n), "POST", cookie, token],
        seconds=plan.write_seconds, connections=n, threads=n,
    )  # fmt: skip
    sampler.stop()
    show(result)
    wait_for_in_flight(result)
    confirmed_pages = sum(row["confirmed_pages"] for row in result.raw["threads"])
    wrapped = sum(row["wrapped"] for row in result.raw["threads"])
    confirmed_rows = Signature.objects.filter(pk__in=created_ids, confirmed_at__isnull=False)
    confirmed_rows = confirmed_rows.count()
    rows_total = Signature.objects.confirmed().filter(campaign=campaign).count()
    counter_total = campaign.confirmed_online()
    check = {
        "confirmed_pages": confirmed_pages,
        "confirmed_rows": confirmed_rows,
        "rows_stored_after_wrk_stopped": confirmed_rows - confirmed_pages,
        "tokens_reused": wrapped,
        "counter_rows_sum": counter_total,
        "confirmed_signature_rows": rows_total,
        "counter_drift": counter_total - rows_total,
        "exact": 0 <= confirmed_rows - confirmed_pages <= n and counter_total == rows_total,
    }
    log(f"    rows check: {check}")
    lag = sampler.report()
    log(f"    counter lag: {lag}")
    return page, {"result": result, "check": check, "lag": lag}


class LagSampler:
    """Samples the confirmed rows (SQL, every 0.1 s) and the total the counter endpoint
    shows (HTTP, every 0.5 s). A shown total's lag is how long before it was shown the
    rows had already gone past it."""

    def __init__(self, port: int, campaign_id: int, offline: int):
        self.port, self.campaign_id, self.offline = port, campaign_id, offline
        self.rows: list[tuple[float, int]] = []
        self.shown: list[tuple[float, int]] = []
        self.stopping = threading.Event()

    def start(self) -> None:
        import psycopg

        self.since = datetime.datetime.now(datetime.UTC)
        self.conn = psycopg.connect(database_url(MAIN_DB), autocommit=True)
        self.base = self.conn.execute(
            "SELECT count(*) FROM campaigns_signature WHERE campaign_id = %s "
            "AND confirmed_at IS NOT NULL",
            [self.campaign_id],
        ).fetchone()[0]
        self.threads = [
            threading.Thread(target=self._sample_rows, daemon=True),
            threading.Thread(target=self._sample_shown, daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    def _sample_rows(self) -> None:
        query = (
            "SELECT count(*) FROM campaigns_signature WHERE campaign_id = %s AND confirmed_at >= %s"
        )
        while not self.stopping.is_set():
            new = self.conn.execute(query, [self.campaign_id, self.since]).fetchone()[0]
            self.rows.append((time.monotonic(), self.base + new))
            self.stopping.wait(0.1)

    def _sample_shown(self) -> None:
        while not self.stopping.is_set():
            with contextlib.suppress(OSError, AssertionError):
                shown = displayed_total(self.port) - self.offline
                self.shown.append((time.monotonic(), shown))
            self.stopping.wait(0.5)

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()
        self.conn.close()

    def report(self) -> dict:
        lags = []
        for moment, shown in self.shown:
            passed = next((t for t, count in self.rows if count > shown), None)
            lags.append(max(0.0, moment - passed) if passed is not None else 0.0)
        lags.sort()
        return {
            "samples": len(lags),
            "max_s": round(lags[-1], 2) if lags else None,
            "p50_s": round(lags[len(lags) // 2], 2) if lags else None,
            "resolution_s": 0.1,
        }


def same_address(port: int, run_id: str, attempts: int) -> dict:
    """Many concurrent sign attempts with one address must leave exactly one signature
    (with its confirmation email awaiting the worker, and at most one reminder)."""
    from django_tasks_db.models import DBTaskResult

    from campaigns.models import Signature

    cookie, token = csrf_pair(port, f"/en/campaigns/{CAMPAIGN}/")
    email = f"bench-{run_id}-same@example.org"
    body = (
        f"name=Bench+Same&email={email.replace('@', '%40')}&country=PL&csrfmiddlewaretoken={token}"
    ).encode()
    request = (
        f"POST /en/campaigns/{CAMPAIGN}/sign/ HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nCookie: csrftoken={cookie}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body
    reminders_before = DBTaskResult.objects.filter(
        task_path="campaigns.tasks.send_reminder_email"
    ).count()

    async def attempt() -> str:
        try:
            reader, writer = await asyncio.open_connection(HOST, port)
            writer.write(request)
            await writer.drain()
            status_line = await asyncio.wait_for(reader.readline(), 120)
            writer.close()
            return status_line.split()[1].decode()
        except (OSError, IndexError, TimeoutError) as error:
            return type(error).__name__

    async def everyone() -> list[str]:
        return await asyncio.gather(*(attempt() for _ in range(attempts)))

    began = time.monotonic()
    outcomes = asyncio.run(everyone())
    statuses: dict[str, int] = {}
    for outcome in outcomes:
        statuses[outcome] = statuses.get(outcome, 0) + 1
    rows = Signature.objects.filter(email=email).count()
    check = {
        "attempts": attempts,
        "seconds": round(time.monotonic() - began, 1),
        "statuses": statuses,
        "signatures": rows,
        # The confirmation email waits in the signature row for the worker (no worker
        # runs here); a reminder is queued as a task.
        "confirmation_emails_awaiting_worker": Signature.objects.awaiting_confirmation_email()
        .filter(email=email)
        .count(),
        "reminders_queued": DBTaskResult.objects.filter(
            task_path="campaigns.tasks.send_reminder_email"
        ).count()
        - reminders_before,
        "pass": rows == 1 and set(statuses) <= {"302", "429"},
    }
    log(f"  same address x{attempts}: {check}")
    return check


def page_weight(port: int) -> dict:
    """Bytes a first visit to the campaign page transfers, compressed: the HTML gzipped
    (as a proxy would, if the app does not) plus every stylesheet, script and icon it
    references and what the stylesheets load, as the server sends them (gzip/brotli)."""
    accept = {"Accept-Encoding": "br, gzip"}
    status, headers, html = http_get(port, f"/en/campaigns/{CAMPAIGN}/", accept)
    served_encoding = headers.get("Content-Encoding", "none")
    html_gzip = len(gzip.compress(html, 6)) if served_encoding == "none" else len(html)
    references = re.findall(
        rb'<(?:link[^>]+rel="(?:stylesheet|icon)"[^>]+href|script[^>]+src)="(/static/[^"]+)"',
        html,
    )
    files, seen = [], set()
    queue = [ref.decode() for ref in references]
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        _, file_headers, body = http_get(port, path, accept)
        files.append(
            {"path": path, "bytes": len(body), "encoding": file_headers.get("Content-Encoding")}
        )
        if path.endswith(".css"):
            plain = http_get(port, path)[2]
            for url in re.findall(rb"url\(['\"]?([^'\")]+)", plain):
                target = url.decode()
                if not target.startswith(("data:", "http", "#")):
                    queue.append(str(Path(path).parent / target) if target[0] != "/" else target)
    total = html_gzip + sum(item["bytes"] for item in files)
    report = {
        "html_bytes": len(html),
        "html_served_encoding": served_encoding,
        "html_gzip_bytes": html_gzip,
        "files": files,
        "total_bytes": total,
        "pass": total <= PAGE_WEIGHT_LIMIT,
    }
    log(f"  campaign page weight: {total:,} bytes compressed ({report})")
    return report


class OpenLoop:
    """Requests that arrive at a set rate whatever the server does (Poisson arrivals,
    a new connection each, as independent visitors do), unlike wrk's fixed set of
    connections that wait for their answers. Keeps per-second outcomes."""

    def __init__(self, port: int, paths: list[str], timeout: float = 10):
        self.requests = [
            (
                f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept-Encoding: gzip\r\n"
                "Connection: close\r\n\r\n"
            ).encode()
            for path in paths
        ]
        self.port, self.timeout = port, timeout
        self.outcomes: list[tuple[str, float, float, str, bool]] = []

    async def _one(self, phase: str, request: bytes) -> None:
        began = time.monotonic()
        status, retry_after = "", False
        try:
            async with asyncio.timeout(self.timeout):
                reader, writer = await asyncio.open_connection(HOST, self.port)
                try:
                    writer.write(request)
                    await writer.drain()
                    status = (await reader.readline()).split(b" ")[1].decode()
                    while (line := await reader.readline()) not in (b"\r\n", b""):
                        retry_after |= line.lower().startswith(b"retry-after:")
                    while await reader.read(65536):
                        pass
                finally:
                    writer.close()
        except TimeoutError:
            status = "timeout"
        except (OSError, IndexError) as error:
            status = type(error).__name__
        self.outcomes.append((phase, began, time.monotonic() - began, status, retry_after))

    async def run(self, phases: list[tuple[str, float, float]]) -> None:
        """phases: (name, requests per second, seconds), one after the other."""
        rng = random.Random(3)
        tasks = []
        moment = time.monotonic()
        for name, rate, seconds in phases:
            end = moment + seconds
            while True:
                moment += rng.expovariate(rate)
                if moment >= end:
                    moment = end
                    break
                await asyncio.sleep(max(0.0, moment - time.monotonic()))
                request = self.requests[len(tasks) % len(self.requests)]
                tasks.append(asyncio.create_task(self._one(name, request)))
        await asyncio.gather(*tasks)

    def summary(self, phase: str) -> dict:
        rows = [row for row in self.outcomes if row[0] == phase]
        if not rows:
            return {}
        statuses: dict[str, int] = {}
        for row in rows:
            statuses[row[3]] = statuses.get(row[3], 0) + 1
        first = min(row[1] for row in rows)
        last = max(row[1] + row[2] for row in rows)
        ok = sorted(row[2] for row in rows if row[3] == "200")
        return {
            "requests": len(rows),
            "served_per_second": round(len(ok) / (last - first), 1),
            "statuses": statuses,
            "retry_after": sum(1 for row in rows if row[4]),
            "p50_ms_served": round(ok[len(ok) // 2] * 1000) if ok else None,
            "p99_ms_served": round(ok[int(len(ok) * 0.99)] * 1000) if ok else None,
        }

    def per_second(self, phase: str) -> list[dict]:
        rows = [row for row in self.outcomes if row[0] == phase]
        start = min(row[1] for row in rows)
        seconds: dict[int, list] = {}
        for row in rows:
            seconds.setdefault(int(row[1] - start), []).append(row)
        series = []
        for second in sorted(seconds):
            group = seconds[second]
            latencies = sorted(row[2] for row in group)
            series.append({
                "second": second,
                "ok": sum(1 for row in group if row[3] == "200"),
                "failed": sum(1 for row in group if row[3] != "200"),
                "p50_ms": round(latencies[len(latencies) // 2] * 1000),
            })  # fmt: skip
        return series


def overload(port: int, paths: list[str], capacity: float, plan: Plan) -> dict:
    """Half the profile pages' capacity, then three times it, then half again: are the
    excess requests refused cleanly (429/503 with Retry-After, no 5xx, no timeouts), and
    how soon after the spike are requests fast again?

    Profile pages, because an open-loop client in Python can offer three times their
    capacity without taking the CPU from the server; three times the cached campaign
    page's (about 3,000 new connections a second) it cannot, on the same two cores."""
    load = OpenLoop(port, paths)
    calm, spike = capacity / 2, capacity * 3
    asyncio.run(
        load.run([
            ("before", calm, plan.recovery_seconds / 2),
            ("spike", spike, plan.overload_seconds),
            ("after", calm, plan.recovery_seconds),
        ])
    )  # fmt: skip
    before, during, after = (load.summary(name) for name in ("before", "spike", "after"))
    series = load.per_second("after")
    normal = max(before["p50_ms_served"] or 0, 1) * 2
    recovered = next(
        (
            item["second"]
            for index, item in enumerate(series)
            if all(s["failed"] == 0 and s["p50_ms"] <= normal for s in series[index:])
        ),
        None,
    )
    statuses = during["statuses"]
    server_errors = sum(n for code, n in statuses.items() if code.isdigit() and int(code) >= 500)
    shed = statuses.get("503", 0) + statuses.get("429", 0)
    failures = sum(n for code, n in statuses.items() if not code.isdigit())
    report = {
        "capacity_rps": round(capacity),
        "offered_rps": {"before": round(calm), "spike": round(spike), "after": round(calm)},
        "before": before,
        "spike": during,
        "after": after,
        "after_per_second": series,
        "recovered_after_s": recovered,
        "pass": server_errors - statuses.get("503", 0) == 0
        and failures == 0
        and shed > 0
        and during["retry_after"] >= shed
        and recovered is not None
        and recovered <= 2,
    }
    log(f"    before: {before}\n    spike:  {during}\n    after:  {after}")
    log(f"    after, per second: {series}\n    recovered after: {recovered} s")
    return report


class MemoryWatch:
    """Worker RSS from after the warm-up to the end of the run, on a server whose worker
    recycling (max_requests) is off, so that a leak shows instead of being reset."""

    def __init__(self, server: Server):
        self.server = server
        self.pids = server.worker_pids()
        self.before = {pid: rss_kb(pid) for pid in self.pids}
        self.samples: list[tuple[str, int, int]] = []

    def sample(self, label: str) -> None:
        total = sum(rss_kb(pid) for pid in self.pids)
        self.samples.append((label, Wrk.app_requests, total))

    def finish(self) -> dict:
        after = {pid: rss_kb(pid) for pid in self.pids}
        restarted = sorted(set(self.server.worker_pids()) - set(self.pids))
        growth = {
            pid: (after[pid] - self.before[pid]) / self.before[pid]
            for pid in self.pids
            if self.before[pid] and after[pid]
        }
        report = {
            "requests": Wrk.app_requests,
            "workers": len(self.pids),
            "rss_before_kb": self.before,
            "rss_after_kb": after,
            "max_growth": round(max(growth.values()), 4) if growth else None,
            "total_rss_kb_by_requests": self.samples,
            "workers_restarted": restarted,
            "pass": bool(growth) and max(growth.values()) < MAX_RSS_GROWTH and not restarted,
        }
        log(f"  memory: {report}")
        return report


# --- Reporting -----------------------------------------------------------------------------


def cpu_cost(result: Result) -> float | None:
    """Server and database CPU per request, in ms: what a request costs, whatever else
    ran on the machine at the time."""
    cores = result.cpu.get("server", 0) + result.cpu.get("postgres_redis", 0)
    return cores / result.rps * 1000 if cores and result.rps else None


def figures_table(results: dict[str, Result], floor: float) -> list[str]:
    floor_cost = cpu_cost(results["floor"])
    lines = [
        "| endpoint | req/s | ratio to floor | target | p50 ms | p99 ms | errors | pass "
        "| CPU ms/request (server+db) | CPU-normalised ratio | CPU cores: server / db / "
        "client / other |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for name, target in TARGET_RATIO.items():
        if name not in results:
            continue
        result = results[name]
        ratio = result.rps / floor
        errors = result.errors(EXPECTED_STATUS.get(name, {200}))
        verdict = "—" if target is None else ("PASS" if ratio >= target and not errors else "FAIL")
        cost = cpu_cost(result)
        normalised = f"{floor_cost / cost:.2f}" if cost and floor_cost else ""
        lines.append(
            f"| {name} | {result.rps:.0f} | {ratio:.2f} | "
            f"{'—' if target is None else f'≥ {target}'} | {result.p50_ms:.1f} | "
            f"{result.p99_ms:.1f} | {errors} | {verdict} | {cost or 0:.2f} | {normalised} | "
            f"{cpu_columns(result.cpu)} |"
        )
    return lines


def cpu_columns(cpu: dict) -> str:
    if not cpu:
        return ""
    keys = ("server", "postgres_redis", "load_generator", "other")
    return " / ".join(f"{cpu[key]:.2f}" for key in keys)


def verdicts(report: dict) -> list[tuple[str, bool | None, str]]:
    results, floor = report["results"], report["results"]["floor"].rps
    out = []
    for name, target in TARGET_RATIO.items():
        if target is None or name not in results:
            continue
        result = results[name]
        ratio = result.rps / floor
        errors = result.errors(EXPECTED_STATUS.get(name, {200}))
        out.append(
            (
                f"{name} ≥ {target} × floor, no errors",
                ratio >= target and not errors,
                f"{ratio:.2f} × floor, {errors} errors",
            )  # fmt: skip
        )
    if "sign" in report:
        check = report["sign"]["check"]
        out.append(("sign: no lost or doubled signatures", check["exact"], str(check)))
        worker = report["sign"].get("worker")
        if worker:
            signed = report["results"]["sign (POST)"].rps
            faster = (
                worker["emails_queued"] == worker["signatures_awaiting_email"]
                and (worker["per_second"] or 0) >= signed
            )
            label = "worker queues the emails faster than people sign"
            out.append((label, faster, f"{worker} against {signed:.0f} signatures/s"))
    if "confirm" in report:
        check, lag = report["confirm"]["check"], report["confirm"]["lag"]
        out.append(("confirm: counted exactly once, counter = rows", check["exact"], str(check)))
        passed = lag["max_s"] is not None and lag["max_s"] <= MAX_COUNTER_LAG
        out.append((f"displayed total lags rows ≤ {MAX_COUNTER_LAG:.0f} s", passed, str(lag)))
    if "overload" in report:
        item = report["overload"]
        via = "through HAProxy" if item.get("via") == "haproxy" else "app server direct"
        detail = (
            f"{via}: offered {item['offered_rps']['spike']}/s against a capacity of "
            f"{item['capacity_rps']}/s; "
            f"spike statuses {item['spike']['statuses']}, {item['spike']['retry_after']} with "
            f"Retry-After, served p99 {item['spike']['p99_ms_served']} ms; recovered after "
            f"{item['recovered_after_s']} s"
        )
        out.append(("overload 3×: clean 429/503 + Retry-After, recovers", item["pass"], detail))
    if "same_address" in report:
        item = report["same_address"]
        out.append(("1,000 same-address attempts: one signature", item["pass"], str(item)))
    if "flat" in report:
        for name, item in report["flat"].items():
            out.append((f"flat cost {name}: p50 ≤ 1.25 × empty", item["pass"], str(item)))
    if "memory" in report:
        item = report["memory"]
        detail = f"max growth {item['max_growth']}, restarted {item['workers_restarted']}"
        out.append(("worker RSS growth < 10%", item["pass"], detail))
    if "weight" in report:
        item = report["weight"]
        out.append(("campaign page ≤ 60 KB compressed", item["pass"], f"{item['total_bytes']:,} B"))
    return out


def summary_markdown(report: dict) -> str:
    results, floor = report["results"], report["results"]["floor"].rps
    lines = [
        f"Run {report['run_id']} ({'quick' if report['quick'] else 'full'}), "
        f"server: {report['server']}",
        "",
        f"Machine: {report['machine']}",
        "",
        *figures_table(results, floor),
        "",
    ]
    if "uncached_full" in report:
        lines += [
            "Without the page cache (PAGE_CACHE_SECONDS=0), full data against near-empty:",
            "",
            "| page | full req/s | full ratio to floor | full p50 ms | empty req/s | "
            "empty p50 ms | p50 full/empty | CPU ms/request full | empty |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, item in report["flat"].items():
            full, empty = report["uncached_full"][name], report["uncached_empty"][name]
            lines.append(
                f"| {name} | {full.rps:.0f} | {full.rps / floor:.2f} | {full.p50_ms:.1f} | "
                f"{empty.rps:.0f} | {empty.p50_ms:.1f} | {item['ratio']:.2f} | "
                f"{item.get('cpu_ms_full', 0):.2f} | {item.get('cpu_ms_empty', 0):.2f} |"
            )
        lines.append("")
    lines += [
        "| target | result | detail |",
        "|---|---|---|",
    ]
    for name, passed, detail in verdicts(report):
        lines.append(f"| {name} | {'PASS' if passed else 'FAIL'} | {detail} |")
    return "\n".join(lines) + "\n"


def save(report: dict, out: Path) -> None:
    def default(value):
        return value.as_dict() if isinstance(value, Result) else str(value)

    (out / "results.json").write_text(json.dumps(report, indent=2, default=default))
    (out / "summary.md").write_text(summary_markdown(report))


def load_report(path: Path) -> dict:
    """A saved results.json with its figures as Result objects again."""
    report = json.loads(path.read_text())

    def result(data: dict) -> Result:
        return Result(**{"raw": {}, **data})

    for key in ("results", "uncached_full", "uncached_empty"):
        if key in report:
            report[key] = {name: result(data) for name, data in report[key].items()}
    for key in ("sign", "confirm"):
        if key in report:
            report[key]["result"] = result(report[key]["result"])
    return report


# --- Server comparison --------------------------------------------------------------------


def compare_servers(configs: list[ServerConfig], inputs: dict, plan: Plan, out: Path) -> None:
    """The same few endpoints under each server configuration, for choosing one."""
    rows = []
    for number, config in enumerate(configs):
        log(f"\n== {config}")
        wait_for_quiet(120)
        flush_cache()
        port = 18100 + number
        server = Server(config, MAIN_DB, port, out / f"server-compare-{number}.log").start()
        wrk = Wrk(server, out)
        try:
            results = measure_pages(
                wrk, inputs, plan, ["floor", "home", "profile", "search", "campaign page"]
            )
            signed = sign_run(wrk, port, f"cmp{number}{int(time.time())}", plan)["result"]
        finally:
            server.stop()
        rows.append((config, results, signed))
    log("\n| server | floor | home | profile | search | campaign | sign | sign p99 ms |")
    log("|---|---:|---:|---:|---:|---:|---:|---:|")
    for config, results, signed in rows:
        figures = " | ".join(
            f"{results[name].rps:.0f}"
            for name in ("floor", "home", "profile", "search", "campaign page")
        )
        log(f"| {config} | {figures} | {signed.rps:.0f} | {signed.p99_ms:.0f} |")


# --- Main ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="A shorter smoke run.")
    parser.add_argument(
        "--server", default="sync:5", help="sync:WORKERS, gthread:WORKERSxTHREADS or "
        "granian:WORKERSxTHREADS (default sync:5, the production default on 2 cores)",
    )  # fmt: skip
    parser.add_argument(
        "--server-env", action="append", default=[], metavar="NAME=VALUE",
        help="Extra environment for the server, e.g. MAX_CONCURRENT_REQUESTS=4.",
    )  # fmt: skip
    parser.add_argument(
        "--compare-servers", nargs="+", metavar="CONFIG",
        help="Only compare these server configurations, e.g. sync:5 gthread:2x8 granian:2x8",
    )  # fmt: skip
    parser.add_argument(
        "--only", nargs="+", metavar="PART",
        choices=["pages", "weight", "sign", "confirm", "same", "overload", "memory", "flat"],
        help="Run only these parts (the floor is always measured).",
    )  # fmt: skip
    parser.add_argument("--page-seconds", type=int, help="Override: seconds per page.")
    parser.add_argument("--write-seconds", type=int, help="Override: seconds of sign/confirm.")
    parser.add_argument("--regenerate", action="store_true", help="Regenerate the data.")
    parser.add_argument(
        "--report", metavar="DIR", type=Path,
        help="Only print the summary of an earlier run (bench/results/<run>/).",
    )  # fmt: skip
    parser.add_argument("--port", type=int, default=18000)
    parser.add_argument(
        "--overload-via", choices=["haproxy", "direct"], default="haproxy",
        help="Overload the site through HAProxy set up as docs/deploy.md recommends "
        "(default), or the app server directly (in-app load shedding, WEB_THREADS > 1).",
    )  # fmt: skip
    parser.add_argument(
        "--wait-quiet", type=float, default=180, metavar="SECONDS",
        help="Wait this long at most for other processes to leave the CPU (default 180).",
    )  # fmt: skip
    options = parser.parse_args()
    if options.report:
        report = load_report(options.report / "results.json")
        (options.report / "summary.md").write_text(summary_markdown(report))
        log(summary_markdown(report))
        return
    plan = Plan.quick() if options.quick else Plan.full()
    plan.page_seconds = options.page_seconds or plan.page_seconds
    plan.write_seconds = options.write_seconds or plan.write_seconds
    parts = set(options.only or ["pages", "weight", "sign", "confirm", "same", "overload",
                                 "memory", "flat"])  # fmt: skip
    config = ServerConfig.parse(options.server)
    config.env = dict(item.split("=", 1) for item in options.server_env)

    atexit.register(stop_all_servers)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: sys.exit(130))

    run_id = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S")
    out = BENCH / "results" / run_id
    out.mkdir(parents=True, exist_ok=True)
    log(f"Benchmark run {run_id}: results in {out.relative_to(ROOT)}")
    ensure_debian_tool("wrk")

    log("Preparing the databases")
    for database in (MAIN_DB, EMPTY_DB):
        ensure_database(database)
        manage(database, "migrate", "--no-input")
    manage(MAIN_DB, "collectstatic", "--no-input", "-v0")
    prepare_data(
        MAIN_DB, {"people": 10_000, "signatures": 1_000_000, "unconfirmed": 30_000},
        options.regenerate,
    )  # fmt: skip
    prepare_data(
        EMPTY_DB,
        {"people": 30, "campaigns": 2, "signatures": 200, "unconfirmed": 10, "stories": 5},
        options.regenerate,
    )  # fmt: skip
    for database in (MAIN_DB, EMPTY_DB):
        forget_earlier_runs(database)
    flush_cache()

    os.environ.update(django_env(MAIN_DB))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()

    rng = random.Random(7)
    searches = search_queries(rng)
    inputs = {
        "floor": write_lines(out / "floor.txt", ["/bench/floor"]),
        "home": write_lines(out / "home.txt", ["/en/"]),
        "prisoner list": write_lines(out / "list.txt", ["/en/prisoners/"]),
        "search": write_lines(out / "search.txt", searches),
        "profile": write_lines(out / "profiles.txt", profile_paths(MAIN_DB, rng)),
        "campaign page": write_lines(out / "campaign.txt", [f"/en/campaigns/{CAMPAIGN}/"]),
        "counter": write_lines(out / "counter.txt", [f"/en/campaigns/{CAMPAIGN}/counter/"]),
    }
    if options.compare_servers:
        compare_servers([ServerConfig.parse(c) for c in options.compare_servers], inputs, plan, out)
        return

    report: dict = {
        "run_id": run_id, "quick": options.quick, "server": str(config),
        "server_env": config.env, "machine": machine(), "results": {},
    }  # fmt: skip
    log(f"Machine: {report['machine']}\nServer: {config} {config.env or ''}")
    report["other_cores_at_start"] = wait_for_quiet(options.wait_quiet)
    started = time.monotonic()

    # Worker recycling off for the whole run, so that the memory check sees a leak.
    main_config = ServerConfig(
        config.kind, config.workers, config.threads, {**config.env, "WEB_MAX_REQUESTS": "0"}
    )
    server = Server(main_config, MAIN_DB, options.port, out / "server-main.log").start()
    wrk = Wrk(server, out)
    results = report["results"]
    log("Warm-up")
    for name in inputs:
        wrk.run(f"warm-up {name}", "paths.lua", [str(inputs[name])], seconds=1,
                connections=plan.connections)  # fmt: skip
    warm_up_writes(options.port, run_id, out)
    memory = MemoryWatch(server)
    memory.sample("after warm-up")
    log("Pages (full data)")
    names = ["floor"]
    if "pages" in parts:
        names += ["home", "prisoner list", "search", "profile", "campaign page", "counter"]
    # Each page just before it is measured, so that its cache is as warm as the others'.
    results.update(measure_pages(wrk, inputs, plan, names, prime=True))
    memory.sample("pages")
    floor = results["floor"].rps
    if "weight" in parts:
        report["weight"] = page_weight(options.port)
    if "sign" in parts:
        log("Sign")
        report["sign"] = sign_run(wrk, options.port, run_id, plan)
        results["sign (POST)"] = report["sign"]["result"]
        memory.sample("sign")
    if "confirm" in parts:
        log("Confirm")
        results["confirm page (GET)"], report["confirm"] = confirm_runs(
            wrk, options.port, run_id, plan, floor, out
        )
        results["confirm (POST)"] = report["confirm"]["result"]
        memory.sample("confirm")
    if "same" in parts:
        report["same_address"] = same_address(options.port, run_id, plan.same_address_attempts)
        Wrk.app_requests += plan.same_address_attempts
    if "overload" in parts:
        # On profiles rendered on every request (the page cache off): the expensive
        # requests, whose capacity a Python client can offer three times over; three
        # times the cached pages' capacity it cannot, on the same two cores.
        log("Overload (profiles, page cache off)")
        uncached = ServerConfig(
            config.kind, config.workers, config.threads, {**config.env, "PAGE_CACHE_SECONDS": "0"}
        )
        spare = Server(uncached, MAIN_DB, options.port + 1, out / "server-overload.log").start()
        # The app server's capacity, measured on it directly: through the proxy, wrk's
        # closed loop would spin on the 503s of its excess connections.
        capacity = measure_pages(Wrk(spare, out), inputs, plan, ["profile"])["profile"]
        front = spare
        if options.overload_via == "haproxy":
            front = LoadBalancer(spare, options.port + 2, out / "haproxy.log").start()
        # What it serves, not what it turns away (with load shedding on, wrk's 32
        # connections may already get some 503s).
        served_rps = capacity.rps * capacity.statuses.get("200", 0) / max(1, capacity.requests)
        with CpuMeter(front) as cpu:
            report["overload"] = overload(
                front.port, Path(inputs["profile"]).read_text().split(), served_rps, plan
            )
        report["overload"]["cpu"] = cpu.cores
        report["overload"]["via"] = options.overload_via
        front.stop()
        spare.stop()
    if "memory" in parts:
        log(f"Memory: {Wrk.app_requests:,} app requests so far; topping up to "
            f"{plan.memory_requests:,} with a mix of every page")  # fmt: skip
        mix = write_lines(
            out / "mix.txt",
            ["/en/"] * 20 + ["/en/prisoners/"] * 10 + searches[:400:10]
            + Path(inputs["profile"]).read_text().split()[:40]
            + [f"/en/campaigns/{CAMPAIGN}/"] * 10 + [f"/en/campaigns/{CAMPAIGN}/counter/"] * 10,
        )  # fmt: skip
        while Wrk.app_requests < plan.memory_requests:
            wrk.run("memory mix", "paths.lua", [str(mix)], seconds=10,
                    connections=plan.connections)  # fmt: skip
            memory.sample("mix")
        report["memory"] = memory.finish()
    server.stop()

    if "flat" in parts:
        # The page cache would compare hit rates (2,000 profiles against 30), not costs:
        # both sides run with it off.
        uncached = ServerConfig(
            config.kind, config.workers, config.threads, {**config.env, "PAGE_CACHE_SECONDS": "0"}
        )
        flat_plan = Plan(**{**plan.__dict__, "page_seconds": plan.flat_seconds})
        log("Pages without the page cache, full and near-empty database in turn")
        flush_cache()
        servers, paths = {}, {}
        for label, database, port in (
            ("full", MAIN_DB, options.port + 2),
            ("empty", EMPTY_DB, options.port + 3),
        ):
            servers[label] = Server(uncached, database, port, out / f"server-uncached-{label}.log")
            servers[label].start()
            profiles = write_lines(out / f"profiles-{label}.txt", profile_paths(database, rng))
            paths[label] = {**inputs, "profile": profiles}
        # Page by page, each database right after the other, so that both see the same
        # machine (other processes come and go on a shared one).
        measured = {"full": {}, "empty": {}}
        for name in FLAT_PAGES:
            for label in ("full", "empty"):
                found = measure_pages(Wrk(servers[label], out), paths[label], flat_plan, [name])
                measured[label][name] = found[name]
                log(f"    ({label} database)")
        for server in servers.values():
            server.stop()
        report["uncached_full"], report["uncached_empty"] = measured["full"], measured["empty"]
        report["flat"] = {
            name: {
                "p50_full_ms": round(measured["full"][name].p50_ms, 1),
                "p50_empty_ms": round(measured["empty"][name].p50_ms, 1),
                "ratio": round(measured["full"][name].p50_ms / measured["empty"][name].p50_ms, 2),
                "cpu_ms_full": round(cpu_cost(measured["full"][name]) or 0, 2),
                "cpu_ms_empty": round(cpu_cost(measured["empty"][name]) or 0, 2),
                "pass": measured["full"][name].p50_ms
                <= FLAT_COST_LIMIT * measured["empty"][name].p50_ms,
            }
            for name in FLAT_PAGES
        }

    report["seconds"] = round(time.monotonic() - started)
    save(report, out)
    log("\n" + summary_markdown(report))
    log(f"Took {report['seconds']} s. Results: {out.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
