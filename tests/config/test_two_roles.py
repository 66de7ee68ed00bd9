"""Issue 34's proof: the public role, run with exactly the environment docs/deploy.md
gives the public host, takes a signature, a duplicate and a follow, shows the signer what
they stored through the link the office emailed, confirms and counts, and unsubscribes
the follower; then, holding that environment and a dump of the database, it finds no
supporter's address, name or comment, and nothing it can compute tells an address that
signed from one that did not. The office role, with its own environment from the same
page, takes the rows in (folding the duplicate), sends every email, and reads what
supporters gave.

Three processes of the production code, as on the two hosts: gunicorn with the public
environment, and `manage.py db_worker` and `manage.py shell` with the office's.

The environments are the two ```env blocks of docs/deploy.md ("Two hosts"), read from
the file, with their variable names unchanged. What the test sets:

- the secrets the page publishes as examples and says to replace: a fresh key pair
  (core.sealing.key_pair), each host's own random SECRET_KEY, a shared random
  SUPPORTER_LINK_KEY, a random SIGNER_DIGEST_KEY (office);
- where this machine differs from the page's two hosts: DATABASE_URL (the test
  database, for both) and REDIS_URL (a Redis database of its own, flushed first);
- the office's email: EMAIL_BACKEND=filebased and EMAIL_FILE_PATH (a temporary folder),
  in place of the page's SMTP server, so that the links can be read from what was sent;
- LOG_LEVEL=WARNING, and ENV_FILE empty (as the Containerfile sets it: no development
  .env read);
- for gunicorn only, what the block leaves to gunicorn's defaults: HOST=127.0.0.1, a free
  PORT, WEB_CONCURRENCY=2 (not one per CPU).

Nothing else: the public host keeps DEBUG=False, HTTPS=True, BEHIND_TLS_PROXY=True,
TRUSTED_PROXY_COUNT=1, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS and SITE_URL as the page
gives them. The test plays the TLS proxy in front of it: every request is sent to the
local port with `Host: appeals.example.org`, `X-Forwarded-Proto: https` and the
visitor's `X-Forwarded-For`, and the emailed https links are followed that way.

PostgreSQL only (the PostgreSQL pass of .ci/run): the processes share the test database,
and the dump is `pg_dump`'s."""

import email
import email.policy
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from core import sealing
from tests.factories import make_campaign, make_person
from tests.production.processes import ROOT, database_url, free_port, needs_postgresql

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgresql]

REDIS_URL = os.environ.get("TWO_ROLES_REDIS_URL", "redis://127.0.0.1:6379/9")
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
OFFICE_SECRETS = ("SUPPORTER_PRIVATE_KEYS", "SIGNER_DIGEST_KEY", "SIGNER_DATA_KEYS")

NAME = "Zofia Synthetic Wiśniewska"
SHOWN_NAME = "Zofia W."
ADDRESS = "zofia.synthetic+petition@example.org"
# The same mailbox spelt otherwise: one signature once the office has taken both in.
ADDRESS_AGAIN = "Zofia.Synthetic+again@Example.ORG"
CANONICAL = "zofia.synthetic@example.org"
FOLLOWER = "Zofia.Follows+news@Example.NET"
FOLLOWER_CANONICAL = "zofia.follows@example.net"
NEVER_SIGNED = "marta.unsigned.synthetic@example.org"
COMMENT_PHRASE = "kwazar-7319"
COMMENT = f"Free them all. ({COMMENT_PHRASE}, a phrase only this test writes.)"
VISITOR_IP = "203.0.113.57"


# -- The environments of docs/deploy.md ------------------------------------------------


def deploy_env(host: str) -> dict[str, str]:
    """The variables of docs/deploy.md's ```env block that starts `# <host> host`."""
    text = DEPLOY_DOC.read_text()
    blocks = re.findall(r"```env\n(.*?)```", text, re.DOTALL)
    (block,) = [b for b in blocks if b.startswith(f"# {host} host\n")]
    env = {}
    for line in block.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _equals, value = line.partition("=")
            env[name.strip()] = value
    return env


