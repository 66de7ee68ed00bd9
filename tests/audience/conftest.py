import pytest

from tests.factories import make_campaign, make_person


@pytest.fixture
def campaign(db):
    return make_campaign(slug="free-maria", title="Free Maria Kalesnikava")


@pytest.fixture
def ales(db):
    return make_person(name_en="Ales Bialiatski", slug="ales-bialiatski")
