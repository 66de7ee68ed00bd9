"""/api/v1/datapackage.json: a Frictionless Data Package of every CSV of the open data,
checked by the Frictionless reference library against the files the site serves."""

import datetime
import json
import posixpath

import frictionless
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from core import datasets
from core.datasets import Dataset, Instance, text
from prisoners.dates import Precision
from prisoners.models import Recognition, Verdict
from tests.factories import make_campaign, make_confirmed, make_letters, make_person, make_source

URL = "/api/v1/datapackage.json"
SECRETS = ["signer-secret@example.org", "Secret Signer", "Private words", "a1b2c3d4e5f6"]


@pytest.fixture
def data(seeded):
    """The seed article's facts, and synthetic people, records, letters and signatures
    with every kind of date precision and a value of each kind left empty."""
    source = make_source(url="https://example.org/report")
    sentenced = make_person(slug="sentenced", name_be="Асоба", sources=[source],
                            arrested_on=datetime.date(2021, 3, 4), sentence="5 years",
                            place_of_detention="Penal colony No. 3")  # fmt: skip
    Verdict.objects.filter(person=sentenced).update(
        date=datetime.date(2021, 9, 1), date_precision=Precision.MONTH, term_months=60
    )
    Recognition.objects.create(person=sentenced, organisation_en="Viasna",
                               date=datetime.date(2021, 1, 1),
                               date_precision=Precision.YEAR).sources.set([source])  # fmt: skip
    released = make_person(slug="released", status="released", gender="female",
                           arrested_on=datetime.date(2020, 8, 1),
                           arrested_on_precision=Precision.MONTH)  # fmt: skip
    make_person(slug="draft", is_published=False)
    make_letters(sentenced, 2)
    make_letters(released, 1)
    campaign = make_campaign(slug="free-them", prisoners=[sentenced], offline_signatures=7)
    make_confirmed(campaign, name="Secret Signer", email=SECRETS[0], country="BY",
                   comment="Private words", ip_hash=SECRETS[3])  # fmt: skip
    return campaign


