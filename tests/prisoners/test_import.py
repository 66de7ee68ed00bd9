"""Staff import cases from a CSV or XLSX file in the admin, check the dry run, confirm,
and export the same columns."""

import csv
import datetime
import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prisoners.casefile.resource import PersonResource
from prisoners.models import CriminalArticle, Person, Status, StatusChange, StatusKind
from tests.factories import make_person, make_place, make_source
from tests.html import find_all, parse, text_of

IMPORT = "/admin/prisoners/person/import/"
CONFIRM = "/admin/prisoners/person/process_import/"
EXPORT = "/admin/prisoners/person/export/"
CSV, XLSX = "0", "1"

HEADER = ("id,name,other_spellings,status,birthday,gender,arrested,articles,verdict_date,"
          "penalty,judge,court,place_of_detention,release_date\n")  # fmt: skip
GOOD = HEADER + (
    "v-1,Ales Bialiatski,Alies Bialiacki; Ales Byalyatski,sentenced,1962-09-25,male,"
    "2021-07-14,342-1; 361-1,2023-03-03,10 years colony,Judge Ivanov,Minsk City Court,"
    "Penal colony No. 9,\n"
    "v-2,Maria Kalesnikava,,released,1982,female,2020-09,342-1,2021-09,11 years,,,,2025-06\n"
    'v-3,Ihar Losik,,"released, forcibly exiled",,male,2020-06-25,,,,,,,2025-06-21\n'
)


@pytest.fixture
def vocabulary(db):
    for article, part in (("342", "1"), ("361", "1")):
        CriminalArticle.objects.create(country="BY", article=article, part=part,
                                       title_en=f"Article {article}")  # fmt: skip
    make_place(slug="ik-9", name_en="Penal colony No. 9")
    return make_source(slug="viasna-list", title="Viasna list (synthetic)")


def upload(client, source, content, *, name="cases.csv", format=CSV, **headers):
    data = content if isinstance(content, bytes) else content.encode()
    return client.post(IMPORT, {
        "import_file": SimpleUploadedFile(name, data), "format": format,
        "source": source.pk, "country": "BY", "resource": "0",
    }, **headers)  # fmt: skip


def confirm(client, dry_run_response):
    form = dry_run_response.context["confirm_form"]
    return client.post(CONFIRM, {name: form.initial.get(name, "") for name in form.fields}
                       | {"source": form.initial["source"]})  # fmt: skip


def totals(response) -> dict:
    return dict(response.context["result"].totals)


def test_it_checks_a_good_file_and_writes_only_when_confirmed(admin_client, vocabulary):
    response = upload(admin_client, vocabulary, GOOD)

    assert response.status_code == 200
    assert totals(response)["new"] == 3
    assert not Person.objects.exists()

    confirm(admin_client, response)

    ales = Person.objects.get(external_id="v-1")
    assert ales.status == Status.SENTENCED
    assert ales.other_spellings.splitlines() == ["Alies Bialiacki", "Ales Byalyatski"]
    assert [c.kind for c in ales.status_changes.all()] == [StatusKind.ARRESTED,
                                                          StatusKind.SENTENCED]  # fmt: skip
    verdict = ales.verdicts.get()
    assert (verdict.term_en, verdict.term_months) == ("10 years colony", 120)
    assert [ca.article.short_label for ca in ales.case_articles.all()] == ["342-1", "361-1"]
    assert ales.stays.get().place.slug == "ik-9"
    assert list(ales.sources.all()) == [vocabulary]
    assert all(list(c.sources.all()) == [vocabulary] for c in ales.status_changes.all())
    assert Person.objects.get(external_id="v-2").released_on.isoformat() == "2025-06-01"
    assert Person.objects.get(external_id="v-3").status == Status.RELEASED_EXILED


BAD = HEADER + (
    "v-1,Ales Bialiatski,,sentenced,,,2021-07-14,,,,,,,\n"
    "v-2,Someone,,on holiday,,,,,,,,,,\n"
    "v-3,Someone else,,,,,2020-13-45,,,,,,,\n"
    "v-4,A third,,,,,,999-9,,,,,,\n"
    "v-5,A fourth,,,,,,,,,,,Nowhere prison,\n"
    ",No id,,,,,,,,,,,,\n"
)


