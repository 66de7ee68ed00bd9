"""Import and export of cases as prisoner databases publish them (one row a person), and of
the vocabularies they use (criminal-code articles, places of detention). See docs/import.md."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from prisoners.dates import Precision
from prisoners.models import (
    CaseArticle,
    CriminalArticle,
    Person,
    PlaceOfDetention,
    ReleaseKind,
    Source,
    StatusChange,
    StatusKind,
    Stay,
    Verdict,
)

CASE_COLUMNS = ["id", "name", "name_be", "name_ru", "other_spellings", "status", "birthday",
                "gender", "arrested", "articles", "verdict_date", "penalty", "judge",
                "prosecutor", "court", "place_of_detention", "release_date", "died",
                "source"]  # fmt: skip
MAX_CELL = 2000

# The status column: a code, or the words prisoner databases use.
STATUS_WORDS = {
    "detained": "detained", "awaiting trial": "detained", "in custody": "detained",
    "sentenced": "sentenced", "convicted": "sentenced", "in prison": "sentenced",
    "released": "released", "free": "released",
    "released_exiled": "released_exiled", "released, forcibly exiled": "released_exiled",
    "released and forcibly exiled": "released_exiled", "exiled": "released_exiled",
    "deceased": "deceased", "died": "deceased", "died in custody": "deceased",
}  # fmt: skip
GENDER_WORDS = {"female": "female", "f": "female", "woman": "female", "male": "male",
                "m": "male", "man": "male", "other": "other"}  # fmt: skip


def parse_fuzzy_date(text: str) -> tuple[datetime.date | None, str]:
    """YYYY, YYYY-MM, YYYY-MM-DD or DD.MM.YYYY, kept at the precision given; raises
    ValueError on anything else (or an impossible date such as 2020-13-45)."""
    text = text.strip()
    if not text:
        return None, Precision.UNKNOWN
    if m := re.fullmatch(r"(\d{4})", text):
        return datetime.date(int(m[1]), 1, 1), Precision.YEAR
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        return datetime.date(int(m[1]), int(m[2]), 1), Precision.MONTH
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return datetime.date(int(m[1]), int(m[2]), int(m[3])), Precision.DAY
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text):
        return datetime.date(int(m[3]), int(m[2]), int(m[1])), Precision.DAY
    raise ValueError(text)


def format_fuzzy_date(value: datetime.date | None, precision: str) -> str:
    if value is None or precision == Precision.UNKNOWN:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


YEARS = r"(?:years?|yrs?|лет|года|год)"
MONTHS = r"(?:months?|месяцев|месяца|месяц)"


def parse_term_months(term: str) -> int | None:
    """The months of a term written "N years [M months]" (English or Russian), at the start
    of the text ("3 years colony, general regime"); None when it is not a plain time."""
    m = re.match(rf"\s*(?:(\d+)\s*{YEARS})?\s*(?:(\d+)\s*{MONTHS})?", term.casefold())
    if not m or not (m[1] or m[2]):
        return None
    return int(m[1] or 0) * 12 + int(m[2] or 0)


class Vocabulary:
    """The articles, places and sources of the database, read once per import."""

    def __init__(self):
        self.articles = CriminalArticle.objects.all().by_label()
        self.places = PlaceOfDetention.objects.all().by_name()
        self.sources = {}
        for source in Source.objects.all():
            self.sources[source.slug.casefold()] = source
            if source.url:
                self.sources[source.url.casefold()] = source


def cell(row: dict, column: str) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        value = value.date() if isinstance(value, datetime.datetime) else value
        return value.isoformat()
    return str(value).strip()


def parse_case(row: dict, vocabulary: Vocabulary, default_source: Source | None) -> dict:
    """The facts of one row, checked against the vocabulary; raises ValidationError with
    every problem of the row, each in words a person understands."""
    errors = []
    case = {}
    for column in CASE_COLUMNS:
        if len(cell(row, column)) > MAX_CELL:
            errors.append(_("The “%(column)s” cell is too long.") % {"column": column})
    if errors:
        raise ValidationError(errors)
    case["id"] = cell(row, "id")
    case["name"] = cell(row, "name")
    if not case["id"]:
        errors.append(_("The id is missing."))
    if not case["name"]:
        errors.append(_("The name is missing."))
    case["name_be"] = cell(row, "name_be")
    case["name_ru"] = cell(row, "name_ru")
    spellings = [s.strip() for s in cell(row, "other_spellings").split(";")]
    case["other_spellings"] = "\n".join(s for s in spellings if s)

    status_text = cell(row, "status").casefold()
    case["status"] = STATUS_WORDS.get(status_text, "")
    if status_text and not case["status"]:
        errors.append(
            _("Unknown status “%(status)s”: use detained, sentenced, released, "
              "released_exiled or deceased.") % {"status": cell(row, "status")}
        )  # fmt: skip
    gender_text = cell(row, "gender").casefold()
    case["gender"] = GENDER_WORDS.get(gender_text, "")
    if gender_text and not case["gender"]:
        errors.append(_("Unknown gender “%(gender)s”: use female, male or other.")
                      % {"gender": cell(row, "gender")})  # fmt: skip

    for column in ("birthday", "arrested", "verdict_date", "release_date", "died"):
        try:
            case[column] = parse_fuzzy_date(cell(row, column))
        except ValueError:
            errors.append(
                _("Unreadable date “%(value)s” in “%(column)s”: write YYYY, YYYY-MM, "
                  "YYYY-MM-DD or DD.MM.YYYY.") % {"value": cell(row, column), "column": column}
            )  # fmt: skip

    case["articles"] = []
    for label in filter(None, (a.strip() for a in cell(row, "articles").split(";"))):
        article = vocabulary.articles.get(label)
        if article is None:
            errors.append(
                _("Unknown article “%(label)s”: add it under Criminal-code articles first.")
                % {"label": label}
            )
        else:
            case["articles"].append(article)

    place_name = cell(row, "place_of_detention")
    case["place"] = vocabulary.places.get(place_name.casefold()) if place_name else None
    if place_name and case["place"] is None:
        errors.append(
            _("Unknown place of detention “%(place)s”: add it under Places of detention "
              "first.") % {"place": place_name}
        )  # fmt: skip

    for column in ("penalty", "judge", "prosecutor", "court"):
        case[column] = cell(row, column)

    source_text = cell(row, "source")
    case["source"] = vocabulary.sources.get(source_text.casefold()) if source_text else None
    if source_text and case["source"] is None:
        errors.append(_("Unknown source “%(source)s”: add it under Sources first.")
                      % {"source": source_text})  # fmt: skip
    elif case["source"] is None:
        case["source"] = default_source
    if errors:
        raise ValidationError(errors)
    return case


def status_changes_of(case: dict) -> list[StatusChange]:
    """The status history the row's dates and status imply, in order (unsaved)."""
    status = case["status"]
    unknown = (None, Precision.UNKNOWN)
    changes = []

    def add(kind, when, release_kind=""):
        changes.append(StatusChange(kind=kind, date=when[0], date_precision=when[1],
                                    release_kind=release_kind))  # fmt: skip

    if case["arrested"][0] or status == "detained":
        add(StatusKind.ARRESTED, case["arrested"])
    if case["verdict_date"][0] or case["penalty"] or status == "sentenced":
        add(StatusKind.SENTENCED, case["verdict_date"])
    if case["release_date"][0] or status in ("released", "released_exiled"):
        kind = ReleaseKind.EXILED if status == "released_exiled" else ""
        add(StatusKind.RELEASED, case["release_date"], kind)
    if case["died"][0] or status == "deceased":
        add(StatusKind.DIED, case["died"] if case["died"][0] else unknown)
    return changes