@pytest.fixture(scope="module")
def redis_db():
    import redis as redis_client

    client = redis_client.Redis.from_url(REDIS_URL)
    try:
        client.flushdb()
    except redis_client.ConnectionError:
        pytest.fail(f"Redis does not answer at {REDIS_URL}: this test needs it")
    yield client
    client.flushdb()


@pytest.fixture
def envs(transactional_db, redis_db, tmp_path) -> dict[str, dict[str, str]]:
    public, office = deploy_env("public"), deploy_env("office")
    assert public["SITE_ROLE"] == "public" and office["SITE_ROLE"] == "office"
    assert not set(OFFICE_SECRETS) & set(public), "docs/deploy.md gives the public host a key"
    assert {"SUPPORTER_PRIVATE_KEYS", "SIGNER_DIGEST_KEY"} <= set(office)

    public_key, private_key = sealing.key_pair()
    link_key = secrets.token_urlsafe(40)
    filled = {
        # The secrets the page says to replace.
        "SUPPORTER_PUBLIC_KEY": public_key,
        "SUPPORTER_LINK_KEY": link_key,
        # Where this machine differs from the page's hosts.
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
    }
    machine = {"PATH": os.environ["PATH"], "ENV_FILE": "", "LOG_LEVEL": "WARNING"}
    public_env = public | filled | {"SECRET_KEY": secrets.token_urlsafe(50)}
    office_env = office | filled | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SUPPORTER_PRIVATE_KEYS": private_key,
        "SIGNER_DIGEST_KEY": secrets.token_urlsafe(40),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "sent"),
    }  # fmt: skip
    # Every name is the page's, but for the office's email folder and the machine's own.
    assert set(public_env) == set(public)
    assert set(office_env) == set(office) | {"EMAIL_BACKEND", "EMAIL_FILE_PATH"}
    assert public_env["SECRET_KEY"] != office_env["SECRET_KEY"]
    return {"public": machine | public_env, "office": machine | office_env}


@pytest.fixture
def public_host(envs, tmp_path):
    """gunicorn with the public host's environment, on a free local port."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=envs["public"] | {"HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": "2"},
            stdout=subprocess.DEVNULL,
            stderr=errors,
        )
    proxy = TlsProxy(f"http://127.0.0.1:{port}", site_url=envs["public"]["SITE_URL"], log=log)
    try:
        proxy.wait_until_up(process)
        yield proxy
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}"
    return result.stdout


def shell(env: dict, code: str):
    """Run `code` in `manage.py shell` with this environment; what it prints after
    RESULT, read as JSON."""
    output = manage(env, "shell", "--no-imports", "-c", code)
    (line,) = [line for line in output.splitlines() if line.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


# -- The visitor, through the TLS proxy the test plays -------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class TlsProxy:
    """What the load balancer in front of the public host sends it: the site's own
    Host, `X-Forwarded-Proto: https`, and the visitor's address. A link of the site
    (https://appeals.example.org/…) is sent to the local port. Cookies are kept by
    hand: they are `Secure`, which urllib's jar would not send over the local hop."""

    def __init__(self, local: str, *, site_url: str, log: Path):
        self.local, self.site_url, self.log = local, site_url, log
        self.host = urllib.parse.urlsplit(site_url).netloc
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect())

    def wait_until_up(self, process: subprocess.Popen) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"gunicorn exited: {self.errors()}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        pytest.fail("the public host did not start in 60 s")

    def errors(self) -> str:
        """The end of what gunicorn logged (its errors, with LOG_LEVEL=WARNING)."""
        return self.log.read_text(errors="replace")[-3000:]

    def _path(self, link: str) -> str:
        if link.startswith("/"):
            return link
        assert link.startswith(self.site_url + "/"), link
        return link.removeprefix(self.site_url)

    def request(self, method: str, link: str, fields: dict | None = None) -> tuple[int, str, dict]:
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": VISITOR_IP,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if method == "POST":
            # As a browser posts a page's form: from the site's own origin.
            headers["Origin"] = self.site_url
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            data = urllib.parse.urlencode(fields or {}).encode()
        request = urllib.request.Request(
            self.local + self._path(link), data=data, method=method, headers=headers
        )
        try:
            response = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _equals, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, response.read().decode(), dict(response.headers)

    def get(self, link: str) -> tuple[int, str]:
        status, body, _headers = self.request("GET", link)
        return status, body

    def post(self, link: str, fields: dict) -> tuple[int, str, dict]:
        return self.request("POST", link, fields)


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


