"""The mailings in the admin: their progress, pause and resume; the pages that preview,
test and send a campaign update, the addressee's response and the outcome; followers and
refused addresses, never with an address shown.

What supporters adds to the admins of other apps, which stay theirs, goes through
core.admin_hooks: a link to those pages on the update's and the campaign's page, and,
after the person or story admin wrote the news of a status change or of a story, its
email to the followers (from the admin's save path, not a signal).
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import services as campaign_services
from campaigns.models import Campaign, CampaignUpdate, email_digest
from core import admin_hooks
from news.models import News, NewsKind
from supporters import emails, services
from supporters.models import Mailing, SuppressedAddress


def can_send(request) -> bool:
    return request.user.has_perm("supporters.send_mailing")


def progress_bar(mailing: Mailing) -> str:
    """Sent of total, and failures, as an HTML <progress> (no style attribute: the CSP
    allows none)."""
    progress = mailing.progress()
    return format_html(
        '<progress class="mailing-progress" max="{}" value="{}">{} %</progress> {}',
        progress.total or 1,
        progress.done,
        progress.percent,
        _("%(sent)s of %(total)s sent, %(failed)s failed, %(skipped)s skipped")
        % {
            "sent": progress.sent,
            "total": progress.total,
            "failed": progress.failed,
            "skipped": progress.skipped,
        },
    )


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "status", "progress", "created_at", "created_by"]
    list_filter = ["news__kind", "status"]
    list_select_related = ["created_by", "news"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    fields = ["subject", "kind", "status", "progress", "recipients", "news", "created_by",
              "created_at", "finished_at"]  # fmt: skip
    readonly_fields = fields
    actions = ["pause", "resume"]
    change_form_template = "admin/supporters/mailing/change_form.html"

    def has_add_permission(self, request) -> bool:
        # Mailings start from what they announce: an update, a response, an outcome.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_send_permission(self, request) -> bool:
        return can_send(request)

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, mailing: Mailing) -> str:
        return progress_bar(mailing)

    @admin.display(description=gettext_lazy("kind"), ordering="news__kind")
    def kind(self, mailing: Mailing) -> str:
        return mailing.news.get_kind_display()

    @admin.action(description=gettext_lazy("Pause the selected mailings"), permissions=["send"])
    def pause(self, request, queryset) -> None:
        paused = sum(services.mailing_pause(mailing=mailing) for mailing in queryset)
        messages.success(request, _("Paused %(n)d mailings.") % {"n": paused})

    @admin.action(description=gettext_lazy("Resume the selected mailings"), permissions=["send"])
    def resume(self, request, queryset) -> None:
        with transaction.atomic():
            resumed = sum(services.mailing_resume(mailing=mailing) for mailing in queryset)
        messages.success(request, _("Resumed %(n)d mailings.") % {"n": resumed})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = (extra_context or {}) | {"can_send": can_send(request)}
        return super().change_view(request, object_id, form_url, extra_context=extra_context)

    def get_urls(self):
        own = [
            path("<path:object_id>/pause/", self.admin_site.admin_view(self.pause_view),
                 name="supporters_mailing_pause"),
            path("<path:object_id>/resume/", self.admin_site.admin_view(self.resume_view),
                 name="supporters_mailing_resume"),
            path("announce/<int:campaign_id>/<str:kind>/",
                 self.admin_site.admin_view(self.announce_view),
                 name="supporters_mailing_announce"),
            path("announce/update/<int:update_id>/",
                 self.admin_site.admin_view(self.update_email_view),
                 name="supporters_mailing_update"),
        ]  # fmt: skip
        return [*own, *super().get_urls()]

    def _mailing_for_sender(self, request, object_id) -> Mailing:
        if request.method != "POST":
            raise PermissionDenied
        if not can_send(request):
            raise PermissionDenied
        return get_object_or_404(Mailing, pk=unquote(object_id))

    def pause_view(self, request, object_id):
        mailing = self._mailing_for_sender(request, object_id)
        if services.mailing_pause(mailing=mailing):
            messages.success(request, _("Paused: no more emails go out until you resume."))
        return redirect("admin:supporters_mailing_change", mailing.pk)

    def resume_view(self, request, object_id):
        mailing = self._mailing_for_sender(request, object_id)
        with transaction.atomic():
            resumed = services.mailing_resume(mailing=mailing)
        if resumed:
            messages.success(request, _("Resumed."))
        return redirect("admin:supporters_mailing_change", mailing.pk)

    def announce_view(self, request, campaign_id, kind):
        """Email the addressee's response or the campaign's outcome to its signers who
        asked for news: the email in each language and its number of recipients first
        (GET), a test to oneself or the sending by POST."""
        if kind not in (NewsKind.RESPONSE, NewsKind.OUTCOME):
            raise Http404
        if not request.user.has_perm("campaigns.view_campaign"):
            raise PermissionDenied
        campaign = get_object_or_404(Campaign, pk=campaign_id)
        announce = (
            services.campaign_response_announce
            if kind == NewsKind.RESPONSE
            else services.campaign_outcome_announce
        )
        topic = (
            f"campaign:{campaign.pk}:response"
            if kind == NewsKind.RESPONSE
            else campaign_services.outcome_topic(campaign)
        )
        ready = campaign.response if kind == NewsKind.RESPONSE else campaign.has_outcome
        content = emails.render_content(kind, campaign=campaign) if ready else None
        return email_page(
            request,
            self.admin_site,
            title=_("Email the response") if kind == NewsKind.RESPONSE else _("Email the outcome"),
            content=content,
            campaign=campaign,
            sent=Mailing.objects.filter(news__topic=topic).first(),
            send=lambda: announce(campaign=campaign, user=request.user),
            back=reverse("admin:campaigns_campaign_change", args=[campaign.pk]),
            not_ready=_("Record the response first.")
            if kind == NewsKind.RESPONSE
            else _(
                "Record the outcome first: a text, the date it was handed over, or the "
                "campaign won or closed."
            ),
        )

    def update_email_view(self, request, update_id):
        """Preview a campaign update's email in each language, test it, send it (which
        publishes it)."""
        if not (
            request.user.has_perm("campaigns.view_campaignupdate")
            or request.user.has_perm("campaigns.change_campaignupdate")
        ):
            raise PermissionDenied
        update = get_object_or_404(CampaignUpdate.objects.select_related("campaign"),
                                   pk=update_id)  # fmt: skip
        return email_page(
            request,
            self.admin_site,
            title=_("Email the update"),
            content=emails.render_content(NewsKind.UPDATE, campaign=update.campaign, update=update),
            campaign=update.campaign,
            update=update,
            sent=Mailing.objects.filter(news__topic=f"update:{update.pk}").first(),
            send=lambda: services.campaign_update_send(update=update, user=request.user),
            back=reverse("admin:campaigns_campaignupdate_change", args=[update.pk]),
            preview_url=reverse("admin:campaigns_campaignupdate_preview", args=[update.pk]),
        )


def email_page(
    request,
    admin_site,
    *,
    title,
    content,
    campaign,
    sent,
    send,
    back,
    not_ready="",
    update=None,
    preview_url="",
):
    """The page before a campaign mailing goes out: the email in each language, how many
    will get it, a test to oneself, and the button that sends it."""
    recipients = services.signers_wanting_updates(campaign).count()
    week = services.updates_sent_this_week(campaign) if update is not None else 0
    limit_reached = update is not None and week >= settings.CAMPAIGN_UPDATES_PER_WEEK
    if request.method == "POST":
        if content is None:
            raise PermissionDenied
        if "test" in request.POST:
            language = request.POST.get("language", "")
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
            if not request.user.email:
                messages.error(request, _("Your account has no email address to send a test to."))
            else:
                emails.send_test(content, language, request.user.email)
                messages.success(request, _("A test is on its way to your address."))
            return redirect(request.path)
        if "send" in request.POST:
            if not can_send(request):
                raise PermissionDenied
            try:
                with transaction.atomic():
                    mailing = send()
            except services.MailingRefused as refused:
                messages.error(request, str(refused))
                return redirect(request.path)
            messages.success(
                request,
                _("Sending to %(n)d recipients.") % {"n": mailing.recipients},
            )
            return redirect("admin:supporters_mailing_change", mailing.pk)
        return HttpResponseNotAllowed(["GET"])
    previews = []
    if content is not None:
        # A language the mailing is not written in: its signers get the English email.
        chose = dict(
            services.signers_wanting_updates(campaign)
            .values_list("language")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for code, name in settings.LANGUAGES:
            if code not in content:
                previews.append((code, name, None, chose.get(code, 0)))
                continue
            with translation.override(code):
                previews.append((code, name, emails.preview(content, code), chose.get(code, 0)))
    context = {
        **admin_site.each_context(request),
        "title": title,
        "opts": Mailing._meta,
        "campaign": campaign,
        "update": update,
        "previews": previews,
        "not_ready": not_ready if content is None else "",
        "recipients": recipients,
        "sent": sent,
        "can_send": can_send(request),
        "week": week,
        "limit": settings.CAMPAIGN_UPDATES_PER_WEEK,
        "limit_reached": limit_reached,
        "languages": settings.LANGUAGES,
        "back": back,
        "preview_url": preview_url,
    }
    return TemplateResponse(request, "admin/supporters/email.html", context)


# -- What supporters adds to the admins of other apps (core.admin_hooks) ----------------


@admin.display(description=gettext_lazy("email"))
def update_email(update: CampaignUpdate) -> str:
    """The update's mailing, or the way to the page that previews, tests and sends it."""
    if update.pk is None:
        return _("Save the update first; then preview it, test it and send it from here.")
    mailing = Mailing.objects.filter(news__topic=f"update:{update.pk}").first()
    if mailing is not None:
        url = reverse("admin:supporters_mailing_change", args=[mailing.pk])
        return format_html('<a href="{}">{}</a>', url, progress_bar(mailing))
    url = reverse("admin:supporters_mailing_update", args=[update.pk])
    return format_html('<a href="{}">{}</a>', url, _("Preview, test and send…"))