def case_of_person(person: Person) -> dict:
    """The row the person's stored case would be exported as."""
    changes = {c.kind: c for c in person.status_changes.all()}
    verdict = person.current_verdict
    stays = list(person.stays.all())

    def date_of(kind):
        change = changes.get(kind)
        return format_fuzzy_date(change.date, change.date_precision) if change else ""

    released = changes.get(StatusKind.RELEASED)
    return {
        "id": person.external_id,
        "name": person.name_en or person.name,
        "name_be": person.name_be or "",
        "name_ru": person.name_ru or "",
        "other_spellings": "; ".join(person.other_spellings.splitlines()),
        "status": person.status if person.status != "unknown" else "",
        "birthday": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "gender": person.gender,
        "arrested": date_of(StatusKind.ARRESTED),
        "articles": "; ".join(ca.article.short_label for ca in person.case_articles.all()),
        "verdict_date": format_fuzzy_date(verdict.date, verdict.date_precision) if verdict else "",
        "penalty": (verdict.term_en or "") if verdict else "",
        "judge": verdict.judge if verdict else "",
        "prosecutor": verdict.prosecutor if verdict else "",
        "court": verdict.court if verdict else "",
        "place_of_detention": (stays[-1].place.name_en or stays[-1].place.name) if stays else "",
        "release_date": format_fuzzy_date(released.date, released.date_precision)
        if released
        else "",
        "died": date_of(StatusKind.DIED),
    }


