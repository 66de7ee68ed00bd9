"""Staff edit a translated model one language at a time: one switch for the whole page
(static/js/admin_languages.js) shows the chosen language's fields, in the form and in
every inline, starting on the admin's language; with its script from this site, under
the Content Security Policy. Without JavaScript every language is on the page, each
field labelled with its language."""

import pytest

from prisoners.models import Person
from tests.e2e.browsing import Tab
from tests.e2e.pages import signed_in_to_the_admin

pytestmark = pytest.mark.browser


def person_page() -> str:
    return f"/admin/prisoners/person/{Person.objects.get(slug='sergei-tikhanovsky').pk}/change/"


def in_language(tab: Tab, language: str) -> None:
    """The admin in this language from now on (what the language cookie says)."""
    tab.page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": tab.origin}]
    )


def label_of(tab: Tab, language: str):
    return tab.page.locator(f".language-switch label:has(input[value={language}])")


def text_of(locator) -> str:
    return locator.inner_text().strip()


def shown(tab: Tab, *ids: str) -> list[str]:
    return [id_ for id_ in ids if tab.page.locator(f"#{id_}").is_visible()]


NAME_AND_NOTE = [f"id_{field}_{language}" for field in ("name", "status_changes-0-note")
                 for language in ("be", "ru", "en")]  # fmt: skip


def test_the_whole_page_shows_the_admins_language_and_one_switch_changes_it(open_tab):
    tab = open_tab("desktop")
    signed_in_to_the_admin(tab)
    in_language(tab, "be")
    tab.goto(person_page())

    switch = tab.page.get_by_role("group", name="Мова ўсіх палёў з перакладам")
    assert tab.page.locator(".language-switch").count() == 1
    assert tab.page.locator(".ui-tabs-nav").count() == 0  # no strip of tabs per field
    assert switch.get_by_role("radio", name="BE", exact=True).is_checked()
    assert shown(tab, *NAME_AND_NOTE) == ["id_name_be", "id_status_changes-0-note_be"]

    switch.get_by_role("radio", name="RU", exact=True).check()
    assert shown(tab, *NAME_AND_NOTE) == ["id_name_ru", "id_status_changes-0-note_ru"]
    switch.get_by_role("radio", name="Усе мовы", exact=True).check()
    assert shown(tab, *NAME_AND_NOTE) == NAME_AND_NOTE
    tab.assert_clean()  # nothing refused by the policy, nothing from another origin


def test_the_switch_starts_on_the_language_of_the_admin(open_tab):
    tab = open_tab("desktop")
    signed_in_to_the_admin(tab, person_page())  # the admin in English
    assert tab.page.get_by_role("radio", name="EN", exact=True).is_checked()
    assert shown(tab, "id_name_be", "id_name_en") == ["id_name_en"]


def test_a_new_entry_shows_the_chosen_language(open_tab):
    tab = open_tab("desktop")
    signed_in_to_the_admin(tab, person_page())
    tab.page.get_by_role("radio", name="RU", exact=True).check()
    tab.page.locator("#status_changes-group .add-row a").click()
    assert shown(tab, "id_status_changes-3-note_ru", "id_status_changes-3-note_en") == [
        "id_status_changes-3-note_ru"
    ]


def test_a_text_still_to_write_in_a_language_is_counted_on_the_switch(open_tab):
    tab = open_tab("desktop")
    Person.objects.filter(slug="sergei-tikhanovsky").update(name_ru="")
    signed_in_to_the_admin(tab, person_page())

    russian = label_of(tab, "ru").get_by_role("radio")
    assert text_of(label_of(tab, "ru")) == "RU: 1 field not written yet"
    russian.check()
    name = tab.page.locator("#id_name_ru")
    assert "mt-missing" in name.get_attribute("class")
    name.fill("Сергей Тихановский")
    assert "mt-missing" not in name.get_attribute("class")
    assert text_of(label_of(tab, "ru")) == "RU"
    tab.assert_clean()


def test_an_error_in_a_hidden_language_shows_every_language(open_tab):
    tab = open_tab("desktop")
    signed_in_to_the_admin(tab)
    in_language(tab, "be")
    tab.goto(person_page())
    tab.page.get_by_role("radio", name="EN", exact=True).check()
    tab.page.locator("#id_name_en").fill("")  # English is required
    tab.page.get_by_role("radio", name="BE", exact=True).check()
    with tab.page.expect_navigation():
        tab.page.locator("input[name=_continue]").click()

    assert tab.page.get_by_role("radio", name="Усе мовы", exact=True).is_checked()
    assert tab.page.locator("#id_name_en").is_visible()
    assert tab.page.locator(".field-name_en .errorlist").is_visible()


def test_without_javascript_every_language_is_on_the_page_labelled(open_tab):
    tab = open_tab("desktop", javascript=False)
    signed_in_to_the_admin(tab, person_page())
    assert shown(tab, *NAME_AND_NOTE) == NAME_AND_NOTE
    for language in ("be", "ru", "en"):
        assert f"[{language}]" in tab.page.locator(f"label[for=id_name_{language}]").inner_text()
