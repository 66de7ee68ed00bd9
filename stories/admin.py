from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TranslatedFieldsAdmin
from stories.models import Story


@admin.register(Story)
class StoryAdmin(SimpleHistoryAdmin, TranslatedFieldsAdmin):
    list_display = ["title", "published_on", "is_published", "source"]
    list_filter = ["is_published", "published_on"]
    search_fields = ["title", "standfirst"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["source", "prisoners", "campaigns"]
    date_hierarchy = "published_on"

    def save_model(self, request, obj, form, change) -> None:
        # Whether visitors could read it before this save: a story is news to its
        # prisoners' followers once, when it becomes readable (story_published).
        form.was_public = change and Story.objects.published().filter(pk=obj.pk).exists()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        story = form.instance
        if not form.was_public and Story.objects.published().filter(pk=story.pk).exists():
            self.story_published(request, story)

    def story_published(self, request, story: Story) -> None:
        """What follows a story becoming readable: nothing here; the supporters app,
        which registers this admin extended, emails its prisoners' followers."""
