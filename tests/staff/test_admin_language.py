"""The admin speaks the editor's language: in Belarusian and in Russian, the index and the
pages editors work on say nothing in English and show no raw value (a lookup such as
`campaign__id__exact=1`, a `None`), whatever app the words come from; counts agree with
their nouns; country names are the ones the public pages use, in the admin's language.

The pages are filled with data written in Cyrillic, so that any Latin word left on them
is the interface's."""

import datetime
import html
import re
from html.parser import HTMLParser

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import User
from django.utils import timezone

from campaigns.models import CommentStatus
from core.countries import country_choices
from core.network import ip_hash
from prisoners.models import Person, Relation, RelationKind
from tests.factories import (
    make_campaign,
    make_confirmed,
    make_person,
    make_signature,
    make_source,
)

# Words the interface may say in Latin letters in any language: the languages' codes on
# translated fields' labels, names of formats, and the spellings a help text gives as
# examples of transliteration.
LATIN_ALLOWED = {"be", "ru", "en", "URL", "Markdown", "CSV", "XLSX", "PDF", "Tsikhanouski",
                 "Tikhanovskiy"}  # fmt: skip


class VisibleText(HTMLParser):
    """The text a reader sees on an admin page, without what is not the interface's: the
    header and the title (the organisation's name, the username), scripts and styles, and
    what is typed in the form's fields."""

    SKIPPED = {"script", "style", "textarea", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}  # fmt: skip

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])
        if tag in self.VOID:
            return
        skipped = tag in self.SKIPPED or tag == "head" or attrs.get("id") == "header"
        self.open.append((tag, skipped))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if data.strip() and not any(skipped for _tag, skipped in self.open):
            self.texts.append(data.strip())


def visible_texts(page) -> list[str]:
    parser = VisibleText()
    parser.feed(page.content.decode())
    return parser.texts


def untranslated(page) -> list[str]:
    """The texts of the page with an English word or a raw value in them."""
    found = []
    for text in visible_texts(page):
        words = re.sub(r"\b[0-9a-f]{12,}\b", "", text)  # a keyed hash is no word
        latin = set(re.findall(r"[A-Za-z]{2,}", words)) - LATIN_ALLOWED
        if latin or "__" in text or re.search(r"\bNone\b", text):
            found.append(text)
    return sorted(set(found))


def in_cyrillic(number: int = 1) -> dict:
    """A person's name in every language, in Cyrillic."""
    name = f"Іван Пятровіч {'І' * number}"
    return {"name_en": name, "name_be": name, "name_ru": name}


@pytest.fixture
def case(db):
    """A person, a campaign with a pending comment and signatures, all in Cyrillic."""
    source = make_source(title="Справаздача праваабаронцаў", publisher="Вясна")
    person = make_person(**in_cyrillic(1), sources=[source], occupation_en="настаўнік")
    other = make_person(**in_cyrillic(2), sources=[source])
    Relation.objects.create(person=person, other=other, kind=RelationKind.SPOUSE)
    campaign = make_campaign(
        sources=[source], title="Вызваліце іх", target="Генеральны пракурор",
        summary="Кароткі змест.", appeal="Просім вызваліць.", prisoners=[person],
    )  # fmt: skip
    for n in range(3):
        make_signature(campaign, name=f"Падпісант {n}", email=f"p{n}@example.org",
                       ip_hash=ip_hash("203.0.113.5"))  # fmt: skip
    make_confirmed(campaign, name="Марыя", comment="Свабоду!", comment_status=CommentStatus.PENDING)
    return {"person": person, "campaign": campaign, "source": source}


@pytest.fixture
def staff_in(client, db):
    """A superuser's client, the admin in the given language."""
    user = User.objects.create_superuser("superuser", password="a long enough password")
    client.force_login(user)

    def in_language(language: str):
        client.cookies["django_language"] = language
        return client

    return in_language


def key_pages(case) -> dict[str, str]:
    person, campaign = case["person"], case["campaign"]
    return {
        "the index": "/admin/",
        "the person list": "/admin/prisoners/person/",
        "a person's page": f"/admin/prisoners/person/{person.pk}/change/",
        "a person's history": f"/admin/prisoners/person/{person.pk}/history/",
        "the signatures": "/admin/campaigns/signature/",
        "a campaign's page": f"/admin/campaigns/campaign/{campaign.pk}/change/",
    }