def test_it_shows_each_bad_row_with_its_line_and_writes_nothing(admin_client, vocabulary):
    response = upload(admin_client, vocabulary, BAD)

    page = response.content.decode()
    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    for message in (
        "Unknown status",
        "Unreadable date “2020-13-45”",
        "Unknown article “999-9”",
        "add it under Places of detention first",
        "The id is missing",
    ):
        assert message in page.replace("&ldquo;", "“").replace("&rdquo;", "”")
    errors = response.context["result"].invalid_rows
    assert [row.number for row in errors] == [2, 3, 4, 5, 6]
    assert not Person.objects.exists()
    # Each bad row in plain text, not behind a badge to hover.
    assert not find_all(response.content, "div", class_="validation-error-container")
    texts = report_rows(response, "import-errors")
    assert texts[0].startswith("2 v-2 Someone Unknown status “on holiday”")
    assert texts[-1].startswith("6 No id The id is missing.")


def report_rows(response, table: str) -> list[str]:
    """The rows of one of the report's tables, each as its cells' text, spaces collapsed."""
    elements = parse(response.content)
    (report,) = [element for element in elements if element.attrs.get("id") == table]
    rows = [e for e in elements if e.tag == "tr" and e.parent.tag == "tbody"
            and e.is_inside(report)]  # fmt: skip
    return [
        " ".join(
            " ".join(cell.text.split())
            for cell in elements
            if cell.tag in ("td", "th") and cell.parent is row
        )  # fmt: skip
        for row in rows
    ]


def preview(response) -> dict[int, str]:
    """The preview's rows by their number in the file."""
    return {int(text.split()[0]): text for text in report_rows(response, "import-plan")}


def test_the_preview_shows_what_each_row_writes(admin_client, vocabulary):
    confirm(admin_client, upload(admin_client, vocabulary, GOOD))
    changed = (
        GOOD.replace("Kalesnikava,,released", "Kalesnikava,,sentenced").replace(
            "2021-09,11 years,,,,2025-06", "2021-09,11 years,,,,"
        )
        + "v-4,Mikola Statkevich,,detained,,male,2020-05-31,,,,,,,\n"
    )

    response = upload(admin_client, vocabulary, changed)

    rows = preview(response)
    assert sorted(rows) == [1, 2, 3, 4]
    assert "Unchanged" in rows[1] and "Unchanged" in rows[3]
    assert rows[2].startswith("2 v-2 Maria Kalesnikava Changes")
    assert "status: released → sentenced" in rows[2]
    assert "release_date: 2025-06 → —" in rows[2]
    assert "name:" not in rows[2]  # only what changes
    assert rows[4].startswith("4 v-4 Mikola Statkevich New")
    for value in ("status: detained", "gender: male", "country: BY", "arrested: 2020-05-31"):
        assert value in rows[4]


def test_the_preview_counts_the_entries_no_column_shows(admin_client, vocabulary):
    confirm(admin_client, upload(admin_client, vocabulary, GOOD))
    ales = Person.objects.get(external_id="v-1")
    StatusChange.objects.create(person=ales, kind=StatusKind.SENTENCED, position=3,
                                date=datetime.date(2023, 9, 1), date_precision="day")  # fmt: skip

    rows = preview(upload(admin_client, vocabulary, GOOD))

    unseen = "Entries of the record that no column shows: 0 added, 1 removed."
    assert rows[1].endswith(f"Changes {unseen}")


def test_re_importing_the_same_file_changes_nothing(admin_client, vocabulary):
    confirm(admin_client, upload(admin_client, vocabulary, GOOD))
    before = dict(Person.objects.values_list("external_id", "updated_at"))

    response = upload(admin_client, vocabulary, GOOD)
    assert totals(response)["skip"] == 3
    confirm(admin_client, response)

    assert dict(Person.objects.values_list("external_id", "updated_at")) == before


def test_a_changed_row_updates_the_case_without_duplicating(admin_client, vocabulary):
    confirm(admin_client, upload(admin_client, vocabulary, GOOD))
    changed = GOOD.replace("Kalesnikava,,released", "Kalesnikava,,sentenced").replace(
        "2021-09,11 years,,,,2025-06", "2021-09,11 years,,,,"
    )

    response = upload(admin_client, vocabulary, changed)
    assert (totals(response)["update"], totals(response)["skip"]) == (1, 2)
    confirm(admin_client, response)

    maria = Person.objects.get(external_id="v-2")
    assert Person.objects.count() == 3
    assert maria.status == Status.SENTENCED
    assert maria.status_changes.count() == 2
    assert maria.verdicts.count() == 1


