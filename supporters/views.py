"""Following a person, and stopping emails. No page here holds a per-visitor token: the
follow form is part of the cached profile, so its view is protected by the browser's
own headers (core.csrf.origin_checked); the unsubscribe link is posted to by mail
clients from no page at all (RFC 8058), and its signed token is its authority."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from campaigns.models import Campaign
from core import rate_limits
from core.csrf import origin_checked
from core.htmx import HtmxHttpRequest
from core.network import request_ip_hash
from prisoners.models import Person
from supporters import services, tokens
from supporters.forms import FollowForm

# Per IP address here; per email address in the office's intake, which alone can tell
# addresses apart (supporters.services.FOLLOW_PER_EMAIL).
FOLLOW_PER_IP = rate_limits.Limit.parse(settings.RATE_LIMIT_FOLLOW_PER_IP)


def _followable(slug: str) -> Person:
    return get_object_or_404(Person.objects.public_profiles(), slug=slug)


@require_http_methods(["GET", "HEAD", "POST"])
@origin_checked
def follow(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Follow a person: the form (also on the profile) and its answer, the same for
    every address."""
    person = _followable(slug)
    form = FollowForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, "supporters/follow.html", {"person": person, "form": form})
    if not form.is_valid():
        template = "supporters/follow.html" + ("#follow-form" if request.htmx else "")
        return render(request, template, {"person": person, "form": form}, status=422)
    wait = rate_limits.hit(("follow-ip", request_ip_hash(request), FOLLOW_PER_IP))
    if wait:
        minutes = max(1, -(-wait // 60))
        template = "supporters/follow.html" + ("#too-many" if request.htmx else "")
        context = {"person": person, "form": form, "minutes": minutes, "too_many": True}
        response = render(request, template, context, status=429)
        response["Retry-After"] = str(wait)
        return response
    if not form.is_bot:
        services.follow_request(
            person=person,
            email=form.cleaned_data["email"],
            language=get_language() or settings.LANGUAGE_CODE,
        )
    if request.htmx:
        return render(request, "supporters/follow.html#sent", {"person": person})
    return redirect("supporters:follow_sent", slug=person.slug)


@require_safe
def follow_sent(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return render(request, "supporters/follow.html", {"person": _followable(slug), "sent": True})


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@origin_checked
def follow_confirm(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Confirm a follow by the emailed link. The GET only asks (mail scanners open
    links); the button's POST confirms."""
    try:
        claims = tokens.read_follow_confirm(token)
    except tokens.TokenExpired:
        return render(request, "supporters/follow_confirm.html", {"outcome": "expired"},
                      status=410)  # fmt: skip
    except tokens.TokenInvalid:
        return render(request, "supporters/follow_confirm.html", {"outcome": "invalid"},
                      status=400)  # fmt: skip
    if request.method != "POST":
        subscription = tokens.subscription_named(claims)
        if subscription is None:
            return render(request, "supporters/follow_confirm.html", {"outcome": "not_found"},
                          status=404)  # fmt: skip
        outcome = "already_confirmed" if subscription.is_confirmed else "ask"
        context = {"outcome": outcome, "person": subscription.target}
        return render(request, "supporters/follow_confirm.html", context)
    outcome, subscription = services.follow_confirm(claims=claims)
    if subscription is None:
        return render(request, "supporters/follow_confirm.html", {"outcome": "not_found"},
                      status=404)  # fmt: skip
    context = {
        "outcome": outcome.value,
        "person": subscription.target,
        "token": tokens.subscription_unsubscribe_token(subscription),
    }
    return render(request, "supporters/follow_confirm.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
@csrf_exempt
def unsubscribe(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Stop the emails a link names, with no sign-in: one POST, from the page's button
    or from a mail client's one-click unsubscribe (RFC 8058: `List-Unsubscribe=One-Click`,
    cross-site, without cookies; the signed token is what authorises it). The GET only
    asks. The page names only the campaign or person of this link."""
    try:
        claims = tokens.read_unsubscribe(token)
    except tokens.TokenInvalid:
        return render(request, "supporters/unsubscribe.html", {"outcome": "invalid"}, status=400)
    if request.method == "POST":
        stopped = services.unsubscribe(claims=claims)
        context = {"outcome": "done", "stopped": stopped}
        return render(request, "supporters/unsubscribe.html", context)
    signature = tokens.signature_named(claims)
    subscription = tokens.subscription_named(claims)
    if signature is None and subscription is None:
        context = {"outcome": "done", "stopped": None}
        return render(request, "supporters/unsubscribe.html", context)
    target = signature.campaign if signature else subscription.target
    context = {
        "outcome": "ask",
        "campaign": target if isinstance(target, Campaign) else None,
        "person": target if isinstance(target, Person) else None,
        "already": signature is not None and not signature.wants_updates,
        "token": token,
    }
    return render(request, "supporters/unsubscribe.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def follower_data(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """Everything held about a follow, as a JSON download for its owner, while the link
    is younger than SIGNER_LINK_DAYS (as a signer's). An older one shows nothing and
    offers, by POST, to email fresh links to the follower's own address: the same answer
    whether the follow still exists or not."""
    try:
        claims = tokens.read_follower_data(token)
    except tokens.TokenExpired as expired:
        if request.method == "POST":
            subscription = tokens.subscription_named(expired.claims)
            if subscription is not None:
                services.follower_links_resend(subscription)
            return render(request, "supporters/unsubscribe.html", {"outcome": "renewed"})
        return render(request, "supporters/unsubscribe.html", {"outcome": "expired"}, status=410)
    except tokens.TokenInvalid:
        return render(request, "supporters/unsubscribe.html", {"outcome": "invalid"}, status=400)
    if request.method == "POST":
        return HttpResponseNotAllowed(["GET", "HEAD"])
    subscription = tokens.subscription_named(claims)
    if subscription is None:
        return render(request, "supporters/unsubscribe.html",
                      {"outcome": "done", "stopped": None}, status=404)  # fmt: skip
    data = services.follow_personal_data(subscription)
    response = JsonResponse(data, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = 'attachment; filename="my-follow.json"'
    return response
