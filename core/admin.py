"""The admin's building block for translated models, which every app's admin uses; and
the log of staff's access to personal data, for superusers."""

from django.contrib import admin
from django.utils.translation import gettext
from modeltranslation.admin import TabbedTranslationAdmin

from core.models import PersonalDataAccess


class TranslationTabsAdmin(TabbedTranslationAdmin):
    """modeltranslation's tabbed admin (a translated field one language at a time; its
    jQuery UI from this site: JQUERY_UI_URL), each tab marked when its language's text is
    empty."""

    class Media:
        js = ["js/admin_translation_tabs.js"]


class NamedInputs:
    """Give every input of the admin form a name assistive technology reads: a tabular
    inline labels its inputs only by the column headers, and Django groups a file input
    under a legend rather than a label (axe: 'Form elements must have labels'). Each
    widget without one gets its field's label as `aria-label`."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        name_inputs(formset.form.base_fields)

        class Named(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs.setdefault("aria-label", gettext("Delete"))

        return Named

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        name_inputs(
            {
                name: field
                for name, field in form.base_fields.items()
                if getattr(field.widget, "input_type", "") == "file"
            }
        )
        return form


def name_inputs(fields: dict) -> None:
    for name, field in fields.items():
        field.widget.attrs.setdefault("aria-label", str(field.label or name))


class PersonalDataAccessAdmin(admin.ModelAdmin):
    """Who saw or downloaded personal data: for superusers to read, never to change."""

    list_display = ["at", "username", "action", "data", "scope", "rows"]
    list_filter = ["action", "data", "at"]
    search_fields = ["username", "scope"]
    date_hierarchy = "at"
    readonly_fields = ["at", "user", "username", "action", "data", "scope", "rows", "path"]
    show_full_result_count = False

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(PersonalDataAccess, PersonalDataAccessAdmin)
