#!/usr/bin/env python
"""The static copy of the site at production scale (issue 32's targets), in one run:

1. a full copy of the 10,000 synthetic cases (`manage.py build_mirror`, production
   settings, PostgreSQL) into an empty folder: its time, pages, files, size and size
   compressed (target: at most 5 minutes on this 2-core machine);
2. a run after editing one profile (target: at most 10 seconds), with what it wrote,
   kept and removed;
3. the copy served by Debian's nginx (gzip_static, no Python) against the bare Django
   floor (bench/bare.py under gunicorn, as in every other benchmark) in the same run,
   on a profile page (target: at least 5x).

    .venv/bin/python bench/static_copy.py [--seconds 10] [--people 10000] [--regenerate]

--people N measures on N synthetic cases instead (database mirror_bench_N): the copy's
time grows with its number of pages, about three per case and language.

Needs wrk and nginx (`make bench-deps`), PostgreSQL and Redis. The database is
mirror_bench, with synthetic people (and few signatures: the copy holds none). Results
go to bench/results/mirror-<time>/; docs/benchmarks.md has the figures.
"""

import argparse
import atexit
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

if not __package__:  # run as bench/static_copy.py: the package from the project root
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench.environment import (  # noqa: E402
    BENCH,
    HOST,
    PYTHON,
    ROOT,
    django_env,
    ensure_database,
    log,
    require_tool,
    synthetic_counts,
)  # fmt: skip
from bench.load import Wrk, cpu_cost, show, wait_for_quiet  # noqa: E402
from bench.servers import Server, ServerConfig, stop_all_servers  # noqa: E402

DATABASE = "mirror_bench"
PEOPLE = 10_000
NGINX_CONF = """
worker_processes {workers};
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    sendfile on;
    tcp_nopush on;
    open_file_cache max=10000 inactive=60s;
    gzip_static on;
    server {{
        listen {host}:{port};
        root {copy};
        index index.html;
    }}
}}
"""


class Nginx:
    """Debian's nginx serving the copy, in its own session: a server for Wrk."""

    def __init__(self, copy: Path, out: Path, port: int, workers: int):
        self.port = port
        conf = out / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(workers=workers, root=out, host=HOST, port=port, copy=copy)
        )
        self.command = [require_tool("nginx"), "-c", str(conf), "-p", str(out)]

    def start(self) -> "Nginx":
        self.process = subprocess.Popen(self.command, start_new_session=True)
        time.sleep(1)
        return self

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(10)


def manage(env: dict, *args: str, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(PYTHON), "manage.py", *args], env=env, cwd=ROOT, check=True, text=True,
        capture_output=capture,
    )  # fmt: skip


def copy_size(copy: Path) -> dict:
    files = [path for path in copy.rglob("*") if path.is_file()]
    originals = [p for p in files if p.suffix not in (".gz", ".br")]
    return {
        "files": len(files),
        "pages": sum(1 for p in originals if p.suffix == ".html"),
        "mb": round(sum(p.stat().st_size for p in originals) / 1e6, 1),
        "mb_brotli": round(
            sum(
                (p.with_name(p.name + ".br") if p.with_name(p.name + ".br").exists() else p)
                .stat()
                .st_size
                for p in originals
            )
            / 1e6,
            1,
        ),
    }


def timed_build(env: dict, copy: Path, name: str, out: Path) -> dict:
    wait_for_quiet(60)
    began = time.monotonic()
    result = manage(env, "build_mirror", "--output", str(copy), capture=True)
    seconds = time.monotonic() - began
    (out / f"{name}.log").write_text(result.stdout + result.stderr)
    line = result.stdout.strip().splitlines()[0]
    log(f"  {name}: {seconds:.1f} s: {line}")
    counts = re.search(r"wrote ([\d,]+) files, kept ([\d,]+), removed ([\d,]+)", line)
    largest = re.search(r"Largest page: (\S+) \(([\d,]+) bytes\)", line)
    return {
        "seconds": round(seconds, 1),
        "written": int(counts[1].replace(",", "")),
        "kept": int(counts[2].replace(",", "")),
        "removed": int(counts[3].replace(",", "")),
        "largest_page": largest[1],
        "largest_page_bytes": int(largest[2].replace(",", "")),
    }


