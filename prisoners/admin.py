import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from core import admin_hooks
from core.admin import NamedInputs, TranslatedFieldsAdmin, TranslatedStackedInline
from core.countries import CountryChoiceField
from prisoners import letters, search, services
from prisoners.casefile.resource import (
    CriminalArticleResource,
    PersonResource,
    PlaceOfDetentionResource,
)
from prisoners.dates import Precision
from prisoners.history import RECORD_ENTRIES, CannotUndo, record_changes, undo_record_change
from prisoners.models import (
    CaseArticle,
    CriminalArticle,
    Event,
    Letter,
    LetterGuidance,
    LetterPhrase,
    Methodology,
    Person,
    PlaceOfDetention,
    Quote,
    Recognition,
    Relation,
    ReleaseKind,
    Source,
    StatusChange,
    StatusKind,
    Stay,
    Verdict,
)
from prisoners.photos import without_metadata


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "published_on", "url"]
    search_fields = ["title", "publisher", "url"]
    prepopulated_fields = {"slug": ["title"]}


class EventInline(NamedInputs, TranslatedStackedInline):
    model = Event
    extra = 0
    # The timeline and the quotes are folded under their headings (opened where an entry
    # has an error), so that the legal record above them is not pages away from the end.
    classes = ["collapse"]
    fields = [("position", "date", "date_precision"), "title", "description", "sources"]
    autocomplete_fields = ["sources"]


class QuoteInline(NamedInputs, TranslatedStackedInline):
    model = Quote
    fk_name = "person"
    extra = 0
    classes = ["collapse"]
    fields = [("position", "speaker", "original_language"), "text", "context",
              ("said_on", "said_on_precision"), "source"]  # fmt: skip
    autocomplete_fields = ["speaker", "source"]


class RelationInline(NamedInputs, admin.StackedInline):
    model = Relation
    fk_name = "person"
    extra = 0
    fields = [("kind", "other"), "sources"]
    autocomplete_fields = ["other", "sources"]


@admin.register(CriminalArticle)
class CriminalArticleAdmin(ImportExportMixin, SimpleHistoryAdmin, TranslatedFieldsAdmin):
    resource_classes = [CriminalArticleResource]
    list_display = ["short_label", "title", "code", "country"]
    list_filter = ["country", "code"]
    search_fields = ["article", "title"]