def package_in(folder, client) -> frictionless.Package:
    """The descriptor and every file it names, as the site serves them, in one folder."""
    descriptor = client.get(URL).json()
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for resource in descriptor["resources"]:
        url = posixpath.normpath(posixpath.join(posixpath.dirname(URL), resource["path"]))
        response = client.get(url)
        assert response.status_code == 200, url
        target = folder / resource["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(response.content)
    return frictionless.Package(folder / "datapackage.json")


def test_the_package_and_its_data_validate(client, data, tmp_path):
    package = package_in(tmp_path, client)
    report = package.validate()

    assert report.valid, report.flatten(["title", "rowNumber", "fieldName", "note"])
    rows = {resource.name: resource.read_rows() for resource in package.resources}
    assert {row["slug"] for row in rows["people"]} == {
        "sergei-tikhanovsky", "sentenced", "released",
    }  # fmt: skip
    (campaign,) = [row for row in rows["campaigns"] if row["slug"] == "free-them"]
    assert (campaign["total"], campaign["confirmed_online"], campaign["offline"]) == (8, 1, 7)
    (verdict,) = [row for row in rows["records"] if row["person"] == "sentenced"
                  and row["kind"] == "verdict"]  # fmt: skip
    assert (verdict["date"], verdict["date_precision"], verdict["term_months"]) == (
        "2021-09", "month", 60,
    )  # fmt: skip


def test_a_row_that_breaks_its_schema_fails_validation(client, data, tmp_path):
    """The validation reads the data, not only the descriptor: a record of nobody fails
    the foreign key, a made-up precision the enum."""
    package_in(tmp_path, client)
    records = tmp_path / "records.csv"
    lines = records.read_text(encoding="utf-8").splitlines()
    lines.append("verdict:999999,nobody,verdict,2021,sometimes,,,,,,,,,,source-1,")
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")

    report = frictionless.Package(tmp_path / "datapackage.json").validate()

    errors = {error[0] for error in report.flatten(["type"])}
    assert not report.valid and {"foreign-key", "constraint-error"} <= errors


def test_every_csv_of_the_api_is_a_resource_with_its_licence(client, db, settings):
    descriptor = client.get(URL).json()
    _prefix, api = get_resolver().namespace_dict["api"]
    csv_names = {
        pattern.name for pattern in api.url_patterns if str(pattern.pattern).endswith(".csv")
    }

    declared = {dataset.csv for dataset in datasets.datasets() if dataset.csv}
    assert {f"api:{name}" for name in csv_names} <= declared
    assert {resource["name"] for resource in descriptor["resources"]} >= {
        "people", "records", "campaigns", "statistics", "letters",
    }  # fmt: skip
    assert descriptor["profile"] == "tabular-data-package"
    assert descriptor["licenses"] == [{
        "name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    }]  # fmt: skip
    assert descriptor["homepage"] == "http://testserver/en/open-data/"
    records = next(r for r in descriptor["resources"] if r["name"] == "records")
    assert records["schema"]["primaryKey"] == ["id"]
    assert records["schema"]["foreignKeys"] == [
        {"fields": ["person"], "reference": {"resource": "people", "fields": ["slug"]}}
    ]


def test_the_licence_follows_the_setting(client, db, settings):
    settings.OPEN_DATA_LICENSE = "CC0-1.0"

    (licence,) = client.get(URL).json()["licenses"]

    assert licence["name"] == "CC0-1.0"
    assert licence["path"] == "https://creativecommons.org/publicdomain/zero/1.0/"


def test_resource_paths_are_relative_to_the_descriptor(client, db):
    """So that the package works from a mirror, a static copy or a folder."""
    for resource in client.get(URL).json()["resources"]:
        path = resource["path"]
        assert not path.startswith(("/", "http", "..")), path
        assert resource["mediatype"] == "text/csv"


def test_a_dataset_of_a_file_per_instance_is_a_resource_per_file(client, db, monkeypatch):
    """How a file per campaign or per month is declared: one Dataset with `instances`."""
    declared = datasets.datasets()
    per_person = Dataset(
        name="per-person",
        title="Per person",
        description="A file per person.",
        changes="Never.",
        columns=(text("slug", "The person."),),
        csv="api:prisoner",
        instances=lambda: [
            Instance("a", "Person A", {"slug": "a"}),
            Instance("b", "Person B", {"slug": "b"}),
        ],  # fmt: skip
    )
    monkeypatch.setattr(datasets, "datasets", lambda: [*declared, per_person])

    resources = client.get(URL).json()["resources"]
    page = client.get("/en/open-data/").content.decode()

    added = [r for r in resources if r["name"].startswith("per-person")]
    assert [(r["name"], r["title"], r["path"]) for r in added] == [
        ("per-person-a", "Per person: Person A", "prisoners/a/"),
        ("per-person-b", "Per person: Person B", "prisoners/b/"),
    ]
    assert 'href="/api/v1/prisoners/a/"' in page and "Person B" in page


def test_it_takes_the_same_queries_whatever_the_data(client, db):
    """A constant number: none for the declarations, and a few for the lists of the
    datasets published as a file per something (the campaigns, the months of the
    reports), whatever the number of campaigns, people and facts."""

    def queries() -> int:
        cache.clear()  # the months of the reports are counted once and kept: count them
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    make_confirmed(make_campaign(prisoners=[make_person()]))
    few = queries()
    for _ in range(5):
        make_confirmed(make_campaign(prisoners=[make_person()]))
    assert queries() == few


def test_no_signer_data_is_in_any_file_of_the_package(client, data, tmp_path):
    package_in(tmp_path, client)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            content = path.read_text(encoding="utf-8")
            for secret in SECRETS:
                assert secret not in content, path.name
            assert "@" not in content, path.name
    assert reverse("api:datapackage") == URL


def test_the_static_copy_holds_the_page_and_a_package_that_validates_there(
    seeded, settings, tmp_path
):
    """The copy follows the page's links; the package's relative paths work from it."""
    from sitewide.mirroring.build import build

    settings.SITE_URL = "https://appeals.example.org"
    settings.ALLOWED_HOSTS = ["appeals.example.org"]
    copy = tmp_path / "copy"
    report = build(copy)

    assert report.problems == []
    for language in ("en", "be", "ru"):
        assert (copy / language / "open-data" / "index.html").is_file()
    report = frictionless.Package(copy / "api" / "v1" / "datapackage.json").validate()
    assert report.valid, report.flatten(["title", "rowNumber", "fieldName", "note"])
    descriptor = json.loads((copy / "api/v1/datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["homepage"] == "../../en/open-data/index.html"
