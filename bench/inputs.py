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
    """Unconfirmed signatures on the bench campaign, and a file of their confirm tokens."""
    from campaigns import tokens
    from campaigns.models import Campaign, Signature

    campaign = Campaign.objects.get(slug=CAMPAIGN)
    signatures = []
    for i in range(count):
        email = f"bench-{run_id}-confirm-{i}@example.org"
        signatures.append(
            Signature(
                campaign=campaign,
                name="Bench Confirmer",
                email=email,
                country="PL",
            )  # fmt: skip
        )
    signatures = Signature.objects.bulk_create(signatures, batch_size=5000)
    write_lines(path, [tokens.confirm_token(signature) for signature in signatures])
    return [signature.pk for signature in signatures]


def page_inputs(out: Path, rng: random.Random) -> dict[str, Path]:
    """The path file of each page, by its name in the figures."""
    searches = search_queries(rng)
    return {
        "floor": write_lines(out / "floor.txt", ["/bench/floor"]),
        "home": write_lines(out / "home.txt", ["/en/"]),
        "prisoner list": write_lines(out / "list.txt", ["/en/prisoners/"]),
        "search": write_lines(out / "search.txt", searches),
        "profile": write_lines(out / "profiles.txt", profile_paths(MAIN_DB, rng)),
        "campaign page": write_lines(out / "campaign.txt", [f"/en/campaigns/{CAMPAIGN}/"]),
        "counter": write_lines(out / "counter.txt", [f"/en/campaigns/{CAMPAIGN}/counter/"]),
    }


def read_paths(path: Path) -> list[str]:
    return Path(path).read_text().split()


def memory_mix(out: Path, inputs: dict[str, Path]) -> Path:
    """A mix of every page, for the memory top-up."""
    searches, profiles = read_paths(inputs["search"]), read_paths(inputs["profile"])
    return write_lines(
        out / "mix.txt",
        ["/en/"] * 20 + ["/en/prisoners/"] * 10 + searches[:400:10] + profiles[:40]
        + [f"/en/campaigns/{CAMPAIGN}/"] * 10 + [f"/en/campaigns/{CAMPAIGN}/counter/"] * 10,
    )  # fmt: skip
