#!/usr/bin/env python
"""The language redirect at `/` against the bare floor, in one short run (issue 31): the
bare floor (bench/bare.py) and the site under the same server configuration (gunicorn
sync, 5 workers, production settings), each driven by wrk on loopback, one after the
other, each figure with the server's CPU time per request (what stays put when other
processes share the machine). The site runs on a SQLite database of its own with the
fixtures and each process's memory cache: `/` touches neither, and the other figures
are only a yardstick.

    .venv/bin/python bench/root_redirect.py [--seconds 10] [--server sync:5]

Needs wrk (`make bench-deps`). Results (wrk's JSON, the server logs) go to
bench/results/root-<time>/; docs/benchmarks.md has the figures.
"""

import argparse
import atexit
import datetime
import subprocess
import sys
import tempfile
from pathlib import Path

if not __package__:  # run as bench/root_redirect.py: the package from the project root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.environment import BENCH, PYTHON, ROOT, django_env, log, require_tool  # noqa: E402
from bench.load import Wrk, cpu_cost, show, wait_for_quiet  # noqa: E402
from bench.servers import Server, ServerConfig, stop_all_servers  # noqa: E402

PAGES = {
    "bare floor": "/bench/floor",
    "floor": "/bench/floor",  # the same constant response through the whole stack
    "/ (the language redirect)": "/",
    "home (from the page cache)": "/en/",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="seconds per figure")
    parser.add_argument("--server", default="sync:5")
    parser.add_argument("--port", type=int, default=18100)
    parser.add_argument("--connections", type=int, default=32)
    options = parser.parse_args()
    require_tool("wrk")
    atexit.register(stop_all_servers)

    run_id = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S")
    out = BENCH / "results" / f"root-{run_id}"
    out.mkdir(parents=True, exist_ok=True)
    database = Path(tempfile.mkdtemp()) / "root-redirect.sqlite3"
    config = ServerConfig.parse(options.server).with_env(
        DATABASE_URL=f"sqlite:///{database}", REDIS_URL=""
    )
    env = django_env("unused", **config.env)
    log(f"Preparing {database}")
    for command in ("migrate --no-input", "load_fixtures", "collectstatic --no-input -v0"):
        subprocess.run(
            [str(PYTHON), "manage.py", *command.split()], env=env, cwd=ROOT, check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    results = {}
    for name, path in PAGES.items():
        app = "bench.bare:application" if name == "bare floor" else "config.wsgi:application"
        server = Server(config, "unused", options.port, out / "server.log", app=app).start()
        wait_for_quiet(60)
        paths = out / f"paths-{len(results)}.txt"
        paths.write_text(path + "\n")
        wrk = Wrk(server, out)
        wrk.pages(f"warm-up {name}", paths, seconds=2, connections=options.connections)
        results[name] = wrk.pages(
            name, paths, seconds=options.seconds, connections=options.connections
        )
        server.stop()
    floor = results["bare floor"].rps
    log(f"\n{config}, {options.seconds} s each, {options.connections} connections:")
    for result in results.values():
        show(result, floor)
    # Requests per second move with whatever else the machine runs; the server's CPU
    # time per request does not.
    log("\nServer CPU per request (ms), and its ratio to the bare floor's:")
    floor_cost = cpu_cost(results["bare floor"])
    for name, result in results.items():
        cost = cpu_cost(result)
        log(f"  {name:<28} {cost:5.2f}  {cost / floor_cost:5.2f}x" if cost else f"  {name}: -")


if __name__ == "__main__":
    main()
