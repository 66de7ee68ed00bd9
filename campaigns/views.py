from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from campaigns import services, tokens
from campaigns.forms import ConfirmForm, SignatureForm
from campaigns.models import Campaign, Signature
from campaigns.timeseries import signature_series, signatures_chart
from core import actions, email_addresses, rate_limits
from core.csrf import origin_checked, referrer_kept_on_site
from core.hosts import site_origin
from core.htmx import HtmxHttpRequest
from core.network import request_ip_hash
from core.page_cache import live_page, public_page
from core.schema_org import links_origin

# The campaign page's timeline shows the latest updates; its feed has them all.
UPDATES_SHOWN = 20
SIGN_PER_IP = rate_limits.Limit.parse(settings.RATE_LIMIT_SIGN_PER_IP)
SIGN_PER_EMAIL = rate_limits.Limit.parse(settings.RATE_LIMIT_SIGN_PER_EMAIL)


def _public_campaign(slug: str) -> Campaign:
    return get_object_or_404(Campaign.objects.public().select_related("response_source"), slug=slug)


@require_safe
@public_page
def campaign_list(request: HtmxHttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.public().by_relevance()
    return render(request, "campaigns/campaign_list.html", {"campaigns": campaigns})


def _campaign_context(request, campaign: Campaign, form: SignatureForm) -> dict:
    # Read once for the page and its structured data.
    prisoners = list(campaign.prisoners.public_profiles())
    prefetch_related_objects([campaign], "sources")
    stats = campaign.stats()
    return {
        "campaign": campaign,
        "share_links": campaign.share_links(site_origin(request)),
        "prisoners": prisoners,
        "stories": campaign.stories.latest()[:5],
        "updates": campaign.updates.published()[:UPDATES_SHOWN],
        "stats": stats,
        "signatures_chart": signatures_chart(signature_series(campaign)),
        "form": form,
        "actions": actions.offered_actions(campaign),
        "schema_org": campaign.schema_org(links_origin(request), prisoners, stats),
    }


def _campaign_page(request, campaign: Campaign, form: SignatureForm, status: int = 200):
    context = _campaign_context(request, campaign, form)
    return render(request, "campaigns/campaign_detail.html", context, status=status)


@require_safe
@live_page
def campaign_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The appeal and its sign form: the most requested page during a spike, the same
    bytes for everyone (the form carries no token: campaign_sign checks where a post
    comes from instead), so this site and any HTTP cache in front keep it for as long as
    the total may lag."""
    return _campaign_page(request, _public_campaign(slug), SignatureForm())


@require_POST
@origin_checked
def campaign_sign(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Take a signature. Answers the same whether or not the address had signed."""
    campaign = Campaign.public_cached(slug)
    if campaign is None:
        raise Http404("No such campaign.")
    if not campaign.is_accepting_signatures:
        if request.htmx:
            return render(
                request, "campaigns/campaign_detail.html#closed", {"campaign": campaign}, status=409
            )
        return _campaign_page(request, campaign, SignatureForm(), status=409)
    form = SignatureForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(
                request, "campaigns/campaign_detail.html#sign-form",
                {"campaign": campaign, "form": form}, status=422,
            )  # fmt: skip
        return _campaign_page(request, campaign, form, status=422)

    ip_hash = request_ip_hash(request)
    email_key = email_addresses.rate_key(form.cleaned_data["email"])
    wait = rate_limits.hit(
        ("sign-ip", ip_hash, SIGN_PER_IP), ("sign-email", email_key, SIGN_PER_EMAIL)
    )
    if wait:
        return _too_many_attempts(request, campaign, wait)

    if not form.is_bot:
        services.signature_create(
            campaign=campaign,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            country=form.cleaned_data["country"],
            comment=form.cleaned_data["comment"],
            show_name_publicly=form.cleaned_data["show_name_publicly"],
            wants_updates=form.cleaned_data["wants_updates"],
            language=get_language() or settings.LANGUAGE_CODE,
            ip_hash=ip_hash,
        )
    if request.htmx:
        return render(request, "campaigns/campaign_detail.html#thanks", {"campaign": campaign})
    return redirect("campaigns:thanks", slug=campaign.slug)


def _too_many_attempts(request, campaign: Campaign, wait: int) -> HttpResponse:
    minutes = max(1, -(-wait // 60))
    template = "campaigns/too_many_attempts.html"
    if request.htmx:
        template += "#message"
    response = render(request, template, {"campaign": campaign, "minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_safe
@public_page
def campaign_thanks(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    campaign = _public_campaign(slug)
    return render(request, "campaigns/thanks.html", {"campaign": campaign})


@require_safe
@live_page
def campaign_counter(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The live total: a small fragment that the campaign page polls."""
    campaign = _public_campaign(slug)
    context = {"campaign": campaign, "stats": campaign.stats()}
    return render(request, "campaigns/campaign_detail.html#counter", context)


# The widget may be framed by any site, including a page opened from disk; every other
# page refuses to be framed. Its other directives are the site's strict ones.
EMBED_CSP = {k: v for k, v in settings.SECURE_CSP.items() if k != "frame-ancestors"}


@require_safe
@xframe_options_exempt
@csp_override(EMBED_CSP)
@live_page
def campaign_embed(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A small page for partner sites' <iframe>: title, total, progress, sign button."""
    campaign = _public_campaign(slug)
    return render(
        request, "campaigns/embed.html", {"campaign": campaign, "stats": campaign.stats()}
    )


@require_http_methods(["GET", "POST"])
@never_cache
@referrer_kept_on_site
def signature_confirm(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Confirm by the emailed link. The GET shows what will be published and changes
    nothing, because mail scanners open links: only the person who presses the button
    confirms, with the name, country, comment and consents they choose there (anyone
    could have filled in the sign form with this address). Opening the link again after
    confirming says so.

    A valid POST goes straight to the claim (one UPDATE), which reads the signature only
    when it claims nothing, to say why: confirming is the busiest write of a spike, and
    reading the signature with its campaign first was half its cost (issue 20)."""
    try:
        claims = tokens.read_confirm_claims(token)
    except tokens.TokenExpired:
        return render(request, "campaigns/confirm.html", {"outcome": "expired"}, status=410)
    except tokens.TokenInvalid:
        return render(request, "campaigns/confirm.html", {"outcome": "invalid"}, status=400)
    form = ConfirmForm(request.POST) if request.method == "POST" else None
    if form is not None and form.is_valid() and form.is_bot:
        # Answered as a confirmation is, and nothing confirmed.
        signature = tokens.signature_named(claims)
        if signature is None:
            return render(request, "campaigns/confirm.html", {"outcome": "not_found"}, status=404)
        return redirect("campaigns:confirmed", slug=signature.campaign.slug)
    if form is not None and form.is_valid():
        details = {
            name: form.cleaned_data[name] for name in ConfirmForm.base_fields if name != "website"
        }
        choices = services.SignerChoices(**details)
        result = services.signature_confirm(
            public_id=claims.public_id,
            digest=claims.digest,
            choices=choices,
            owner_key=claims.owner_key,
        )
        if result.outcome == services.ConfirmOutcome.CONFIRMED:
            # Post/redirect/get: reloading the thank-you page cannot post again.
            return redirect("campaigns:confirmed", slug=result.campaign_slug)
        if result.outcome == services.ConfirmOutcome.NOT_FOUND:
            return render(request, "campaigns/confirm.html", {"outcome": "not_found"}, status=404)
        context = {"outcome": result.outcome.value, "campaign": result.campaign}
        return render(request, "campaigns/confirm.html", context)
    signature = tokens.signature_named(claims)
    if signature is None:
        return render(request, "campaigns/confirm.html", {"outcome": "not_found"}, status=404)
    if signature.is_confirmed:
        context = {"outcome": "already_confirmed", "campaign": signature.campaign}
        return render(request, "campaigns/confirm.html", context)
    context = {
        "outcome": "ask",
        "campaign": signature.campaign,
        "signature": signature,
        "form": ConfirmForm(signature=signature) if form is None else form,
    }
    return render(request, "campaigns/confirm.html", context, status=200 if form is None else 422)


@require_safe
@public_page
def signature_confirmed(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Where a confirmation lands: thanks, and the way to share the appeal."""
    campaign = _public_campaign(slug)
    return render(request, "campaigns/confirm.html", {"outcome": "confirmed", "campaign": campaign})


def _withdrawable(request, token: str) -> tuple[Signature | None, HttpResponse | None]:
    """The signature a withdraw link names, or the page explaining why there is none.
    An expired link shows nothing about the signature: its page offers (and on POST
    sends) fresh links to the signature's own address."""
    try:
        claims = tokens.read_withdraw_claims(token)
    except tokens.TokenExpired as expired:
        if request.method == "POST":
            signature = tokens.signature_named(expired.claims)
            if signature is not None:
                services.signer_links_resend(signature)
            return None, render(request, "campaigns/withdraw.html", {"outcome": "renewed"})
        return None, render(request, "campaigns/withdraw.html", {"outcome": "expired"}, status=410)
    except tokens.TokenInvalid:
        return None, render(request, "campaigns/withdraw.html", {"outcome": "invalid"}, status=400)
    signature = tokens.signature_named(claims)
    if signature is None:
        return None, render(request, "campaigns/withdraw.html", {"outcome": "gone"}, status=404)
    return signature, None


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def signature_data(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Everything we hold about a signature, as a JSON download for its signer. An
    expired link's page posts here for fresh links; a fresh link takes no POST."""
    signature, problem = _withdrawable(request, token)
    if problem:
        return problem
    if request.method == "POST":
        return HttpResponseNotAllowed(["GET", "HEAD"])
    response = JsonResponse(signature.as_personal_data(), json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-signature.json"'
    return response


@require_http_methods(["GET", "POST"])
@never_cache
@referrer_kept_on_site
def signature_withdraw(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Show what we hold about a signer and, on POST, erase it. A GET never deletes:
    mail scanners follow links."""
    signature, problem = _withdrawable(request, token)
    if problem:
        return problem
    if request.method == "POST":
        campaign = services.signature_withdraw(signature_id=signature.pk)
        return render(
            request, "campaigns/withdraw.html", {"outcome": "withdrawn", "campaign": campaign}
        )
    context = {"outcome": "ask", "signature": signature, "token": token}
    return render(request, "campaigns/withdraw.html", context)
