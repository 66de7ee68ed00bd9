"""
Name search that ignores case, accents and script.

Belarusian names reach visitors in many spellings: Ціханоўскі, Тихановский, Tsikhanouski,
Tikhanovsky, Tikhanovskiy. Every stored spelling is folded to lower-case ASCII Latin
(`fold`), and each word also to a consonant skeleton (`skeleton`) that maps the usual
romanisations of one name to the same key, so that a spelling we never stored still finds
the person. Both run in Python, so SQLite and PostgreSQL give the same answers.
"""

import re
import unicodedata

# Letters NFKD does not decompose into a base letter plus marks.
_LATIN_EXTRA = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe"})

# One common scheme for Belarusian, Russian and Ukrainian Cyrillic (after NFKD, so й is и).
_CYRILLIC = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ie",
        "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "i", "к": "k", "л": "l", "м": "m",
        "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
        "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
        "ь": "", "э": "e", "ю": "iu", "я": "ia", "ў": "u",
    }
)  # fmt: skip

# Romanisations of one sound, longest first, folded to one letter.
_DIGRAPHS = [
    ("shch", "s"), ("sch", "s"), ("tsch", "c"), ("tch", "c"), ("sh", "s"), ("zh", "z"),
    ("ch", "c"), ("kh", "h"), ("ts", "c"), ("tz", "c"), ("dz", "d"), ("ck", "k"),
    ("ph", "f"), ("x", "ks"), ("q", "k"), ("w", "v"),
]  # fmt: skip
# Sounds that Belarusian and Russian spell differently in one name (ц/т, г as h or g),
# then vowels and the glides that romanisations disagree on (ў as u or w, й as i, j or y).
_CLASSES = str.maketrans({"c": "t", "g": "h"})
_DROPPED = re.compile(r"[aeiouyjv]")
_REPEATED = re.compile(r"(.)\1+")
_NOT_WORD = re.compile(r"[^a-z0-9]+")

MIN_SKELETON_LENGTH = 3
MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 8


def fold(text: str) -> str:
    """Lower-case ASCII Latin, words separated by single spaces: 'Ціханоўскі' -> 'tsikhanouski'."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.translate(_LATIN_EXTRA).translate(_CYRILLIC)
    return _NOT_WORD.sub(" ", text).strip()


def skeleton(word: str) -> str:
    """A folded word's consonant skeleton: 'tikhanovsky' and 'tsikhanouski' are both 'thnsk'."""
    for spelling, sound in _DIGRAPHS:
        word = word.replace(spelling, sound)
    word = word.translate(_CLASSES)
    word = word[:1] + _DROPPED.sub("", word[1:])
    return _REPEATED.sub(r"\1", word)


def search_columns(spellings: list[str]) -> tuple[str, str]:
    """The two stored search columns for a person: folded spellings and their skeletons."""
    folded = " ".join(dict.fromkeys(fold(s) for s in spellings if s and s.strip()))
    skeletons = " ".join(dict.fromkeys(skeleton(word) for word in folded.split()))
    return folded, skeletons


def clean_query(raw: str) -> str:
    """What a visitor typed, made safe to search and show: no control characters, bounded."""
    printable = "".join(char for char in raw if unicodedata.category(char)[0] != "C")
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def query_terms(query: str) -> list[tuple[str, str | None]]:
    """Each folded word of a query with its skeleton, or None where a skeleton is too short
    to be selective."""
    terms = []
    for word in fold(query).split()[:MAX_QUERY_WORDS]:
        key = skeleton(word)
        terms.append((word, key if len(key) >= MIN_SKELETON_LENGTH else None))
    return terms


def folding_rules() -> dict:
    """The tables of `fold` and `skeleton` as data, for the static copy's search script
    (static/js/mirror-search.js), which applies them to what a reader types, so that a
    query is folded there as here without a second copy of the tables."""
    letters = {chr(code): out for code, out in (_LATIN_EXTRA | _CYRILLIC).items()}
    return {
        "letters": letters,  # after lower-casing, NFKD and dropping combining marks
        "digraphs": _DIGRAPHS,
        "classes": {chr(code): out for code, out in _CLASSES.items()},
        "dropped": _DROPPED.pattern[1:-1],  # the letters of the class, skipped after the first
        "min": MIN_SKELETON_LENGTH,
        "words": MAX_QUERY_WORDS,
        "length": MAX_QUERY_LENGTH,
    }