@admin.display(description=gettext_lazy("email to signers"))
def campaign_announcements(campaign: Campaign) -> str:
    if campaign.pk is None:
        return "—"
    links = []
    for kind, label in (
        (NewsKind.RESPONSE, _("Email the response…")),
        (NewsKind.OUTCOME, _("Email the outcome…")),
    ):
        url = reverse("admin:supporters_mailing_announce", args=[campaign.pk, kind])
        links.append(format_html('<a href="{}">{}</a>', url, label))
    return format_html("{} · {}", *links)


@admin.display(description=gettext_lazy("email"))
def news_mailing(news: News) -> str:
    """The mailing of a piece of news, or the page that sends it (campaign news)."""
    mailing = Mailing.objects.filter(news=news).first()
    if mailing is not None:
        url = reverse("admin:supporters_mailing_change", args=[mailing.pk])
        return format_html('<a href="{}">{}</a>', url, progress_bar(mailing))
    if news.kind == NewsKind.UPDATE:
        url = reverse("admin:supporters_mailing_update", args=[news.subject_id])
    elif news.kind in (NewsKind.RESPONSE, NewsKind.OUTCOME):
        url = reverse("admin:supporters_mailing_announce", args=[news.subject_id, news.kind])
    else:
        return _("Not emailed: nobody followed the people it is about.")
    return format_html('<a href="{}">{}</a>', url, _("Preview, test and send…"))