@admin.register(PlaceOfDetention)
class PlaceOfDetentionAdmin(ImportExportMixin, SimpleHistoryAdmin, TranslatedFieldsAdmin):
    resource_classes = [PlaceOfDetentionResource]
    list_display = ["name", "kind", "region", "country"]
    list_filter = ["kind", "country", "region"]
    search_fields = ["name", "region", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["sources"]


@admin.register(Methodology)
class MethodologyAdmin(SimpleHistoryAdmin, TranslatedFieldsAdmin):
    """One page: the criteria for listing a person as a political prisoner. Migration
    prisoners.0012 writes its first version; every list page links to it, so it is
    edited, never deleted."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not Methodology.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class LetterPhraseTexts(forms.ModelForm):
    """An opening phrase with one box a language of letters (settings.LETTER_LANGUAGES),
    kept together in LetterPhrase.texts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in settings.LETTER_LANGUAGES:
            self.fields[f"text_{code}"].initial = self.instance.texts.get(code, "")

    def save(self, commit=True):
        self.instance.texts = {
            code: self.cleaned_data[f"text_{code}"] for code in settings.LETTER_LANGUAGES
        }
        return super().save(commit)


# Its boxes declared, one a language of letters, each labelled with the language's name
# (a lazy translation: in the staff member's language).
LetterPhraseForm = type(
    "LetterPhraseForm",
    (LetterPhraseTexts,),
    {
        f"text_{code}": forms.CharField(label=name, max_length=300)
        for code, name in LetterGuidance().letter_languages()
    },
)


class LetterPhraseInline(NamedInputs, TranslationTabularInline):
    model = LetterPhrase
    fk_name = "guidance"
    extra = 0
    form = LetterPhraseForm
    fields = ["position", *(f"text_{code}" for code in settings.LETTER_LANGUAGES), "meaning"]


@admin.register(LetterGuidance)
class LetterGuidanceAdmin(SimpleHistoryAdmin, TranslatedFieldsAdmin):
    """One text: how to write to a prisoner, and the neutral opening phrases (shown on
    the letters pages)."""

    inlines = [LetterPhraseInline]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not LetterGuidance.objects.exists()


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    """The letters visitors said they sent: a person and a day each, nothing about the
    visitor. Read-only: only visitors add them; a superuser may delete a flood."""

    list_display = ["sent_on", "person"]
    list_filter = [("sent_on", admin.DateFieldListFilter)]
    date_hierarchy = "sent_on"
    search_fields = ["person__name", "person__search_text"]
    list_select_related = ["person"]
    list_per_page = 200

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(NamedInputs, TranslatedStackedInline):
    model = StatusChange
    extra = 0
    fields = [("position", "kind", "release_kind"), ("date", "date_precision"), "note", "sources"]
    autocomplete_fields = ["sources"]


class VerdictInline(NamedInputs, TranslatedStackedInline):
    model = Verdict
    extra = 0
    fields = [("position", "date", "date_precision"), ("court", "judge", "prosecutor"),
              ("penalty_kind", "term", "term_months"), "sources"]  # fmt: skip
    autocomplete_fields = ["sources"]


class CaseArticleInline(NamedInputs, admin.StackedInline):
    model = CaseArticle
    extra = 0
    fields = [("article", "stage"), "sources"]
    autocomplete_fields = ["article", "sources"]


class StayInline(NamedInputs, admin.StackedInline):
    model = Stay
    extra = 0
    fields = [("position", "place"), ("started_on", "started_on_precision"),
              ("ended_on", "ended_on_precision"), "sources"]  # fmt: skip
    autocomplete_fields = ["place", "sources"]


class RecognitionInline(NamedInputs, TranslatedStackedInline):
    model = Recognition
    extra = 0
    fields = ["organisation", ("date", "date_precision"), "statement_url", "sources"]
    autocomplete_fields = ["sources"]


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            return without_metadata(photo)
        return photo


class CaseImportForm(ImportForm):
    source = forms.ModelChoiceField(
        Source.objects.all(),
        label=_("Source"),
        help_text=_("Where the file comes from: every imported fact cites it."),
    )
    country = CountryChoiceField(
        placeholder="—",
        label=_("Country of the cases"),
        help_text=_(
            "Whose criminal code the file's articles are, and each case's country, unless "
            "the file has a “country” column."
        ),
    )

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats

    def clean(self):
        """A file bigger than the import takes (IMPORT_MAX_BYTES for its format) is
        refused before it is read."""
        cleaned = super().clean()
        import_file, chosen = cleaned.get("import_file"), cleaned.get("format")
        if import_file is None or chosen is None:
            return cleaned
        limit = settings.IMPORT_MAX_BYTES[self.formats[int(chosen)]().get_extension()]
        if import_file.size > limit:
            self.add_error("import_file", forms.ValidationError(
                _("The file is %(size)s: the import takes files of up to %(limit)s and "
                  "%(rows)s cases at a time, so that each step finishes within the server's "
                  "time limit. Split it into smaller files.")
                % {"size": filesizeformat(import_file.size), "limit": filesizeformat(limit),
                   "rows": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True)}
            ))  # fmt: skip
        return cleaned


class CaseConfirmImportForm(ConfirmImportForm):
    source = forms.ModelChoiceField(Source.objects.all(), widget=forms.HiddenInput)
    country = forms.CharField(widget=forms.HiddenInput)


