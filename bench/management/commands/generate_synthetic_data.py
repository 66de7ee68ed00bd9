"""Synthetic data at production scale, for the benchmarks (docs/benchmarks.md).

Everything it writes is marked as synthetic: slugs start with `synthetic-`, people are
named "Synthetic … 00001", every fact cites the source "Synthetic data for benchmarks —
not real", signers' addresses end in `@synthetic.invalid`. It refuses to run on a
database that holds anything else, so it cannot mix fake rows into real data.

Only bench/settings.py installs this command: `make run` and production never see it.

    DJANGO_SETTINGS_MODULE=bench.settings python manage.py generate_synthetic_data
"""

import contextlib
import datetime
import random
import time
import uuid
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation

from campaigns.models import (
    TALLY_SHARDS,
    Campaign,
    CampaignStatus,
    Signature,
    SignatureTally,
    owner_box_new,
    shown_name,
)
from core import email_addresses, sealing
from core.encryption import EncryptedTextField
from prisoners.models import (
    ArticleStage,
    CaseArticle,
    CriminalArticle,
    Event,
    Gender,
    PenaltyKind,
    Person,
    PlaceKind,
    PlaceOfDetention,
    Quote,
    Recognition,
    Relation,
    RelationKind,
    ReleaseKind,
    Source,
    StatusChange,
    StatusKind,
    Stay,
    Verdict,
    derived_status,
)
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
# How a synthetic case ends so far (its status derives from the history built for it);
# "none" is a person with no status history yet, so their status is unknown.
OUTCOMES = [
    ("sentenced", 60), ("detained", 10), ("released", 15), ("exiled", 5), ("died", 1),
    ("none", 9),
]  # fmt: skip
SYNTHETIC_ARTICLES = [
    ("342", "1"), ("342", "2"), ("130", "3"), ("361", "1"), ("361", "3"), ("361-1", "1"),
    ("361-4", ""), ("367", "1"), ("368", "1"), ("369", ""), ("293", "1"), ("293", "2"),
    ("356", "1"), ("357", "1"), ("289", "1"), ("411", "1"), ("423", "1"), ("191", "2"),
]  # fmt: skip
PLACE_KINDS = [
    (PlaceKind.TEMPORARY, 5), (PlaceKind.PRE_TRIAL, 7), (PlaceKind.COLONY, 12),
    (PlaceKind.PRISON, 3), (PlaceKind.COLONY_SETTLEMENT, 2), (PlaceKind.HOSPITAL, 1),
]  # fmt: skip
REGIONS = ["Minsk", "Brest", "Homiel", "Hrodna", "Mahilioŭ", "Viciebsk", "Minsk Region"]
PENALTIES = [
    (PenaltyKind.COLONY_GENERAL, 40), (PenaltyKind.COLONY_REINFORCED, 25),
    (PenaltyKind.COLONY_STRICT, 8), (PenaltyKind.PRISON, 3),
    (PenaltyKind.RESTRICTED_FREEDOM, 10), (PenaltyKind.HOME_CONFINEMENT, 6),
    (PenaltyKind.FINE, 3), (PenaltyKind.SUSPENDED, 5),
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


@contextlib.contextmanager
def signature_writer(cursor, fields: list, columns: list[str]):
    """COPY on PostgreSQL; on SQLite (a quick local run) batched INSERTs of the same rows."""
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY campaigns_signature ({', '.join(columns)}) FROM STDIN") as copy:
            yield copy
        return
    # Column names from the model's own fields, no outside input.
    sql = (
        f"INSERT INTO campaigns_signature ({', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    batch = []

    class Writer:
        def write_row(self, row: list) -> None:
            pairs = zip(fields, row, strict=True)
            # Names and addresses come sealed already, as COPY needs them.
            batch.append(
                [
                    v if isinstance(f, EncryptedTextField) else f.get_db_prep_save(v, connection)
                    for f, v in pairs
                ]
            )
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch.clear()

    yield Writer()
    if batch:
        cursor.executemany(sql, batch)


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
                self._step("records", self._records, rng, people, sources)
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
            # As autovacuum would have, in time.
            # VACUUM cannot run in a transaction (a test's, say); ANALYZE can.
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
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
            or PlaceOfDetention.objects.exclude(slug__startswith=PREFIX).exists()
            or CriminalArticle.objects.exclude(title__startswith="Synthetic article").exists()
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
            PlaceOfDetention.objects.filter(slug__startswith=PREFIX).delete()
            CriminalArticle.objects.filter(title__startswith="Synthetic article").delete()
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
        """The people, with their status and dates derived (derived_status) from the status
        history each is given here, since bulk_create bypasses StatusChange.save()."""
        people = []
        for i in range(1, count + 1):
            history = self._history(rng)
            person = Person(
                **synthetic_names(i, rng),
                slug=f"{PREFIX}person-{i:05d}",
                is_political_prisoner=rng.random() < 0.97,
                gender=weighted(rng, [(Gender.MALE, 70), (Gender.FEMALE, 28), ("", 2)])[0],
                country=weighted(rng, [("BY", 95), ("PL", 2), ("LT", 1), ("UA", 1), ("RU", 1)])[0],
                occupation=rng.choice(["Teacher", "Engineer", "Journalist", "Doctor", "Student"]),
                charge="Organising actions that grossly violate public order (synthetic)",
                conditions="Synthetic text: restricted letters and parcels.",
                is_incommunicado=bool(history) and rng.random() < 0.03,
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
            # Built once: derived from here, saved with the person in _records.
            changes = [
                StatusChange(
                    position=position, kind=kind, release_kind=release, date=date,
                    date_precision=precision, note="Synthetic entry",
                )
                for position, (kind, release, date, precision) in enumerate(history, start=1)
            ]  # fmt: skip
            person.synthetic_history = history, changes
            person.status, arrested, released = derived_status(changes)
            person.arrested_on, person.arrested_on_precision = arrested
            person.released_on, person.released_on_precision = released
            person.refresh_search_columns()
            people.append(person)
        created = Person.objects.bulk_create(people, batch_size=1000)
        for person, made in zip(people, created, strict=True):
            made.synthetic_history = person.synthetic_history
        return created

    def _history(self, rng: random.Random) -> list[tuple]:
        """A consistent status history: (kind, release kind, date, precision) in order."""
        outcome = weighted(rng, OUTCOMES)[0]
        if outcome == "none":
            return []
        today = timezone.localdate()
        arrested = random_date(rng, datetime.date(2020, 8, 1), datetime.date(2025, 6, 1))
        precision = rng.choices(["day", "month", "year"], weights=[80, 15, 5])[0]
        history = [(StatusKind.ARRESTED, "", arrested, precision)]
        detained = arrested + datetime.timedelta(days=rng.randrange(1, 10))
        history.append((StatusKind.DETAINED, "", detained, "day"))
        if outcome == "detained":
            return history
        date = detained + datetime.timedelta(days=rng.randrange(60, 400))
        history.append((StatusKind.SENTENCED, "", min(date, today), "day"))
        for _ in range(rng.randrange(0, 2 if outcome == "sentenced" else 1)):
            date = date + datetime.timedelta(days=rng.randrange(30, 300))
            history.append((StatusKind.TRANSFERRED, "", min(date, today), "day"))
        if outcome in ("released", "exiled", "died"):
            date = min(date + datetime.timedelta(days=rng.randrange(90, 1500)), today)
            if outcome == "died":
                history.append((StatusKind.DIED, "", date, "day"))
            else:
                release = (
                    ReleaseKind.EXILED
                    if outcome == "exiled"
                    else rng.choice([ReleaseKind.SERVED, ReleaseKind.PARDONED])
                )
                history.append((StatusKind.RELEASED, release, date, "day"))
        return history

    def _articles(self) -> list[CriminalArticle]:
        return CriminalArticle.objects.bulk_create(
            CriminalArticle(
                country="BY",
                code="CC",
                article=article,
                part=part,
                title=f"Synthetic article {article}{'-' + part if part else ''} (not real)",
            )
            for article, part in SYNTHETIC_ARTICLES
        )

    def _places(self, rng: random.Random) -> list[PlaceOfDetention]:
        places = []
        for n in range(1, 31):
            kind = weighted(rng, PLACE_KINDS)[0]
            region = REGIONS[n % len(REGIONS)]
            places.append(
                PlaceOfDetention(
                    slug=f"{PREFIX}place-{n:02d}",
                    name=f"Synthetic {PlaceKind(kind).label.lower()} No. {n}",
                    kind=kind,
                    country="BY",
                    region=region,
                    postal_address=(
                        f"Synthetic {kind.replace('_', ' ')} No. {n}\n"
                        f"{n} Synthetic Street\n{region} (not a real address)"
                    ),
                )
            )
        return PlaceOfDetention.objects.bulk_create(places)

    def _records(self, rng, people: list[Person], sources: list[Source]) -> list:
        """Each person's legal record from the history _people gave them: the status
        changes, a verdict for the sentenced, the articles, one stay per place (a transfer
        is a new stay) and a recognition; every entry cites a synthetic source."""
        articles = self._step("articles", self._articles)
        places = self._step("places", self._places, rng)
        by_kind = {
            kind: [p for p in places if p.kind == kind] or places for kind in PlaceKind.values
        }
        custody = by_kind[PlaceKind.COLONY] + by_kind[PlaceKind.PRISON]
        rows = {model: [] for model in (StatusChange, Verdict, CaseArticle, Stay, Recognition)}
        for person in people:
            history, changes = person.synthetic_history
            if not history:
                continue
            for change in changes:
                change.person = person
            rows[StatusChange] += changes
            stays, charged = [], rng.sample(articles, rng.randrange(1, 4))
            for kind, _release, date, precision in history:
                place = {
                    StatusKind.ARRESTED: by_kind[PlaceKind.TEMPORARY],
                    StatusKind.DETAINED: by_kind[PlaceKind.PRE_TRIAL],
                    StatusKind.SENTENCED: custody,
                    StatusKind.TRANSFERRED: custody,
                }.get(kind)
                if place:
                    if stays:
                        stays[-1].ended_on, stays[-1].ended_on_precision = date, precision
                    stays.append(
                        Stay(
                            person=person, position=len(stays) + 1, place=rng.choice(place),
                            started_on=date, started_on_precision=precision,
                        )
                    )  # fmt: skip
                elif stays:  # released or died: the last stay ends
                    stays[-1].ended_on, stays[-1].ended_on_precision = date, precision
                if kind == StatusKind.SENTENCED:
                    years = rng.randrange(1, 16)
                    rows[Verdict].append(
                        Verdict(
                            person=person, position=1, date=date, date_precision=precision,
                            court=f"Synthetic district court No. {rng.randrange(1, 40)}",
                            judge="Synthetic Judge", prosecutor="Synthetic Prosecutor",
                            penalty_kind=weighted(rng, PENALTIES)[0],
                            term=f"{years} years (synthetic)", term_months=years * 12,
                        )
                    )  # fmt: skip
                    for position_a, article in enumerate(charged, start=len(charged) + 1):
                        rows[CaseArticle].append(
                            CaseArticle(
                                person=person, position=position_a, article=article,
                                stage=ArticleStage.CONVICTED,
                            )
                        )  # fmt: skip
            for position_a, article in enumerate(charged, start=1):
                rows[CaseArticle].append(
                    CaseArticle(
                        person=person, position=position_a, article=article,
                        stage=ArticleStage.CHARGED,
                    )
                )  # fmt: skip
            rows[Stay] += stays
            if person.is_political_prisoner:
                rows[Recognition].append(
                    Recognition(
                        person=person, position=1,
                        organisation="Synthetic Human Rights Centre (not real)",
                        date=history[0][2] + datetime.timedelta(days=rng.randrange(10, 90)),
                        date_precision="day",
                    )
                )  # fmt: skip
        created = []
        for model, objects in rows.items():
            objects = model.objects.bulk_create(objects, batch_size=2000)
            through = model.sources.through
            column = f"{model._meta.model_name}_id"
            through.objects.bulk_create(
                (through(**{column: o.pk, "source_id": rng.choice(sources).pk}) for o in objects),
                batch_size=5000,
            )
            self.stdout.write(f"    {model._meta.model_name:<12} {len(objects):>9,}")
            created += objects
        return created

    def _timelines(self, rng, people: list[Person], sources: list[Source]) -> list:
        events, quotes, person_sources, relations = [], [], [], []
        for person in people:
            person_sources.append((person.pk, sources[0].pk))
            person_sources.append((person.pk, rng.choice(sources[1:]).pk))
            steps = [("Charged", person.arrested_on)] if person.arrested_on else []
            steps += [("Letter received", None)] * rng.randrange(0, 3)
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
        domain_digest = email_addresses.domain_digest(SIGNER_DOMAIN)
        with transaction.atomic(), connection.cursor() as cursor:
            with signature_writer(cursor, fields, columns) as copy:
                for i in range(total):
                    campaign_id, country = campaign_ids[i], countries_drawn[i]
                    confirmed = i < count
                    shard = i % TALLY_SHARDS if confirmed else None
                    if confirmed:
                        created = start + datetime.timedelta(seconds=i * 5)
                    else:
                        created = recent + datetime.timedelta(seconds=(i - count) * 17)
                    email = f"signer-{i:07d}@{SIGNER_DOMAIN}"
                    name = f"Synthetic Signer {i:07d}"
                    values = dict(constant)
                    if not confirmed:
                        # Taken in by the office: the owner's box and its sealed key, from
                        # which the office makes the links.
                        owner_key, owner_box = owner_box_new(name=name, email=email, comment="")
                        values.update(owner_key=sealing.seal(owner_key), owner_box=owner_box)
                    values.update(
                        campaign_id=campaign_id,
                        public_id=uuid.uuid4(),  # unique: one each, not the template's
                        # Sealed as the public role stores them, digested as the office's
                        # intake does (issue 34).
                        name=sealing.seal(name),
                        email=sealing.seal(email),
                        email_digest=email_addresses.digest(email),
                        email_domain_digest=domain_digest,
                        country=country,
                        show_name_publicly=i % 3 == 0,
                        # Written by the office once confirmed with the box ticked.
                        public_name=shown_name(name) if confirmed and i % 3 == 0 else "",
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
