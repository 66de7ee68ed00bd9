"""Staff import cases from a CSV or XLSX file in the admin, check the dry run, confirm,
and export the same columns."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prisoners.models import CriminalArticle, Person, Status, StatusKind
from tests.factories import make_place, make_source

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


def upload(client, source, content, *, name="cases.csv", format=CSV):
    data = content if isinstance(content, bytes) else content.encode()
    return client.post(IMPORT, {
        "import_file": SimpleUploadedFile(name, data), "format": format,
        "source": source.pk, "resource": "0",
    })  # fmt: skip


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


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage\x81\x82", b"just,other\n1,2\n"])
def test_hostile_files_give_a_message_not_a_500(admin_client, vocabulary, content):
    response = upload(admin_client, vocabulary, content)

    assert response.status_code == 200
    assert not Person.objects.exists()
    assert response.context.get("confirm_form") is None


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


def test_a_group_loads_its_articles_from_a_file(admin_client, db):
    content = "country,code,article,part,title_en,title_be,title_ru\nBY,CC,130,3,Incitement,,\n"
    response = admin_client.post("/admin/prisoners/criminalarticle/import/", {
        "import_file": SimpleUploadedFile("articles.csv", content.encode()), "format": CSV,
        "resource": "0",
    })  # fmt: skip
    confirm_form = response.context["confirm_form"]
    admin_client.post("/admin/prisoners/criminalarticle/process_import/", confirm_form.initial)

    assert CriminalArticle.objects.get(article="130", part="3").title_en == "Incitement"
