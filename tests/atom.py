"""Reading the site's Atom feeds in tests: as a feed reader does (feedparser), and by an
independent check of the rules of RFC 4287 that a reader relies on."""

import datetime
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read(content: bytes) -> feedparser.FeedParserDict:
    """The feed as a feed reader reads it; fails on anything it found malformed."""
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10", parsed.version
    return parsed


def _date_problem(where: str, element) -> list[str]:
    if element is None or not element.text:
        return [f"{where}: no date"]
    try:
        moment = datetime.datetime.fromisoformat(element.text)
    except ValueError:
        return [f"{where}: {element.text!r} is not an RFC 3339 date"]
    # RFC 3339 requires the offset: a date-time without one names no instant.
    return [] if moment.tzinfo is not None else [f"{where}: {element.text!r} has no offset"]


def _one(where: str, parent, tag: str) -> tuple[list[str], object]:
    found = parent.findall(f"{ATOM}{tag}")
    if len(found) != 1:
        return [f"{where}: {len(found)} atom:{tag}, not one"], None
    return [], found[0]


def _links_problems(where: str, parent) -> list[str]:
    """At most one alternate link per type and language (4.2.7.2); each with an href."""
    problems, seen = [], set()
    for link in parent.findall(f"{ATOM}link"):
        if not link.get("href"):
            problems.append(f"{where}: a link without href")
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in seen:
                problems.append(f"{where}: two alternate links of type {key}")
            seen.add(key)
    return problems


def problems(content: bytes) -> list[str]:
    """What breaks RFC 4287 in this feed: the feed's and each entry's one id, title and
    updated; an author for every entry; alternate links; ids unique and absolute."""
    root = ET.fromstring(content)
    found = [] if root.tag == f"{ATOM}feed" else [f"the root is {root.tag}, not atom:feed"]
    for tag in ("id", "title", "updated"):
        wrong, element = _one("feed", root, tag)
        found += wrong
        if tag == "updated" and element is not None:
            found += _date_problem("feed updated", element)
    found += _links_problems("feed", root)
    feed_has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids = [root.findtext(f"{ATOM}id")]
    for index, entry in enumerate(root.findall(f"{ATOM}entry")):
        where = f"entry {index}"
        for tag in ("id", "title", "updated"):
            wrong, element = _one(where, entry, tag)
            found += wrong
            if tag == "updated" and element is not None:
                found += _date_problem(f"{where} updated", element)
        if entry.find(f"{ATOM}published") is not None:
            found += _date_problem(f"{where} published", entry.find(f"{ATOM}published"))
        if not feed_has_author and entry.find(f"{ATOM}author") is None:
            found.append(f"{where}: no author, and the feed has none")
        if entry.find(f"{ATOM}content") is None and not any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{ATOM}link")
        ):
            found.append(f"{where}: neither content nor an alternate link (4.1.1)")
        found += _links_problems(where, entry)
        ids.append(entry.findtext(f"{ATOM}id"))
    if len(ids) != len(set(ids)):
        found.append("two ids are the same")
    found += [f"id {value!r} is not an absolute IRI" for value in ids if ":" not in (value or "")]
    return found


def language(content: bytes) -> str | None:
    return ET.fromstring(content).get(XML_LANG)