def test_an_xlsx_file_imports(admin_client, vocabulary):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "status", "arrested"])
    sheet.append(["x-1", "Mikola Statkevich", "detained", "2020-05-31"])
    buffer = io.BytesIO()
    book.save(buffer)

    response = upload(admin_client, vocabulary, buffer.getvalue(), name="cases.xlsx",
                      format=XLSX)  # fmt: skip
    confirm(admin_client, response)

    assert Person.objects.get(external_id="x-1").status == Status.DETAINED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"\xff\xfe\x00garbage\x81\x82", "encountered while trying to read file"),
        (b"just,other\n1,2\n", "The file has no “id, name” column"),
    ],
)
def test_hostile_files_give_a_message_not_a_500(admin_client, vocabulary, content, message):
    response = upload(admin_client, vocabulary, content)

    assert response.status_code == 200
    assert message in text_of(response.content)
    assert "Traceback" not in text_of(response.content)
    assert not Person.objects.exists()
    assert response.context.get("confirm_form") is None


def test_a_file_over_the_size_limit_gets_a_message_and_writes_nothing(admin_client, vocabulary,
                                                                     settings):  # fmt: skip
    settings.IMPORT_MAX_BYTES = {"csv": 2048, "xlsx": 512}
    big = GOOD + "".join(f"s-{n},Synthetic Person {n},,,,,,,,,,,,\n" for n in range(100))

    response = upload(admin_client, vocabulary, big)

    assert response.status_code == 200
    page = text_of(response.content)
    assert "The file is 4.1 KB: the import takes files of up to 2.0 KB" in page
    assert response.context.get("confirm_form") is None
    assert "result" not in response.context
    assert not Person.objects.exists()


def test_the_size_limit_is_named_in_the_editors_language(admin_client, vocabulary, settings):
    settings.IMPORT_MAX_BYTES = {"csv": 2048, "xlsx": 512}
    big = GOOD + "".join(f"s-{n},Synthetic Person {n},,,,,,,,,,,,\n" for n in range(100))

    response = upload(admin_client, vocabulary, big, headers={"accept-language": "ru"})

    assert "импорт принимает файлы до 2,0 КБ и до 2 000 дел за раз" in text_of(response.content)


def test_an_xlsx_file_has_its_own_smaller_size_limit(admin_client, vocabulary, settings):
    settings.IMPORT_MAX_BYTES = {"csv": 100_000, "xlsx": 2048}
    book = openpyxl.Workbook()
    for n in range(300):
        book.active.append([f"x-{n}", f"Synthetic Person {n}", "detained", f"{n}-{n}"])
    buffer = io.BytesIO()
    book.save(buffer)

    response = upload(admin_client, vocabulary, buffer.getvalue(), name="cases.xlsx",
                      format=XLSX)  # fmt: skip

    assert "the import takes files of up to 2.0 KB" in text_of(response.content)
    assert not Person.objects.exists()


def test_a_file_with_more_rows_than_the_limit_gets_a_message_and_writes_nothing(
    admin_client, vocabulary, settings
):
    settings.IMPORT_MAX_ROWS = 2

    response = upload(admin_client, vocabulary, GOOD)

    assert response.status_code == 200
    page = text_of(response.content)
    assert "The file has 3 rows: the import takes up to 2 at a time" in page
    assert "Traceback" not in page
    assert response.context.get("confirm_form") is None
    assert response.context["result"].rows == []  # no row was even checked
    assert not Person.objects.exists()


@pytest.mark.parametrize("format", [CSV, XLSX])
def test_the_export_has_the_import_columns(admin_client, vocabulary, format):
    confirm(admin_client, upload(admin_client, vocabulary, GOOD))

    form = admin_client.get(EXPORT).context["form"]
    every_column = {name: "on" for name in form.fields if name.startswith("personresource_")}
    response = admin_client.post(EXPORT, {"format": format, "resource": "0"} | every_column)

    assert response.status_code == 200
    if format == CSV:
        lines = response.content.decode().splitlines()
        assert lines[0].startswith("id,name,name_be,name_ru,other_spellings,status")
        assert any(line.startswith("v-1,Ales Bialiatski") for line in lines)
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[1]][:2] == ["id", "name"]
        assert sheet.max_row == 4


