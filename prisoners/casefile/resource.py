"""Import and export of cases as prisoner databases publish them (one row a person), and of
the vocabularies they use (criminal-code articles, places of detention). See docs/import.md.

The case import runs through django-import-export's row-by-row workflow for the checks and
the report, and writes in bulk: the people of the file are read CHUNK at a time, each row
is checked and planned without a write (so the dry run writes nothing at all), and the
rows that change something are written a chunk at a time (writing.py)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from core.languages import localized_fields
from prisoners.casefile.columns import CASE_COLUMNS, case_of_person
from prisoners.casefile.planning import PREFETCH, plan_case, planned_changes
from prisoners.casefile.reading import Vocabulary, cell, parse_case, slug_for
from prisoners.casefile.writing import CHUNK, write_cases
from prisoners.models import CriminalArticle, Person, PlaceOfDetention, Source


def case_field(column: str) -> fields.Field:
    """A column of the case file: read and written by PersonResource as a whole row."""
    return fields.Field(column_name=column, readonly=True)


# A field a column of the case file (`case_<column>`), whose names follow LANGUAGES.
CaseColumns = type(
    "CaseColumns",
    (resources.Resource,),
    {f"case_{column}": case_field(column) for column in CASE_COLUMNS},
)


class PersonResource(CaseColumns, resources.ModelResource):
    """One row a case, keyed by the external id; see docs/import.md."""

    def __init__(self, source: Source | None = None, country: str | None = None, **kwargs):
        super().__init__()
        self.source = source
        self.country = country
        self.vocabulary = None

    class Meta:
        model = Person
        fields = [f"case_{column}" for column in CASE_COLUMNS]
        import_id_fields = ()
        skip_diff = True
        use_bulk = True
        batch_size = CHUNK
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
        return queryset.prefetch_related(*PREFETCH)

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False,
                    **kwargs):  # fmt: skip
        """Any bad row leaves the database as it was, in the import as in the dry run. A
        file that cannot be imported as a whole is refused before any row is read (after
        an error in before_import the library would go on through every row)."""
        problem = self.file_problem(dataset)
        if problem:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            result.append_base_error(self.get_error_result_class()(ValidationError(problem)))
            return result
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True,
            collect_failed_rows=collect_failed_rows, rollback_on_validation_errors=True,
            **kwargs,
        )  # fmt: skip

    def file_problem(self, dataset) -> str:
        """Why the file cannot be imported at all: more rows than IMPORT_MAX_ROWS (each
        step must end within the server's time limit), or no id or name column."""
        if len(dataset) > settings.IMPORT_MAX_ROWS:
            return _(
                "The file has %(rows)s rows: the import takes up to %(limit)s at a time, so "
                "that each step finishes within the server's time limit. Split it into "
                "smaller files."
            ) % {"rows": number_format(len(dataset), force_grouping=True),
                 "limit": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True)}  # fmt: skip
        missing = {"id", "name"} - set(dataset.headers or [])
        if missing:
            return _("The file has no “%(columns)s” column; the columns are: %(all)s.") % {
                "columns": ", ".join(sorted(missing)),
                "all": ", ".join(CASE_COLUMNS),
            }
        return ""

    def before_import(self, dataset, **kwargs):
        self.vocabulary = Vocabulary()
        self.dataset = dataset
        self.first_row = {}
        for number, external_id in enumerate(dataset["id"], start=1):
            self.first_row.setdefault(cell({"id": external_id}, "id"), number)
        self.taken_slugs = set()
        self.existing = {}
        self.user = kwargs.get("user")
        self.reason = _("Imported from %(file)s") % {"file": kwargs.get("file_name") or "a file"}

    def before_import_row(self, row, row_number=None, **kwargs):
        """At the start of each chunk, read the people of its rows and the addresses
        their names would take (and forget the previous chunk's)."""
        self.planned = None
        if (row_number - 1) % CHUNK:
            return
        headers = self.dataset.headers
        rows = [dict(zip(headers, values, strict=False))
                for values in self.dataset[row_number - 1 : row_number - 1 + CHUNK]]  # fmt: skip
        ids = [external_id for external_id in (cell(r, "id") for r in rows) if external_id]
        self.existing = {
            person.external_id: person
            for person in Person.objects.filter(external_id__in=ids).prefetch_related(*PREFETCH)
        }
        slugs = [slug_for(r) for r in rows]
        self.taken_slugs |= set(
            Person.objects.filter(slug__in=slugs).values_list("slug", flat=True)
        )

    def get_or_init_instance(self, instance_loader, row):
        person = self.existing.get(cell(row, "id"))
        if person is not None:
            return person, False
        return Person(), True

    def import_instance(self, instance, row, row_number=None, **kwargs):
        if self.source is None and not cell(row, "source"):
            raise ValidationError(_("Choose the source the file comes from."))
        case = parse_case(row, self.vocabulary, self.source, self.country)
        first = self.first_row.get(case["id"], row_number)
        if first != row_number:
            raise ValidationError(
                _("The id “%(id)s” is already on row %(row)d: one row a case.")
                % {"id": case["id"], "row": first}
            )
        instance.import_plan = plan_case(instance, case, self.free_slug(slug_for(row)))
        self.planned = instance

    def after_import_row(self, row, row_result, **kwargs):
        """For the dry run's preview (templates/admin/prisoners/person/import.html): the
        case, and what its row changes, column by column."""
        row_result.number = kwargs.get("row_number")
        row_result.case = (cell(row, "id"), cell(row, "name"))
        row_result.changes, row_result.unseen_changes = [], ""
        person = self.planned
        if not kwargs.get("dry_run") or person is None or not person.import_plan.changes_anything:
            return
        plan = person.import_plan
        row_result.changes = planned_changes(person, plan)
        if not row_result.changes:
            unseen = _("Entries of the record that no column shows: %(added)d added, "
                       "%(removed)d removed.")  # fmt: skip
            row_result.unseen_changes = unseen % {"added": len(plan.added),
                                                  "removed": len(plan.removed)}  # fmt: skip

    def free_slug(self, slug: str) -> str:
        """The address, or with a number after it if another person has it."""
        candidate, n = slug, 1
        while candidate in self.taken_slugs:
            n += 1
            candidate = f"{slug[:190]}-{n}"
        self.taken_slugs.add(candidate)
        return candidate

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors or instance.pk is None:
            return False
        return not instance.import_plan.changes_anything

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None,
                    result=None):  # fmt: skip
        self.write(self.create_instances, dry_run, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None,
                    result=None):  # fmt: skip
        self.write(self.update_instances, dry_run, raise_errors, result)

    def write(self, people: list, dry_run: bool, raise_errors: bool, result) -> None:
        """A dry run writes nothing; an import writes the chunk (any failure is reported
        and the whole import rolled back)."""
        try:
            if not dry_run and not result.has_validation_errors():
                write_cases(people, user=self.user, reason=str(self.reason))
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            people.clear()


class CriminalArticleResource(resources.ModelResource):
    class Meta:
        model = CriminalArticle
        fields = ("country", "code", "article", "part", *localized_fields("title"))
        import_id_fields = ("country", "code", "article", "part")
        skip_unchanged = True
        # The model's checks, its unique label among them, make a bad row's message.
        clean_model_instances = True


class PlaceOfDetentionResource(resources.ModelResource):
    class Meta:
        model = PlaceOfDetention
        fields = ("slug", *localized_fields("name"), "kind", "region", "country",
                  "postal_address")  # fmt: skip
        import_id_fields = ("slug",)
        skip_unchanged = True
