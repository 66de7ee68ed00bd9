"""The parts of a run that read: the pages under wrk, the campaign page's weight, the
overload spike (through HAProxy or the app server alone), the memory top-up, the flat-cost
comparison of the full and the near-empty database, and the comparison of servers.
"""

import asyncio
import dataclasses
import gzip
import random
import re
import time
from pathlib import Path

from bench.environment import CAMPAIGN, EMPTY_DB, MAIN_DB, flush_cache, log
from bench.inputs import memory_mix, profile_paths, read_paths, write_lines
from bench.load import (
    CpuMeter,
    MemoryWatch,
    OpenLoop,
    Result,
    Wrk,
    cpu_cost,
    http_get,
    prime_paths,
    show,
    wait_for_quiet,
)
from bench.plan import FLAT_COST_LIMIT, FLAT_PAGES, PAGE_SCRIPT, PAGE_WEIGHT_LIMIT, Plan
from bench.servers import LoadBalancer, Server, ServerConfig
from bench.writes import sign_run


def warm_up(wrk: Wrk, inputs: dict[str, Path], plan: Plan) -> None:
    """A second of every page, before anything is measured."""
    log("Warm-up")
    for name in inputs:
        wrk.pages(f"warm-up {name}", inputs[name], seconds=1, connections=plan.connections)


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
        paths = read_paths(inputs[name])
        if prime and len(paths) > 1 and name == "profile":
            began = time.monotonic()
            prime_paths(wrk.port, paths)
            log(f"  primed {len(paths):,} {name} paths in {time.monotonic() - began:.1f} s")
        script = PAGE_SCRIPT.get(name, "paths.lua")
        if warm_up:
            wrk.pages(
                f"warm-up {name}", inputs[name], seconds=plan.warmup_seconds,
                connections=plan.connections, script=script,
            )  # fmt: skip
        results[name] = wrk.pages(
            name, inputs[name], seconds=plan.page_seconds, connections=plan.connections,
            script=script,
        )  # fmt: skip
        show(results[name])
    return results


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


def overload_part(
    config: ServerConfig, inputs: dict[str, Path], plan: Plan, port: int, via: str, out: Path
) -> dict:
    """The overload test on its own server with the page cache off, through HAProxy
    (`via="haproxy"`) or on the app server directly."""
    # On profiles rendered on every request (the page cache off): the expensive
    # requests, whose capacity a Python client can offer three times over; three
    # times the cached pages' capacity it cannot, on the same two cores.
    log("Overload (profiles, page cache off)")
    uncached = config.with_env(PAGE_CACHE_SECONDS="0")
    spare = Server(uncached, MAIN_DB, port, out / "server-overload.log").start()
    # The app server's capacity, measured on it directly: through the proxy, wrk's
    # closed loop would spin on the 503s of its excess connections.
    capacity = measure_pages(Wrk(spare, out), inputs, plan, ["profile"])["profile"]
    front = spare
    if via == "haproxy":
        front = LoadBalancer(spare, port + 1, out / "haproxy.log").start()
    # What it serves, not what it turns away (with load shedding on, wrk's 32
    # connections may already get some 503s).
    served_rps = capacity.rps * capacity.statuses.get("200", 0) / max(1, capacity.requests)
    with CpuMeter(front) as cpu:
        report = overload(front.port, read_paths(inputs["profile"]), served_rps, plan)
    report["cpu"] = cpu.cores
    report["via"] = via
    front.stop()
    spare.stop()
    return report


def memory_part(
    wrk: Wrk, memory: MemoryWatch, inputs: dict[str, Path], plan: Plan, out: Path
) -> dict:
    """Requests of every page until the run has served plan.memory_requests, then the
    workers' memory growth."""
    log(f"Memory: {Wrk.app_requests:,} app requests so far; topping up to "
        f"{plan.memory_requests:,} with a mix of every page")  # fmt: skip
    mix = memory_mix(out, inputs)
    while Wrk.app_requests < plan.memory_requests:
        wrk.pages("memory mix", mix, seconds=10, connections=plan.connections)
        memory.sample("mix")
    return memory.finish()