class CaseImportMixin(ImportExportMixin):
    """Import and export of cases (prisoners/casefile/resource.py): the import cites a source."""

    resource_classes = [PersonResource]
    import_template_name = "admin/prisoners/person/import.html"
    import_form_class = CaseImportForm
    confirm_form_class = CaseConfirmImportForm

    def get_import_form_initial(self, request):
        """The country of the articles, when they are all one country's."""
        countries = CriminalArticle.objects.order_by().values_list("country", flat=True)
        found = list(countries.distinct()[:2])
        return {"country": found[0]} if len(found) == 1 else {}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["source"] = import_form.cleaned_data["source"].pk
            initial["country"] = import_form.cleaned_data["country"]
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        resource_kwargs = super().get_import_resource_kwargs(request, **kwargs)
        if form is not None and getattr(form, "cleaned_data", None):
            resource_kwargs["source"] = form.cleaned_data.get("source")
            resource_kwargs["country"] = form.cleaned_data.get("country")
        return resource_kwargs


class StatusChangeForm(forms.Form):
    """One status change for several people at once (the person list's action)."""

    kind = forms.ChoiceField(label=_("Change"), choices=StatusKind.choices)
    release_kind = forms.ChoiceField(
        label=_("How released"),
        choices=[("", "—"), *ReleaseKind.choices],
        required=False,
        help_text=_("Only for a release."),
    )
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_precision = forms.ChoiceField(
        label=_("Precision of the date"), choices=Precision.choices, initial=Precision.DAY
    )
    source = forms.ModelChoiceField(
        Source.objects.all(),
        label=_("Source"),
        help_text=_("Where this change is reported: every new entry cites it."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        cleaned = super().clean()
        kind, release_kind = cleaned.get("kind"), cleaned.get("release_kind")
        if release_kind and kind != StatusKind.RELEASED:
            self.add_error("release_kind", _("Only a release has a way of release."))
        date, precision = cleaned.get("date"), cleaned.get("date_precision")
        if date is None and precision and precision != Precision.UNKNOWN:
            self.add_error("date", _("Give the date, or choose “Not known” as its precision."))
        if date is not None and precision == Precision.UNKNOWN:
            self.add_error("date_precision", _("Say how much of the date the source gives."))
        return cleaned


class SourcesFilter(admin.SimpleListFilter):
    """People with a fact nobody can check (linked from the admin's index)."""

    title = _("sources")
    parameter_name = "sources"

    def lookups(self, request, model_admin):
        return [("missing", _("A fact cites no source"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.lacking_sources()
        return queryset


class RecentLettersFilter(admin.SimpleListFilter):
    """People by the letters counted in the weeks that weigh the suggestion."""

    title = _("letters in the last four weeks")
    parameter_name = "letters"

    def lookups(self, request, model_admin):
        return [("none", _("No letter")), ("some", _("At least one letter"))]

    def queryset(self, request, queryset):
        recent = Letter.objects.filter(person=OuterRef("pk"), sent_on__gte=letters.recent_since())
        if self.value() == "none":
            return queryset.filter(~Exists(recent))
        if self.value() == "some":
            return queryset.filter(Exists(recent))
        return queryset


class UpdatedFilter(admin.SimpleListFilter):
    """Profiles nobody has changed for PROFILE_STALE_DAYS (linked from the admin's
    index)."""

    title = _("last updated")
    parameter_name = "updated"

    def lookups(self, request, model_admin):
        days = settings.PROFILE_STALE_DAYS
        return [("stale", _("More than %(days)d days ago") % {"days": days})]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            days = datetime.timedelta(days=settings.PROFILE_STALE_DAYS)
            return queryset.not_updated_since(timezone.now() - days)
        return queryset


@admin.register(Person)
class PersonAdmin(NamedInputs, CaseImportMixin, SimpleHistoryAdmin, TranslatedFieldsAdmin):
    """The one admin of people. New dated status changes (inline or by the bulk action)
    write their news (prisoners.services.status_changes_news_write); what other apps do
    with it runs through core.admin_hooks (supporters emails the followers)."""

    form = PersonForm
    # The record's entries are edited inline and have no admin page of their own: the
    # person's History page lists their changes too, below the person's.
    object_history_template = "admin/prisoners/person/object_history.html"
    list_display = ["name", "status", "country", "is_political_prisoner", "is_published",
                    "recent_letters", "updated_at"]  # fmt: skip
    list_filter = ["is_published", "is_political_prisoner", "status", SourcesFilter,
                   UpdatedFilter, "is_incommunicado", RecentLettersFilter, "gender",
                   "country", "is_featured"]  # fmt: skip
    search_fields = ["name", "search_text"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["sources"]
    inlines = [StatusChangeInline, VerdictInline, CaseArticleInline, StayInline,
               RecognitionInline, EventInline, QuoteInline, RelationInline]  # fmt: skip
    readonly_fields = ["status", "arrested", "released", "letters_sent", "created_at",
                       "updated_at"]  # fmt: skip
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "other_spellings",
                    "external_id",
                    "is_political_prisoner",
                    "is_published",
                    "is_featured",
                ]
            },
        ),  # fmt: skip
        (
            _("Facts"),
            {
                "description": _(
                    "The status and the dates of arrest and release are derived from the "
                    "status history below: add a dated, sourced status change to change them."
                ),
                "fields": [
                    ("status", "arrested", "released"),
                    "country",
                    "gender",
                    "occupation",
                    "charge",
                    "conditions",
                    ("last_contact_on", "last_contact_on_precision"),
                    "is_incommunicado",
                ],
            },
        ),  # fmt: skip
        (_("Story"), {"fields": ["summary", "story", "sources"]}),
        (_("Photo"), {"fields": ["photo", "photo_alt", "photo_credit"]}),
        (
            _("Letters and birthdays"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("date_of_birth", "date_of_birth_precision"),
                    "letter_language",
                    "name_for_letters",
                    "letters_sent",
                ],  # fmt: skip
            },
        ),  # fmt: skip
        (_("Record"), {"classes": ["collapse"], "fields": ["created_at", "updated_at"]}),
    ]

    actions = ["publish", "unpublish", "add_status_change"]

    @admin.action(description=_("Publish the selected people"), permissions=["change"])
    def publish(self, request, queryset) -> None:
        changed = services.people_publish(people=queryset, published=True, user=request.user)
        self.message_user(
            request,
            ngettext("Published %(n)d profile.", "Published %(n)d profiles.", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected people"), permissions=["change"])
    def unpublish(self, request, queryset) -> None:
        changed = services.people_publish(people=queryset, published=False, user=request.user)
        self.message_user(
            request,
            ngettext("Unpublished %(n)d profile.", "Unpublished %(n)d profiles.", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    def has_status_change_permission(self, request) -> bool:
        return self.has_change_permission(request) and request.user.has_perm(
            "prisoners.add_statuschange"
        )

    @admin.action(
        description=_("Add a dated status change to the selected people"),
        permissions=["status_change"],
    )
    def add_status_change(self, request, queryset):
        """A page with the change's form; once it is valid, one status change for each
        selected person, citing the source (prisoners.services.status_changes_add)."""
        form = StatusChangeForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            with transaction.atomic():
                changes = services.status_changes_add(
                    people=queryset, user=request.user, **form.cleaned_data
                )
                news = services.status_changes_news_write(changes=changes, user=request.user)
            admin_hooks.after_save(request, news)
            self.message_user(
                request,
                ngettext(
                    "Added “%(change)s” to %(n)d person.",
                    "Added “%(change)s” to %(n)d people.",
                    len(changes),
                )
                % {"change": changes[0].label if changes else "", "n": len(changes)},
                messages.SUCCESS,
            )
            return None
        if form.is_bound:
            self.message_user(
                request, _("Nothing was written: please correct the form."), messages.ERROR
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Add a dated status change"),
            "opts": self.opts,
            "form": form,
            "people": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "add_status_change",
        }
        return TemplateResponse(request, "admin/prisoners/person/add_status_change.html", context)

    def get_queryset(self, request):
        """With each person's letters of the last weeks (one subquery, for the list)."""
        return super().get_queryset(request).with_letter_count(since=letters.recent_since())

    @admin.display(description=_("letters, 4 weeks"), ordering="letter_count")
    def recent_letters(self, person: Person) -> int:
        return person.letter_count

    @admin.display(description=_("letters sent through the site"))
    def letters_sent(self, person: Person) -> str:
        if person.pk is None:
            return "—"
        counts = Letter.objects.filter(person=person).aggregate(
            month=Count("pk", filter=Q(sent_on__gte=letters.month_start())),
            recent=Count("pk", filter=Q(sent_on__gte=letters.recent_since())),
            total=Count("pk"),
        )
        return _("This month: %(month)d; last four weeks: %(recent)d; in all: %(total)d.") % counts

    @admin.display(description=_("arrested"))
    def arrested(self, person: Person) -> str:
        return str(person.arrested)

    @admin.display(description=_("released"))
    def released(self, person: Person) -> str:
        return str(person.released) if person.is_released else "—"

    def get_search_results(self, request, queryset, search_term):
        """Staff find people by any spelling, as visitors do."""
        if not search.clean_query(search_term):
            return queryset, False
        return queryset.search(search.clean_query(search_term)), False

    def save_formset(self, request, form, formset, change) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is StatusChange and formset.new_objects:
            news = services.status_changes_news_write(
                changes=formset.new_objects, user=request.user
            )
            admin_hooks.after_save(request, news)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The profile's form, under what needs attention on it: a draft, a fact that
        cites no source, no change for PROFILE_STALE_DAYS."""
        person = self.get_object(request, unquote(object_id))
        if person is not None:
            stale_since = timezone.now() - datetime.timedelta(days=settings.PROFILE_STALE_DAYS)
            extra_context = (extra_context or {}) | {
                "cites_no_source": not person.sources.exists(),
                "facts_without_source": [
                    (entry._meta.verbose_name, entry) for entry in person.facts_without_source()
                ],
                "not_updated_since": person.updated_at if person.updated_at < stale_since else None,
                "stale_days": settings.PROFILE_STALE_DAYS,
            }
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The person's history, and under it the changes to the entries of their record
        (status changes, verdicts, charges, stays, recognition), each of which an editor
        can undo."""
        extra_context = (extra_context or {}) | {
            "record_history": record_changes(unquote(object_id)),
            "can_undo": self.has_change_permission(request),
        }
        return super().history_view(request, object_id, extra_context=extra_context)

    def get_urls(self):
        undo = path(
            "<path:object_id>/history/record/<str:kind>/<int:history_id>/undo/",
            self.admin_site.admin_view(self.undo_record_view),
            name="prisoners_person_undo_record",
        )
        return [undo, *super().get_urls()]

    def undo_record_view(self, request, object_id, kind, history_id):
        """Undo one change to an entry of the person's record (POST, from the History
        page)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        person = self.get_object(request, unquote(object_id))
        if person is None or kind not in RECORD_ENTRIES:
            raise Http404
        if not self.has_change_permission(request, person):
            raise PermissionDenied
        version = get_object_or_404(
            RECORD_ENTRIES[kind].history, history_id=history_id, person_id=person.pk
        )
        try:
            undo_record_change(version)
        except CannotUndo as problem:
            self.message_user(request, str(problem), messages.WARNING)
        else:
            self.message_user(
                request,
                _("Undone: “%(entry)s” is as it was before that change.")
                % {"entry": version.instance},
                messages.SUCCESS,
            )
        return redirect("admin:prisoners_person_history", person.pk)
