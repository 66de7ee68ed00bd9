from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core import admin_hooks
from core.admin import TranslatedFieldsAdmin
from stories import services
from stories.models import Story


@admin.register(Story)
class StoryAdmin(SimpleHistoryAdmin, TranslatedFieldsAdmin):
    """The one admin of stories. A story that becomes readable writes its news
    (stories.services.story_news_write); what other apps do with it runs through
    core.admin_hooks (supporters emails the followers of its people)."""

    list_display = ["title", "published_on", "is_published", "source"]
    list_filter = ["is_published", "published_on"]
    search_fields = ["title", "standfirst"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["source", "prisoners", "campaigns"]
    date_hierarchy = "published_on"

    def save_model(self, request, obj, form, change) -> None:
        # Whether visitors could read it before this save: a story is news to its
        # prisoners' followers once, when it becomes readable.
        form.was_public = change and Story.objects.published().filter(pk=obj.pk).exists()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        story = form.instance
        if not form.was_public:
            news = services.story_news_write(story=story, user=request.user)
            if news is not None:
                admin_hooks.after_save(request, [news])
