"""The size of each kind of public HTML page, before compression, live and as the static
copy renders it (core.static_copy.ENVIRON_KEY): issue 32 asks for at most 60 KB a page
with the 10,000 synthetic people. Reports the largest of each kind and fails (exit 1)
if any is over the limit.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=… python -m bench.page_sizes

(over a database filled by `manage.py generate_synthetic_data`; docs/benchmarks.md)
"""

import os
import sys

LIMIT = 60 * 1024


def pages(language: str) -> dict[str, list[str]]:
    """A few addresses of each kind of public page (the largest of a kind counts)."""
    from campaigns.models import Campaign
    from prisoners.models import Person
    from stories.models import Story

    people = Person.objects.public_profiles()
    total = people.count()
    last_page = max(1, -(-total // 24))
    profiles = people.order_by("-updated_at")[:5]
    root = f"/{language}"
    return {
        "home": [f"{root}/"],
        "privacy": [f"{root}/privacy/"],
        "prisoner list": [f"{root}/prisoners/", f"{root}/prisoners/?page=2",
                          f"{root}/prisoners/?page={last_page}"],
        "profile": [p.get_absolute_url() for p in profiles],
        "birthdays": [f"{root}/prisoners/birthdays/", f"{root}/prisoners/birthdays/?page=2"],
        "letters": [f"{root}/prisoners/letters/"],
        "statistics": [f"{root}/prisoners/statistics/"],
        "methodology": [f"{root}/prisoners/methodology/"],
        "campaign list": [f"{root}/campaigns/"],
        "campaign": [c.get_absolute_url() for c in Campaign.objects.all()[:3]],
        "story list": [f"{root}/stories/"],
        "story": [s.get_absolute_url() for s in Story.objects.all()[:3]],
    }  # fmt: skip


def main() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.test import Client
    from django.utils import translation

    from core.languages import content_languages
    from core.static_copy import ENVIRON_KEY

    client = Client()
    over = []
    print(f"{'page':<16} {'lang':<4} {'live KB':>8} {'copy KB':>8}  largest")
    for language in content_languages():
        with translation.override(language):
            kinds = pages(language)
        for kind, urls in kinds.items():
            sizes = {"live": (0, ""), "copy": (0, "")}
            for url in urls:
                for mode, extra in (("live", {}), ("copy", {ENVIRON_KEY: True})):
                    response = client.get(url, **extra)
                    if response.status_code != 200:
                        continue
                    size = len(response.content)
                    sizes[mode] = max(sizes[mode], (size, url))
                    if size > LIMIT:
                        over.append((mode, url, size))
            print(f"{kind:<16} {language:<4} {sizes['live'][0] / 1024:>8.1f} "
                  f"{sizes['copy'][0] / 1024:>8.1f}  {sizes['copy'][1]}")  # fmt: skip
    for mode, url, size in over:
        print(f"OVER {LIMIT // 1024} KB: {mode} {url} {size / 1024:.1f} KB")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
