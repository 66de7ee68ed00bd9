"""What a run measures for how long, and what each figure must reach (docs/benchmarks.md).

Plain data, no imports from the rest of the harness: the parts read their durations
from a Plan, and the report judges against the targets here.
"""

from dataclasses import dataclass

# The parts of a run, in the order they run (`--only` chooses among them).
PARTS = ["pages", "weight", "cache", "sign", "confirm", "same", "overload", "memory", "flat"]

# Ratio of the bare floor's requests/s each endpoint must reach (None: measured, no
# target). The bare floor is a separate minimal Django application (bench/bare.py: only
# SecurityMiddleware and CommonMiddleware, a constant response) under the same server in
# the same run; "floor" is the same constant response through the project's whole
# middleware stack, so its ratio is what the stack itself costs.
TARGET_RATIO = {
    "bare floor": None,
    "floor": 0.8,
    "home": 0.5,
    "prisoner list": 0.5,
    "profile": 0.5,
    "story": 0.5,
    "campaign page": 0.6,
    "counter": 0.7,
    "search (distinct)": 0.1,
    "search (Zipf)": 0.3,
    "campaign page (reverse cache)": 3.0,
    "confirm page (GET)": None,
    "sign (POST)": 0.25,
    "confirm (POST)": 0.3,
}
# The wrk script of a page, where it is not paths.lua (each path of its file in turn).
PAGE_SCRIPT = {"search (distinct)": "search.lua"}


# What a success looks like where it is not 200: the sign form redirects to its thanks
# page; a confirmation redirects to the thank-you page (post/redirect/get).
EXPECTED_STATUS = {"sign (POST)": {302}, "confirm (POST)": {200, 302}}
FLAT_PAGES = ["home", "prisoner list", "search (distinct)", "profile", "campaign page", "counter"]
PAGE_WEIGHT_LIMIT = 60_000  # bytes, compressed, HTML + CSS + JS
MAX_COUNTER_LAG = 5.0  # seconds
MAX_RSS_GROWTH = 0.10
FLAT_COST_LIMIT = 1.25


@dataclass
class Plan:
    """How long each part runs: the full run, or --quick."""

    page_seconds: int
    write_seconds: int
    flat_seconds: int
    warmup_seconds: int
    overload_seconds: int
    recovery_seconds: int
    memory_requests: int
    same_address_attempts: int = 1000
    connections: int = 32

    @classmethod
    def full(cls) -> "Plan":
        return cls(20, 60, 10, 3, 20, 10, 100_000)

    @classmethod
    def quick(cls) -> "Plan":
        return cls(5, 15, 3, 1, 8, 6, 10_000)
