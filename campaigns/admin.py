import csv
import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from campaigns import services
from campaigns.handover import handover_pack, handover_pdf
from campaigns.models import Campaign, CampaignUpdate, CommentStatus, Signature
from core.admin import TranslationTabsAdmin

# Spreadsheet programs run cells that start with these characters as formulas.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


@admin.register(Campaign)
class CampaignAdmin(SimpleHistoryAdmin, TranslationTabsAdmin):
    list_display = ["title", "status", "goal", "offline_signatures", "confirmed_online",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "is_featured"]
    search_fields = ["title", "target"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["prisoners", "sources", "response_source"]
    readonly_fields = ["closed_at", "confirmed_online", "signatures_per_day", "handover"]
    actions = ["close_campaigns", "mark_won"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "target",
                    "summary",
                    "appeal",
                    "share_text",
                    "prisoners",
                    "sources",
                ]
            },
        ),  # fmt: skip
        (
            _("Signing"),
            {"fields": ["status", "opens_at", "closes_at", "closed_at", "goal", "is_featured"]},
        ),  # fmt: skip
        (
            _("Signatures"),
            {
                "fields": [
                    "confirmed_online",
                    "offline_signatures",
                    "signatures_per_day",
                    "handover",
                ]
            },
        ),  # fmt: skip
        (
            _("Response and outcome"),
            {
                "description": _(
                    "Shown at the top of the campaign page. Signers who asked for news are "
                    "emailed each only when you announce it, from the mailings."
                ),
                "fields": [
                    "response",
                    ("response_on", "response_on_precision"),
                    "response_source",
                    "delivered_on",
                    "outcome",
                ],
            },
        ),  # fmt: skip
    ]

    def save_model(self, request, obj, form, change) -> None:
        """Closing by the status field records when, as the close actions do, so that
        the signers' data is erased on time."""
        if "status" in form.changed_data:
            obj.record_status_change()
        super().save_model(request, obj, form, change)

    def has_handover_permission(self, request) -> bool:
        return request.user.has_perm("campaigns.download_handover")

    @admin.display(description=_("handover pack"))
    def handover(self, campaign: Campaign) -> str:
        """Links to the pack in each language (for staff allowed to download it)."""
        if campaign.pk is None:
            return "—"
        url = reverse("admin:campaigns_campaign_handover", args=[campaign.pk])
        links = format_html_join(
            " · ",
            '<a href="{}?language={}">{}</a> (<a href="{}?language={}&amp;format=pdf">PDF</a>)',
            ((url, code, name, url, code) for code, name in settings.LANGUAGES),
        )
        return format_html("{}", links)

    def get_fieldsets(self, request, obj=None):
        """The handover pack's links only for those who may download it."""
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_handover_permission(request):
            return fieldsets
        return [
            (name, options | {"fields": [f for f in options["fields"] if f != "handover"]})
            for name, options in fieldsets
        ]

    def get_urls(self):
        handover = path(
            "<path:object_id>/handover/",
            self.admin_site.admin_view(self.handover_view),
            name="campaigns_campaign_handover",
        )
        return [handover, *super().get_urls()]

    def handover_view(self, request, object_id):
        """The handover pack as a printable page, or as a PDF (?format=pdf), in the
        language asked for (?language=). Needs its own permission, and each download is
        written to the admin's log."""
        if not self.has_handover_permission(request):
            raise PermissionDenied
        campaign = self.get_object(request, unquote(object_id))
        if campaign is None:
            raise Http404
        languages = dict(settings.LANGUAGES)
        language = request.GET.get("language") or get_language()
        if language not in languages:
            language = settings.LANGUAGE_CODE
        as_pdf = request.GET.get("format") == "pdf"
        pack = handover_pack(campaign, language)
        self.log_change(
            request,
            campaign,
            f"Downloaded the handover pack ({'PDF' if as_pdf else 'printable page'}, {language})",
        )
        if as_pdf:
            response = HttpResponse(handover_pdf(pack), content_type="application/pdf")
            name = f"handover-{campaign.slug}-{language}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        else:
            with translation.override(language):
                html = render_to_string("campaigns/handover.html", {"pack": pack}, request)
            response = HttpResponse(html)
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description=_("confirmed online signatures"))
    def confirmed_online(self, campaign: Campaign) -> int:
        return campaign.confirmed_online()

    @admin.display(description=_("confirmed signatures per day, last 30 days"))
    def signatures_per_day(self, campaign: Campaign) -> str:
        since = timezone.now() - datetime.timedelta(days=30)
        rows = (
            Signature.objects.confirmed()
            .filter(campaign=campaign, confirmed_at__gte=since)
            .annotate(day=TruncDate("confirmed_at"))
            .values("day")
            .annotate(n=Count("pk"))
            .order_by("-day")
        )
        return "; ".join(f"{row['day']:%Y-%m-%d}: {row['n']}" for row in rows) or "—"

    @admin.action(description=_("Close the selected campaigns"), permissions=["change"])
    def close_campaigns(self, request, queryset) -> None:
        for campaign in queryset:
            campaign.close()
        messages.success(request, _("Closed %(n)d campaigns.") % {"n": len(queryset)})

    @admin.action(description=_("Mark the selected campaigns as won"), permissions=["change"])
    def mark_won(self, request, queryset) -> None:
        for campaign in queryset:
            campaign.close(won=True)
        messages.success(request, _("Marked %(n)d campaigns as won.") % {"n": len(queryset)})