@pytest.mark.parametrize("language", ["be", "ru"])
def test_the_key_pages_say_nothing_in_english(case, staff_in, language):
    client = staff_in(language)
    person = case["person"]
    person.name_be = person.name_be + " "  # a change, so that the history has a diff
    person.save()

    found = {}
    for name, url in key_pages(case).items():
        page = client.get(url)
        assert page.status_code == 200, url
        if texts := untranslated(page):
            found[name] = texts
    print(
        "FOUND",
        language,
        {k: [t for t in v if not re.search(r"Islands|^[A-Z][a-z]+$", t)] for k, v in found.items()},
    )
    assert found == {}


@pytest.mark.parametrize("language", ["be", "ru"])
def test_setting_a_flood_aside_says_how_it_was_chosen_in_words(case, staff_in, language):
    client = staff_in(language)
    campaign = case["campaign"]
    hour = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    query = (
        f"?campaign__id__exact={campaign.pk}&created_at__gte={hour.isoformat()}"
        f"&created_at__lt={(hour + datetime.timedelta(hours=1)).isoformat()}"
        f"&ip_hash={ip_hash('203.0.113.5')}"
    ).replace("+", "%2B")
    page = client.post(
        f"/admin/campaigns/signature/{query}",
        {"action": "invalidate", "select_across": "1", "index": "0",
         helpers.ACTION_CHECKBOX_NAME: [campaign.signatures.first().pk]},
    )  # fmt: skip

    assert page.status_code == 200
    assert untranslated(page) == []
    assert "Вызваліце іх" in page.content.decode()  # the campaign, by its title


@pytest.mark.parametrize("language", ["be", "ru"])
def test_the_bulk_status_change_page_speaks_the_admins_language(case, staff_in, language):
    page = staff_in(language).post(
        "/admin/prisoners/person/",
        {"action": "add_status_change", helpers.ACTION_CHECKBOX_NAME: [case["person"].pk]},
    )
    assert page.status_code == 200
    assert untranslated(page) == []
    labels = re.findall(r"<label[^>]*>([^<]+)</label>", page.content.decode())
    assert labels and all(label[0].isupper() for label in labels), labels


def test_a_count_agrees_with_its_noun(case, staff_in):
    client = staff_in("en")
    content = client.get("/admin/").content.decode()
    assert '<span class="attention-count">1</span> comment awaiting moderation' in content

    draft = make_person(**in_cyrillic(3), is_published=False)
    published = client.post(
        "/admin/prisoners/person/",
        {"action": "publish", helpers.ACTION_CHECKBOX_NAME: [draft.pk]},
        follow=True,
    )
    assert "Published 1 profile." in published.content.decode()

    belarusian = staff_in("be").get("/admin/").content.decode()
    assert '<span class="attention-count">1</span> каментар чакае мадэрацыі' in belarusian


@pytest.mark.parametrize("language", ["be", "ru", "en"])
def test_the_admin_names_countries_as_the_public_pages_do(case, staff_in, language):
    client = staff_in(language)
    person = case["person"]
    public = dict(country_choices_in(language))

    form = client.get(f"/admin/prisoners/person/{person.pk}/change/").content.decode()
    options = [
        (code, html.unescape(name))
        for code, name in re.findall(r'<option value="([A-Z]{2})"[^>]*>([^<]+)</option>', form)
    ]
    assert dict(options) == public
    assert [code for code, _name in options] == list(public)  # in the same order

    listed = client.get("/admin/prisoners/person/").content.decode()
    assert f'<td class="field-country">{html.escape(public["BY"])}</td>' in listed


def country_choices_in(language: str) -> list[tuple[str, str]]:
    from django.utils import translation

    with translation.override(language):
        return country_choices()


def test_a_relation_is_named_in_the_admins_language(case, staff_in):
    relation = Person.objects.get(pk=case["person"].pk).relations.get()
    from django.utils import translation

    with translation.override("be"):
        assert re.findall(r"[A-Za-z]{2,}", str(relation)) == []