# -- What the office sent ------------------------------------------------------------


def sent_emails(folder: Path) -> list[tuple[str, str, str]]:
    """(recipient, subject, text) of every email Django's filebased backend wrote."""
    separator = b"\n" + b"-" * 79 + b"\n"
    emails = []
    for path in sorted(folder.glob("*")) if folder.exists() else []:
        for raw in path.read_bytes().split(separator):
            if raw.strip():
                message = email.message_from_bytes(raw, policy=email.policy.default)
                text = message.get_body(preferencelist=("plain",)).get_content()
                emails.append((str(message["To"]), str(message["Subject"]), text))
    return emails


def link_in(text: str, kind: str) -> str:
    (link,) = [word for word in text.split() if word.startswith("https://") and kind in word]
    return link


def cache_contents(client) -> str:
    """Every key and value of the Redis database, as text."""
    parts = []
    for key in client.scan_iter():
        kind = client.type(key)
        if kind == b"string":
            values = [client.get(key)]
        elif kind == b"hash":
            values = [b for pair in client.hgetall(key).items() for b in pair]
        elif kind == b"list":
            values = client.lrange(key, 0, -1)
        elif kind == b"set":
            values = list(client.smembers(key))
        elif kind == b"zset":
            values = client.zrange(key, 0, -1)
        else:
            values = []
        parts += [key, *(value or b"" for value in values)]
    return b" ".join(parts).decode(errors="replace")


# -- What the public host can compute about an address ---------------------------------

PUBLIC_GUESSES = """
import hashlib, hmac, json
from django.conf import settings
from django.db import connection
from django.utils.crypto import salted_hmac
from campaigns.models import Signature, legacy_link_digest
from core import email_addresses, network, sealing
from core.encryption import Sealed

case = json.loads(CASE)

def refused(function, *args):
    try:
        function(*args)
    except Exception as error:
        return type(error).__name__
    return None

def values(address):
    forms = {address, address.lower(), email_addresses.canonical(address)}
    keys = {settings.SECRET_KEY, settings.SUPPORTER_LINK_KEY}
    found = {email_addresses.rate_key(address), legacy_link_digest(address)}
    for form in forms:
        raw = form.encode()
        for algorithm in ("md5", "sha1", "sha256", "sha512", "blake2b"):
            found.add(hashlib.new(algorithm, raw).hexdigest())
        for key in keys:
            found.add(hmac.new(key.encode(), raw, hashlib.sha256).hexdigest())
            found.add(salted_hmac("email", form, secret=key).hexdigest())
    return sorted(found)

with connection.cursor() as cursor:
    cursor.execute("SELECT name, email FROM campaigns_signature")
    stored = [value for row in cursor.fetchall() for value in row]
signature = Signature.objects.get()
print("RESULT " + json.dumps({
    "can_open": sealing.can_open(),
    "digest": refused(email_addresses.digest, case["address"]),
    "domain_digest": refused(email_addresses.domain_digest, "example.org"),
    "stored_ip_hash": refused(network.stored_ip_hash, network.ip_hash(case["ip"])),
    "sealed": all(sealing.is_sealed(value) for value in stored),
    "unseal": sorted({refused(sealing.unseal, value) for value in stored}),
    "stored": stored,
    "read_as_sealed": isinstance(signature.name, Sealed) and isinstance(signature.email, Sealed),
    "ip_hash": network.ip_hash(case["ip"]),
    "signed": values(case["address"]) + values(case["again"]) + values(case["follower"]),
    "unsigned": values(case["unsigned"]),
}))
"""

