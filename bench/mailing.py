"""One mailing to 100,000 opted-in synthetic signers, sent by two worker processes
(`manage.py db_worker`, production settings) on PostgreSQL through a local SMTP sink
(bench/mail_sink.py: aiosmtpd on loopback, counting distinct Message-IDs). One worker is
killed with SIGKILL part-way and started again. Reports emails per minute per worker
process and in total, each worker's memory (RSS) over the run, and what the sink
received: exactly one delivery per recipient is the target, in at most 5 minutes.

    .venv/bin/python bench/mailing.py                  # 100,000 recipients
    .venv/bin/python bench/mailing.py --recipients 10000 --kill-at 0.3

Needs PostgreSQL at 127.0.0.1:5432 (trust auth). It drops and creates the database
`bench_mailing`, so it never touches another. Everything it writes is synthetic: the
campaign's slug starts with `synthetic-`, signers are "Synthetic Signer 000001" at
`@synthetic.invalid`. Results go to bench/results/mailing-<time>.json.
"""

import argparse
import datetime
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.environment import ROLE_ENV  # noqa: E402

PYTHON = sys.executable
PG = "postgres://postgres@127.0.0.1:5432"
DATABASE = "bench_mailing"
RESULTS = ROOT / "bench" / "results"
BATCH_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+) INFO supporters\.sending: Mailing \d+: (\d+) sent"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(sink_port: int) -> dict:
    return {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "DEBUG": "False",
        "HTTPS": "False",
        # The mailing worker is the office role: recipients' addresses are sealed to its
        # key (core/sealing.py), and it holds the digest key.
        **ROLE_ENV["office"],
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "https://appeals.example.org",
        "DATABASE_URL": f"{PG}/{DATABASE}",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "smtp",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink_port),
        "EMAIL_TIMEOUT": "2",
        "DEFAULT_FROM_EMAIL": "appeals@appeals.example.org",
        "MAILING_WORKERS": "2",
        "MAILING_CLAIM_SECONDS": "30",
        "LOG_LEVEL": "INFO",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def start_worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--queue-name", "default", "--interval", "0.2",
         "--no-startup-delay"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("w"),
    )  # fmt: skip


def synthetic_mailing(recipients: int):
    """The campaign, its opted-in synthetic signers and an update in three languages."""
    from django.utils import timezone

    from audience.models import Subscription, Supporter
    from campaigns.models import Campaign, CampaignStatus, CampaignUpdate, Signature
    from core.email_addresses import digest
    from prisoners.models import Source

    source = Source.objects.create(slug="synthetic-source", title="Synthetic data for "
                                   "benchmarks — not real")  # fmt: skip
    campaign = Campaign.objects.create(
        slug="synthetic-mailing", title_en="Synthetic appeal for the mailing benchmark",
        target_en="Synthetic addressee", summary_en="Synthetic.", appeal_en="Synthetic.",
        status=CampaignStatus.OPEN,
    )  # fmt: skip
    campaign.sources.set([source])
    now = timezone.now()
    languages = ["en", "be", "ru"]
    Signature.objects.bulk_create(
        (
            Signature(
                campaign=campaign,
                name=f"Synthetic Signer {n:06d}",
                email=f"synthetic-{n:06d}@synthetic.invalid",
                country="PL",
                wants_updates=True,
                confirmed_at=now,
                language=languages[n % 3],
            )  # fmt: skip
            for n in range(recipients)
        ),
        batch_size=5000,
    )
    # What each confirmation with updates made: a supporter following the campaign.
    supporters = Supporter.objects.bulk_create(
        (
            Supporter(
                email=f"synthetic-{n:06d}@synthetic.invalid",
                email_digest=digest(f"synthetic-{n:06d}@synthetic.invalid"),
                language=languages[n % 3],
                confirmed_at=now,
            )  # fmt: skip
            for n in range(recipients)
        ),
        batch_size=5000,
    )
    Subscription.objects.bulk_create(
        (Subscription(supporter=s, target=campaign, confirmed_at=now) for s in supporters),
        batch_size=5000,
    )
    return CampaignUpdate.objects.create(
        campaign=campaign,
        title_en="Synthetic update", body_en="A synthetic update for the benchmark. " * 20,
        title_be="Сінтэтычная навіна", body_be="Сінтэтычная навіна для вымярэння. " * 20,
        title_ru="Синтетическая новость", body_ru="Синтетическая новость для замера. " * 20,
    )  # fmt: skip


def parse_batches(log: Path) -> list[tuple[float, int]]:
    """(time, emails sent) of each batch the worker logged."""
    batches = []
    for line in log.read_text().splitlines():
        found = BATCH_LINE.match(line)
        if found:
            # Only differences matter: read as UTC, whatever the zone it was written in.
            moment = datetime.datetime.strptime(found.group(1) + "+0000", "%Y-%m-%d %H:%M:%S,%f%z")
            batches.append((moment.timestamp(), int(found.group(2))))
    return batches


