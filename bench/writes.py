"""The write path under load, and the rows checked afterwards: signing through the public
role (no signature lost or doubled; how long after the load the office worker has taken
in every signature and sent its email), confirming (each counted exactly once, the
counter equal to a recount, the displayed total's lag), and many concurrent attempts
with one address (one signature once the office has taken them in).
"""

import asyncio
import threading
import time
from pathlib import Path

from bench.environment import CAMPAIGN, HOST, MAIN_DB, database_url, log
from bench.inputs import create_confirm_tokens
from bench.load import LagSampler, Result, Wrk, as_list, csrf_pair, http_post, show
from bench.plan import Plan


def warm_up_writes(port: int, run_id: str, out: Path) -> None:
    """One sign and one confirmation before the memory baseline, so that what their
    first use loads is not counted as growth."""
    form = {"name": "Bench Warm", "email": f"bench-{run_id}w-0@example.org", "country": "PL"}
    assert http_post(port, f"/en/campaigns/{CAMPAIGN}/sign/", form) == 302
    path = out / "warm-up-token.txt"
    create_confirm_tokens(f"{run_id}w", 1, path)
    confirm = f"/en/campaigns/confirm/{path.read_text().strip()}/"
    # The confirmation page is a signer's own, with Django's CSRF token.
    cookie, token = csrf_pair(port, confirm)
    confirm_form = {"csrfmiddlewaretoken": token, "name": "Bench Confirmer", "country": "PL"}
    status = http_post(port, confirm, confirm_form, cookie)
    assert status in (200, 302), f"confirm POST: {status}"


def wait_for_in_flight(result: Result) -> None:
    """wrk stops with requests in flight; the server still completes them. Wait until
    it has, before the rows are counted."""
    time.sleep(min(30.0, 2 + 3 * result.p99_ms / 1000))


class IntakeWatch:
    """How far the office worker's intake is behind the public role during and after a
    load: every 0.5 s, the unconfirmed signatures made since it started that are not taken
    in yet (no email queued), and those whose confirmation email is not sent yet."""

    QUERY = (
        "SELECT count(*) FILTER (WHERE confirmation_email_queued_at IS NULL), "
        "count(*) FILTER (WHERE confirmation_email_sent_at IS NULL) "
        "FROM campaigns_signature WHERE confirmed_at IS NULL AND created_at >= %s"
    )

    def __init__(self):
        self.samples: list[tuple[float, int, int]] = []
        self.stopping = threading.Event()

    def start(self) -> "IntakeWatch":
        import psycopg
        from django.utils import timezone

        self.since = timezone.now()
        self.conn = psycopg.connect(database_url(MAIN_DB), autocommit=True)
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self) -> None:
        while not self.stopping.is_set():
            waiting, unsent = self.conn.execute(self.QUERY, [self.since]).fetchone()
            self.samples.append((time.monotonic(), waiting, unsent))
            self.stopping.wait(0.5)

    def wait_until_done(self, load_stopped: float, in_flight: float, limit: float) -> dict:
        """Wait until every signature is taken in and its email sent (at most `limit`
        seconds after the load stopped, and at least `in_flight`, for the requests wrk
        left in flight); the times are from the moment the load stopped."""
        taken_in = sent = None
        while time.monotonic() - load_stopped < limit:
            time.sleep(0.5)
            moment, waiting, unsent = self.samples[-1]
            if moment - load_stopped < in_flight:
                continue
            if waiting == 0 and taken_in is None:
                taken_in = self._first_since(load_stopped, column=1)
            if unsent == 0:
                sent = self._first_since(load_stopped, column=2)
                break
        self.stopping.set()
        self.thread.join()
        self.conn.close()
        during = [row for row in self.samples if row[0] <= load_stopped]
        at_stop = during[-1] if during else (load_stopped, 0, 0)
        return {
            "awaiting_intake_at_load_stop": at_stop[1],
            "max_awaiting_intake_during_load": max((row[1] for row in during), default=0),
            "taken_in_s_after_load": taken_in,
            "emails_sent_s_after_load": sent,
            "limit_s": limit,
        }

    def _first_since(self, load_stopped: float, column: int) -> float:
        """Seconds from the load's end to the first sample since which `column` is 0."""
        moment = self.samples[-1][0]
        for row in reversed(self.samples):
            if row[column] != 0:
                break
            moment = row[0]
        return round(max(0.0, moment - load_stopped), 1)


