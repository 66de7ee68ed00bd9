"""What signers' data at rest and the block lists add to each signature, in CPU time:
encrypting the address, its two keyed digests, the block-list and disposable-domain
checks, and decrypting (the export and the signer's own pages). docs/benchmarks.md.

    DEBUG=True .venv/bin/python bench/signer_data_cost.py
"""

import os
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from campaigns import blocklists  # noqa: E402
from core import email_addresses, encryption  # noqa: E402

ADDRESS = "Anna.Kowalska+appeal@example.org"
N = 20_000


def per_call(statement) -> float:
    """Microseconds per call, the best of five runs."""
    return min(timeit.repeat(statement, number=N, repeat=5)) / N * 1e6


def main() -> None:
    token = encryption.encrypt(ADDRESS)
    domain = email_addresses.domain_of(ADDRESS)
    blocklists._current = blocklists._Lists(
        version="bench", checked_at=float("inf"), domains=frozenset({"spam.example"})
    )
    rows = [
        ("encrypt the address (Fernet)", lambda: encryption.encrypt(ADDRESS)),
        ("digest of the canonical address", lambda: email_addresses.digest(ADDRESS)),
        ("digest of the domain", lambda: email_addresses.domain_digest(domain)),
        (
            "block lists and disposable domains",
            lambda: blocklists.refuses(domain=domain, ip_hash="ab"),
        ),
        ("decrypt the address", lambda: encryption.decrypt(token)),
    ]
    sign_path = 0.0
    for label, call in rows:
        micros = per_call(call)
        if label != "decrypt the address":
            sign_path += micros
        print(f"{label:40} {micros:7.1f} µs")
    print(f"{'added to each signature':40} {sign_path:7.1f} µs")


if __name__ == "__main__":
    main()
