from tests.html import find_all, parse


def test_it_marks_up_the_landmarks_of_every_page(client, db):
    html = client.get("/en/").content.decode()
    tags = [element.tag for element in parse(html)]
    for landmark in ("header", "nav", "main", "footer"):
        assert landmark in tags, f"no <{landmark}> on the home page"
    assert find_all(html, "html", lang="en")
    assert find_all(html, "meta", name="viewport")
    assert find_all(html, "title")[0].text.strip()


def test_it_offers_a_skip_link_to_the_main_content(client, db):
    html = client.get("/en/").content.decode()
    first_link = find_all(html, "a")[0]
    assert first_link.attrs["href"] == "#main"
    assert find_all(html, "main", id="main")


def test_it_loads_htmx_from_this_site(client, db):
    html = client.get("/en/").content.decode()
    scripts = [s.attrs["src"] for s in find_all(html, "script") if s.attrs.get("src")]
    assert any(src.startswith("/static/django_htmx/htmx-2") for src in scripts)


def test_public_pages_carry_no_csrf_token_even_with_a_form(client, seeded):
    """The sign form's page is the same bytes for everyone: its view checks where a post
    comes from instead of a token (core/csrf.py)."""
    for path in ["/en/campaigns/say-the-word-free-belarus-political-prisoners/", "/en/"]:
        html = client.get(path).content
        assert "hx-headers" not in find_all(html, "body")[0].attrs, path
        assert b"csrfmiddlewaretoken" not in html, path


def test_it_redirects_the_root_to_a_language(client, db):
    response = client.get("/", headers={"accept-language": "ru"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/"
