"""Staff sessions, whose keys this site signs (the SESSION_ENGINE; issue 31).

Only staff have sessions, and a request that carries a session cookie takes the staff
path (core/request_path.py): it skips the page cache and runs sessions and
authentication. Anyone can send a cookie, so a made-up one would turn a visitor's
request into the most expensive kind. Each key this site issues is therefore 24 random
characters and a keyed signature of them (16 more: the 40 the session table holds), and
a key without a valid signature is told apart by its characters alone, without a
look-up, and treated as no key at all.

A session with no data is empty, whatever its key: it is never saved, and its cookie is
deleted. Django's own store calls a session with a key but not yet read "not empty", and
with SESSION_SAVE_EVERY_REQUEST saves it, under a new key, when the key named no session:
one row written per request for an ended session. Ended sessions are deleted by
`manage.py clearsessions` (docs/deploy.md, scheduled jobs).

Changing to this engine, or SECRET_KEY without keeping the old one in
SECRET_KEY_FALLBACKS, signs every staff member out once.
"""

from django.conf import settings
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

RANDOM_LENGTH = 24  # 36**24: about 124 bits
SIGNATURE_LENGTH = 16  # 64 bits of HMAC-SHA256: no guessing it one request at a time
SALT = "core.sessions.SessionStore"


def _signature(random_part: str, secret: str) -> str:
    return salted_hmac(SALT, random_part, secret=secret, algorithm="sha256").hexdigest()[
        :SIGNATURE_LENGTH
    ]


def is_issued_key(key: str) -> bool:
    """Whether this site made this session key (the session may have ended since)."""
    if len(key) != RANDOM_LENGTH + SIGNATURE_LENGTH:
        return False
    random_part, signature = key[:RANDOM_LENGTH], key[RANDOM_LENGTH:]
    return any(
        constant_time_compare(signature, _signature(random_part, secret))
        for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    )


class SessionStore(DatabaseSessionStore):
    """Django's database sessions, with signed keys, and empty when they hold nothing."""

    is_issued_key = staticmethod(is_issued_key)

    def _new_key(self) -> str:
        random_part = get_random_string(RANDOM_LENGTH, VALID_KEY_CHARS)
        return random_part + _signature(random_part, settings.SECRET_KEY)

    def _get_new_session_key(self) -> str:
        while True:
            key = self._new_key()
            if not self.exists(key):
                return key

    async def _aget_new_session_key(self) -> str:
        while True:
            key = self._new_key()
            if not await self.aexists(key):
                return key

    def _validate_session_key(self, key: str | None) -> bool:
        return bool(key) and is_issued_key(key)

    def is_empty(self) -> bool:
        # Reading the session drops a key that names no session (ended, or cleared).
        return not self._session
