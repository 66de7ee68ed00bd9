"""Run by tests/config/test_adding_a_language.py in a process of its own, with
tests/config/fourth_language_settings.py (a fourth language, `uk`) and the schema built
from the models (--no-migrations): the public pages, the language switch, the case import
and the admin work in it. Not collected by the suite itself (no test_ prefix)."""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from prisoners.models import CriminalArticle, Person
from tests.factories import make_place, make_source
from tests.html import find_all

PAGES = ["", "prisoners/", "prisoners/sergei-tikhanovsky/", "prisoners/letters/",
         "campaigns/", "stories/", "prisoners/statistics/"]  # fmt: skip


def test_the_fourth_language_is_in_settings():
    assert "uk" in dict(settings.LANGUAGES)


def test_the_public_pages_render_in_it_and_the_switch_offers_it(client, seeded):
    for page in PAGES:
        response = client.get(f"/uk/{page}")
        assert response.status_code == 200, page
        html = response.content.decode()
        assert '<html lang="uk"' in html, page
        switch = [button.attrs["value"] for button in find_all(html, "button", name="language")]
        assert switch[-1] == "uk" and len(switch) == len(settings.LANGUAGES), (page, switch)


def test_a_profile_shows_the_name_written_in_it(client, seeded):
    person = Person.objects.get(slug="sergei-tikhanovsky")
    person.name_uk = "Сергій Тихановський (synthetic)"
    person.save()
    html = client.get("/uk/prisoners/sergei-tikhanovsky/").content.decode()
    assert "Сергій Тихановський (synthetic)" in html


def test_the_case_import_reads_and_writes_its_name_column(admin_client):
    CriminalArticle.objects.create(country="BY", article="342", title_en="Synthetic")
    make_place(slug="ik-9", name_en="Penal colony No. 9")
    source = make_source(slug="synthetic-list", title="A list (synthetic)")
    rows = ("id,name,name_uk,status,penalty\n"
            "s-1,Synthetic Person,Синтетична Особа,sentenced,5 років\n")  # fmt: skip
    dry_run = admin_client.post("/admin/prisoners/person/import/", {
        "import_file": SimpleUploadedFile("cases.csv", rows.encode()), "format": "0",
        "source": source.pk, "country": "BY", "resource": "0",
    })  # fmt: skip
    assert dry_run.status_code == 200
    form = dry_run.context["confirm_form"]
    admin_client.post("/admin/prisoners/person/process_import/",
                      {name: form.initial.get(name, "") for name in form.fields}
                      | {"source": form.initial["source"]})  # fmt: skip
    person = Person.objects.get(external_id="s-1")
    assert person.name_uk == "Синтетична Особа"
    # Django's own Ukrainian words for years, as for every language of LANGUAGES.
    assert person.verdicts.get().term_months == 60

    export_form = admin_client.get("/admin/prisoners/person/export/").context["form"]
    every_column = {name: "on" for name in export_form.fields if name.startswith("personresource_")}
    export = admin_client.post("/admin/prisoners/person/export/",
                               {"format": "0", "resource": "0"} | every_column)  # fmt: skip
    header, row = export.content.decode().splitlines()[:2]
    assert header.startswith("id,name,name_be,name_ru,name_uk,other_spellings,status")
    assert row.startswith("s-1,Synthetic Person,,,Синтетична Особа,")


def test_the_admin_edits_a_person_in_it(admin_client, seeded):
    person = Person.objects.get(slug="sergei-tikhanovsky")
    page = admin_client.get(f"/admin/prisoners/person/{person.pk}/change/")
    assert page.status_code == 200
    assert 'name="name_uk"' in page.content.decode()
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get("/admin/prisoners/person/").status_code == 200
