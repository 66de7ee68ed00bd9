"""static/js/mirror-search.js folds a query and matches the index as the site's search
does (prisoners/search.py, PersonQuerySet.search): the script is run in Node over
names in Latin and Cyrillic letters, Belarusian і/ў and Russian ё/й/щ, and its answers
compared with the server's. (The browser test tests/e2e/test_mirror_search.py types
into the page itself.)"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from prisoners import search
from prisoners.models import Person

SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "mirror-search.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")

# Run the script's functions over the inputs given on stdin.
DRIVER = """
const search = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const rules = input.index.fold;
const out = {
  fold: input.texts.map((t) => search.fold(t, rules)),
  skeleton: input.words.map((w) => search.skeleton(w, rules)),
  terms: input.queries.map((q) => search.queryTerms(q, rules)),
  found: input.queries.map((q) => (search.search(input.index, q) || []).map((p) => p[0])),
};
process.stdout.write(JSON.stringify(out));
"""

NAMES = [
    "Ціханоўскі", "Сяргей Ціханоўскі", "Тихановский", "Сергей Тихановский", "Tsikhanouski",
    "Tikhanovsky", "Tikhanovskiy", "Cichanoŭski", "Siarhiej Cichanoŭski", "Алесь Бяляцкі",
    "Ales Bialiatski", "Бяляцкий", "Марыя Калеснікава", "Мария Колесникова", "Kalesnikava",
    "Kolesnikova", "Пётр Щукин", "Pyotr Shchukin", "Ёлка", "Йосиф", "Ўладзімір", "Іван",
    "Юрый Ўласаў", "Łukasz Żółć", "Straße", "Ærø", "Ї Є Ґ", "  spaces\tand\nlines  ",
    "O'Brien-Smith", "Ігар Лосік", "Igor Losik", "Ihar Losik", "Максім Знак", "Maksim Znak",
    "Віктар Бабарыка", "Viktar Babaryka", "Виктор Бабарико", "Щорс", "Шчорс", "Дзмітрый",
    "Dzmitry", "Дмитрий", "Xenia", "Quentin", "Wojciech", "Tschechow", "Mieczysław",
    "ÉLODIE", "123 abc", "",
]  # fmt: skip


def run_script(index: dict, *, texts=(), words=(), queries=()) -> dict:
    given = {"index": index, "texts": list(texts), "words": list(words), "queries": list(queries)}
    done = subprocess.run(  # noqa: S603 (a fixed program and arguments)
        [NODE, "-e", DRIVER, str(SCRIPT)],
        input=json.dumps(given),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def test_it_folds_names_as_the_site_does(db):
    index = {"fold": search.folding_rules(), "people": []}
    words = sorted({word for name in NAMES for word in search.fold(name).split()})
    found = run_script(index, texts=NAMES, words=words, queries=NAMES)
    assert found["fold"] == [search.fold(name) for name in NAMES]
    assert found["skeleton"] == [search.skeleton(word) for word in words]
    expected_terms = [
        [list(term) for term in search.query_terms(search.clean_query(name))] for name in NAMES
    ]
    assert found["terms"] == expected_terms


QUERIES = [
    "Tikhanovsky", "Тихановский", "Ціханоўскі", "TSIKHANOUSKI", "tikhanovskiy", "Tsikh",
    "Тихан", "Cichanoŭski", "Siarhei", "Сергей", "Светлана", "Sviatlana", "Bialiatski",
    "Беляцкий", "Калеснікава", "Kolesnikova", "ma", "a", "Zzzz", "Ales Bialiatski",
]  # fmt: skip


def test_it_finds_whom_the_site_finds_in_the_same_order(client, seeded):
    index = json.loads(client.get("/en/prisoners/search-index.json").content)
    found = run_script(index, queries=QUERIES)["found"]
    people = Person.objects.public_profiles()
    expected = [[p.get_absolute_url() for p in people.search(q)] for q in QUERIES]
    assert found == expected
    assert found[0] == found[1] == found[2] == ["/en/prisoners/sergei-tikhanovsky/"]
