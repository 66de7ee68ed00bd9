from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TranslationTabsAdmin
from stories.models import Story


@admin.register(Story)
class StoryAdmin(SimpleHistoryAdmin, TranslationTabsAdmin):
    list_display = ["title", "published_on", "is_published", "source"]
    list_filter = ["is_published", "published_on"]
    search_fields = ["title", "standfirst"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["source", "prisoners", "campaigns"]
    date_hierarchy = "published_on"