def sign_run(wrk: Wrk, port: int, run_id: str, plan: Plan) -> dict:
    """32 clients sign one campaign through the public role, each with new addresses,
    while the office worker takes them in; then how long the intake took after the load,
    and every row checked."""
    from campaigns.models import Signature, email_digest

    path = f"/en/campaigns/{CAMPAIGN}/sign/"
    n = plan.connections
    watch = IntakeWatch().start()
    result = wrk.run(
        "sign (POST)", "sign.lua", [path, run_id, "PL"],
        seconds=plan.write_seconds, connections=n, threads=n,
    )  # fmt: skip
    stopped = time.monotonic()
    show(result)
    intake = watch.wait_until_done(
        stopped, in_flight=min(30.0, 2 + 3 * result.p99_ms / 1000), limit=240
    )
    intake["signed_per_second"] = round(result.rps)
    log(f"    office intake: {intake}")
    # The addresses are sealed: the office (this process) opens this run's.
    emails = [
        email
        for email in Signature.objects.filter(
            campaign__slug=CAMPAIGN, created_at__gte=watch.since
        ).values_list("email", flat=True)
        if email.startswith(f"bench-{run_id}-") and "-confirm-" not in email
    ]
    by_thread: dict[int, list[int]] = {}
    for email in emails:
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
    stored_count = len(emails)
    distinct = len({email_digest(email) for email in emails})
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
    return {"result": result, "check": check, "intake": intake}


def confirm_runs(
    wrk: Wrk, port: int, run_id: str, plan: Plan, floor_rps: float, out: Path,
    shown_port: int | None = None,
):  # fmt: skip
    """The confirm page (GET, changes nothing), then 32 clients confirming for real (POST)
    while a sampler compares the displayed total with the rows: read from the app, or,
    with `shown_port`, through the reverse cache in front of it, as visitors see it."""
    from campaigns.models import Campaign, Signature

    count = int(min(300_000, max(10_000, floor_rps * plan.write_seconds * 0.8)))
    log(f"  creating {count:,} unconfirmed signatures and their confirm tokens")
    token_file = out / "confirm-tokens.txt"
    created_ids = create_confirm_tokens(run_id, count, token_file)
    # The confirmation pages are signers' own, with Django's CSRF token: one cookie and
    # token pair, from the first of them, serves every form.
    first = token_file.read_text().split("\n", 1)[0]
    cookie, token = csrf_pair(port, f"/en/campaigns/confirm/{first}/")
    n = plan.connections
    page = wrk.run(
        "confirm page (GET)", "confirm.lua", [str(token_file), str(n), "GET", cookie, token],
        seconds=plan.page_seconds, connections=n, threads=n,
    )  # fmt: skip
    show(page)

    campaign = Campaign.objects.get(slug=CAMPAIGN)
    sampler = LagSampler(
        shown_port or port, campaign.pk, campaign.offline_signatures,
        through="reverse cache" if shown_port else "app",
    )  # fmt: skip
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


def same_address(port: int, run_id: str, attempts: int) -> dict:
    """Many concurrent sign attempts with one address through the public role, which
    cannot tell them apart, must leave exactly one signature once the office worker has
    taken them in (each later one folded into the first, whose owner gets at most one
    reminder)."""
    from django.db.models import Sum
    from django_tasks_db.models import DBTaskResult

    from campaigns.models import SignAttempts, Signature, email_digest

    email = f"bench-{run_id}-same@example.org"
    body = f"name=Bench+Same&email={email.replace('@', '%40')}&country=PL".encode()
    request = (
        f"POST /en/campaigns/{CAMPAIGN}/sign/ HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body
    reminders_before = DBTaskResult.objects.filter(
        task_path="campaigns.tasks.send_reminder_email"
    ).count()

    def repeated_attempts() -> int:
        """The attempts the intake folded into an earlier signature, on the campaign."""
        rows = SignAttempts.objects.filter(campaign__slug=CAMPAIGN)
        return rows.aggregate(total=Sum("repeated"))["total"] or 0

    repeated_before = repeated_attempts()

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

    watch = IntakeWatch().start()
    began = time.monotonic()
    outcomes = asyncio.run(everyone())
    answered = time.monotonic()
    statuses: dict[str, int] = {}
    for outcome in outcomes:
        statuses[outcome] = statuses.get(outcome, 0) + 1
    intake = watch.wait_until_done(answered, in_flight=0, limit=120)
    folded = repeated_attempts() - repeated_before
    rows = Signature.objects.filter(email_digest=email_digest(email))
    check = {
        "attempts": attempts,
        "seconds": round(answered - began, 1),
        "statuses": statuses,
        "folded_into_the_first_by_the_intake": folded,
        "taken_in_s_after_the_last_answer": intake["taken_in_s_after_load"],
        "signatures": rows.count(),
        "confirmation_emails_queued": rows.filter(
            confirmation_email_queued_at__isnull=False
        ).count(),
        "reminders_queued": DBTaskResult.objects.filter(
            task_path="campaigns.tasks.send_reminder_email"
        ).count()
        - reminders_before,
    }
    check["pass"] = (
        check["signatures"] == 1
        and check["confirmation_emails_queued"] == 1
        and check["reminders_queued"] <= 1
        and set(statuses) <= {"302", "429"}
    )
    log(f"  same address x{attempts}: {check}")
    return check
