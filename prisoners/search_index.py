"""An index for name search on SQLite, the embedded development database.

On PostgreSQL, trigram GIN indexes (migration 0003) serve `LIKE '%…%'` on the two search
columns. SQLite has no such index for a plain table, so every search read every person.
Its full-text extension has one: an FTS5 table with the trigram tokenizer indexes
`search_text` and `search_skeleton` and finds any substring of three letters or more
from the index. The table
holds no copy of the text (`content=` the people table) and triggers keep it current
whatever writes the rows: save, bulk_create, bulk_update, fixtures, raw SQL.

It lives outside the migrations, made after every `migrate` (post_migrate) and again
whenever its triggers are missing, because Django's SQLite schema editor rebuilds a table
to alter it, dropping the table's triggers with it.
"""

from django.db import connections
from django.db.models.expressions import RawSQL

TABLE = "prisoners_person_search"
PEOPLE = "prisoners_person"
CREATE_TABLE = """
    CREATE VIRTUAL TABLE prisoners_person_search USING fts5(
        search_text, search_skeleton,
        content='prisoners_person', content_rowid='id', tokenize='trigram'
    )"""
FILL = "INSERT INTO prisoners_person_search (prisoners_person_search) VALUES ('rebuild')"
TRIGGERS = {
    "prisoners_person_search_ai": """
        CREATE TRIGGER prisoners_person_search_ai AFTER INSERT ON prisoners_person BEGIN
            INSERT INTO prisoners_person_search (rowid, search_text, search_skeleton)
            VALUES (new.id, new.search_text, new.search_skeleton);
        END""",
    "prisoners_person_search_ad": """
        CREATE TRIGGER prisoners_person_search_ad AFTER DELETE ON prisoners_person BEGIN
            INSERT INTO prisoners_person_search
                (prisoners_person_search, rowid, search_text, search_skeleton)
            VALUES ('delete', old.id, old.search_text, old.search_skeleton);
        END""",
    "prisoners_person_search_au": """
        CREATE TRIGGER prisoners_person_search_au
        AFTER UPDATE OF search_text, search_skeleton ON prisoners_person BEGIN
            INSERT INTO prisoners_person_search
                (prisoners_person_search, rowid, search_text, search_skeleton)
            VALUES ('delete', old.id, old.search_text, old.search_skeleton);
            INSERT INTO prisoners_person_search (rowid, search_text, search_skeleton)
            VALUES (new.id, new.search_text, new.search_skeleton);
        END""",
}
BY_TEXT = "SELECT rowid FROM prisoners_person_search WHERE search_text LIKE %s"
BY_MATCH = "SELECT rowid FROM prisoners_person_search WHERE prisoners_person_search MATCH %s"


def ensure(using: str = "default") -> bool:
    """Make the index and its triggers where any is missing, and fill it from the people
    table; True if it did. Does nothing on other databases."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [f"{TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        if PEOPLE not in connection.introspection.table_names(cursor):
            return False
        if {TABLE, *TRIGGERS} <= present:
            return False
        if TABLE not in present:
            cursor.execute(CREATE_TABLE)
        for name, sql in TRIGGERS.items():
            if name not in present:
                cursor.execute(sql)
        cursor.execute(FILL)
    return True


def matching(terms: list[tuple[str, str | None]]) -> list[RawSQL]:
    """The ids of the people whose folded spellings contain every word of the query, or
    its skeleton key: subqueries the index answers. Words of three letters or more go into
    one full-text query (the index intersects them); a shorter word, which a trigram
    cannot index, is matched with LIKE."""
    clauses, subqueries = [], []
    for word, key in terms:
        if len(word) < 3:
            # Constant SQL; the word is a bound parameter.
            subqueries.append(RawSQL(BY_TEXT, [f"%{word}%"]))  # noqa: S611
            continue
        # Folded words and keys are [a-z0-9] only (search.fold): safe inside quotes.
        clause = f'search_text : "{word}"'
        clauses.append(f'({clause} OR search_skeleton : "{key}")' if key else clause)
    if clauses:
        subqueries.append(RawSQL(BY_MATCH, [" AND ".join(clauses)]))  # noqa: S611
    return subqueries


def ready() -> None:
    """Connect `ensure` to every migrate (PrisonersConfig.ready)."""
    from django.db.models.signals import post_migrate

    post_migrate.connect(_after_migrate, dispatch_uid="prisoners.search_index")


def _after_migrate(sender, using="default", **kwargs) -> None:
    if sender.name == "prisoners":
        ensure(using)
