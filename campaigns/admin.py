import csv
import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from campaigns import services
from campaigns.models import Campaign, CommentStatus, Signature
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
    autocomplete_fields = ["prisoners", "sources"]
    readonly_fields = ["closed_at", "confirmed_online", "signatures_per_day"]
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
            {"fields": ["confirmed_online", "offline_signatures", "signatures_per_day"]},
        ),  # fmt: skip
    ]

    def save_model(self, request, obj, form, change) -> None:
        """Closing by the status field records when, as the close actions do, so that
        the signers' data is erased on time."""
        if "status" in form.changed_data:
            obj.record_status_change()
        super().save_model(request, obj, form, change)

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
