"""Synthetic data at production scale, for the benchmarks (docs/benchmarks.md).

Everything it writes is marked as synthetic: slugs start with `synthetic-`, people are
named "Synthetic … 00001", every fact cites the source "Synthetic data for benchmarks —
not real", signers' addresses end in `@synthetic.invalid`. It refuses to run on a
database that holds anything else, so it cannot mix fake rows into real data.

Only bench/settings.py installs this command: `make run` and production never see it.

    DJANGO_SETTINGS_MODULE=bench.settings python manage.py generate_synthetic_data
"""

import datetime
import random
import time
import uuid
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation

from campaigns.models import TALLY_SHARDS, Campaign, CampaignStatus, Signature, SignatureTally
from prisoners.models import Event, Person, Quote, Relation, RelationKind, Source, Status
from prisoners.search import fold
from stories.models import Story

PREFIX = "synthetic-"
SOURCE_TITLE = "Synthetic data for benchmarks — not real"
SIGNER_DOMAIN = "synthetic.invalid"

# (Belarusian Latin, Belarusian Cyrillic, Russian Cyrillic): common names only, so that
# no combination reads as one of the well-known prisoners.
FIRST_NAMES = [
    ("Aliaksandr", "Аляксандр", "Александр"), ("Siarhei", "Сяргей", "Сергей"),
    ("Maryia", "Марыя", "Мария"), ("Volha", "Вольга", "Ольга"), ("Ihar", "Ігар", "Игорь"),
    ("Mikalai", "Мікалай", "Николай"), ("Andrei", "Андрэй", "Андрей"),
    ("Hanna", "Ганна", "Анна"), ("Katsiaryna", "Кацярына", "Екатерина"),
    ("Dzmitry", "Дзмітрый", "Дмитрий"), ("Iryna", "Ірына", "Ирина"),
    ("Uladzimir", "Уладзімір", "Владимир"), ("Pavel", "Павел", "Павел"),
    ("Tatsiana", "Таццяна", "Татьяна"), ("Viktar", "Віктар", "Виктор"),
    ("Nadzeya", "Надзея", "Надежда"), ("Yauhen", "Яўген", "Евгений"),
    ("Alena", "Алена", "Елена"), ("Raman", "Раман", "Роман"), ("Maksim", "Максім", "Максим"),
]  # fmt: skip
LAST_NAMES = [
    ("Kavalenka", "Каваленка", "Коваленко"), ("Navumchyk", "Навумчык", "Наумчик"),
    ("Marozau", "Марозаў", "Морозов"), ("Sakalou", "Сакалоў", "Соколов"),
    ("Hrynevich", "Грыневіч", "Гриневич"), ("Dubrouski", "Дуброўскі", "Дубровский"),
    ("Zhuk", "Жук", "Жук"), ("Karpenka", "Карпенка", "Карпенко"),
    ("Viarbitski", "Вярбіцкі", "Вербицкий"), ("Yasinski", "Ясінскі", "Ясинский"),
    ("Mikhalevich", "Міхалевіч", "Михалевич"), ("Kazlou", "Казлоў", "Козлов"),
    ("Charnyshou", "Чарнышоў", "Чернышёв"), ("Shved", "Швед", "Швед"),
    ("Bandarenka", "Бандарэнка", "Бондаренко"), ("Savitski", "Савіцкі", "Савицкий"),
    ("Tkachou", "Ткачоў", "Ткачёв"), ("Melnik", "Мельнік", "Мельник"),
    ("Kuzmich", "Кузьміч", "Кузьмич"), ("Paulau", "Паўлаў", "Павлов"),
    ("Novik", "Новік", "Новик"), ("Hurski", "Гурскі", "Гурский"),
    ("Lapko", "Лапко", "Лапко"), ("Sidarenka", "Сідарэнка", "Сидоренко"),
]  # fmt: skip
STATUSES = [
    (Status.SENTENCED, 60), (Status.DETAINED, 10), (Status.RELEASED, 15),
    (Status.RELEASED_EXILED, 5), (Status.DECEASED, 1), (Status.UNKNOWN, 9),
]  # fmt: skip
SIGNER_COUNTRIES = [
    ("PL", 30), ("LT", 15), ("DE", 12), ("BY", 10), ("US", 8), ("GB", 6), ("UA", 5),
    ("FR", 4), ("NL", 3), ("CZ", 3), ("SE", 2), ("CA", 1), ("IS", 1),
]  # fmt: skip
LOREM = (
    "This text is synthetic, generated for load tests; it describes no real person. "
    "It has the length and the shape of a real profile: an arrest after a protest, a "
    "trial behind closed doors, a sentence served far from home, letters that arrive "
    "late or not at all. "
)