def news_announce(request, news: list[News]) -> None:
    """Email the news of new status changes and stories to whoever hears of it at once (an
    update, a response or an outcome waits for staff to preview, test and send it)."""
    for kind, message in (
        (NewsKind.STATUS_CHANGE,
         gettext_lazy("Who follows these people or their appeals is being emailed the new "
                      "status (emails: %(n)d).")),
        (NewsKind.STORY,
         gettext_lazy("Who follows the people in this story or their appeals is being "
                      "emailed it (%(n)d emails).")),
    ):  # fmt: skip
        mailings = [
            services.news_announce(news=item, user=request.user)
            for item in news
            if item.kind == kind
        ]
        recipients = sum(mailing.recipients for mailing in mailings if mailing)
        if recipients:
            messages.info(request, message % {"n": recipients})


admin_hooks.add_field("campaigns.CampaignUpdate", update_email)
admin_hooks.add_field("campaigns.Campaign", campaign_announcements, beside="response_source")
admin_hooks.add_field("news.News", news_mailing)
admin_hooks.add_after_save("news.News", news_announce)


# -- Refused addresses: never an address on screen (the audience: audience/admin.py) ---


@admin.register(SuppressedAddress)
class SuppressedAddressAdmin(admin.ModelAdmin):
    """Addresses the mail server refused for good, as keyed digests. Staff find one by
    typing the address (its digest is looked up) and delete it to send to it again."""

    list_display = ["email_digest", "reason", "created_at"]
    fields = ["email_digest", "reason", "created_at"]
    readonly_fields = fields
    search_fields = ["email_digest"]
    search_help_text = gettext_lazy("Type the whole address: its keyed digest is looked up.")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return queryset.filter(email_digest=email_digest(term) if "@" in term else term), False
