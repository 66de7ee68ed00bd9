"""The admin's building block for translated models, which every app's admin uses."""

from modeltranslation.admin import TabbedTranslationAdmin


class TranslationTabsAdmin(TabbedTranslationAdmin):
    """modeltranslation's tabbed admin (a translated field one language at a time; its
    jQuery UI from this site: JQUERY_UI_URL), each tab marked when its language's text is
    empty."""

    class Media:
        js = ["js/admin_translation_tabs.js"]