def weighted(rng: random.Random, pairs: list[tuple]) -> list:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)


def synthetic_names(i: int, rng: random.Random) -> dict:
    first = rng.choice(FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    number = f"{i:05d}"
    russian_latin = " ".join(word.capitalize() for word in fold(f"{first[2]} {last[2]}").split())
    return {
        "name": f"Synthetic {first[0]} {last[0]} {number}",
        "name_en": f"Synthetic {first[0]} {last[0]} {number}",
        "name_be": f"Сінтэтычны {first[1]} {last[1]} {number}",
        "name_ru": f"Синтетический {first[2]} {last[2]} {number}",
        "other_spellings": f"{russian_latin} {number}",
    }


def random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days))


class Command(BaseCommand):
    help = (
        "Fill an empty database with synthetic people, campaigns and signatures for the "
        "benchmarks. Never run it on a database with real data: it refuses to."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--people", type=int, default=10_000)
        parser.add_argument("--campaigns", type=int, default=50)
        parser.add_argument("--signatures", type=int, default=1_000_000, help="confirmed")
        parser.add_argument(
            "--unconfirmed", type=int, default=30_000,
            help="signatures of the last six days still waiting for confirmation",
        )  # fmt: skip
        parser.add_argument("--stories", type=int, default=200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reset", action="store_true", help="Delete earlier synthetic data first."
        )

    def handle(self, *args, **options) -> None:
        self._refuse_real_data()
        rng = random.Random(options["seed"])
        started = time.monotonic()
        with translation.override("en"):
            if options["reset"]:
                self._step("reset", self._reset)
            elif Person.objects.exists() or Campaign.objects.exists():
                raise CommandError("Synthetic data is already there; pass --reset to replace it.")
            with transaction.atomic():
                sources = self._step("sources", self._sources)
                people = self._step("people", self._people, rng, options["people"])
                self._step("timelines", self._timelines, rng, people, sources)
                campaigns = self._step(
                    "campaigns", self._campaigns, rng, options["campaigns"], people, sources
                )
                self._step("stories", self._stories, rng, options["stories"], people, campaigns)
            self._step(
                "signatures", self._signatures, rng, campaigns, options["signatures"],
                options["unconfirmed"],
            )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # as autovacuum would have, in time
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")

    def _step(self, label: str, function, *args):
        began = time.monotonic()
        result = function(*args)
        count = f"{len(result):>9,}" if isinstance(result, list) else " " * 9
        self.stdout.write(f"  {label:<12} {count}  {time.monotonic() - began:6.1f} s")
        return result

    def _refuse_real_data(self) -> None:
        real = (
            Person.objects.exclude(slug__startswith=PREFIX).exists()
            or Campaign.objects.exclude(slug__startswith=PREFIX).exists()
            or Story.objects.exclude(slug__startswith=PREFIX).exists()
        )
        if real:
            raise CommandError(
                "This database holds real (non-synthetic) data. Use an empty database for "
                "the benchmarks, e.g. DATABASE_URL=postgres://…/bench."
            )

    def _reset(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM campaigns_signature WHERE campaign_id IN "
                "(SELECT id FROM campaigns_campaign WHERE slug LIKE %s)",
                [PREFIX + "%"],
            )
            Story.objects.filter(slug__startswith=PREFIX).delete()
            Campaign.objects.filter(slug__startswith=PREFIX).delete()
            Quote.objects.filter(person__slug__startswith=PREFIX).delete()
            Person.objects.filter(slug__startswith=PREFIX).delete()
            Source.objects.filter(slug__startswith=PREFIX).delete()
            cursor.execute("DELETE FROM django_tasks_database_dbtaskresult")

    def _sources(self) -> list[Source]:
        sources = [
            Source(
                slug=f"{PREFIX}source-{n:02d}",
                title=SOURCE_TITLE if n == 1 else f"{SOURCE_TITLE} (part {n})",
                publisher="Benchmark generator",
                note="Generated for load tests. Describes no real person or event.",
                published_on=datetime.date(2024, 1, n % 28 + 1),
                published_on_precision="day",
            )
            for n in range(1, 41)
        ]
        return Source.objects.bulk_create(sources)

    def _people(self, rng: random.Random, count: int) -> list[Person]:
        today = timezone.localdate()
        people = []
        for i in range(1, count + 1):
            status = weighted(rng, STATUSES)[0]
            arrested = random_date(rng, datetime.date(2020, 8, 1), datetime.date(2025, 6, 1))
            precision = rng.choices(["day", "month", "year"], weights=[80, 15, 5])[0]
            sentenced = arrested + datetime.timedelta(days=rng.randrange(60, 400))
            released = None
            if status in (Status.RELEASED, Status.RELEASED_EXILED):
                released = random_date(rng, sentenced, today)
            person = Person(
                **synthetic_names(i, rng),
                slug=f"{PREFIX}person-{i:05d}",
                is_political_prisoner=rng.random() < 0.97,
                status=status,
                country=weighted(rng, [("BY", 95), ("PL", 2), ("LT", 1), ("UA", 1), ("RU", 1)])[0],
                occupation=rng.choice(["Teacher", "Engineer", "Journalist", "Doctor", "Student"]),
                arrested_on=arrested,
                arrested_on_precision=precision,
                sentenced_on=sentenced if status != Status.DETAINED else None,
                sentenced_on_precision="day" if status != Status.DETAINED else "unknown",
                released_on=released,
                released_on_precision="day" if released else "unknown",
                sentence=f"{rng.randrange(1, 16)} years" if status != Status.DETAINED else "",
                charge="Organising actions that grossly violate public order (synthetic)",
                place_of_detention=f"Synthetic penal colony No. {rng.randrange(1, 25)}",
                conditions="Synthetic text: restricted letters and parcels.",
                summary=(LOREM * 2)[: rng.randrange(180, 400)],
                story="\n\n".join(
                    [f"## Synthetic story {i}", LOREM * 3, f"*{LOREM}*", "- " + LOREM * 2]
                ),
                date_of_birth=random_date(
                    rng, datetime.date(1950, 1, 1), datetime.date(2004, 12, 31)
                ),
                is_published=rng.random() < 0.97,
                is_featured=i <= 6,
            )
            for field in ("arrested_on", "sentenced_on", "released_on"):
                if getattr(person, field) is None:
                    setattr(person, f"{field}_precision", "unknown")
            person.refresh_search_columns()
            people.append(person)
        return Person.objects.bulk_create(people, batch_size=1000)

    def _timelines(self, rng, people: list[Person], sources: list[Source]) -> list:
        events, quotes, person_sources, relations = [], [], [], []
        for person in people:
            person_sources.append((person.pk, sources[0].pk))
            person_sources.append((person.pk, rng.choice(sources[1:]).pk))
            steps = [("Arrested", person.arrested_on), ("Charged", person.arrested_on)]
            if person.sentenced_on:
                steps.append(("Sentenced", person.sentenced_on))
            if person.released_on:
                steps.append(("Released", person.released_on))
            steps += [("Transferred", None)] * rng.randrange(0, 3)
            for position, (title, date) in enumerate(steps):
                events.append(
                    Event(
                        person=person,
                        position=position,
                        date=date,
                        date_precision="day" if date else "unknown",
                        title=f"{title} (synthetic)",
                        description=LOREM[: rng.randrange(60, len(LOREM))],
                    )
                )
            quotes.append(
                Quote(
                    person=person,
                    speaker=person,
                    position=0,
                    text="Synthetic words: I am not real, I am here for the load test.",
                    original_language="be",
                    context="Synthetic letter",
                    source=sources[0],
                )
            )
        for a, b in zip(people[::50], people[1::50], strict=False):
            relations.append(Relation(person=a, other=b, kind=RelationKind.SIBLING))
        events = Event.objects.bulk_create(events, batch_size=2000)
        Quote.objects.bulk_create(quotes, batch_size=2000)
        Relation.objects.bulk_create(relations, batch_size=2000)
        Person.sources.through.objects.bulk_create(
            (Person.sources.through(person_id=p, source_id=s) for p, s in person_sources),
            batch_size=5000,
        )
        Event.sources.through.objects.bulk_create(
            (
                Event.sources.through(event_id=event.pk, source_id=rng.choice(sources).pk)
                for event in events
            ),
            batch_size=5000,
        )
        return events

    def _campaigns(self, rng, count: int, people: list[Person], sources: list[Source]):
        now = timezone.now()
        campaigns = []
        for n in range(1, count + 1):
            status = CampaignStatus.OPEN if n <= count * 0.9 else CampaignStatus.CLOSED
            campaigns.append(
                Campaign(
                    title=f"Synthetic appeal {n:02d}: free the synthetic prisoners",
                    slug=f"{PREFIX}campaign-{n:02d}",
                    target="A synthetic addressee (benchmark data, not real)",
                    summary=(LOREM * 2)[:400],
                    appeal="\n\n".join(
                        [f"### Synthetic appeal {n}", LOREM * 4, "1. " + LOREM, "2. " + LOREM]
                    ),
                    share_text="Synthetic appeal for load tests",
                    goal=100_000,
                    status=status,
                    closed_at=now if status == CampaignStatus.CLOSED else None,
                    is_featured=n == 1,
                    created_at=now - datetime.timedelta(days=n),
                )
            )
        campaigns = Campaign.objects.bulk_create(campaigns)
        published = [p for p in people if p.is_published and p.is_political_prisoner]
        for campaign in campaigns:
            campaign.prisoners.set(rng.sample(published, rng.randrange(1, 6)))
            campaign.sources.set([sources[0], rng.choice(sources[1:])])
        return campaigns

    def _stories(self, rng, count: int, people: list[Person], campaigns: list[Campaign]):
        today = timezone.localdate()
        source = Source.objects.get(slug=f"{PREFIX}source-01")
        stories = Story.objects.bulk_create(
            Story(
                title=f"Synthetic story {n:03d}",
                slug=f"{PREFIX}story-{n:03d}",
                standfirst="A synthetic update for load tests.",
                body="\n\n".join([LOREM * 3, LOREM * 2]),
                published_on=today - datetime.timedelta(days=n),
                source=source,
                is_published=True,
            )
            for n in range(1, count + 1)
        )
        Story.prisoners.through.objects.bulk_create(
            Story.prisoners.through(story_id=story.pk, person_id=person.pk)
            for story in stories
            for person in rng.sample(people, 2)
        )
        Story.campaigns.through.objects.bulk_create(
            Story.campaigns.through(story_id=story.pk, campaign_id=rng.choice(campaigns).pk)
            for story in stories
        )
        return stories

    def _signatures(self, rng, campaigns: list[Campaign], count: int, unconfirmed: int) -> list:
        """COPY the signatures (confirmed, then recent unconfirmed ones), then the counter
        rows computed from the confirmed ones."""
        # Popular campaigns get more: campaign n weighs 1/n.
        weights = [1 / n for n in range(1, len(campaigns) + 1)]
        countries, country_weights = zip(*SIGNER_COUNTRIES, strict=True)
        # Every concrete column, so that new model fields with defaults still load.
        fields = [f for f in Signature._meta.concrete_fields if not f.primary_key]
        template = Signature()
        constant = {
            f.attname: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields
        }
        columns = [f.column for f in fields]
        tallies = Counter()
        start = timezone.now() - datetime.timedelta(days=60)
        total = count + unconfirmed
        campaign_ids = rng.choices([c.pk for c in campaigns], weights=weights, k=total)
        countries_drawn = rng.choices(countries, weights=country_weights, k=total)
        recent = timezone.now() - datetime.timedelta(days=6)
        with transaction.atomic(), connection.cursor() as cursor:
            sql = f"COPY campaigns_signature ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(sql) as copy:
                for i in range(total):
                    campaign_id, country = campaign_ids[i], countries_drawn[i]
                    confirmed = i < count
                    shard = i % TALLY_SHARDS if confirmed else None
                    if confirmed:
                        created = start + datetime.timedelta(seconds=i * 5)
                    else:
                        created = recent + datetime.timedelta(seconds=(i - count) * 17)
                    email = f"signer-{i:07d}@{SIGNER_DOMAIN}"
                    values = dict(constant)
                    values.update(
                        campaign_id=campaign_id,
                        public_id=uuid.uuid4(),  # unique: one each, not the template's
                        name=f"Synthetic Signer {i:07d}",
                        email=email,
                        email_normalised=email,
                        country=country,
                        show_name_publicly=i % 3 == 0,
                        created_at=created,
                        confirmed_at=created + datetime.timedelta(minutes=5) if confirmed else None,
                        # Never to be emailed by a worker: mark their emails as sent.
                        confirmation_email_queued_at=created,
                        tally_shard=shard,
                    )
                    copy.write_row([values[f.attname] for f in fields])
                    if confirmed:
                        tallies[campaign_id, country, shard] += 1
            SignatureTally.objects.bulk_create(
                SignatureTally(campaign_id=c, country=country, shard=s, confirmed=n)
                for (c, country, s), n in tallies.items()
            )
        return campaign_ids
