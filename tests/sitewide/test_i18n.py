"""The site in Belarusian, Russian and English: interface, content, formats and email."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import ngettext

from tests.html import find_all, text_of

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["be", "ru", "en"]
CAMPAIGN = "campaigns/say-the-word-free-belarus-political-prisoners/"
PAGE_TYPES = [
    "",
    "prisoners/",
    "prisoners/?q=Ціханоўскі",
    "prisoners/sergei-tikhanovsky/",
    "campaigns/",
    CAMPAIGN,
    CAMPAIGN + "thanks/",
    "stories/",
    "stories/tikhanovsky-freed-appeals-for-political-prisoners/",
    "privacy/",
    "prisoners/birthdays/",
    "prisoners/letters/",
    "prisoners/letters/?q=Ціханоўскі",
    "prisoners/letters/suggest/",  # nobody to suggest among the seed article's people
    "prisoners/statistics/",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGE_TYPES)
def test_every_page_type_renders_in_each_language(client, seeded, language, page):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert find_all(html, "html")[0].attrs["lang"] == language
    alternates = {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in find_all(html, "link", rel="alternate")
        if link.attrs.get("hreflang")
    }
    assert set(alternates) == set(LANGUAGES)
    assert alternates["be"].endswith(f"/be/{page.split('?')[0]}")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
@pytest.mark.parametrize("language", ["be", "ru"])
def test_no_interface_string_is_left_untranslated(language, domain):
    with open(ROOT / f"locale/{language}/LC_MESSAGES/{domain}.po", "rb") as po:
        catalog = read_po(po)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert untranslated == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("be", ["1 подпіс", "2 подпісы", "5 подпісаў", "21 подпіс", "22 подпісы", "11 подпісаў"]),
        ("ru", ["1 подпись", "2 подписи", "5 подписей", "21 подпись", "22 подписи", "11 подписей"]),
        ("en", ["1 signature", "2 signatures", "5 signatures", "21 signatures", "22 signatures",
                "11 signatures"]),
    ],
)  # fmt: skip
def test_plural_forms_follow_each_language(language, expected):
    with translation.override(language):
        got = [
            f"{n} " + ngettext("signature", "signatures", n).strip() for n in (1, 2, 5, 21, 22, 11)
        ]
    assert got == expected


def test_the_root_follows_the_browser_language(client, db):
    response = client.get("/", headers={"accept-language": "be,ru;q=0.8,en;q=0.5"})
    assert response["Location"] == "/be/"


@pytest.mark.parametrize(
    ("accept_language", "cookie", "expected"),
    [
        ("be,ru;q=0.8,en;q=0.5", None, "/be/"),
        ("be-BY", None, "/be/"),
        ("ru-RU,ru;q=0.9", None, "/ru/"),
        ("de-DE,fr;q=0.5", None, "/en/"),
        (None, None, "/en/"),
        ("be", "ru", "/ru/"),
        ("be", "xx", "/be/"),
    ],
)
def test_the_root_sends_each_visitor_to_their_language(accept_language, cookie, expected):
    """The language cookie (the switcher's choice) wins, then the browser's languages."""
    client = Client()
    if cookie:
        client.cookies["django_language"] = cookie
    headers = {"accept-language": accept_language} if accept_language else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_the_root_keeps_the_query_string(client):
    assert client.get("/?ref=newsletter")["Location"] == "/en/?ref=newsletter"


def test_the_root_says_what_its_answer_depends_on(client):
    """A cache may keep the redirect only per language cookie and Accept-Language."""
    response = client.get("/", headers={"accept-language": "be"})
    vary = {value.strip().lower() for value in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary
    assert "public" not in response.get("Cache-Control", "")


def test_the_root_is_answered_before_the_rest_of_the_stack(client, db, django_assert_num_queries):
    """The redirect costs no query, no URL resolution, no template: the locale
    middleware, CSRF and the view never run for it (issue 31: 863 req/s against the
    bare floor's 5,000)."""
    with django_assert_num_queries(0):
        response = client.get("/", headers={"accept-language": "be"})
    assert response["Location"] == "/be/"
    request = response.wsgi_request
    assert not hasattr(request, "LANGUAGE_CODE")  # LocaleMiddleware
    assert not hasattr(request, "csrf_processing_done")
    assert request.resolver_match is None
    assert not response.cookies


def test_the_switcher_works_without_javascript(client, seeded):
    page = client.get("/en/prisoners/sergei-tikhanovsky/")
    form = find_all(page.content, "form", class_="language-switcher")[0]
    buttons = [b.attrs["value"] for b in find_all(page.content, "button", name="language")]
    assert set(buttons) == set(LANGUAGES)
    response = client.post(
        form.attrs["action"], {"language": "ru", "next": "/en/prisoners/sergei-tikhanovsky/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/ru/prisoners/sergei-tikhanovsky/"
    assert response.cookies["django_language"].value == "ru"
    # The choice is remembered for the next visit to the root.
    assert client.get("/")["Location"] == "/ru/"


def test_another_site_cannot_switch_a_visitors_language(client, db):
    response = client.post(
        "/i18n/setlang/",
        {"language": "ru", "next": "/en/"},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403
    assert "django_language" not in response.cookies


@pytest.mark.parametrize(
    ("language", "name"),
    [("be", "Сяргей Ціханоўскі"), ("ru", "Сергей Тихановский"), ("en", "Sergei Tikhanovsky")],
    ids=["be", "ru", "en"],
)
def test_content_is_shown_in_the_visitors_language(client, seeded, language, name):
    page = client.get(f"/{language}/prisoners/sergei-tikhanovsky/")
    assert find_all(page.content, "h1")[0].text == name


def test_missing_translations_fall_back_to_english(client, db):
    from tests.factories import make_person

    person = make_person(name_en="Only English", summary_en="Written in English only.")
    page = client.get(f"/be/prisoners/{person.slug}/")
    assert "Written in English only." in text_of(page.content)


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_every_spelling_in_every_language(client, seeded, language):
    for query in ["Tsikhanouski", "Тихановский", "Ціханоўскі", "tikhanovskiy"]:
        page = client.get(f"/{language}/prisoners/", {"q": query})
        links = [a.attrs["href"] for a in find_all(page.content, "a")]
        assert f"/{language}/prisoners/sergei-tikhanovsky/" in links, (language, query)


def test_dates_and_numbers_follow_the_language(client, seeded):
    import datetime

    from prisoners.dates import FuzzyDate, Precision

    day = FuzzyDate(datetime.date(2020, 5, 29), Precision.DAY)
    month = FuzzyDate(datetime.date(2020, 5, 1), Precision.MONTH)
    with translation.override("be"):
        assert (str(day), str(month)) == ("29 траўня 2020", "травень 2020")
    with translation.override("ru"):
        assert str(day).startswith("29 мая 2020")
    with translation.override("en"):
        assert str(day) == "May 29, 2020"
    page = client.get(f"/be/{CAMPAIGN}")
    assert "10\xa0000" in page.content.decode()


@pytest.mark.parametrize(
    ("language", "subject_word"),
    [("be", "подпіс"), ("ru", "подпись"), ("en", "signature")],
)
def test_emails_go_out_in_the_language_of_signing(client, seeded, language, subject_word):
    response = client.post(
        f"/{language}/{CAMPAIGN}sign/",
        {"name": "Anna Kowalska", "email": f"anna-{language}@example.org", "country": "PL"},
    )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert subject_word in message.subject.lower()
    assert re.search(rf"/{language}/campaigns/confirm/", message.body)