def comparable(case: dict) -> dict:
    """A parsed row as the exported columns write it, to tell an unchanged row."""
    return {
        "id": case["id"],
        "name": case["name"],
        "name_be": case["name_be"],
        "name_ru": case["name_ru"],
        "other_spellings": "; ".join(case["other_spellings"].splitlines()),
        "status": case_status(case),
        "birthday": case["birthday"][0].isoformat() if case["birthday"][0] else "",
        "gender": case["gender"],
        "arrested": format_fuzzy_date(*case["arrested"]),
        "articles": "; ".join(a.short_label for a in case["articles"]),
        "verdict_date": format_fuzzy_date(*case["verdict_date"]),
        "penalty": case["penalty"],
        "judge": case["judge"],
        "prosecutor": case["prosecutor"],
        "court": case["court"],
        "place_of_detention": (case["place"].name_en or case["place"].name)
        if case["place"]
        else "",
        "release_date": format_fuzzy_date(*case["release_date"]),
        "died": format_fuzzy_date(*case["died"]),
    }


def case_status(case: dict) -> str:
    from prisoners.models import derived_status

    status = derived_status(status_changes_of(case))[0]
    return status if status != "unknown" else ""


def person_fill(person: Person, case: dict) -> None:
    """Copy the row's facts about the person onto the (unsaved) person."""
    person.external_id = case["id"]
    person.name = person.name_en = case["name"]
    person.name_be = case["name_be"] or None
    person.name_ru = case["name_ru"] or None
    person.other_spellings = case["other_spellings"]
    person.gender = case["gender"]
    person.date_of_birth = case["birthday"][0]
    if not person.slug:
        base = slugify(case["name"])[:150] or "case"
        person.slug = f"{base}-{slugify(case['id'])[:40]}"


@transaction.atomic
def record_replace(person: Person, case: dict, *, is_new: bool = False) -> None:
    """Replace the person's record (status history, verdict, articles, stay) with the one
    the row gives, every entry citing the row's source; the status is then derived."""
    from prisoners.models import derived_status

    source = case["source"]
    if not is_new:
        for entries in (person.status_changes, person.verdicts, person.case_articles,
                        person.stays):  # fmt: skip
            entries.all().delete()
    changes = status_changes_of(case)
    for position, change in enumerate(changes, start=1):
        change.person, change.position = person, position
    StatusChange.objects.bulk_create(changes)
    entries = list(changes)
    if case["verdict_date"][0] or case["penalty"] or case["judge"] or case["court"]:
        verdict = Verdict(
            person=person, position=1, date=case["verdict_date"][0],
            date_precision=case["verdict_date"][1], court=case["court"], judge=case["judge"],
            prosecutor=case["prosecutor"], term_en=case["penalty"],
            term=case["penalty"], term_months=parse_term_months(case["penalty"]),
        )  # fmt: skip
        Verdict.objects.bulk_create([verdict])
        entries.append(verdict)
    articles = [CaseArticle(person=person, article=article, position=position)
                for position, article in enumerate(case["articles"], start=1)]  # fmt: skip
    CaseArticle.objects.bulk_create(articles)
    entries += articles
    if case["place"]:
        stay = Stay(person=person, place=case["place"], position=1)
        Stay.objects.bulk_create([stay])
        entries.append(stay)
    if source:
        cite(person, entries, source)
    status, arrested, released = derived_status(changes)
    Person.objects.filter(pk=person.pk).update(
        status=status, arrested_on=arrested[0], arrested_on_precision=arrested[1],
        released_on=released[0], released_on_precision=released[1],
    )  # fmt: skip


def cite(person: Person, entries: list, source: Source) -> None:
    """Make the person and each entry cite the source, one insert per kind of entry."""
    person.sources.add(source)
    by_model = {}
    for entry in entries:
        by_model.setdefault(type(entry), []).append(entry)
    for model, items in by_model.items():
        through = model.sources.through
        fk = f"{model._meta.model_name}_id"
        through.objects.bulk_create([through(**{fk: item.pk, "source_id": source.pk})
                                     for item in items])  # fmt: skip