def test_a_birth_year_stays_a_year_through_the_import_and_the_export(admin_client, vocabulary):
    confirm(admin_client, upload(admin_client, vocabulary, GOOD))

    assert Person.objects.get(external_id="v-2").born.iso() == "1982"
    assert Person.objects.get(external_id="v-1").born.iso() == "1962-09-25"
    form = admin_client.get(EXPORT).context["form"]
    every_column = {name: "on" for name in form.fields if name.startswith("personresource_")}
    exported = admin_client.post(EXPORT, {"format": CSV, "resource": "0"} | every_column)
    rows = csv.DictReader(io.StringIO(exported.content.decode()))
    assert {row["id"]: row["birthday"] for row in rows} == {
        "v-1": "1962-09-25", "v-2": "1982", "v-3": "",
    }  # fmt: skip


def test_an_export_of_names_that_read_as_formulas_re_imports_unchanged(admin_client, vocabulary):
    formulas = (
        HEADER + 'v-1,"=HYPERLINK(""http://evil.example/"",""x"")",-1+1,,,,,,,=1+2,,@SUM(1+1),,\n'
    )
    confirm(admin_client, upload(admin_client, vocabulary, formulas))
    form = admin_client.get(EXPORT).context["form"]
    every_column = {name: "on" for name in form.fields if name.startswith("personresource_")}
    exported = admin_client.post(EXPORT, {"format": CSV, "resource": "0"} | every_column)
    assert "'=HYPERLINK" in exported.content.decode()

    response = upload(admin_client, vocabulary, exported.content)

    assert totals(response)["skip"] == 1
    person = Person.objects.get()
    assert person.name_en == '=HYPERLINK("http://evil.example/","x")'
    assert person.verdicts.get().court == "@SUM(1+1)"


def test_an_article_is_the_one_of_the_cases_country_and_code(admin_client, vocabulary):
    # Russia's code has a "342-1" too, and a "130-3" that Belarus's has not.
    russian = CriminalArticle.objects.create(country="RU", article="342", part="1",
                                             title_en="Russian 342-1")  # fmt: skip
    CriminalArticle.objects.create(country="RU", article="130", part="3", title_en="Russian")
    CriminalArticle.objects.create(country="BY", code="CAO", article="24.23",
                                   title_en="Administrative")  # fmt: skip
    content = HEADER.replace("gender,", "gender,country,") + (
        "v-1,Ales Bialiatski,,sentenced,,,,2021-07-14,342-1; 361-1; CAO 24.23,,,,,,\n"
        "r-1,A Russian case,,detained,,,RU,2022,342-1,,,,,,\n"
    )

    confirm(admin_client, upload(admin_client, vocabulary, content))

    ales = Person.objects.get(external_id="v-1")
    assert ales.country.code == "BY"
    assert [(ca.article.country.code, ca.article.code, ca.article.short_label)
            for ca in ales.case_articles.all()] == [
        ("BY", "CC", "342-1"), ("BY", "CC", "361-1"), ("BY", "CAO", "24.23"),
    ]  # fmt: skip
    assert [ca.article for ca in Person.objects.get(external_id="r-1").case_articles.all()] == [
        russian
    ]
    response = upload(admin_client, vocabulary, HEADER + "v-9,Someone,,,,,,130-3,,,,,,\n")
    assert "Unknown article “130-3”" in str(response.context["result"].invalid_rows[0].error)


def test_the_export_writes_the_country_and_an_articles_code(admin_client, vocabulary):
    CriminalArticle.objects.create(country="BY", code="CAO", article="24.23", title_en="Adm.")
    content = HEADER + "v-1,Ales,,,,,2021,342-1; CAO 24.23,,,,,,\n"
    confirm(admin_client, upload(admin_client, vocabulary, content))
    form = admin_client.get(EXPORT).context["form"]
    every_column = {name: "on" for name in form.fields if name.startswith("personresource_")}

    exported = admin_client.post(EXPORT, {"format": CSV, "resource": "0"} | every_column)

    row = dict(zip(*list(csv.reader(io.StringIO(exported.content.decode()))), strict=True))
    assert (row["country"], row["articles"]) == ("BY", "342-1; CAO 24.23")
    assert totals(upload(admin_client, vocabulary, exported.content))["skip"] == 1


