"""Writing to one person: the envelope's address, how to write, the card to print, and the
profile's invitation to write. The same page for every visitor."""

import datetime
import re
from html import unescape

import pytest
from django.conf import settings
from django.utils import timezone

from prisoners.models import LetterGuidance, LetterPhrase, Status
from tests.factories import make_letters, make_person, make_source
from tests.html import find_all, find_inside, text_of

ADDRESS = "Penal colony No. 9\nul. Dzerzhinskogo 1\n213004 Horki\nBelarus"
LETTER = "/en/prisoners/ales-bialiatski/letter/"
PRINT = "/en/prisoners/ales-bialiatski/letter/print/"


@pytest.fixture
def ales(db):
    return make_person(
        name_en="Ales Bialiatski",
        name_ru="Алесь Беляцкий",
        name_be="Алесь Бяляцкі",
        slug="ales-bialiatski",
        postal_address=ADDRESS,
        letter_language_en="Russian",
        date_of_birth=datetime.date(1962, 9, 25),
    )


def envelope(html: bytes, css_class: str = "envelope") -> list[str]:
    """The lines of the envelope's address, as printed (a <br> between lines)."""
    (inside,) = re.findall(rf'<address class="{css_class}">(.*?)</address>', html.decode(), re.S)
    return [unescape(line).strip() for line in inside.split("<br>")]


def test_it_invites_letters_on_a_profile_with_an_address(client, ales):
    make_letters(ales, 3)
    html = client.get("/en/prisoners/ales-bialiatski/").content
    assert find_all(html, "h2", id="letters-heading")[0].text == "Write a letter"
    text = text_of(html)
    assert "Write in Russian: letters in other languages are often not delivered." in text
    assert "3 letters sent through this site this month." in text
    assert find_all(html, "a", href=LETTER)


def test_the_profile_counts_only_this_months_letters(client, ales):
    make_letters(ales, 1)
    this_month = timezone.localdate().replace(day=1)
    make_letters(ales, 4, sent_on=this_month - datetime.timedelta(days=1))
    assert "1 letter sent through this site this month." in text_of(
        client.get("/en/prisoners/ales-bialiatski/").content
    )


def test_it_writes_the_envelope_as_the_prison_wants_it(client, ales):
    response = client.get(LETTER)
    assert response.status_code == 200
    # The recipient, in Russian with the year of birth, then one address line per line.
    assert envelope(response.content) == ["Алесь Беляцкий, 1962 г. р.", *ADDRESS.splitlines()]
    assert "<br>".join(ADDRESS.splitlines()) in response.content.decode()
    text = text_of(response.content)
    assert "Write to Ales Bialiatski" in text
    assert "Write the surname first" in text
    assert find_all(response.content, "a", href="/en/prisoners/ales-bialiatski/")


def test_staff_may_write_the_recipient_as_the_prison_knows_them(client, ales):
    ales.name_for_letters = "Беляцкий Алесь Викторович, 1962 г. р."
    ales.save()
    html = client.get(LETTER).content
    assert envelope(html)[0] == "Беляцкий Алесь Викторович, 1962 г. р."
    assert "Write the surname first" not in text_of(html)


def test_without_a_russian_name_the_envelope_has_the_belarusian_or_english_one(client, db):
    belarusian = make_person(name_en="Ihar Losik", name_be="Ігар Лосік", postal_address=ADDRESS,
                             date_of_birth=datetime.date(1992, 3, 11))  # fmt: skip
    english = make_person(name_en="Ihar Losik", postal_address=ADDRESS)
    assert envelope(client.get(f"/en/prisoners/{belarusian.slug}/letter/").content)[0] == (
        "Ігар Лосік, 1992 г. н."
    )
    assert envelope(client.get(f"/en/prisoners/{english.slug}/letter/").content)[0] == "Ihar Losik"


