"""The news rows, read-only: what was written, when, by whom. The supporters app adds
what was sent of each (core.admin_hooks)."""

from django.contrib import admin

from core.admin_hooks import ExtensibleAdmin
from news.models import News


@admin.register(News)
class NewsAdmin(ExtensibleAdmin, admin.ModelAdmin):
    list_display = ["topic", "kind", "languages", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["created_by"]
    search_fields = ["topic"]
    date_hierarchy = "created_at"
    fields = ["kind", "topic", "subject_type", "subject_id", "languages", "created_at",
              "created_by"]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        # News is written by the services of the app it happened in.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
