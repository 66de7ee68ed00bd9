#!/usr/bin/env python
"""The signature total under contention: which counter design is exact and fastest when
32 clients confirm signatures of one campaign at once, on PostgreSQL.

    .venv/bin/python bench/counter_contention.py [--seconds 15] [--clients 32]

Standalone: plain psycopg, its own scratch tables (bench_cc_*) in the `bench` database
(DATABASE_URL to change it), dropped at the end. Each confirmation is one transaction
that claims an unconfirmed signature with a conditional UPDATE, as
campaigns.services.signature_confirm does, and then counts it:

  single     one counter row per campaign, UPDATE ... SET n = n + 1
  sharded    the app's design: rows per (campaign, country, shard), a random one of 8
             shards, created on first use (UPDATE, else INSERT in a savepoint)
  sharded32  the same with 32 shards
  periodic   no counter in the transaction; a separate process recounts the confirmed
             rows every second into a summary row (exact only after its next pass)

Afterwards a recount of the confirmed rows is compared with each counter (drift), and
for `periodic` the staleness of the summary row is sampled during the run.
"""

import argparse
import multiprocessing
import os
import random
import statistics
import time

import psycopg

DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
COUNTRIES = ["PL", "LT", "DE", "BY", "US", "GB", "UA", "FR"]
CAMPAIGN = 1
DESIGNS = ["single", "sharded", "sharded32", "periodic"]

SCHEMA = """
DROP TABLE IF EXISTS bench_cc_signature, bench_cc_single, bench_cc_sharded, bench_cc_summary;
CREATE TABLE bench_cc_signature (
    id bigint PRIMARY KEY, campaign_id int NOT NULL, country char(2) NOT NULL,
    confirmed_at timestamptz, tally_shard smallint);
CREATE INDEX ON bench_cc_signature (campaign_id, confirmed_at);
CREATE TABLE bench_cc_single (campaign_id int PRIMARY KEY, confirmed bigint NOT NULL);
CREATE TABLE bench_cc_sharded (
    campaign_id int, country char(2), shard smallint, confirmed bigint NOT NULL,
    PRIMARY KEY (campaign_id, country, shard));
CREATE TABLE bench_cc_summary (
    campaign_id int PRIMARY KEY, confirmed bigint NOT NULL, as_of timestamptz NOT NULL);
"""


def prepare(rows: int) -> None:
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(SCHEMA)
        conn.execute(
            "INSERT INTO bench_cc_signature (id, campaign_id, country) "
            "SELECT i, %s, (%s::text[])[1 + i %% %s] FROM generate_series(1, %s) i",
            [CAMPAIGN, COUNTRIES, len(COUNTRIES), rows],
        )
        conn.execute("INSERT INTO bench_cc_single VALUES (%s, 0)", [CAMPAIGN])
        conn.execute("INSERT INTO bench_cc_summary VALUES (%s, 0, now())", [CAMPAIGN])
        conn.execute("VACUUM ANALYZE bench_cc_signature")


def confirm_loop(design: str, client: int, clients: int, first_id: int, seconds: float):
    """One client: confirm its own signatures (ids client, client + clients, ...) until
    time is up. Returns the latency of each confirmation in seconds."""
    rng = random.Random(client)
    shards = 32 if design == "sharded32" else 8
    latencies = []
    signature_id = first_id + client
    with psycopg.connect(DATABASE_URL) as conn:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            began = time.perf_counter()
            with conn.transaction():
                shard = rng.randrange(shards)
                claimed = conn.execute(
                    "UPDATE bench_cc_signature SET confirmed_at = now(), tally_shard = %s "
                    "WHERE id = %s AND confirmed_at IS NULL RETURNING country",
                    [shard, signature_id],
                ).fetchone()
                if claimed and design == "single":
                    conn.execute(
                        "UPDATE bench_cc_single SET confirmed = confirmed + 1 "
                        "WHERE campaign_id = %s",
                        [CAMPAIGN],
                    )
                elif claimed and design.startswith("sharded"):
                    add_to_shard(conn, claimed[0], shard)
            latencies.append(time.perf_counter() - began)
            signature_id += clients
    return latencies


def add_to_shard(conn, country: str, shard: int) -> None:
    """As campaigns.services._add_to_tally: update the row, or create it in a savepoint."""
    key = [CAMPAIGN, country, shard]
    update = (
        "UPDATE bench_cc_sharded SET confirmed = confirmed + 1 "
        "WHERE campaign_id = %s AND country = %s AND shard = %s"
    )
    if conn.execute(update, key).rowcount:
        return
    try:
        with conn.transaction():
            conn.execute("INSERT INTO bench_cc_sharded VALUES (%s, %s, %s, 1)", key)
    except psycopg.errors.UniqueViolation:
        conn.execute(update, key)