def test_the_languages_of_letters_are_a_setting(client, ales, settings):
    """Which name goes on the envelope, and which columns the opening phrases have, follow
    LETTER_LANGUAGES: content, not the site's languages."""
    settings.LETTER_LANGUAGES = ["be"]
    html = client.get(LETTER).content
    assert envelope(html)[0] == "Алесь Бяляцкі, 1962 г. н."
    assert find_all(html, "td", lang="be")
    assert not find_all(html, "td", lang="ru")
    assert [th.text for th in find_all(html, "th", scope="col")][0] == "Belarusian"


def test_it_shows_who_the_person_is_and_their_letters_this_month(client, ales):
    make_letters(ales, 2)
    text = text_of(client.get(LETTER).content)
    assert "Letters sent through this site this month 2" in " ".join(text.split())
    assert "Birthday 25 September" in " ".join(text.split())


def test_a_birth_year_alone_shows_no_birthday_but_stays_on_the_envelope(client, ales):
    ales.date_of_birth_precision = "year"
    ales.save()
    html = client.get(LETTER).content
    assert "Birthday" not in text_of(html)
    assert any("1962" in line for line in envelope(html))


def test_it_shows_the_guidance_staff_wrote_in_the_language_of_the_page(client, ales):
    guidance = LetterGuidance.objects.get()
    guidance.body_en = "Write about **books**."
    guidance.body_be = "Пішыце пра **кнігі**."
    guidance.save()
    LetterPhrase.objects.all().delete()
    LetterPhrase.objects.create(guidance=guidance, meaning_en="Hello!",
                                texts={"ru": "Здравствуйте!", "be": "Добры дзень!"},
                                meaning_be="Прывітанне.")  # fmt: skip
    en = client.get(LETTER).content.decode()
    assert "Write about <strong>books</strong>." in en
    (russian,) = find_all(en, "td", lang="ru")
    (belarusian,) = find_all(en, "td", lang="be")
    assert (russian.text, belarusian.text) == ("Здравствуйте!", "Добры дзень!")
    assert "Hello!" in text_of(en)
    be = client.get("/be/prisoners/ales-bialiatski/letter/").content.decode()
    assert "Пішыце пра <strong>кнігі</strong>." in be
    assert "Прывітанне." in text_of(be)


def test_the_first_guidance_is_careful_and_has_phrases_in_russian_and_belarusian(client, ales):
    """The data migration's version, which staff then edit."""
    for language, words in [
        ("en", ["Russian or Belarusian", "politics", "case", "withheld", "your own safety"]),
        ("be", ["па-беларуску або па-руску", "палітыкі", "справы", "бяспеку"]),
        ("ru", ["по-русски или по-белорусски", "политики", "дела", "безопасности"]),
    ]:
        text = text_of(client.get(f"/{language}/prisoners/ales-bialiatski/letter/").content)
        for word in words:
            assert word in text, (language, word)
    html = client.get(LETTER).content
    assert len(find_all(html, "td", lang="ru")) >= 5
    assert len(find_all(html, "td", lang="be")) >= 5


def test_without_guidance_it_falls_back_to_the_short_advice(client, ales):
    LetterGuidance.objects.all().delete()
    text = text_of(client.get(LETTER).content)
    assert "Letters are read by the prison censor and may be withheld" in text


def test_it_warns_that_letters_may_not_reach_someone_held_incommunicado(client, db):
    person = make_person(postal_address=ADDRESS, is_incommunicado=True,
                         last_contact_on=datetime.date(2023, 2, 1),
                         last_contact_on_precision="month")  # fmt: skip
    response = client.get(f"/en/prisoners/{person.slug}/letter/")
    assert response.status_code == 200
    (note,) = find_all(response.content, "div", role="note")
    assert "Held incommunicado." in note.text
    assert "may never arrive" in note.text
    assert "Last known contact: February 2023." in note.text