def edit_one_profile(env: dict) -> str:
    """An editor's change to one synthetic profile's story, saved as the admin saves it."""
    code = (
        "from prisoners.models import Person\n"
        "people = Person.objects.public_profiles().filter(slug__startswith='synthetic-')\n"
        "person = people.order_by('id')[people.count() // 2]\n"
        "person.story_en = (person.story_en or '') + ' Edited by the benchmark.'\n"
        "person.save()\n"
        "print(person.slug)\n"
    )
    # The shell prints what it imported first; the slug is the last line.
    return manage(env, "shell", "-c", code, capture=True).stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="seconds per served figure")
    parser.add_argument("--server", default="sync:5")
    parser.add_argument("--port", type=int, default=18300)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--people", type=int, default=PEOPLE, help="synthetic cases")
    options = parser.parse_args()
    require_tool("wrk")
    require_tool("nginx")
    atexit.register(stop_all_servers)

    run_id = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S")
    out = BENCH / "results" / f"mirror-{run_id}"
    out.mkdir(parents=True, exist_ok=True)
    key = out / "signing-key.pem"
    database = DATABASE if options.people == PEOPLE else f"{DATABASE}_{options.people}"
    env = django_env(database, REDIS_URL="redis://127.0.0.1:6379/3")
    manage(env, "mirror_key", "--new", str(key), capture=True)
    public = manage({**env, "MIRROR_SIGNING_KEY": str(key)}, "mirror_key", "--public", capture=True)
    env |= {
        "MIRROR_SIGNING_KEY": str(key),
        "MIRROR_PUBLIC_KEY": public.stdout.split("=", 1)[1].split()[0],
    }

    log(f"Preparing {database}")
    ensure_database(database)
    manage(env, "migrate", "--no-input", capture=True)
    manage(env, "collectstatic", "--no-input", "-v0")
    people, _signatures = synthetic_counts(database)
    if options.regenerate or people != options.people:
        manage(env, "generate_synthetic_data", "--reset", f"--people={options.people}",
               "--signatures=20000", "--unconfirmed=100")  # fmt: skip
    subprocess.run(["redis-cli", "-n", "3", "flushdb"], check=False, capture_output=True)

    copy = out / "copy"
    results: dict = {}
    log("Building")
    results["full"] = timed_build(env, copy, "full", out) | copy_size(copy)
    slug = edit_one_profile(env)
    results["one_profile_edited"] = timed_build(env, copy, "incremental", out) | {"edited": slug}
    results["nothing_changed"] = timed_build(env, copy, "unchanged", out)
    verify = manage(env, "verify_mirror", str(copy), capture=True)
    results["verified"] = verify.stdout.strip()
    log(f"  {results['verified']}")

    profile = f"/en/prisoners/{slug}/index.html"
    paths = out / "paths.txt"
    paths.write_text(profile + "\n")
    floor_paths = out / "floor.txt"
    floor_paths.write_text("/bench/floor\n")
    config = ServerConfig.parse(options.server)
    served = {}
    floor_server = Server(
        config, database, options.port, out / "server.log", app="bench.bare:application"
    ).start()
    wait_for_quiet(60)
    wrk = Wrk(floor_server, out)
    wrk.pages("warm-up floor", floor_paths, seconds=2, connections=options.connections)
    served["bare floor"] = wrk.pages(
        "bare floor", floor_paths, seconds=options.seconds, connections=options.connections
    )
    floor_server.stop()
    nginx = Nginx(copy, out, options.port + 1, workers=config.workers).start()
    atexit.register(nginx.stop)  # also when wrk fails: no nginx left on the port
    wrk = Wrk(nginx, out)
    wrk.pages("warm-up nginx", paths, seconds=2, connections=options.connections)
    served["copy: profile (nginx)"] = wrk.pages(
        "copy profile nginx", paths, seconds=options.seconds, connections=options.connections
    )
    nginx.stop()

    floor = served["bare floor"].rps
    log(
        f"\nServed ({config} for the floor, nginx with {config.workers} workers), "
        f"{options.seconds} s each:"
    )
    for result in served.values():
        show(result, floor)
    results["served"] = {name: result.as_dict() for name, result in served.items()}
    results["ratio_profile_to_floor"] = round(served["copy: profile (nginx)"].rps / floor, 2)
    floor_cost = cpu_cost(served["bare floor"])
    nginx_cost = cpu_cost(served["copy: profile (nginx)"])
    if floor_cost and nginx_cost:
        results["cpu_ratio"] = round(floor_cost / nginx_cost, 2)
    (out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    full, edited = results["full"], results["one_profile_edited"]
    log(
        f"\nFull copy {full['seconds']} s (target 300): {full['pages']:,} pages, "
        f"{full['files']:,} files, {full['mb']} MB ({full['mb_brotli']} MB brotli); largest "
        f"page {full['largest_page_bytes']:,} bytes (target 60,000)\n"
        f"After editing one profile {edited['seconds']} s (target 10): wrote "
        f"{edited['written']}, kept {edited['kept']:,}, removed {edited['removed']}\n"
        f"Profile from the copy: {results['ratio_profile_to_floor']}x the bare floor (target 5)"
        f"\nResults: {out}"
    )


if __name__ == "__main__":
    main()
