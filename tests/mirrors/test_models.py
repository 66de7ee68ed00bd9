"""A mirror's address must be of its kind, and never the site's own."""

import pytest
from django.core.exceptions import ValidationError

from mirrors.models import Kind, Mirror
from tests.mirrors.conftest import ONION


def check(kind: str, address: str) -> Mirror:
    mirror = Mirror(kind=kind, address=address)
    mirror.full_clean()
    return mirror


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "address"),
    [
        (Kind.WEB, "https://mirror.example.net/"),
        (Kind.STATIC, "https://copies.example.org/belarus/"),
        (Kind.ONION, ONION),
        (Kind.ONION, ONION.replace("http://", "https://") + "/"),
        (Kind.IPFS, "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"),
        (
            Kind.IPFS,
            "https://ipfs.io/ipfs/bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/",
        ),
    ],
)
def test_an_address_of_its_kind_is_accepted(kind, address):
    check(kind, address)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "address"),
    [
        (Kind.WEB, "http://mirror.example.net/"),  # plain http: anyone on the way reads it
        (Kind.WEB, "mirror.example.net"),
        (Kind.WEB, "javascript:alert(1)"),
        (Kind.STATIC, "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"),
        (Kind.ONION, "http://example.onion"),
        (Kind.ONION, "http://" + "1" * 56 + ".onion"),  # not base32
        (Kind.ONION, "https://mirror.example.net/"),
        (Kind.IPFS, "http://ipfs.io/ipfs/bafy"),
        (Kind.WEB, "http://127.0.0.1:8000/"),
    ],
)
def test_an_address_not_of_its_kind_is_refused(kind, address):
    with pytest.raises(ValidationError) as refused:
        check(kind, address)
    assert "address" in refused.value.message_dict


@pytest.mark.django_db
def test_the_sites_own_address_is_refused(settings):
    settings.SITE_URL = "https://prisoners.example.org"
    with pytest.raises(ValidationError, match="own address"):
        check(Kind.WEB, "https://prisoners.example.org/en/")


@pytest.mark.django_db
def test_an_onion_address_is_kept_in_lower_case():
    assert check(Kind.ONION, ONION.upper().replace("HTTP://", "http://")).address == ONION


@pytest.mark.django_db
def test_listed_leaves_out_the_unlisted(mirrors):
    assert set(Mirror.objects.listed()) == {mirrors["web"], mirrors["onion"]}
