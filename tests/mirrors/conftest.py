import datetime

import pytest

from mirrors.models import Kind, Mirror

ONION = "http://" + "a2b3c4d5e6f7" * 4 + "abcdefgh" + ".onion"


def make_mirror(**fields) -> Mirror:
    defaults = {"kind": Kind.WEB, "address": "https://mirror.example.net/", "is_listed": True}
    mirror = Mirror(**(defaults | fields))
    mirror.full_clean()
    mirror.save()
    return mirror


@pytest.fixture
def mirrors(db) -> dict[str, Mirror]:
    """A listed web mirror and onion service, each checked on a known date, and an
    unlisted static copy."""
    return {
        "web": make_mirror(
            address="https://mirror.example.net/",
            last_checked=datetime.date(2025, 3, 14),
            note_en="Hosted by a friendly newsroom.",
            note_be="Трымае сяброўская рэдакцыя.",
        ),
        "onion": make_mirror(
            kind=Kind.ONION, address=ONION, last_checked=datetime.date(2025, 3, 1)
        ),
        "unlisted": make_mirror(
            kind=Kind.STATIC, address="https://old-copy.example.org/", is_listed=False
        ),
    }