class PublishedFilter(admin.SimpleListFilter):
    title = _("published")
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [("yes", _("Published")), ("no", _("Not published"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(published_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(published_at__isnull=True)
        return queryset


@admin.register(CampaignUpdate)
class CampaignUpdateAdmin(SimpleHistoryAdmin, TranslationTabsAdmin):
    """News of an appeal. The supporters app registers this admin extended with the
    email: preview, a test to oneself, and sending it to the signers."""

    list_display = ["title", "campaign", "published_at", "created_at"]
    list_filter = [PublishedFilter, "campaign"]
    list_select_related = ["campaign"]
    search_fields = ["title", "campaign__title"]
    autocomplete_fields = ["campaign"]
    readonly_fields = ["published_at", "created_at"]
    fields = ["campaign", "title", "body", "published_at", "created_at"]
    actions = ["publish"]

    @admin.action(
        description=_("Publish on the campaign page, without an email"), permissions=["change"]
    )
    def publish(self, request, queryset) -> None:
        updates = list(queryset.filter(published_at__isnull=True))
        for update in updates:
            update.publish()
        messages.success(request, _("Published %(n)d updates.") % {"n": len(updates)})


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Not confirmed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.confirmed()
        if self.value() == "no":
            return queryset.unconfirmed()
        return queryset


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["name", "campaign", "country", "confirmed_at", "show_name_publicly",
                    "wants_updates", "comment_status", "created_at"]  # fmt: skip
    list_filter = [ConfirmedFilter, "campaign", "show_name_publicly", "wants_updates",
                   "comment_status", "country", "created_at"]  # fmt: skip
    search_fields = ["name", "email_normalised"]
    date_hierarchy = "created_at"
    list_select_related = ["campaign"]
    show_full_result_count = False
    readonly_fields = ["campaign", "name", "email", "country", "comment", "show_name_publicly",
                       "wants_updates", "language", "created_at", "confirmed_at", "reminded_at",
                       "ip_hash"]  # fmt: skip
    fields = readonly_fields[:5] + ["comment_status"] + readonly_fields[5:]
    actions = ["approve_comments", "reject_comments", "export_csv"]

    def get_fields(self, request, obj=None):
        """Moderators see names and comments; only data officers see emails, and only
        superusers the IP hash."""
        fields = list(super().get_fields(request, obj))
        if not self.has_export_permission(request):
            fields.remove("email")
        if not request.user.is_superuser:
            fields.remove("ip_hash")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return [field for field in self.readonly_fields if field in self.get_fields(request, obj)]

    def get_search_fields(self, request):
        if self.has_export_permission(request):
            return ["name", "email_normalised"]
        return ["name"]

    def has_add_permission(self, request) -> bool:
        # Signatures come only from signers, through the confirmation email.
        return False

    def delete_model(self, request, obj) -> None:
        # Through the service, so that the public total stops counting it.
        services.signature_withdraw(signature_id=obj.pk)

    def delete_queryset(self, request, queryset) -> None:
        for signature_id in queryset.values_list("pk", flat=True):
            services.signature_withdraw(signature_id=signature_id)

    @admin.action(description=_("Approve the comments"), permissions=["change"])
    def approve_comments(self, request, queryset) -> None:
        updated = queryset.exclude(comment="").update(comment_status=CommentStatus.APPROVED)
        messages.success(request, _("Approved %(n)d comments.") % {"n": updated})

    @admin.action(description=_("Reject the comments"), permissions=["change"])
    def reject_comments(self, request, queryset) -> None:
        updated = queryset.exclude(comment="").update(comment_status=CommentStatus.REJECTED)
        messages.success(request, _("Rejected %(n)d comments.") % {"n": updated})

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("campaigns.export_signatures")

    @admin.action(
        description=_("Export confirmed signatures as CSV (respects consent)"),
        permissions=["export"],
    )
    def export_csv(self, request, queryset) -> HttpResponse:
        """Confirmed signatures only. A name only for those who agreed to be named, and
        only as they agreed (first name and initial). No email address: updates are
        sent from here (supporters/), so no list of signers' addresses needs to leave
        the site (docs/security.md)."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="signatures.csv"'
        response["Cache-Control"] = "no-store"
        writer = csv.writer(response)
        writer.writerow(["campaign", "name", "country", "confirmed_at"])
        rows = queryset.confirmed().select_related("campaign").order_by("confirmed_at")
        for signature in rows.iterator(chunk_size=2000):
            writer.writerow(
                [
                    spreadsheet_safe(signature.campaign.slug),
                    spreadsheet_safe(signature.public_name if signature.show_name_publicly else ""),
                    signature.country.code,
                    signature.confirmed_at.isoformat(),
                ]
            )
        return response
