"""What sealing supporters' data costs (issue 34), in CPU time per value: sealing to the
office's public key (libsodium's sealed box: a fresh X25519 key pair and one key exchange
per value), opening it with the private key, and the owner's box (XSalsa20-Poly1305 with
the key from the signer's links), closed when they sign and opened when they confirm.
Then the same steps added up per signature, for each role. docs/benchmarks.md, "Two
roles (issue 34)".

    DEBUG=True .venv/bin/python bench/sealing_cost.py
"""

import os
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from campaigns.models import owner_box_new  # noqa: E402
from core import email_addresses, sealing  # noqa: E402

NAME = "Anna Kowalska"
ADDRESS = "Anna.Kowalska+appeal@example.org"
IP_HASH = "3f9a1c27b0d84e65a2c1f0e9d8b7a6c5"
N = 5_000


def per_call(statement) -> float:
    """Microseconds per call, the best of five runs."""
    return min(timeit.repeat(statement, number=N, repeat=5)) / N * 1e6


def main() -> None:
    sealed = sealing.seal(ADDRESS)
    owner_key, owner_box = owner_box_new(name=NAME, email=ADDRESS, comment="")
    stored = {"name": NAME, "email": ADDRESS, "comment": ""}
    steps = {
        "seal one value (the address)": lambda: sealing.seal(ADDRESS),
        "unseal one value (the address)": lambda: sealing.unseal(sealed),
        "owner's box: a new key and close it": lambda: owner_box_new(
            name=NAME, email=ADDRESS, comment=""
        ),
        "owner's box: open": lambda: sealing.owner_box_open(owner_key, owner_box),
        "owner's box: close again": lambda: sealing.owner_box_close(owner_key, stored),
        "keyed digest of the address": lambda: email_addresses.digest(ADDRESS),
        "keyed digest of the domain": lambda: email_addresses.domain_digest("example.org"),
    }
    micros = {}
    for label, call in steps.items():
        micros[label] = per_call(call)
        print(f"{label:44} {micros[label]:7.1f} µs")
    seal, unseal = micros["seal one value (the address)"], micros["unseal one value (the address)"]
    box_new, box_open = micros["owner's box: a new key and close it"], micros["owner's box: open"]
    digests = micros["keyed digest of the address"] + micros["keyed digest of the domain"]
    # Signing (public role): the name, the address, the owner's key and the IP hash sealed,
    # the owner's box made (no comment: most signers leave none).
    sign = 4 * seal + box_new
    # The intake (office) reads whole rows: the name, the address, the owner's key and the
    # IP hash opened, the two digests; the confirmation email's task reads the row again:
    # the name, the address and the owner's key (for the links) opened.
    intake = 4 * unseal + digests
    email = 3 * unseal
    # Confirming (public role): the owner's box opened and closed again with the choices.
    confirm = box_open + micros["owner's box: close again"]
    print()
    print(f"{'sign (public role): 4 seals + owner box':44} {sign:7.1f} µs")
    print(f"{'intake (office): 4 unseals + digests':44} {intake:7.1f} µs")
    print(f"{'confirmation email (office): 3 unseals':44} {email:7.1f} µs")
    print(f"{'confirm (public role): box open + close':44} {confirm:7.1f} µs")


if __name__ == "__main__":
    main()
