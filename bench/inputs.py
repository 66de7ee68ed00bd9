"""What the load asks for: the paths of each page (files that the Lua scripts read), the
search queries, the profiles, and signatures with their confirm tokens.
"""

import random
from pathlib import Path
from urllib.parse import quote_plus

from bench.environment import CAMPAIGN, MAIN_DB, database_url


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def search_queries(rng: random.Random) -> list[str]:
    """Partial names as people type them, about 1,500 different ones, so that the page
    cache does not answer most of them: the first letters of a family name (Latin or
    Cyrillic), a first and family name, a Russian-style romanisation that only the
    skeleton finds, a first name alone."""
    from bench.management.commands.generate_synthetic_data import FIRST_NAMES, LAST_NAMES
    from prisoners.search import fold

    queries = set()
    for last, last_be, last_ru in LAST_NAMES:
        for length in range(3, len(last) + 1):
            queries.add(last[:length].lower())
        for length in range(3, len(last_be) + 1):
            queries.add(last_be[:length])
        queries.add(" ".join(word.capitalize() for word in fold(last_ru).split()))
        for first, _first_be, first_ru in FIRST_NAMES:
            queries.add(f"{first} {last}")
            queries.add(f"{first_ru} {last_ru[:4]}")
            queries.add(f"{first[:3]} {last[:3]}")
    for first, first_be, _first_ru in FIRST_NAMES:
        queries.update({first, first_be, first.lower()[:4]})
    ordered = sorted(queries)
    rng.shuffle(ordered)
    return [f"/en/prisoners/?q={quote_plus(query)}" for query in ordered]


def zipf_draws(items: list[str], rng: random.Random, count: int, s: float = 1.0) -> list[str]:
    """`count` draws from `items`, the k-th most asked with weight 1/k^s: how queries
    arrive when people type names (a few prefixes asked very often, most rarely)."""
    weights = [1 / rank**s for rank in range(1, len(items) + 1)]
    return rng.choices(items, weights=weights, k=count)


def story_path(database: str) -> str:
    import psycopg

    with psycopg.connect(database_url(database)) as conn:
        (slug,) = conn.execute(
            "SELECT slug FROM stories_story WHERE is_published ORDER BY id LIMIT 1"
        ).fetchone()
    return f"/en/stories/{slug}/"


def profile_paths(database: str, rng: random.Random, limit: int = 2000) -> list[str]:
    import psycopg

    with psycopg.connect(database_url(database)) as conn:
        slugs = [
            row[0]
            for row in conn.execute(
                "SELECT slug FROM prisoners_person WHERE is_published AND is_political_prisoner"
            )
        ]
    return [f"/en/prisoners/{slug}/" for slug in rng.sample(slugs, min(limit, len(slugs)))]


def create_confirm_tokens(run_id: str, count: int, path: Path) -> list[int]:
    """Unconfirmed signatures on the bench campaign as the office's intake leaves them
    (sealed, with their digests, the owner's box and its sealed key, the confirmation
    email queued), and a file of their confirm tokens, made as the office makes the
    emailed links (signed with SUPPORTER_LINK_KEY, carrying the owner's key)."""
    from django.utils import timezone

    from campaigns import tokens
    from campaigns.models import Campaign, Signature, owner_box_new
    from core import email_addresses

    campaign = Campaign.objects.get(slug=CAMPAIGN)
    domain_digest = email_addresses.domain_digest("example.org")
    now = timezone.now()
    signatures = []
    for i in range(count):
        email = f"bench-{run_id}-confirm-{i}@example.org"
        owner_key, owner_box = owner_box_new(name="Bench Confirmer", email=email, comment="")
        signatures.append(
            Signature(
                campaign=campaign,
                name="Bench Confirmer",
                email=email,
                country="PL",
                email_digest=email_addresses.digest(email),
                email_domain_digest=domain_digest,
                owner_key=owner_key,
                owner_box=owner_box,
                confirmation_email_queued_at=now,
            )  # fmt: skip
        )
    # The tokens from the objects in memory, whose owner's key is not sealed yet.
    write_lines(path, [tokens.confirm_token(signature) for signature in signatures])
    signatures = Signature.objects.bulk_create(signatures, batch_size=5000)
    return [signature.pk for signature in signatures]


def page_inputs(out: Path, rng: random.Random) -> dict[str, Path]:
    """The path file of each page, by its name in the figures."""
    searches = search_queries(rng)
    return {
        "bare floor": write_lines(out / "floor.txt", ["/bench/floor"]),
        "floor": write_lines(out / "floor.txt", ["/bench/floor"]),
        "home": write_lines(out / "home.txt", ["/en/"]),
        "prisoner list": write_lines(out / "list.txt", ["/en/prisoners/"]),
        # Each request a query the page cache has not seen: the 1,500 queries in turn,
        # each with a parameter the page ignores but the cache key does not (search.lua).
        "search (distinct)": write_lines(out / "search.txt", searches),
        "search (Zipf)": write_lines(out / "search-zipf.txt", zipf_draws(searches, rng, 50_000)),
        "profile": write_lines(out / "profiles.txt", profile_paths(MAIN_DB, rng)),
        "story": write_lines(out / "story.txt", [story_path(MAIN_DB)]),
        "campaign page": write_lines(out / "campaign.txt", [f"/en/campaigns/{CAMPAIGN}/"]),
        "counter": write_lines(out / "counter.txt", [f"/en/campaigns/{CAMPAIGN}/counter/"]),
    }


def read_paths(path: Path) -> list[str]:
    return Path(path).read_text().split()


def memory_mix(out: Path, inputs: dict[str, Path]) -> Path:
    """A mix of every page, for the memory top-up."""
    searches, profiles = read_paths(inputs["search (distinct)"]), read_paths(inputs["profile"])
    return write_lines(
        out / "mix.txt",
        ["/en/"] * 20 + ["/en/prisoners/"] * 10 + searches[:400:10] + profiles[:40]
        + [f"/en/campaigns/{CAMPAIGN}/"] * 10 + [f"/en/campaigns/{CAMPAIGN}/counter/"] * 10,
    )  # fmt: skip
