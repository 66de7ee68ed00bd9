"""The key every per-address limit counts by (signing, following, "I sent a letter",
the staff sign-in lockout): a keyed hash of the visitor's address, where one IPv6
network of IPV6_PREFIX_LENGTH bits (a /64: what one subscriber gets) is one address,
and an IPv4-mapped IPv6 address is its IPv4 address (issue 31)."""

from django.test import RequestFactory

from core import network


def key_of(remote_addr: str) -> str:
    return network.request_ip_hash(RequestFactory().get("/", REMOTE_ADDR=remote_addr))


def test_every_address_of_one_ipv6_64_has_one_key():
    keys = {key_of(f"2001:db8:1:2:{n:x}::{n:x}") for n in range(1, 50)}
    keys.add(key_of("2001:db8:1:2:ffff:ffff:ffff:ffff"))
    keys.add(key_of("2001:0DB8:0001:0002:0000:0000:0000:0001"))
    assert len(keys) == 1


def test_another_ipv6_64_has_its_own_key():
    assert key_of("2001:db8:1:2::1") != key_of("2001:db8:1:3::1")


def test_an_ipv4_mapped_address_counts_as_the_ipv4_address():
    assert key_of("::ffff:203.0.113.7") == key_of("203.0.113.7")
    assert key_of("::ffff:203.0.113.7") != key_of("::ffff:203.0.113.8")


def test_ipv4_addresses_each_have_their_own_key():
    assert key_of("203.0.113.7") != key_of("203.0.113.8")


def test_the_ipv6_prefix_length_is_a_setting(settings):
    settings.IPV6_PREFIX_LENGTH = 48
    assert key_of("2001:db8:1:2::1") == key_of("2001:db8:1:ffff::1")
    assert key_of("2001:db8:1::1") != key_of("2001:db8:2::1")
    settings.IPV6_PREFIX_LENGTH = 128
    assert key_of("2001:db8:1:2::1") != key_of("2001:db8:1:2::2")


def test_what_is_no_address_still_gets_a_key():
    """A proxy's header may hold anything: it is counted as it is, never a 500."""
    assert key_of("not an address") == key_of("not an address")
    assert key_of("") != key_of("not an address")
