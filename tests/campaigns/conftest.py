import pytest

from campaigns.models import Campaign
from tests.factories import make_campaign

# Every test starts with an empty cache (empty_cache in tests/conftest.py) and an empty
# outbox (pytest-django).


@pytest.fixture
def campaign(db) -> Campaign:
    """An open campaign to sign: "Free Maria Kalesnikava", at /en/campaigns/free-maria/."""
    return make_campaign(slug="free-maria", title="Free Maria Kalesnikava")