def case_field(column: str) -> fields.Field:
    """A column of the case file: read and written by PersonResource as a whole row."""
    return fields.Field(column_name=column, readonly=True)


class PersonResource(resources.ModelResource):
    """One row a case, keyed by the external id; see docs/import.md."""

    case_id = case_field("id")
    case_name = case_field("name")
    case_name_be = case_field("name_be")
    case_name_ru = case_field("name_ru")
    case_other_spellings = case_field("other_spellings")
    case_status = case_field("status")
    case_birthday = case_field("birthday")
    case_gender = case_field("gender")
    case_arrested = case_field("arrested")
    case_articles = case_field("articles")
    case_verdict_date = case_field("verdict_date")
    case_penalty = case_field("penalty")
    case_judge = case_field("judge")
    case_prosecutor = case_field("prosecutor")
    case_court = case_field("court")
    case_place_of_detention = case_field("place_of_detention")
    case_release_date = case_field("release_date")
    case_died = case_field("died")
    case_source = case_field("source")

    def __init__(self, source: Source | None = None, **kwargs):
        super().__init__()
        self.source = source
        self.vocabulary = None

    class Meta:
        model = Person
        fields = [f"case_{column}" for column in CASE_COLUMNS]
        import_id_fields = ()
        skip_diff = True
        use_bulk = False
        clean_model_instances = False

    def exported_columns(self, selected_fields=None) -> list[str]:
        if not selected_fields:
            return list(CASE_COLUMNS)
        chosen = {self.fields[name].column_name for name in selected_fields if name in self.fields}
        return [column for column in CASE_COLUMNS if column in chosen]

    def get_export_headers(self, selected_fields=None):
        return self.exported_columns(selected_fields)

    def export_resource(self, instance, selected_fields=None, **kwargs):
        case = case_of_person(instance)
        sources = list(instance.sources.all())
        case["source"] = sources[0].slug if sources else ""
        return [case[column] for column in self.exported_columns(selected_fields)]

    def filter_export(self, queryset, **kwargs):
        return queryset.prefetch_related(
            "status_changes", "verdicts", "case_articles__article", "stays__place", "sources"
        )

    def before_import(self, dataset, **kwargs):
        missing = {"id", "name"} - set(dataset.headers or [])
        if missing:
            raise ValidationError(
                _("The file has no “%(columns)s” column; the columns are: %(all)s.")
                % {"columns": ", ".join(sorted(missing)), "all": ", ".join(CASE_COLUMNS)}
            )
        self.vocabulary = Vocabulary()
        self.existing = {
            p.external_id: p
            for p in Person.objects.exclude(external_id="")
            .filter(external_id__in=[str(v).strip() for v in dataset["id"] if v])
            .prefetch_related(
                "status_changes", "verdicts", "case_articles__article", "stays__place"
            )  # fmt: skip
        }

    def get_or_init_instance(self, instance_loader, row):
        external_id = cell(row, "id")
        person = self.existing.get(external_id)
        if person is not None:
            return person, False
        return Person(), True

    def import_instance(self, instance, row, **kwargs):
        if self.source is None and not cell(row, "source"):
            raise ValidationError(_("Choose the source the file comes from."))
        self._case = parse_case(row, self.vocabulary, self.source)
        person_fill(instance, self._case)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        return case_of_person(self.existing[instance.external_id]) == comparable(self._case)

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.save()
        self.existing[instance.external_id] = instance
        record_replace(instance, self._case, is_new=is_create)

    def save_m2m(self, instance, row, **kwargs):
        pass


class CriminalArticleResource(resources.ModelResource):
    class Meta:
        model = CriminalArticle
        fields = ("country", "code", "article", "part", "title_en", "title_be", "title_ru")
        import_id_fields = ("country", "code", "article", "part")
        skip_unchanged = True


class PlaceOfDetentionResource(resources.ModelResource):
    class Meta:
        model = PlaceOfDetention
        fields = ("slug", "name_en", "name_be", "name_ru", "kind", "region", "country",
                  "postal_address")  # fmt: skip
        import_id_fields = ("slug",)
        skip_unchanged = True