def test_the_print_page_holds_the_address_on_a_postcard(client, ales):
    response = client.get(PRINT)
    assert response.status_code == 200
    assert find_inside(response.content, {"tag": "section", "class": "postcard"}, "address")
    assert envelope(response.content, "postcard__address") == [
        "Алесь Беляцкий, 1962 г. р.",
        *ADDRESS.splitlines(),
    ]
    assert find_all(response.content, "body", class_="print-postcard")
    assert "148 × 105 mm" in text_of(response.content)
    assert 'style="' not in response.content.decode()


def test_the_stylesheet_prints_the_card_on_a_postcard_sized_page():
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    assert "@page postcard { size: 148mm 105mm;" in css
    assert ".print-postcard { page: postcard; }" in css


def test_it_escapes_a_hostile_address(client, db):
    person = make_person(postal_address="<script>alert(1)</script>\n<img src=x onerror=alert(1)>")
    for page in ("letter/", "letter/print/"):
        html = client.get(f"/en/prisoners/{person.slug}/{page}").content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html


@pytest.mark.parametrize("page", ["letter/", "letter/print/"])
def test_it_offers_no_letter_without_an_address(client, db, page):
    person = make_person(postal_address="")
    html = client.get(f"/en/prisoners/{person.slug}/").content
    assert "Write a letter" not in find_all(html, "main")[0].text
    assert not find_all(html, "a", href=f"/en/prisoners/{person.slug}/letter/")
    response = client.get(f"/en/prisoners/{person.slug}/{page}")
    assert response.status_code == 404
    assert find_all(response.content, "header", class_="site-header")


@pytest.mark.parametrize(
    "fields",
    [
        {"is_published": False},
        {"is_political_prisoner": False},
        {"status": Status.RELEASED},
        {"status": Status.DECEASED},
    ],
    ids=["draft", "not-a-prisoner", "released", "deceased"],
)
@pytest.mark.parametrize("page", ["letter/", "letter/print/"])
def test_it_gives_no_address_of_someone_letters_cannot_reach(client, db, fields, page):
    person = make_person(postal_address=ADDRESS, **fields)
    assert client.get(f"/en/prisoners/{person.slug}/{page}").status_code == 404


def test_an_unknown_slug_is_not_found(client, db):
    assert client.get("/en/prisoners/no-such-person/letter/").status_code == 404
    assert client.get("/en/prisoners/no-such-person/letter/print/").status_code == 404
    assert client.post("/en/prisoners/no-such-person/letter/sent/").status_code == 404


def test_the_page_is_the_same_for_everyone_and_may_be_cached(client, ales, settings):
    settings.PAGE_CACHE_SECONDS = 60
    response = client.get(LETTER)
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "private" not in response.get("Cache-Control", "")
    (form,) = find_all(response.content, "form", action=f"{LETTER}sent/")
    assert form.attrs["method"] == "post"
    assert not find_all(response.content, "input", name="csrfmiddlewaretoken")


@pytest.mark.parametrize("size", [1, 8])
def test_it_runs_the_same_queries_however_many_sources_letters_and_stays(
    client, db, django_assert_num_queries, size
):
    person = make_person(postal_address=ADDRESS, sources=[make_source() for _ in range(size)])
    make_letters(person, size)
    # The person with their letters this month, their stays with the places, the guidance
    # and its phrases.
    with django_assert_num_queries(4):
        assert client.get(f"/en/prisoners/{person.slug}/letter/").status_code == 200
    with django_assert_num_queries(2):
        assert client.get(f"/en/prisoners/{person.slug}/letter/print/").status_code == 200


@pytest.mark.parametrize("language", ["be", "ru", "en"])
def test_it_reads_in_each_language(client, ales, language):
    for page in ("letter/", "letter/print/"):
        response = client.get(f"/{language}/prisoners/ales-bialiatski/{page}")
        assert response.status_code == 200
        assert find_all(response.content, "html")[0].attrs["lang"] == language
