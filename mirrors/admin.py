from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin import TranslatedFieldsAdmin
from mirrors import services
from mirrors.models import Mirror


@admin.register(Mirror)
class MirrorAdmin(SimpleHistoryAdmin, TranslatedFieldsAdmin):
    list_display = ["address", "kind", "last_checked", "is_listed", "position"]
    list_editable = ["last_checked"]
    list_filter = ["kind", "is_listed", "last_checked"]
    search_fields = ["address", "note"]
    fields = ["kind", "address", "note", "is_listed", "last_checked", "position"]
    actions = ["checked_today"]

    @admin.action(description=_("Checked today"), permissions=["change"])
    def checked_today(self, request, queryset) -> None:
        count = services.mirrors_checked(mirrors=queryset)
        message = ngettext(
            "%(count)d address marked as checked today.",
            "%(count)d addresses marked as checked today.",
            count,
        ) % {"count": count}
        self.message_user(request, message, messages.SUCCESS)

    # A change reaches the public page and the next email at once (mirrors.services).
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        services.mirrors_changed()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        services.mirrors_changed()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        services.mirrors_changed()
