import pytest

from tests.factories import make_campaign


@pytest.fixture
def campaign(db):
    """An open campaign: "Free Maria Kalesnikava", at /en/campaigns/free-maria/."""
    return make_campaign(slug="free-maria", title="Free Maria Kalesnikava")