def flat_part(
    config: ServerConfig,
    inputs: dict[str, Path],
    plan: Plan,
    port: int,
    rng: random.Random,
    out: Path,
) -> dict:
    """Each page without the page cache on the full and on the near-empty database: is
    its cost flat in the size of the data?"""
    # The page cache would compare hit rates (2,000 profiles against 30), not costs:
    # both sides run with it off.
    uncached = config.with_env(PAGE_CACHE_SECONDS="0")
    flat_plan = dataclasses.replace(plan, page_seconds=plan.flat_seconds)
    log("Pages without the page cache, full and near-empty database in turn")
    flush_cache()
    servers, paths = {}, {}
    for label, database, server_port in (("full", MAIN_DB, port), ("empty", EMPTY_DB, port + 1)):
        servers[label] = Server(
            uncached, database, server_port, out / f"server-uncached-{label}.log"
        )
        servers[label].start()
        profiles = write_lines(out / f"profiles-{label}.txt", profile_paths(database, rng))
        paths[label] = {**inputs, "profile": profiles}
    # Page by page, each database right after the other, so that both see the same
    # machine (other processes come and go on a shared one).
    measured: dict[str, dict[str, Result]] = {"full": {}, "empty": {}}
    for name in FLAT_PAGES:
        for label in ("full", "empty"):
            found = measure_pages(Wrk(servers[label], out), paths[label], flat_plan, [name])
            measured[label][name] = found[name]
            log(f"    ({label} database)")
    for server in servers.values():
        server.stop()
    full, empty = measured["full"], measured["empty"]
    flat = {
        name: {
            "p50_full_ms": round(full[name].p50_ms, 1),
            "p50_empty_ms": round(empty[name].p50_ms, 1),
            "ratio": round(full[name].p50_ms / empty[name].p50_ms, 2),
            "cpu_ms_full": round(cpu_cost(full[name]) or 0, 2),
            "cpu_ms_empty": round(cpu_cost(empty[name]) or 0, 2),
            "pass": full[name].p50_ms <= FLAT_COST_LIMIT * empty[name].p50_ms,
        }
        for name in FLAT_PAGES
    }
    return {"uncached_full": full, "uncached_empty": empty, "flat": flat}


COMPARED_PAGES = ["floor", "home", "profile", "search (Zipf)", "campaign page"]


def compare_servers(configs: list[ServerConfig], inputs: dict, plan: Plan, out: Path) -> None:
    """The same few endpoints under each server configuration, each with the bare floor
    under that same configuration, for choosing one."""
    rows = []
    for number, config in enumerate(configs):
        log(f"\n== {config}")
        wait_for_quiet(120)
        flush_cache()
        port = 18100 + 2 * number
        bare = Server(
            config, MAIN_DB, port + 1, out / f"server-compare-bare-{number}.log",
            app="bench.bare:application",
        ).start()  # fmt: skip
        try:
            results = measure_pages(Wrk(bare, out), inputs, plan, ["bare floor"])
        finally:
            bare.stop()
        server = Server(config, MAIN_DB, port, out / f"server-compare-{number}.log").start()
        wrk = Wrk(server, out)
        try:
            results |= measure_pages(wrk, inputs, plan, COMPARED_PAGES)
            signed = sign_run(wrk, port, f"cmp{number}{int(time.time())}", plan)["result"]
        finally:
            server.stop()
        rows.append((config, results, signed))
    names = ["bare floor", *COMPARED_PAGES]
    log("\n| server | " + " | ".join(names) + " | sign | sign p99 ms |")
    log("|---|" + "---:|" * (len(names) + 2))
    for config, results, signed in rows:
        bare_rps = results["bare floor"].rps
        figures = " | ".join(
            f"{results[name].rps:.0f} ({results[name].rps / bare_rps:.2f})" for name in names
        )
        log(f"| {config} | {figures} | {signed.rps:.0f} ({signed.rps / bare_rps:.2f}) "
            f"| {signed.p99_ms:.0f} |")  # fmt: skip
