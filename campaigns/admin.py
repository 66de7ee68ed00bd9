import datetime
from collections import Counter

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from campaigns import blocklists, services
from campaigns.handover import handover_pack, handover_pdf
from campaigns.models import (
    COUNTED,
    BlockedAddress,
    BlockedEmailDomain,
    Campaign,
    CampaignUpdate,
    CommentStatus,
    Signature,
    SignatureInvalidation,
)
from core import access_log, actions, email_addresses
from core.admin import TranslatedFieldsAdmin
from core.admin_hooks import ExtensibleAdmin
from core.models import DataAccessAction
from core.spreadsheets import csv_writer


@admin.register(Campaign)
class CampaignAdmin(ExtensibleAdmin, SimpleHistoryAdmin, TranslatedFieldsAdmin):
    """The one admin of campaigns. Saving it writes the news of a response or an outcome
    just recorded (campaigns.services.campaign_news_write); the supporters app adds the
    links that email it to the signers (core.admin_hooks)."""

    list_display = ["title", "status", "goal", "offline_signatures", "confirmed_online",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "is_featured"]
    search_fields = ["title", "target"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["prisoners", "sources", "response_source"]
    readonly_fields = [
        "closed_at",
        "confirmed_online",
        "actions_taken",
        "signatures_per_day",
        "handover",
    ]
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
                    "actions_taken",
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
        services.campaign_news_write(campaign=obj, user=request.user)

    def get_inlines(self, request, obj):
        """Each kind of action's own inlines (a letter to officials, say), as the kinds
        declare them (core.actions)."""
        return [*super().get_inlines(request, obj), *actions.campaign_admin_inlines()]

    @admin.display(description=_("what supporters did"))
    def actions_taken(self, campaign: Campaign) -> str:
        """Each kind of action with how many times the campaign's supporters took it, as
        the kinds count them (core.actions)."""
        if campaign.pk is None:
            return "—"
        return format_html_join(
            " · ", "{}: {}", ((kind.label, kind.counted(campaign)) for kind in actions.kinds())
        )

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

    @admin.display(description=_("counted signatures per day, last 30 days"))
    def signatures_per_day(self, campaign: Campaign) -> str:
        since = timezone.now() - datetime.timedelta(days=30)
        rows = (
            Signature.objects.counted()
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
            services.campaign_news_write(campaign=campaign, user=request.user)
        messages.success(request, _("Closed %(n)d campaigns.") % {"n": len(queryset)})

    @admin.action(description=_("Mark the selected campaigns as won"), permissions=["change"])
    def mark_won(self, request, queryset) -> None:
        for campaign in queryset:
            campaign.close(won=True)
            services.campaign_news_write(campaign=campaign, user=request.user)
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
class CampaignUpdateAdmin(ExtensibleAdmin, SimpleHistoryAdmin, TranslatedFieldsAdmin):
    """News of an appeal, and its preview as the campaign page will show it. Publishing
    writes its news (campaigns.services.campaign_update_publish); the supporters app adds
    the link to the page that previews, tests and sends its email (core.admin_hooks)."""

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
            services.campaign_update_publish(update=update, user=request.user)
        messages.success(request, _("Published %(n)d updates.") % {"n": len(updates)})

    def get_urls(self):
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="campaigns_campaignupdate_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request, object_id):
        """The update as the campaign page will show it (published or not)."""
        update = self.get_object(request, unquote(object_id))
        if update is None:
            raise Http404
        if not self.has_view_or_change_permission(request, update):
            raise PermissionDenied
        response = render(request, "campaigns/update_preview.html", {"update": update})
        response["Cache-Control"] = "private, no-store"
        return response


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


class SetAsideFilter(admin.SimpleListFilter):
    title = _("set aside")
    parameter_name = "set_aside"

    def lookups(self, request, model_admin):
        return [("no", _("Counted if confirmed")), ("yes", _("Set aside"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.invalidated()
        if self.value() == "no":
            return queryset.valid()
        return queryset


class KeyFilter(admin.SimpleListFilter):
    """A filter by a value that only a link gives (a flood on the admin's index, an
    alert email): shown, with a way back to all, only while it is applied."""

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, self.describe(value))] if value else []

    def describe(self, value: str) -> str:
        return value[:12] + "…"


class IpHashFilter(KeyFilter):
    title = _("from the address (keyed hash)")
    parameter_name = "ip_hash"

    def queryset(self, request, queryset):
        return queryset.filter(ip_hash=self.value()) if self.value() else queryset


class EmailDomainFilter(KeyFilter):
    """By the keyed digest of a domain (the dashboard's links); typing "@domain" in the
    search box does the same from the domain's name."""

    title = _("email domain")
    parameter_name = "email_domain"

    def queryset(self, request, queryset):
        return queryset.filter(email_domain_digest=self.value()) if self.value() else queryset


class InvalidationFilter(KeyFilter):
    title = _("set aside together")
    parameter_name = "invalidation"

    def describe(self, value: str) -> str:
        return gettext("invalidation %(number)s") % {"number": value}

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(invalidation_id=int(value))
        return queryset


# How much of a comment the signature list shows (a comment has at most 500).
COMMENT_SHOWN_CHARS = 120


class InvalidateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For the log: why these signatures are set aside."),
    )
    # The newest signature of the preview: one that matches the selection after it (the
    # flood goes on) is not set aside unseen.
    up_to = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    list_display = ["name", "comment_text", "comment_status", "campaign", "country",
                    "confirmed_at", "show_name_publicly", "wants_updates", "is_set_aside",
                    "created_at"]  # fmt: skip
    list_filter = [ConfirmedFilter, SetAsideFilter, "campaign", "show_name_publicly",
                   "wants_updates", "comment_status", "country", "created_at", IpHashFilter,
                   EmailDomainFilter, InvalidationFilter]  # fmt: skip
    # The names are sealed: get_search_results opens them in memory.
    search_fields = ["public_id"]
    search_help_text = _(
        "A name; with the right to export, also a whole email address, or @domain for "
        "every address at a domain."
    )
    date_hierarchy = "created_at"
    list_select_related = ["campaign"]
    show_full_result_count = False
    readonly_fields = ["campaign", "name", "email", "country", "comment", "show_name_publicly",
                       "wants_updates", "language", "created_at", "confirmed_at", "reminded_at",
                       "invalidation", "ip_hash"]  # fmt: skip
    fields = readonly_fields[:5] + ["comment_status"] + readonly_fields[5:]
    actions = ["approve_comments", "reject_comments", "export_csv", "invalidate"]

    def get_fields(self, request, obj=None):
        """Moderators see names and comments; only data officers see emails, and only
        superusers and those who review floods the IP hash."""
        fields = list(super().get_fields(request, obj))
        if not self.has_export_permission(request):
            fields.remove("email")
        if not (request.user.is_superuser or self.has_invalidate_permission(request)):
            fields.remove("ip_hash")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return [field for field in self.readonly_fields if field in self.get_fields(request, obj)]

    def get_search_results(self, request, queryset, search_term):
        """A name as typed (the names are sealed: the office opens them in memory,
        Signature.objects.named_like); an address (by its keyed digest) or "@domain" only
        for those who may see addresses, so that nobody else can learn whether an address
        signed."""
        term = search_term.strip()
        if "@" in term and (
            self.has_export_permission(request) or self.has_invalidate_permission(request)
        ):
            if term.startswith("@"):
                return queryset.for_email_domain(email_addresses.domain_of(term)), False
            if self.has_export_permission(request):
                return queryset.for_address(term), False
            return queryset.none(), False
        if not term:
            return queryset, False
        return queryset.named_like(term), False

    @admin.display(description=_("comment"))
    def comment_text(self, signature: Signature) -> str:
        """The comment as the signer wrote it, shortened, so that a moderator approves or
        rejects from the list (the admin escapes it)."""
        return Truncator(signature.comment).chars(COMMENT_SHOWN_CHARS)

    @admin.display(description=_("set aside"), boolean=True)
    def is_set_aside(self, signature: Signature) -> bool:
        return signature.invalidation_id is not None

    def has_add_permission(self, request) -> bool:
        # Signatures come only from signers, through the confirmation email.
        return False

    def changelist_view(self, request, extra_context=None):
        """The list, and a line in the access log per campaign it shows (how many rows)."""
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and request.method == "GET":
            shown = Counter(signature.campaign.title for signature in changelist.result_list)
            access_log.record(
                request, action=DataAccessAction.LIST, data="signatures", rows_by_scope=shown
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None and request.method == "GET":
            access_log.record(
                request,
                action=DataAccessAction.VIEW,
                data="signatures",
                rows_by_scope={original.campaign.title: 1},
            )
        return response

    def delete_model(self, request, obj) -> None:
        # Through the service, so that the public total stops counting it.
        services.signature_withdraw(signature_id=obj.pk)

    def delete_queryset(self, request, queryset) -> None:
        for signature_id in queryset.values_list("pk", flat=True):
            services.signature_withdraw(signature_id=signature_id)

    @admin.action(description=_("Approve the comments"), permissions=["change"])
    def approve_comments(self, request, queryset) -> None:
        updated = services.comments_moderate(signatures=queryset, status=CommentStatus.APPROVED)
        messages.success(
            request,
            ngettext("Approved %(n)d comment.", "Approved %(n)d comments.", updated)
            % {"n": updated},
        )

    @admin.action(description=_("Reject the comments"), permissions=["change"])
    def reject_comments(self, request, queryset) -> None:
        updated = services.comments_moderate(signatures=queryset, status=CommentStatus.REJECTED)
        messages.success(
            request,
            ngettext("Rejected %(n)d comment.", "Rejected %(n)d comments.", updated)
            % {"n": updated},
        )

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("campaigns.export_signatures")

    def has_invalidate_permission(self, request) -> bool:
        return request.user.has_perm("campaigns.invalidate_signatures")

    @admin.action(
        description=_("Export confirmed signatures as CSV (respects consent)"),
        permissions=["export"],
    )
    def export_csv(self, request, queryset) -> HttpResponse:
        """Counted signatures only (confirmed, not set aside). A name only for those who
        agreed to be named, and only as they agreed (first name and initial). No email
        address: updates are sent from here (supporters/), so no list of signers'
        addresses needs to leave the site (docs/security.md). Logged: who, which
        campaigns, how many."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="signatures.csv"'
        response["Cache-Control"] = "no-store"
        writer = csv_writer(response)
        writer.writerow(["campaign", "name", "country", "confirmed_at"])
        rows = queryset.counted().select_related("campaign").order_by("confirmed_at")
        exported = Counter()
        for signature in rows.iterator(chunk_size=2000):
            exported[signature.campaign.title] += 1
            writer.writerow(
                [
                    signature.campaign.slug,
                    signature.public_name if signature.show_name_publicly else "",
                    signature.country.code,
                    signature.confirmed_at.isoformat(),
                ]
            )
        access_log.record(
            request, action=DataAccessAction.EXPORT, data="signatures", rows_by_scope=exported
        )
        return response

    @admin.action(
        description=_("Set the selected signatures aside from the totals (a flood)"),
        permissions=["invalidate"],
    )
    def invalidate(self, request, queryset):
        """A page that says how many signatures the selection holds, of which campaigns,
        and how many of them are counted now; once confirmed with a reason, they are set
        aside in one transaction (campaigns.services.signatures_invalidate), and the
        totals fall by exactly the counted ones."""
        chosen = queryset.valid().order_by()
        form = InvalidateForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            invalidation = services.signatures_invalidate(
                signatures=chosen.filter(pk__lte=form.cleaned_data["up_to"]),
                user=request.user,
                reason=form.cleaned_data["reason"],
                criteria=describe_selection(self, request),
            )
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    ngettext(
                        "Set %(n)d signature aside; the totals fell by %(counted)d.",
                        "Set %(n)d signatures aside; the totals fell by %(counted)d.",
                        invalidation.signatures,
                    )
                    % {"n": invalidation.signatures, "counted": invalidation.counted},
                    reverse("admin:campaigns_signatureinvalidation_change", args=[invalidation.pk]),
                    _("Restore them from the log of invalidations."),
                ),
                messages.SUCCESS,
            )
            return None
        preview = chosen.aggregate(
            total=Count("pk"), counted=Count("pk", filter=COUNTED), up_to=Max("pk")
        )
        per_campaign = (
            chosen.values("campaign__title")
            .annotate(total=Count("pk"), counted=Count("pk", filter=COUNTED))
            .order_by("-total", "campaign__title")
        )
        one_selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)[:1]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Set signatures aside"),
            "opts": self.opts,
            "form": form,
            "preview": preview,
            "per_campaign": per_campaign,
            "up_to": preview["up_to"] or 0,
            "criteria": describe_selection(self, request),
            "select_across": request.POST.get("select_across") == "1",
            "selected": (
                one_selected
                if request.POST.get("select_across") == "1"
                else request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            ),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action": "invalidate",
        }
        return TemplateResponse(request, "admin/campaigns/signature/invalidate.html", context)


# How a bound of a date filter reads (the dashboard links a flood's hour as a range).
BOUNDS = {
    "__gte": _("from %(value)s"),
    "__gt": _("after %(value)s"),
    "__lte": _("up to %(value)s"),
    "__lt": _("before %(value)s"),
}


def value_in_words(parameter: str, value: str) -> str:
    """A filter's value as a reader writes it: a moment in the site's time and format."""
    moment = parse_datetime(value)
    shown = formats.localize(timezone.localtime(moment)) if moment else value
    for suffix, bound in BOUNDS.items():
        if parameter.endswith(suffix):
            return bound % {"value": shown}
    return shown


def lookup_in_words(model, parameter: str, value: str) -> str:
    """A filter of the list's query string that no list filter shows (Django leaves out a
    filter with one choice, such as the only campaign): the field's name and the value,
    the related record by its name."""
    path = parameter.split(LOOKUP_SEP)
    if len(path) > 1 and f"{LOOKUP_SEP}{path[-1]}" in (*BOUNDS, "__exact"):
        path.pop()
    field = get_fields_from_path(model, LOOKUP_SEP.join(path))[0]
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return f"{field.verbose_name}: {related if related is not None else value}"
    return f"{field.verbose_name}: {value_in_words(parameter, value)}"


def describe_selection(model_admin, request) -> str:
    """How a selection was made, in words, for the page and the log: each of the list's
    filters by its title and what was chosen (a keyed hash whole, so the log finds the
    same signatures again), the search, and whether every match was chosen or some were
    ticked by hand."""
    changelist = model_admin.get_changelist_instance(request)
    given = {name: values[-1] for name, values in changelist.get_filters_params().items()}
    parts, described = [], set()
    for spec in changelist.filter_specs:
        chosen = {name: given[name] for name in spec.expected_parameters() if name in given}
        if not chosen:
            continue
        described |= chosen.keys()
        shown = [] if isinstance(spec, KeyFilter) else [
            str(choice["display"]) for choice in spec.choices(changelist) if choice["selected"]
        ]  # fmt: skip
        parts.append(
            f"{spec.title}: "
            + (", ".join(shown) or ", ".join(value_in_words(n, v) for n, v in chosen.items()))
        )
    parts += [
        lookup_in_words(model_admin.model, name, value)
        for name, value in given.items()
        if name not in described
    ]
    if changelist.query:
        parts.append(gettext("search: “%(query)s”") % {"query": changelist.query})
    if request.POST.get("select_across") == "1":
        how = gettext("every signature that matched")
    else:
        ticked = len(request.POST.getlist(helpers.ACTION_CHECKBOX_NAME))
        how = ngettext(
            "%(n)d signature ticked by hand", "%(n)d signatures ticked by hand", ticked
        ) % {"n": ticked}
    return f"{'; '.join(parts) or gettext('no filter')} — {how}"


@admin.register(SignatureInvalidation)
class SignatureInvalidationAdmin(admin.ModelAdmin):
    """The log of signatures set aside: who, when, why and how they were chosen; each
    can be restored, which is logged too. Never edited or deleted."""

    list_display = ["created_at", "created_by", "signatures", "counted", "reason",
                    "restored_at", "restored_by", "signatures_link"]  # fmt: skip
    list_filter = ["created_at", "restored_at"]
    list_select_related = ["created_by", "restored_by"]
    readonly_fields = ["created_at", "created_by", "reason", "criteria", "signatures",
                       "counted", "restored_at", "restored_by", "signatures_link"]  # fmt: skip
    actions = ["restore"]

    @admin.display(description=_("signatures"))
    def signatures_link(self, invalidation: SignatureInvalidation) -> str:
        url = reverse("admin:campaigns_signature_changelist")
        return format_html(
            '<a href="{}?invalidation={}">{}</a>', url, invalidation.pk, _("list them")
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_invalidate_permission(self, request) -> bool:
        return request.user.has_perm("campaigns.invalidate_signatures")

    @admin.action(
        description=_("Restore the signatures: count them again"), permissions=["invalidate"]
    )
    def restore(self, request, queryset) -> None:
        restored = sum(
            services.signatures_restore(invalidation=invalidation, user=request.user)
            for invalidation in queryset.filter(restored_at__isnull=True)
        )
        self.message_user(
            request,
            ngettext("Restored %(n)d signature.", "Restored %(n)d signatures.", restored)
            % {"n": restored},
            messages.SUCCESS,
        )


class BlockListAdmin(admin.ModelAdmin):
    """A staff block list: every change reaches every process's copy within seconds
    (campaigns.blocklists)."""

    readonly_fields = ["created_at", "created_by"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        blocklists.forget()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        blocklists.forget()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        blocklists.forget()


@admin.register(BlockedEmailDomain)
class BlockedEmailDomainAdmin(BlockListAdmin):
    list_display = ["domain", "note", "created_at", "created_by"]
    search_fields = ["domain", "note"]
    list_select_related = ["created_by"]


@admin.register(BlockedAddress)
class BlockedAddressAdmin(BlockListAdmin):
    list_display = ["ip_hash", "note", "created_at", "created_by"]
    search_fields = ["ip_hash", "note"]
    list_select_related = ["created_by"]
