"""No public link is dead: a freshly migrated site, with the fixtures `make run` loads,
answers every same-site link of its public pages (issue 31: the methodology link was a
404 on a fresh site)."""

from urllib.parse import urldefrag, urljoin, urlsplit

from tests.html import find_all

# Pages a visitor reaches from no link but that lead everywhere.
START = ["/", "/en/", "/be/", "/ru/"]
# Not pages: files (served by WhiteNoise, checked by collectstatic's manifest) and the
# staff's admin.
NOT_CRAWLED = ("/static/", "/media/", "/admin/")
# A crawl of the whole seed site stays under this; a bound so a loop of ever new query
# strings fails instead of hanging.
MOST_PAGES = 1500


def same_site_links(html: bytes, base: str) -> set[str]:
    links = set()
    for tag, attribute in (("a", "href"), ("link", "href"), ("form", "action")):
        for element in find_all(html, tag):
            if tag == "form" and (element.attrs.get("method") or "get").lower() != "get":
                continue
            if tag == "link" and element.attrs.get("rel") in ("stylesheet", "icon", "manifest"):
                continue
            target = element.attrs.get(attribute)
            if target is None:
                continue
            url = urldefrag(urljoin(base, target)).url
            parts = urlsplit(url)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith(NOT_CRAWLED):
                links.add(path)
    return links


def test_no_public_link_of_a_fresh_site_is_dead(client, seeded):
    seen: dict[str, str] = dict.fromkeys(START, "(start)")
    queue = list(START)
    dead = []
    while queue:
        path = queue.pop()
        response = client.get(path, follow=True)
        if response.status_code >= 400:
            dead.append((path, response.status_code, seen[path]))
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in same_site_links(response.content, path):
            if link not in seen:
                seen[link] = path
                queue.append(link)
        assert len(seen) < MOST_PAGES, "the crawl does not end"
    assert dead == [], "dead links (path, status, linked from)"
    assert "/en/prisoners/methodology/" in seen
