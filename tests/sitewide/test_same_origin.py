"""No page may make the visitor's browser contact another origin."""

from urllib.parse import urljoin, urlsplit

from tests.html import parse

# Attributes through which a page makes the browser fetch something.
FETCHING = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "input": ["src"],
}
# <link rel> values that name a document rather than load one.
NON_FETCHING_RELS = {"canonical", "alternate"}


def foreign_references(html: str) -> list[str]:
    found = []
    for element in parse(html):
        if (
            element.tag == "link"
            and set((element.attrs.get("rel") or "").split()) & NON_FETCHING_RELS
        ):
            continue
        for attribute in FETCHING.get(element.tag, []):
            value = element.attrs.get(attribute)
            if not value:
                continue
            for candidate in value.split(","):
                url = candidate.strip().split(" ")[0]
                if urlsplit(urljoin("http://testserver/", url)).netloc != "testserver":
                    found.append(f"<{element.tag} {attribute}={url}>")
        style = element.attrs.get("style") or ""
        if "url(" in style:
            found.append(f"<{element.tag} style={style}>")
    return found


def internal_links(html: str, base: str) -> set[str]:
    links = set()
    for element in parse(html):
        if element.tag == "a" and element.attrs.get("href"):
            url = urlsplit(urljoin(base, element.attrs["href"]))
            if url.netloc in ("", "testserver") and url.path.startswith("/"):
                links.add(url.path + (f"?{url.query}" if url.query else ""))
    return links


def test_no_page_references_another_origin(client, db):
    to_visit, seen, checked = ["/en/"], set(), 0
    while to_visit and checked < 200:
        path = to_visit.pop()
        if path in seen or path.startswith(("/admin", "/static")):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        assert foreign_references(html) == [], path
        checked += 1
        to_visit.extend(internal_links(html, f"http://testserver{path}") - seen)
    assert checked >= 1


def test_the_checker_catches_a_foreign_script():
    html = '<script src="https://cdn.example.com/x.js"></script><img src="/static/a.png">'
    assert foreign_references(html) == ["<script src=https://cdn.example.com/x.js>"]
