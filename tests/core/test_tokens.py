"""The one module that makes and reads signed links: a salt per purpose, the kind of row
where a purpose names several, and the one rule of expiry."""

import datetime
import uuid

import pytest
import time_machine
from django.utils import timezone

from core import tokens

CONFIRM = tokens.Purpose("tests.confirm", days_setting="SIGNATURE_CONFIRMATION_DAYS")
STOP = tokens.Purpose("tests.stop", kinds=("a", "b"), days_setting="SIGNER_LINK_DAYS")
PUBLIC_ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


def test_a_token_reads_back_as_what_it_was_made_with():
    assert tokens.read(tokens.make(CONFIRM, PUBLIC_ID, "d1"), CONFIRM) == tokens.Claims(
        PUBLIC_ID, "d1"
    )
    assert tokens.read(tokens.make(STOP, PUBLIC_ID, "d2", "b"), STOP) == tokens.Claims(
        PUBLIC_ID, "d2", "b"
    )


def test_a_token_of_one_purpose_is_invalid_for_another():
    with pytest.raises(tokens.TokenInvalid):
        tokens.read(tokens.make(CONFIRM, PUBLIC_ID, "d1"), STOP)
    other_salt = tokens.Purpose("tests.other", kinds=("a", "b"))
    with pytest.raises(tokens.TokenInvalid):
        tokens.read(tokens.make(STOP, PUBLIC_ID, "d1", "a"), other_salt)


def test_a_kind_the_purpose_does_not_have_is_refused_both_ways():
    with pytest.raises(ValueError):
        tokens.make(STOP, PUBLIC_ID, "d1", "c")
    with pytest.raises(ValueError):
        tokens.make(CONFIRM, PUBLIC_ID, "d1", "a")


def test_an_old_link_is_expired_with_its_claims_unless_it_only_stops_emails(settings):
    settings.SIGNER_LINK_DAYS = 30
    token = tokens.make(STOP, PUBLIC_ID, "d1", "a")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        with pytest.raises(tokens.TokenExpired) as expired:
            tokens.read(token, STOP)
        assert expired.value.claims == tokens.Claims(PUBLIC_ID, "d1", "a")
        assert tokens.read(token, STOP, expires=False).public_id == PUBLIC_ID


@pytest.mark.parametrize("token", ["", "nonsense", "a:b:c", "x" * 300])
def test_made_up_tokens_are_invalid(token):
    with pytest.raises(tokens.TokenInvalid):
        tokens.read(token, STOP)