def test_a_group_loads_its_articles_from_a_file(admin_client, db):
    content = "country,code,article,part,title_en,title_be,title_ru\nBY,CC,130,3,Incitement,,\n"
    response = admin_client.post("/admin/prisoners/criminalarticle/import/", {
        "import_file": SimpleUploadedFile("articles.csv", content.encode()), "format": CSV,
        "resource": "0",
    })  # fmt: skip
    confirm_form = response.context["confirm_form"]
    admin_client.post("/admin/prisoners/criminalarticle/process_import/", confirm_form.initial)

    assert CriminalArticle.objects.get(article="130", part="3").title_en == "Incitement"


def test_an_article_that_reads_as_another_of_its_code_is_a_bad_row(admin_client, vocabulary):
    content = "country,code,article,part,title_en,title_be,title_ru\nBY,CC,342-1,,Again,,\n"

    response = admin_client.post("/admin/prisoners/criminalarticle/import/", {
        "import_file": SimpleUploadedFile("articles.csv", content.encode()), "format": CSV,
        "resource": "0",
    })  # fmt: skip

    assert response.status_code == 200
    (row,) = response.context["result"].invalid_rows
    assert "already has an article that reads the same" in str(row.error)
    assert response.context.get("confirm_form") is None


# A later file: what it changes, what it keeps, and what the history says.


def import_file(source, content: str, *, dry_run: bool = False, user=None):
    """The import as the admin runs it, without the pages."""
    dataset = tablib.Dataset().load(content, format="csv")
    resource = PersonResource(source=source, country="BY")
    return resource.import_data(dataset, dry_run=dry_run, user=user, file_name="cases.csv")


def test_a_later_file_keeps_what_did_not_change_and_adds_what_did(vocabulary):
    import_file(vocabulary, GOOD)
    ales = Person.objects.get(external_id="v-1")
    arrest = ales.status_changes.get(kind=StatusKind.ARRESTED)
    released = GOOD.replace("Penal colony No. 9,\n", "Penal colony No. 9,2025-09-11\n")

    result = import_file(vocabulary, released)

    assert (result.totals["update"], result.totals["skip"]) == (1, 2)
    ales.refresh_from_db()
    assert ales.status == Status.RELEASED
    assert ales.released_on == datetime.date(2025, 9, 11)
    assert [c.kind for c in ales.status_changes.all()] == [
        StatusKind.ARRESTED, StatusKind.SENTENCED, StatusKind.RELEASED,
    ]  # fmt: skip
    assert ales.status_changes.get(kind=StatusKind.ARRESTED).pk == arrest.pk
    added = StatusChange.history.filter(person_id=ales.pk, history_type="+").latest("history_id")
    assert added.kind == StatusKind.RELEASED
    assert StatusChange.history.filter(person_id=ales.pk, history_type="-").count() == 0


def test_a_new_place_is_a_transfer_not_an_overwritten_stay(vocabulary):
    import_file(vocabulary, GOOD)
    make_place(slug="ik-2", name_en="Penal colony No. 2")

    import_file(vocabulary, GOOD.replace("Penal colony No. 9", "Penal colony No. 2"))

    ales = Person.objects.get(external_id="v-1")
    assert [stay.place.slug for stay in ales.stays.all()] == ["ik-9", "ik-2"]
    assert ales.current_stay.place.slug == "ik-2"


def test_an_editors_entry_the_file_has_no_column_for_stays(vocabulary):
    import_file(vocabulary, GOOD)
    maria = Person.objects.get(external_id="v-2")
    transfer = StatusChange.objects.create(person=maria, kind=StatusKind.TRANSFERRED, position=2)
    changed = GOOD.replace("2020-09,342-1,2021-09", "2020-09-07,342-1,2021-09")

    import_file(vocabulary, changed)

    # It was after the sentence (position 2, after the sentence's 2): it stays there.
    assert [c.kind for c in maria.status_changes.all()] == [
        StatusKind.ARRESTED, StatusKind.SENTENCED, StatusKind.TRANSFERRED, StatusKind.RELEASED,
    ]  # fmt: skip
    assert maria.status_changes.filter(pk=transfer.pk).exists()
    assert maria.status_changes.get(kind=StatusKind.ARRESTED).date == datetime.date(2020, 9, 7)
    maria.refresh_from_db()
    assert maria.status == Status.RELEASED


