"""Every link to another record in the admin is chosen by search (autocomplete), never
from a select of thousands; every page with a public page links to it."""

import pytest
from django.contrib import admin

from tests.factories import make_campaign, make_person

CONTENT_APPS = {"prisoners", "campaigns", "stories"}


def admins_and_inlines():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in CONTENT_APPS:
            yield model_admin
            yield from (inline(model, admin.site) for inline in model_admin.inlines)


def test_every_link_to_another_record_is_an_autocomplete_on_a_searchable_admin():
    missing = []
    for model_admin in admins_and_inlines():
        parent = getattr(model_admin, "fk_name", None) or "person"
        for field in model_admin.model._meta.get_fields():
            if not (field.many_to_many or field.many_to_one) or not field.concrete:
                continue
            if field.name in (parent, *model_admin.readonly_fields):
                continue
            if field.name not in model_admin.autocomplete_fields:
                missing.append(f"{type(model_admin).__name__}.{field.name}")
            elif not admin.site._registry[field.related_model].search_fields:
                missing.append(f"{field.related_model.__name__} has no search_fields")
    assert not missing


@pytest.mark.django_db
def test_a_page_with_a_public_page_links_to_it(admin_client):
    person = make_person()
    campaign = make_campaign()
    for url in [
        f"/admin/prisoners/person/{person.pk}/change/",
        f"/admin/campaigns/campaign/{campaign.pk}/change/",
    ]:
        content = admin_client.get(url).content.decode()
        assert 'href="/admin/r/' in content and "View on site" in content, url


def test_every_admin_script_and_stylesheet_comes_from_this_site():
    for model_admin in admins_and_inlines():
        tags = str(model_admin.media)
        assert "//" not in tags and "http" not in tags, f"{type(model_admin).__name__}: {tags}"


def test_every_translated_model_is_edited_with_one_language_switch_not_tabs():
    from modeltranslation.translator import translator

    from core.admin import TranslatedFieldsAdmin

    translated = set(translator.get_registered_models(abstract=False))
    for model_admin in admins_and_inlines():
        tags = str(model_admin.media)
        assert "tabbed_translation" not in tags and "jquery-ui" not in tags
        if model_admin.model in translated and not hasattr(model_admin, "parent_model"):
            assert isinstance(model_admin, TranslatedFieldsAdmin), type(model_admin).__name__
            assert "/static/js/admin_languages." in tags
