"""The block lists of the sign path, in each process's memory: the staff's blocked email
domains and keyed IP hashes, and the disposable-email domains of the
`disposable-email-domains` package. Asking costs a few set look-ups: the lists are read
from the database only when staff have changed them, which each process learns from a
version in the shared cache, read at most every BLOCK_LISTS_CHECK_SECONDS
(core/cache_keys.py)."""

import threading
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from campaigns.models import BlockedAddress, BlockedEmailDomain
from core import cache_keys
from core.email_addresses import is_disposable, parent_domains
from core.network import stored_ip_hash


@dataclass(frozen=True)
class _Lists:
    version: str | None = None
    checked_at: float = float("-inf")
    domains: frozenset = field(default_factory=frozenset)
    ip_hashes: frozenset = field(default_factory=frozenset)


_current = _Lists()
_lock = threading.Lock()


def refuses(*, domain: str, ip_hash: str) -> bool:
    """Whether a sign attempt from this address at this email domain is to be refused.
    `ip_hash`: as signatures store it (core.network.stored_ip_hash), "" before intake."""
    lists = _lists()
    if ip_hash and ip_hash in lists.ip_hashes:
        return True
    if any(name in lists.domains for name in parent_domains(domain)):
        return True
    return settings.REFUSE_DISPOSABLE_EMAILS and is_disposable(domain)


def forget() -> None:
    """Staff changed a list: every process reads it again (this one at once, the others
    within BLOCK_LISTS_CHECK_SECONDS)."""
    global _current
    cache.set(cache_keys.BLOCK_LISTS_VERSION, uuid.uuid4().hex, timeout=None)
    with _lock:
        _current = _Lists()


def _lists() -> _Lists:
    global _current
    lists = _current
    now = time.monotonic()
    if now - lists.checked_at < cache_keys.BLOCK_LISTS_CHECK_SECONDS:
        return lists
    version = cache.get(cache_keys.BLOCK_LISTS_VERSION)
    if version is None:
        # A cache that lost the version (restarted, or down): start a new one, which every
        # process then reads.
        cache.add(cache_keys.BLOCK_LISTS_VERSION, uuid.uuid4().hex, timeout=None)
        version = cache.get(cache_keys.BLOCK_LISTS_VERSION)
    if version == lists.version and version is not None:
        lists = _Lists(version, now, lists.domains, lists.ip_hashes)
    else:
        lists = _Lists(
            version,
            now,
            frozenset(BlockedEmailDomain.objects.values_list("domain", flat=True)),
            frozenset(BlockedAddress.objects.values_list("ip_hash", flat=True)),
        )
    with _lock:
        _current = lists
    return lists


def refuses_address(ip_hash: str) -> bool:
    """Whether staff blocked this request's address (its keyed hash, core.network): every
    kind of action asks (core.actions.address_refused). The list holds the hashes as the
    office stores them (core.network.stored_ip_hash), which only a process with the
    office's digest key can compute: the public role's anonymous counters are held back
    by their per-address rate limits instead, and signatures from a blocked address are
    refused at the office's intake."""
    if not ip_hash or not settings.SIGNER_DIGEST_KEY:
        return False
    return stored_ip_hash(ip_hash) in _lists().ip_hashes