def test_the_history_says_who_imported_what_from_which_source(vocabulary, admin_user):
    import_file(vocabulary, GOOD, user=admin_user)

    ales = Person.objects.get(external_id="v-1")
    version = ales.history.get()
    assert (version.history_type, version.history_user) == ("+", admin_user)
    assert version.history_change_reason == "Imported from cases.csv"
    assert [s.source for s in version.sources.all()] == [vocabulary]
    for change in StatusChange.history.filter(person_id=ales.pk):
        assert [s.source for s in change.sources.all()] == [vocabulary]


def test_the_dry_run_of_a_changed_file_writes_nothing(vocabulary):
    import_file(vocabulary, GOOD)
    before = list(Person.objects.values_list("external_id", "updated_at", "status"))
    versions = Person.history.count()

    result = import_file(vocabulary, GOOD.replace("sentenced,1962", "released,1962"),
                         dry_run=True)  # fmt: skip

    assert result.totals["update"] == 1
    assert list(Person.objects.values_list("external_id", "updated_at", "status")) == before
    assert Person.history.count() == versions


def test_one_case_twice_in_a_file_is_a_bad_row(admin_client, vocabulary):
    twice = GOOD + "v-1,Ales Bialiatski again,,,,,,,,,,,,\n"

    response = upload(admin_client, vocabulary, twice)

    errors = response.context["result"].invalid_rows
    assert [row.number for row in errors] == [4]
    assert "already on row 1" in str(errors[0].error)
    assert response.context.get("confirm_form") is None


def test_a_cell_longer_than_its_field_is_a_bad_row(admin_client, vocabulary):
    long_name = HEADER + f"v-9,{'N' * 201},,,,,,,,,,,,\n"

    response = upload(admin_client, vocabulary, long_name)

    errors = response.context["result"].invalid_rows
    assert "longer than 200 characters" in str(errors[0].error)
    assert not Person.objects.exists()


def test_a_taken_address_gets_a_number(vocabulary):
    make_person(slug="ales-bialiatski-v-1", name_en="Someone else")

    import_file(vocabulary, GOOD)

    assert Person.objects.get(external_id="v-1").slug == "ales-bialiatski-v-1-2"


def test_a_bad_row_anywhere_in_a_long_file_writes_nothing(vocabulary):
    rows = [f"s-{n},Synthetic Person {n},,sentenced,,,2021,342-1,,,,,,\n" for n in range(1200)]
    rows[1100] = "s-1100,Synthetic Person 1100,,on holiday,,,,,,,,,,\n"

    result = import_file(vocabulary, HEADER + "".join(rows))

    assert [row.number for row in result.invalid_rows] == [1101]
    assert not Person.objects.exists()


def test_the_queries_of_an_import_do_not_grow_with_its_rows(vocabulary):
    def queries_for(rows: int) -> int:
        content = HEADER + "".join(
            f"q{rows}-{n},Synthetic Person {n},,sentenced,,,2021-05,342-1; 361-1,2022,"
            f"5 years colony,,,Penal colony No. 9,\n"
            for n in range(rows)
        )
        with CaptureQueriesContext(connection) as queries:
            assert not import_file(vocabulary, content).has_validation_errors()
        return len(queries)

    assert queries_for(5) == queries_for(60)


def test_it_reads_statuses_genders_and_terms_in_every_language_of_the_site(
    admin_client, vocabulary
):
    """The model's labels and Django's words for years and months, as the catalogues of
    LANGUAGES translate them (no hand list a language)."""
    rows = ("id,name,status,gender,verdict_date,penalty\n"
            "s-1,Synthetic One,Асуджаны, у зняволенні,Мужчына,2022,3 гады калоніі\n"
            "s-2,Synthetic Two,Освобождён,Женщина,2021,2 года 6 месяцев\n"
            "s-3,Synthetic Three,Sentenced,Woman,2020,10 years\n")  # fmt: skip
    rows = rows.replace("Асуджаны, у зняволенні", '"Асуджаны, у зняволенні"')

    confirm(admin_client, upload(admin_client, vocabulary, rows))

    people = {p.external_id: p for p in Person.objects.all()}
    assert (people["s-1"].status, people["s-1"].gender) == (Status.SENTENCED, "male")
    assert (people["s-2"].status, people["s-2"].gender) == (Status.RELEASED, "female")
    assert (people["s-3"].status, people["s-3"].gender) == (Status.SENTENCED, "female")
    terms = {p.external_id: p.verdicts.get().term_months for p in people.values()}
    assert terms == {"s-1": 36, "s-2": 30, "s-3": 120}
