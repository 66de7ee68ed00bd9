"""Staff edit a translated field one language at a time (modeltranslation's tabbed
admin), with its scripts from this site, under the Content Security Policy."""

import pytest

from prisoners.models import Person
from tests.e2e.pages import signed_in_to_the_admin

pytestmark = pytest.mark.browser


def test_a_translated_field_is_edited_one_language_at_a_time(open_tab):
    tab = open_tab("desktop")
    person = Person.objects.get(slug="sergei-tikhanovsky")
    signed_in_to_the_admin(tab, f"/admin/prisoners/person/{person.pk}/change/")

    name_tabs = tab.page.locator(".ui-tabs").first.get_by_role("tab")
    name_tabs.first.wait_for()
    assert name_tabs.all_inner_texts() == ["BE", "RU", "EN"]  # in the order of LANGUAGES
    english, belarusian = tab.page.locator("#id_name_en"), tab.page.locator("#id_name_be")
    # The staff member's language first (the admin here is in English).
    assert english.is_visible() and not belarusian.is_visible()
    name_tabs.filter(has_text="BE").click()
    belarusian.wait_for(state="visible", timeout=2_000)
    assert not english.is_visible()
    tab.assert_clean()  # nothing refused by the policy, nothing from another origin


def test_a_language_whose_text_is_missing_is_marked_on_its_tab(open_tab):
    tab = open_tab("desktop")
    Person.objects.filter(slug="sergei-tikhanovsky").update(name_ru="")
    person = Person.objects.get(slug="sergei-tikhanovsky")
    signed_in_to_the_admin(tab, f"/admin/prisoners/person/{person.pk}/change/")

    name_tabs = tab.page.locator(".ui-tabs").first.get_by_role("tab")
    name_tabs.first.wait_for()
    russian = name_tabs.filter(has_text="RU").locator("a")
    # The name starts with what the tab shows (ru), then says it in words.
    assert russian.get_attribute("aria-label") == "ru, Russian: not written yet"
    assert name_tabs.filter(has_text="EN").locator("a").get_attribute("aria-label") == "en, English"
    russian.click()
    tab.page.locator("#id_name_ru").fill("Сергей Тихановский")
    assert russian.get_attribute("aria-label") == "ru, Russian"
    tab.assert_clean()


def test_without_javascript_every_language_is_on_the_page(open_tab):
    tab = open_tab("desktop", javascript=False)
    person = Person.objects.get(slug="sergei-tikhanovsky")
    signed_in_to_the_admin(tab, f"/admin/prisoners/person/{person.pk}/change/")
    assert tab.page.locator("#id_name_en").is_visible()
    assert tab.page.locator("#id_name_be").is_visible()
