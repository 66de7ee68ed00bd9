"""Load on the server and what it costs: single HTTP requests, wrk (a closed loop of
fixed connections) and an open loop (arrivals at a set rate), with the meters that run
alongside: CPU by process group, worker memory, and how far the displayed total lags the
rows.
"""

import asyncio
import contextlib
import datetime
import http.client
import json
import os
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from bench.environment import CAMPAIGN, HOST, LUA, MAIN_DB, database_url, log, run
from bench.plan import MAX_RSS_GROWTH

if TYPE_CHECKING:
    from bench.servers import Server

# --- HTTP requests, one at a time ---------------------------------------------------------


def http_get(port: int, path: str, headers: dict | None = None):
    """(status, headers, body); the headers are case-insensitive (servers differ)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.msg, response.read()
    finally:
        connection.close()


def http_post(port: int, path: str, form: dict, cookie: str = "") -> int:
    """POST a form as a browser would from one of the site's pages (Sec-Fetch-Site), with
    a CSRF cookie where the form has a token."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Sec-Fetch-Site": "same-origin",
        }
        if cookie:
            headers["Cookie"] = f"csrftoken={cookie}"
        connection.request("POST", path, body=urlencode(form), headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


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


def prime_paths(port: int, paths: list[str], threads: int = 8) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads) as pool:
        statuses = set(pool.map(lambda path: http_get(port, path)[0], paths))
    assert statuses == {200}, f"priming answered {statuses}"


# --- CPU ----------------------------------------------------------------------------------


class CpuMeter:
    """Where the CPU went during a measurement, in cores: the server's processes,
    PostgreSQL and Redis, the load generator (wrk and this harness), and everything else
    on the machine, which is noise (other people's test runs on a shared box)."""

    HZ = os.sysconf("SC_CLK_TCK")
    # The office role's task worker, when one runs (bench/run.py sets it): its CPU is the
    # site's too, counted apart from the public server's.
    office = None

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
        office = set(CpuMeter.office.pids()) if CpuMeter.office else set()
        totals = {"server": 0, "db": 0, "office": 0}
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
                elif int(entry.name) in office:
                    totals["office"] += used
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
        # A worker that exited during the measurement is not counted: its reading is gone.
        office = max(0, ended[2]["office"] - self.began[2]["office"]) / self.HZ / seconds
        client = (ended[3] - self.began[3]) / seconds
        self.cores = {
            "busy": round(busy, 2),
            "server": round(server, 2),
            "postgres_redis": round(db, 2),
            "load_generator": round(client, 2),
            "other": round(max(0.0, busy - server - db - client - office), 2),
        }
        if CpuMeter.office:
            self.cores["office_worker"] = round(office, 2)


def cpu_columns(cpu: dict) -> str:
    if not cpu:
        return ""
    keys = ("server", "postgres_redis", "load_generator", "other")
    office = f" (office worker {cpu['office_worker']:.2f})" if "office_worker" in cpu else ""
    return " / ".join(f"{cpu[key]:.2f}" for key in keys) + office


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


def cpu_cost(result: Result) -> float | None:
    """Server and database CPU per request, in ms: what a request costs, whatever else
    ran on the machine at the time."""
    cores = result.cpu.get("server", 0) + result.cpu.get("postgres_redis", 0)
    return cores / result.rps * 1000 if cores and result.rps else None


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


class Wrk:
    count = 0  # numbers the report files of the whole run
    app_requests = 0  # requests the app served in this run (all but the floor's)

    def __init__(self, server: "Server", out_dir: Path):
        self.server, self.port, self.out_dir = server, server.port, out_dir

    def pages(
        self, name: str, paths: Path, *, seconds: float, connections: int, script="paths.lua"
    ) -> Result:
        """The paths of a file, one after the other on every connection (paths.lua)."""
        return self.run(name, script, [str(paths)], seconds=seconds, connections=connections)

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


# --- Open loop ----------------------------------------------------------------------------


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


# --- Meters during a run ------------------------------------------------------------------


class LagSampler:
    """Samples the confirmed rows (SQL, every 0.1 s) and the total the counter endpoint
    shows (HTTP, every 0.5 s). A shown total's lag is how long before it was shown the
    rows had already gone past it."""

    def __init__(self, port: int, campaign_id: int, offline: int, through: str = "app"):
        """`port`: where the total is read, the app or a reverse cache (`through`)."""
        self.port, self.campaign_id, self.offline = port, campaign_id, offline
        self.through = through
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
            "through": self.through,
        }


def rss_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class MemoryWatch:
    """Worker RSS from after the warm-up to the end of the run, on a server whose worker
    recycling (max_requests) is off, so that a leak shows instead of being reset."""

    def __init__(self, server: "Server"):
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
