import pytest
from django.core import mail
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache_and_outbox():
    """Rate limits and the cached campaign figures live in the local-memory cache,
    which outlives a test: start every test from an empty cache and mailbox."""
    cache.clear()
    mail.outbox = []
    yield
    cache.clear()