OFFICE_READS = """
import json
from audience.models import Subscription, Supporter
from campaigns.models import Campaign, Signature
from prisoners.models import Person
campaign = Campaign.objects.get(slug="two-roles")
person = Person.objects.get(slug=PERSON)
signatures = list(Signature.objects.filter(campaign=campaign))
print("RESULT " + json.dumps({
    "signatures": [
        {"name": s.name, "email": s.email, "comment": s.comment, "shown": s.public_name,
         "confirmed": s.is_confirmed}
        for s in signatures
    ],
    "counted": campaign.confirmed_online(),
    "supporters": sorted(s.email for s in Supporter.objects.all()),
    "follows": Subscription.objects.to(person).count(),
}))
"""


def test_the_public_host_holds_nothing_that_opens_or_tells_apart_a_supporter(
    public_host, envs, redis_db, tmp_path
):
    campaign = make_campaign(slug="two-roles")
    person = make_person()
    sign = f"/en/campaigns/{campaign.slug}/sign/"

    # The public role serves no admin at all.
    assert public_host.get("/" + envs["public"]["ADMIN_URL"])[0] == 404

    # Sign, then sign again with the same mailbox spelt otherwise, then follow.
    signed = {
        "name": NAME,
        "email": ADDRESS,
        "country": "PL",
        "comment": COMMENT,
        "show_name_publicly": "on",
        "wants_updates": "on",
        "website": "",
    }
    assert public_host.post(sign, signed)[0] == 302
    assert public_host.post(sign, signed | {"email": ADDRESS_AGAIN})[0] == 302
    status, _page, headers = public_host.post(
        f"/en/follow/{person.slug}/", {"email": FOLLOWER, "website": ""}
    )
    assert status == 302, public_host.errors()
    assert headers["Location"].endswith(f"/follow/{person.slug}/sent/")

    # The office's worker takes them in and sends every email.
    manage(envs["office"], "db_worker", "--batch", "--no-startup-delay")
    emails = sent_emails(tmp_path / "sent")
    # To the signer, the confirmation (to the address as first typed) and, for the
    # second signature, folded into the first, a reminder that they had signed; to the
    # follower, the link that confirms the follow. Nothing else.
    subjects = sorted((to, subject.partition(":")[0]) for to, subject, _text in emails)
    assert subjects == [
        (FOLLOWER, "Confirm"),
        (ADDRESS, "Please confirm your signature"),
        (ADDRESS, "You have already signed"),
    ], subjects
    (confirmation,) = [text for _to, subject, text in emails if subject.startswith("Please")]
    (follow_email,) = [text for to, _subject, text in emails if to == FOLLOWER]

    # The owner sees what they stored, through the public host, with their link.
    confirm_link = link_in(confirmation, "/campaigns/confirm/")
    status, page = public_host.get(confirm_link)
    assert status == 200
    assert NAME in page and COMMENT_PHRASE in page
    status, page, headers = public_host.post(
        confirm_link,
        {
            "csrfmiddlewaretoken": csrf_token(page),
            "name": NAME,
            "country": "PL",
            "comment": COMMENT,
            "show_name_publicly": "on",
            "wants_updates": "on",
            "website": "",
        },
    )
    assert status == 302, public_host.errors()
    assert headers["Location"].endswith(f"/campaigns/{campaign.slug}/confirmed/")

    # Counted at once: the live counter says 1 (within its cache time).
    deadline = time.monotonic() + 10
    while "<strong>1</strong>" not in public_host.get(f"/en/campaigns/{campaign.slug}/counter/")[1]:
        assert time.monotonic() < deadline, "the counter never showed the confirmed signature"
        time.sleep(0.5)

    # The follower confirms, and unsubscribes by the link the confirmed page gives.
    follow_link = link_in(follow_email, "/confirm-follow/")
    assert public_host.get(follow_link)[0] == 200
    status, page, _headers = public_host.post(follow_link, {})
    assert status == 200, public_host.errors()
    (unsubscribe,) = re.findall(r'href="(/[^"]*/unsubscribe/[^"]+/)"', page)
    assert public_host.get(unsubscribe)[0] == 200
    # As a mail client posts RFC 8058's one-click unsubscribe: no cookie, no token.
    public_host.cookies.clear()
    status, page, _headers = public_host.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert status == 200, public_host.errors()

    # The office reads what the signer gave: one signature, counted, shown as chosen.
    office = shell(envs["office"], OFFICE_READS.replace("PERSON", repr(person.slug)))
    assert office["signatures"] == [
        {"name": NAME, "email": ADDRESS, "comment": COMMENT, "shown": SHOWN_NAME,
         "confirmed": True}
    ]  # fmt: skip
    assert office["counted"] == 1
    # The signer asked for updates; the follower unsubscribed and is forgotten.
    assert office["supporters"] == [ADDRESS]
    assert office["follows"] == 0

    # What whoever holds the public host finds in the database.
    dump = subprocess.run(
        [shutil.which("pg_dump") or "/usr/bin/pg_dump", "--no-owner", database_url()],
        capture_output=True, timeout=120, check=True,
    ).stdout.decode().lower()  # fmt: skip
    assert SHOWN_NAME.lower() in dump, "the name the signer chose to show is public"
    unshown = dump.replace(SHOWN_NAME.lower(), "")
    words = [word for word in NAME.split() if len(word) > 3]
    local_parts = {address.lower().partition("@")[0] for address in (ADDRESS, ADDRESS_AGAIN)}
    needles = {
        NAME, *words, COMMENT_PHRASE, ADDRESS, ADDRESS_AGAIN, CANONICAL, FOLLOWER,
        FOLLOWER_CANONICAL, *local_parts, "zofia.synthetic", "zofia.follows",
    }  # fmt: skip
    found = sorted(needle for needle in needles if needle.lower() in unshown)
    assert found == [], f"the dump holds {found}"
    # Nor does the shared cache the public host uses (its rate limits count an address
    # by a key both roles hold, for the minutes of a limit's window: docs/security.md).
    cached = cache_contents(redis_db).lower().replace(SHOWN_NAME.lower(), "")
    assert sorted(needle for needle in needles if needle.lower() in cached) == []

    # And with the public host's environment: no key that opens or tests, and nothing it
    # can compute about an address is in the dump, for a signer as for a stranger.
    case = {
        "address": ADDRESS,
        "again": ADDRESS_AGAIN,
        "follower": FOLLOWER,
        "unsigned": NEVER_SIGNED,
        "ip": VISITOR_IP,
    }
    public = shell(envs["public"], f"CASE = {json.dumps(case)!r}\n" + PUBLIC_GUESSES)
    assert public["can_open"] is False
    assert public["digest"] == public["domain_digest"] == "KeyMissing"
    assert public["stored_ip_hash"] == "KeyMissing"
    assert public["sealed"] is True
    assert public["unseal"] == ["CannotOpen"]
    assert public["read_as_sealed"] is True
    # (The dump holds the sealed rows the public host read: it is the whole database.)
    assert all(value.lower() in dump for value in public["stored"])
    assert public["ip_hash"] not in dump
    assert [value for value in public["signed"] if value in dump] == []
    assert [value for value in public["unsigned"] if value in dump] == []
