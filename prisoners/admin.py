from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from prisoners import search
from prisoners.models import Event, Person, Quote, Relation, Source
from prisoners.photos import without_metadata


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published_on", "url"]
    search_fields = ["title", "publisher", "url"]
    prepopulated_fields = {"slug": ["title"]}


class EventInline(TranslationTabularInline):
    model = Event
    extra = 0
    fields = ["position", "date", "date_precision", "title", "description", "sources"]
    autocomplete_fields = ["sources"]


class QuoteInline(TranslationTabularInline):
    model = Quote
    fk_name = "person"
    extra = 0
    fields = ["position", "text", "speaker", "original_language", "context", "said_on",
              "said_on_precision", "source"]  # fmt: skip
    autocomplete_fields = ["speaker", "source"]


class RelationInline(admin.TabularInline):
    model = Relation
    fk_name = "person"
    extra = 0
    fields = ["kind", "other", "sources"]
    autocomplete_fields = ["other", "sources"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            return without_metadata(photo)
        return photo


@admin.register(Person)
class PersonAdmin(TranslationAdmin):
    form = PersonForm
    list_display = ["name", "status", "country", "is_political_prisoner", "is_published",
                    "updated_at"]  # fmt: skip
    list_filter = ["is_published", "is_political_prisoner", "status", "country", "is_featured"]
    search_fields = ["name", "search_text"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["sources"]
    inlines = [EventInline, QuoteInline, RelationInline]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "other_spellings",
                    "is_political_prisoner",
                    "is_published",
                    "is_featured",
                ]
            },
        ),  # fmt: skip
        (
            _("Facts"),
            {
                "fields": [
                    "status",
                    "country",
                    "occupation",
                    ("arrested_on", "arrested_on_precision"),
                    ("sentenced_on", "sentenced_on_precision"),
                    ("released_on", "released_on_precision"),
                    "sentence",
                    "charge",
                    "place_of_detention",
                    "conditions",
                ]
            },
        ),  # fmt: skip
        (_("Story"), {"fields": ["summary", "story", "sources"]}),
        (_("Photo"), {"fields": ["photo", "photo_alt", "photo_credit"]}),
        (
            _("Letters and birthdays"),
            {
                "classes": ["collapse"],
                "fields": ["date_of_birth", "postal_address", "letter_language"],
            },
        ),  # fmt: skip
        (_("Record"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """Staff find people by any spelling, as visitors do."""
        if not search.clean_query(search_term):
            return queryset, False
        return queryset.search(search.clean_query(search_term)), False
