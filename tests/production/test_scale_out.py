"""Two app servers against one PostgreSQL and one Redis: concurrent signers spread over
both, and afterwards every signature is stored exactly once, the counter is exact, and
the rate limits are shared. This is the claim of docs/deploy.md, tested with the
production server (gunicorn) and production settings."""

import concurrent.futures
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.conf import settings

from campaigns import services, tokens
from campaigns.models import Signature
from tests.factories import make_campaign
from tests.production.processes import (
    ROOT,
    database_url,
    free_port,
    needs_postgresql,
    supporter_keys,
)
from tests.redis_lock import redis_database_held

REDIS_URL = os.environ.get("SCALE_OUT_REDIS_URL", "redis://127.0.0.1:6379/3")
SIGNERS = 40
IP_LIMIT = 60
WINDOW = 3600

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]


@pytest.fixture
def redis():
    import redis as redis_client

    client = redis_client.Redis.from_url(REDIS_URL)
    with redis_database_held(REDIS_URL):
        try:
            client.flushdb()
        except redis_client.ConnectionError:
            pytest.fail(f"Redis does not answer at {REDIS_URL}: the scale-out test needs it")
        yield client
        client.flushdb()


@pytest.fixture
def two_servers(redis):
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "False",
        "HTTPS": "False",
        "SECRET_KEY": settings.SECRET_KEY,
        **supporter_keys(settings),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": REDIS_URL,
        "TASKS_BACKEND": "database",
        "RATE_LIMIT_SIGN_PER_IP": f"{IP_LIMIT}/{WINDOW}",
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "4",
        # What this test checks is sharing, not load shedding (tests/core/): on a busy
        # machine a request may wait for its turn longer than the default two seconds.
        "LOAD_SHEDDING_WAIT_MS": "30000",
        "LOG_LEVEL": "WARNING",
    }
    servers = []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=env | {"PORT": str(port), "HOST": "127.0.0.1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        servers.append((f"http://127.0.0.1:{port}", process))
    try:
        for base, process in servers:
            wait_until_up(base, process)
        yield [base for base, _process in servers]
    finally:
        for _base, process in servers:
            process.terminate()
        for _base, process in servers:
            process.wait(timeout=30)


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"{base} did not start in 60 s")


class Browser:
    """One visitor: a cookie jar and the CSRF token of the form they loaded, if it has
    one (the sign form has none: the browser says where its post comes from,
    core/csrf.py; a signer's confirmation page has Django's token)."""

    def __init__(self, base: str, page_path: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect()
        )
        with self.opener.open(base + page_path, timeout=30) as page:
            html = page.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        self.token = {"csrfmiddlewaretoken": token.group(1)} if token else {}

    def post(self, path: str, fields: dict) -> int:
        data = urllib.parse.urlencode(fields | self.token).encode()
        request = urllib.request.Request(
            self.base + path, data=data, method="POST", headers={"Sec-Fetch-Site": "same-origin"}
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def wait_for_a_fresh_rate_limit_window() -> None:
    left = WINDOW - time.time() % WINDOW
    if left < 60:
        time.sleep(left + 1)


def test_two_servers_share_signatures_counters_and_rate_limits(two_servers):
    campaign = make_campaign(slug="scale-out")
    page = f"/en/campaigns/{campaign.slug}/"
    wait_for_a_fresh_rate_limit_window()

    def sign(number: int) -> int:
        browser = Browser(two_servers[number % 2], page)
        return browser.post(
            f"{page}sign/",
            {"name": f"Signer {number}", "email": f"signer{number}@example.org", "country": "PL"},
        )

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(sign, range(SIGNERS)))
    assert answers == [302] * SIGNERS
    # The office's intake (its worker, here this process) tells the mailboxes apart.
    services.confirmation_emails_queue()
    signatures = list(Signature.objects.filter(campaign=campaign))
    assert len(signatures) == SIGNERS
    assert len({s.email_digest for s in signatures}) == SIGNERS

    def confirm(indexed: tuple[int, Signature]) -> int:
        """Open the emailed link on one server and press Confirm."""
        number, signature = indexed
        link = f"/en/campaigns/confirm/{tokens.confirm_token(signature)}/"
        browser = Browser(two_servers[number % 2], link)
        return browser.post(link, {"name": signature.name, "country": signature.country.code})

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        assert set(pool.map(confirm, enumerate(signatures))) == {302}
    assert Signature.objects.confirmed().filter(campaign=campaign).count() == SIGNERS
    assert campaign.confirmed_online() == SIGNERS

    # Both servers show the same exact total once the shared cache entry expires.
    time.sleep(settings.COUNTER_CACHE_SECONDS + 1)
    for base in two_servers:
        _status, fragment = Browser(base, page).get(f"{page}counter/")
        assert f"<strong>{SIGNERS}</strong>" in fragment

    # The limit of IP_LIMIT attempts per address is counted across both servers: the
    # SIGNERS attempts above used part of it, and the rest runs out whichever server
    # is asked. (Each server alone would allow IP_LIMIT.)
    extra = [sign(SIGNERS + number) for number in range(IP_LIMIT - SIGNERS + 10)]
    assert extra.count(302) == IP_LIMIT - SIGNERS
    assert extra.count(429) == 10


def test_the_same_address_from_both_servers_signs_once(two_servers):
    campaign = make_campaign(slug="same-address")
    page = f"/en/campaigns/{campaign.slug}/"
    browsers = [Browser(two_servers[number % 2], page) for number in range(20)]

    def sign(browser: Browser) -> int:
        return browser.post(
            f"{page}sign/", {"name": "Anna K", "email": "Anna+x@Example.org", "country": "LT"}
        )

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(sign, browsers))
    assert set(answers) <= {302, 429}
    assert 302 in answers
    # Each server stored what it was given; the office's intake keeps one.
    services.confirmation_emails_queue()
    assert Signature.objects.filter(campaign=campaign).count() == 1