def per_minute(batches: list[tuple[float, int]]) -> dict:
    if len(batches) < 2:
        return {"emails": sum(n for _t, n in batches), "emails_per_minute": None}
    emails = sum(n for _t, n in batches)
    seconds = batches[-1][0] - batches[0][0]
    return {
        "emails": emails,
        "active_seconds": round(seconds, 1),
        "emails_per_minute": round(emails / seconds * 60) if seconds else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument(
        "--kill-at",
        type=float,
        default=0.3,
        help="kill worker A once this share has arrived (0: never)",
    )
    parser.add_argument("--batch", type=int, default=250, help="MAILING_BATCH_SIZE")
    parser.add_argument(
        "--aiosmtpd", action="store_true", help="aiosmtpd as the sink, instead of the minimal one"
    )
    args = parser.parse_args()

    stamp = time.strftime("%Y%m%d%H%M%S")
    out = RESULTS / f"mailing-{stamp}"
    out.mkdir(parents=True, exist_ok=True)
    sink_port = free_port()
    env = environment(sink_port) | {"MAILING_BATCH_SIZE": str(args.batch)}

    print(f"Database {DATABASE}: recreating and migrating", flush=True)
    recreate_database()
    subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env,
                   check=True)  # fmt: skip
    sink_counts = out / "sink.json"
    sink_command = [PYTHON, str(ROOT / "bench" / "mail_sink.py"), str(sink_port),
                    str(sink_counts)] + (["--aiosmtpd"] if args.aiosmtpd else [])  # fmt: skip
    sink = subprocess.Popen(sink_command, cwd=ROOT)

    os.environ.update(env)
    import django

    django.setup()
    from supporters import services
    from supporters.models import Delivery, DeliveryStatus, Mailing, MailingStatus

    print(f"Writing {args.recipients:,} synthetic signers", flush=True)
    update = synthetic_mailing(args.recipients)
    started = time.time()
    mailing = services.campaign_update_send(update=update)
    prepared = time.time() - started
    print(f"Mailing {mailing.pk}: {mailing.recipients:,} deliveries written in {prepared:.1f} s",
          flush=True)  # fmt: skip

    logs = {"A": out / "worker-A.log", "B": out / "worker-B.log"}
    workers = {name: start_worker(env, log) for name, log in logs.items()}
    sending_started = time.time()
    memory: dict[str, list] = {name: [] for name in workers}
    killed = None
    counts = {"messages": 0, "distinct_message_ids": 0}
    deadline = sending_started + 900
    while time.time() < deadline:
        time.sleep(0.5)
        if sink_counts.exists():
            counts = json.loads(sink_counts.read_text())
        for name, worker in workers.items():
            rss = rss_mb(worker.pid)
            if rss is not None:
                memory[name].append((round(time.time() - sending_started, 1), round(rss, 1)))
        if (killed is None and args.kill_at
                and counts["messages"] >= args.kill_at * args.recipients):  # fmt: skip
            os.kill(workers["A"].pid, signal.SIGKILL)
            workers["A"].wait()
            killed = {"at_seconds": round(time.time() - sending_started, 1),
                      "messages_at_sink": counts["messages"]}  # fmt: skip
            print(f"Killed worker A (SIGKILL) at {killed}; starting it again", flush=True)
            logs["A2"] = out / "worker-A2.log"
            workers["A2"] = start_worker(env, logs["A2"])
            memory["A2"] = []
        status = Mailing.objects.filter(pk=mailing.pk).values_list("status", flat=True)[0]
        if status == MailingStatus.DONE:
            break
    finished = time.time()
    time.sleep(1.5)  # the sink's last counts
    counts = json.loads(sink_counts.read_text())
    for worker in workers.values():
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers.values():
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    sink.terminate()

    mailing.refresh_from_db()
    sent_rows = Delivery.objects.filter(mailing=mailing, status=DeliveryStatus.SENT).count()
    by_worker = {name: per_minute(parse_batches(log)) for name, log in logs.items()}
    elapsed = finished - sending_started
    report = {
        "recipients": args.recipients,
        "batch_size": args.batch,
        "sink_server": "aiosmtpd" if args.aiosmtpd else "minimal",
        "deliveries_written_seconds": round(prepared, 1),
        "sending_seconds": round(elapsed, 1),
        "emails_per_minute_total": round(args.recipients / elapsed * 60),
        "by_worker": by_worker,
        "killed": killed,
        "sink": counts,
        "duplicates_at_sink": counts["messages"] - counts["distinct_message_ids"],
        "mailing_status": mailing.status,
        "deliveries_marked_sent": sent_rows,
        "rss_mb": {
            name: {
                "first": samples[0][1] if samples else None,
                "max": max(rss for _t, rss in samples) if samples else None,
                "last": samples[-1][1] if samples else None,
                "samples": samples[:: max(1, len(samples) // 20)],
            }
            for name, samples in memory.items()
        },
        "target_met": (counts["distinct_message_ids"] == args.recipients and elapsed <= 300),
    }
    (out / "results.json").write_text(json.dumps(report, indent=2))
    print(json.dumps({k: v for k, v in report.items() if k != "rss_mb"}, indent=2))
    for name, figures in report["rss_mb"].items():
        print(f"RSS {name}: first {figures['first']} MB, max {figures['max']} MB, "
              f"last {figures['last']} MB")  # fmt: skip
    print(f"Written to {out}")


if __name__ == "__main__":
    main()
