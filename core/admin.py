"""The admin's building block for translated models, which every app's admin uses; and
the log of staff's access to personal data, for superusers."""

from django.contrib import admin
from django.utils.translation import gettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from core.models import PersonalDataAccess


class LinesOfTranslatedFields:
    """modeltranslation puts each language's field in the place of a translated field, but
    spreads a line of several fields (a tuple in `fields`) over as many lines; here a line
    stays one line, of every language's fields: `("court", "judge")` becomes
    `("court_<code>", … of every language, "judge_<code>", …)`, and the language switch shows
    one language of them side by side."""

    def replace_orig_field(self, option):
        if not option:
            return option
        lines = []
        for line in option:
            if isinstance(line, (tuple, list)):
                lines.append(tuple(super().replace_orig_field(line)))
            else:
                lines.extend(super().replace_orig_field([line]))
        return lines


class TranslatedFieldsAdmin(LinesOfTranslatedFields, TranslationAdmin):
    """modeltranslation's admin (each language's field on the form, labelled with its
    language), with one switch for the whole page that shows one language at a time,
    starting on the admin's (static/js/admin_languages.js). Without JavaScript every
    language is shown.

    Not modeltranslation's tabbed admin: its jQuery UI tabs drew a strip of language tabs
    on every translated field of the form and of each inline entry (about twenty on a
    person's page), and a switch that started on the first language whatever the tabs
    showed."""

    class Media:
        js = ["js/admin_languages.js"]


class TranslatedStackedInline(LinesOfTranslatedFields, TranslationStackedInline):
    """An inline of a translated model, each entry a block of its fields (laid out in
    columns by static/css/admin.css), for entries too wide for a table's row."""


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
