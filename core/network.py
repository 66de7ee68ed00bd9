"""Where a request comes from, without keeping where it comes from.

The raw IP address is read from the request, hashed with a key, and dropped. Only the
hash is stored (on signatures, for spotting floods) or used (rate limits, login
throttling); without SECRET_KEY it cannot be turned back into the address.

What is hashed is the visitor's network rather than the address when the address is
IPv6: a subscriber usually gets a whole /64 (2**64 addresses), so every address in one
network of IPV6_PREFIX_LENGTH bits counts as one, else each limit would have as many
keys as the visitor likes (issue 31). An IPv4 address seen through an IPv6 socket
(::ffff:203.0.113.7) counts as the IPv4 address.
"""

import hashlib
import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest

from core.hosts import is_onion_request

# Every visitor of the onion service, as one: Tor hides their addresses.
ONION_VISITORS = "onion"


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or the address the last trusted proxy saw;
    ONION_VISITORS on the onion service, where tor's hop to the site has no proxy that
    writes X-Forwarded-For, so what it says the visitor wrote (and could change at will
    to escape every per-address limit)."""
    if is_onion_request(request):
        return ONION_VISITORS
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def address_key(ip: str) -> str:
    """What one visitor is counted by: an IPv4 address, or the IPv6 network of
    IPV6_PREFIX_LENGTH bits around the address (2001:db8:1:2::/64). Anything else (a
    proxy's header may hold anything) counts as it is."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    network = ipaddress.IPv6Network((address, settings.IPV6_PREFIX_LENGTH), strict=False)
    return str(network)


def ip_hash(ip: str) -> str:
    """A keyed hash of an IP address: the same address, or another address of the same
    IPv6 network, gives the same hash."""
    key = hashlib.sha256(b"network.ip_hash:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, address_key(ip).encode(), hashlib.sha256).hexdigest()[:32]


def stored_ip_hash(request_hash: str) -> str:
    """What a signature stores, and the block list holds, for a request's IP hash: keyed
    again with the office's digest key (core/encryption.py), at the office's intake. The
    public host holds SECRET_KEY, with which every IPv4 address could be tried against a
    request's hash; it never holds this key, so the stored hashes tell it nothing."""
    from core.encryption import keyed_digest

    return keyed_digest(request_hash, purpose=b"ip-address")


def request_ip_hash(request: HttpRequest) -> str:
    """The keyed hash of the request's client address (also what django-axes sees)."""
    return ip_hash(client_ip(request))
