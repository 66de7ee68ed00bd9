"""The officials, the model letters to them, and the campaign's inline that adds a
letter with its officials (declared by officials.actions, added to the campaign's admin
by core.actions.campaign_admin_inlines)."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.admin import NamedInputs, TranslatedFieldsAdmin, TranslatedStackedInline
from officials.models import Official, OfficialLetter


@admin.register(Official)
class OfficialAdmin(TranslatedFieldsAdmin):
    list_display = ["name", "position", "email", "source", "letters_sent"]
    search_fields = ["name", "position", "email", "postal_address"]
    autocomplete_fields = ["source"]
    fields = ["name", "position", "postal_address", "email", "source"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(letters_sent_count=Count("letters_sent"))

    @admin.display(description=_("letters sent"), ordering="letters_sent_count")
    def letters_sent(self, official: Official) -> int:
        return official.letters_sent_count


@admin.register(OfficialLetter)
class OfficialLetterAdmin(TranslatedFieldsAdmin):
    list_display = ["subject", "campaign", "officials_named", "letters_sent"]
    list_filter = ["campaign"]
    search_fields = ["subject", "body"]
    autocomplete_fields = ["campaign", "officials"]
    fields = ["campaign", "subject", "body", "officials"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("campaign")
            .annotate(
                officials_count=Count("officials", distinct=True),
                letters_sent_count=Count("sent", distinct=True),
            )
        )

    @admin.display(description=_("officials"), ordering="officials_count")
    def officials_named(self, letter: OfficialLetter) -> int:
        return letter.officials_count

    @admin.display(description=_("letters sent"), ordering="letters_sent_count")
    def letters_sent(self, letter: OfficialLetter) -> int:
        return letter.letters_sent_count


class OfficialLetterInline(NamedInputs, TranslatedStackedInline):
    """On the campaign's page: "write to an official", a letter with its officials."""

    model = OfficialLetter
    extra = 0
    fields = ["subject", "body", "officials"]
    autocomplete_fields = ["officials"]
    verbose_name = _("write to an official: the letter")
    verbose_name_plural = _("write to an official")
