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

This file only composes the parts; each lives in a module of the `bench` package:
environment (machine, databases), plan (durations, targets), servers, load (requests,
wrk, meters), inputs, writes (sign, confirm), scenarios (pages, overload, memory, flat
cost), report.
"""

import argparse
import atexit
import datetime
import random
import signal
import sys
import time
from pathlib import Path

if not __package__:  # run as bench/run.py: the package from the project root, not bench/
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.environment import (  # noqa: E402
    BENCH,
    MAIN_DB,
    MAIN_SCALE,
    ROOT,
    log,
    machine,
    prepare_databases,
    require_tool,
    setup_django,
)
from bench.inputs import page_inputs  # noqa: E402
from bench.load import CpuMeter, MemoryWatch, Wrk, wait_for_quiet  # noqa: E402
from bench.plan import PARTS, Plan  # noqa: E402
from bench.report import rewrite_summary, save, summary_markdown  # noqa: E402
from bench.scenarios import (  # noqa: E402
    compare_servers,
    flat_part,
    measure_pages,
    memory_part,
    overload_part,
    page_weight,
    warm_up,
)
from bench.servers import (  # noqa: E402
    OfficeWorker,
    ReverseCache,
    Server,
    ServerConfig,
    stop_all_servers,
)
from bench.writes import confirm_runs, same_address, sign_run, warm_up_writes  # noqa: E402


def parse_options() -> argparse.Namespace:
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
        "--only", nargs="+", metavar="PART", choices=PARTS,
        help="Run only these parts (the floor is always measured).",
    )  # fmt: skip
    parser.add_argument("--page-seconds", type=int, help="Override: seconds per page.")
    parser.add_argument("--write-seconds", type=int, help="Override: seconds of sign/confirm.")
    parser.add_argument("--regenerate", action="store_true", help="Regenerate the data.")
    parser.add_argument(
        "--signatures", type=int, metavar="N",
        help="Confirmed synthetic signatures in the main database (default 1,000,000): "
        "fewer for a quicker first run; the data is regenerated when this changes.",
    )  # fmt: skip
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
    return parser.parse_args()


def main() -> None:
    options = parse_options()
    if options.report:
        rewrite_summary(options.report)
        return
    plan = Plan.quick() if options.quick else Plan.full()
    plan.page_seconds = options.page_seconds or plan.page_seconds
    plan.write_seconds = options.write_seconds or plan.write_seconds
    parts = set(options.only or PARTS)
    config = ServerConfig.parse(options.server)
    config.env = dict(item.split("=", 1) for item in options.server_env)
    # The tools from Debian, before anything starts (`make bench-deps` installs them).
    require_tool("wrk")
    if "overload" in parts and options.overload_via == "haproxy" and not options.compare_servers:
        require_tool("haproxy")

    atexit.register(stop_all_servers)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: sys.exit(130))

    run_id = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S")
    out = BENCH / "results" / run_id
    out.mkdir(parents=True, exist_ok=True)
    log(f"Benchmark run {run_id}: results in {out.relative_to(ROOT)}")
    setup_django()
    prepare_databases(options.regenerate, options.signatures)

    rng = random.Random(7)
    inputs = page_inputs(out, rng)
    if options.compare_servers:
        compare_servers([ServerConfig.parse(c) for c in options.compare_servers], inputs, plan, out)
        return

    report: dict = {
        "run_id": run_id, "quick": options.quick, "server": str(config),
        "server_env": config.env, "machine": machine(), "results": {},
        "roles": "server: SITE_ROLE=public; task worker: SITE_ROLE=office",
        "synthetic_signatures": options.signatures or MAIN_SCALE["signatures"],
    }  # fmt: skip
    log(f"Machine: {report['machine']}\nServer: {config} {config.env or ''}")
    report["other_cores_at_start"] = wait_for_quiet(options.wait_quiet)
    started = time.monotonic()

    # Worker recycling off for the whole run, so that the memory check sees a leak.
    main_config = config.with_env(WEB_MAX_REQUESTS="0")
    results = report["results"]
    # The bare floor first: a minimal Django application under the same server
    # configuration, what every figure is a ratio to (bench/bare.py).
    log("Bare floor (a minimal Django application, same server)")
    bare = Server(
        main_config,
        MAIN_DB,
        options.port + 3,
        out / "server-bare.log",
        app="bench.bare:application",
    ).start()
    results.update(measure_pages(Wrk(bare, out), inputs, plan, ["bare floor"]))
    bare.stop()
    server = Server(main_config, MAIN_DB, options.port, out / "server-main.log").start()
    # The office role beside it, as production runs it on its own host: the task worker
    # that takes in what the public role sealed, and sends the emails.
    CpuMeter.office = OfficeWorker(MAIN_DB, out / "worker-office.log").start()
    wrk = Wrk(server, out)
    warm_up(wrk, {name: path for name, path in inputs.items() if name != "bare floor"}, plan)
    warm_up_writes(options.port, run_id, out)
    memory = MemoryWatch(server)
    memory.sample("after warm-up")
    log("Pages (full data)")
    names = ["floor"]
    if "pages" in parts:
        names += [
            "home", "prisoner list", "profile", "story", "campaign page", "counter",
            "search (distinct)", "search (Zipf)",
        ]  # fmt: skip
    # Each page just before it is measured, so that its cache is as warm as the others'.
    results.update(measure_pages(wrk, inputs, plan, names, prime=True))
    memory.sample("pages")
    floor = results["bare floor"].rps
    reverse_cache = None
    if "cache" in parts:
        log("Through the reverse cache (config/varnish.vcl)")
        reverse_cache = ReverseCache(server, options.port + 4, out / "varnish.log").start()
        cached = measure_pages(Wrk(reverse_cache, out), inputs, plan, ["campaign page"])
        results["campaign page (reverse cache)"] = cached["campaign page"]
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
            wrk, options.port, run_id, plan, floor, out,
            shown_port=reverse_cache.port if reverse_cache else None,
        )  # fmt: skip
        results["confirm (POST)"] = report["confirm"]["result"]
        memory.sample("confirm")
    if reverse_cache:
        reverse_cache.stop()
    if "same" in parts:
        report["same_address"] = same_address(options.port, run_id, plan.same_address_attempts)
        Wrk.app_requests += plan.same_address_attempts
    if "overload" in parts:
        report["overload"] = overload_part(
            config, inputs, plan, options.port + 1, options.overload_via, out
        )
    if "memory" in parts:
        report["memory"] = memory_part(wrk, memory, inputs, plan, out)
    server.stop()
    CpuMeter.office.stop()
    CpuMeter.office = None
    if "flat" in parts:
        report.update(flat_part(config, inputs, plan, options.port + 2, rng, out))

    report["seconds"] = round(time.monotonic() - started)
    save(report, out)
    log("\n" + summary_markdown(report))
    log(f"Took {report['seconds']} s. Results: {out.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