def recount_periodically(stop, period: float, staleness) -> None:
    """The `periodic` design's aggregator, and a sampler of how far behind it is."""
    recount = (
        "SELECT count(*) FROM bench_cc_signature "
        "WHERE campaign_id = %s AND confirmed_at IS NOT NULL"
    )
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        next_pass = 0.0
        while not stop.is_set():
            now = time.monotonic()
            if now >= next_pass:
                conn.execute(
                    "UPDATE bench_cc_summary SET as_of = now(), confirmed = (SELECT count(*) "
                    "FROM bench_cc_signature WHERE campaign_id = %s AND confirmed_at IS NOT NULL)"
                    " WHERE campaign_id = %s",
                    [CAMPAIGN, CAMPAIGN],
                )
                next_pass = now + period
            shown = conn.execute(
                "SELECT confirmed FROM bench_cc_summary WHERE campaign_id = %s", [CAMPAIGN]
            ).fetchone()[0]
            actual = conn.execute(recount, [CAMPAIGN]).fetchone()[0]
            staleness.append(actual - shown)
            time.sleep(0.1)


def counter_value(conn, design: str) -> int:
    if design == "single":
        query = "SELECT confirmed FROM bench_cc_single WHERE campaign_id = %s"
    elif design == "periodic":
        query = "SELECT confirmed FROM bench_cc_summary WHERE campaign_id = %s"
    else:
        query = "SELECT coalesce(sum(confirmed), 0) FROM bench_cc_sharded WHERE campaign_id = %s"
    return conn.execute(query, [CAMPAIGN]).fetchone()[0]


def run_design(design: str, clients: int, seconds: float, first_id: int) -> dict:
    manager = multiprocessing.Manager()
    stop, staleness = manager.Event(), manager.list()
    aggregator = None
    if design == "periodic":
        aggregator = multiprocessing.Process(
            target=recount_periodically, args=(stop, 1.0, staleness)
        )
        aggregator.start()
    began = time.monotonic()
    with multiprocessing.Pool(clients) as pool:
        arguments = [(design, client, clients, first_id, seconds) for client in range(clients)]
        per_client = pool.starmap(confirm_loop, arguments)
    elapsed = time.monotonic() - began
    latencies = sorted(latency for client in per_client for latency in client)
    with psycopg.connect(DATABASE_URL) as conn:
        confirmed = conn.execute(
            "SELECT count(*) FROM bench_cc_signature WHERE campaign_id = %s "
            "AND confirmed_at IS NOT NULL",
            [CAMPAIGN],
        ).fetchone()[0]
        counted_at_end = counter_value(conn, design)
    if aggregator:
        time.sleep(1.2)  # one more pass, then the summary is exact
        stop.set()
        aggregator.join()
        with psycopg.connect(DATABASE_URL) as conn:
            counted_after_pass = counter_value(conn, design)
    else:
        counted_after_pass = counted_at_end
    return {
        "design": design,
        "confirmations": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000,
        "rows": confirmed,
        "drift_at_end": counted_at_end - confirmed,
        "drift_after_aggregation": counted_after_pass - confirmed,
        "max_behind": max(staleness) if staleness else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--designs", nargs="+", default=DESIGNS, choices=DESIGNS)
    options = parser.parse_args()

    results = []
    for design in options.designs:
        # Enough unconfirmed signatures for any client never to run out.
        rows = options.clients * 40_000
        prepare(rows)
        print(f"{design}: {options.clients} clients for {options.seconds:.0f} s ...", flush=True)
        results.append(run_design(design, options.clients, options.seconds, first_id=1))
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        conn.execute(SCHEMA.split(";")[0])  # the DROP: leave nothing behind
        version = conn.execute("SHOW server_version").fetchone()[0]
    print(f"\nPostgreSQL {version}, {os.cpu_count()} cores, {options.clients} clients\n")
    print("| design | confirmations/s | p50 ms | p99 ms | drift at end | drift after "
          "aggregation | max behind (rows) | max behind (s) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['design']} | {r['per_second']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} "
            f"| {r['drift_at_end']} | {r['drift_after_aggregation']} | {r['max_behind']} "
            f"| {r['max_behind'] / r['per_second']:.2f} |"
        )


if __name__ == "__main__":
    main()
