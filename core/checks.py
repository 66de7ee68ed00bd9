"""System checks for settings that Django cannot check itself. They run before every
management command and server start, so a wrong production setting stops the start
instead of breaking every emailed link."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def site_url_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """SITE_URL is the address in every emailed link and feed: production must name it."""
    site_url = settings.SITE_URL
    if not site_url:
        if settings.DEBUG:
            return []
        return [
            checks.Error(
                "SITE_URL is not set.",
                hint="Set SITE_URL to the public address of the site, e.g. "
                "https://appeals.example.org: every link in the emails to signers uses it.",
                id="core.E001",
            )
        ]
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path:
        return [
            checks.Error(
                f"SITE_URL={site_url!r} is not the address of a site.",
                hint="Write the scheme and the host only, e.g. https://appeals.example.org.",
                id="core.E002",
            )
        ]
    if settings.HTTPS and parts.scheme != "https":
        return [
            checks.Error(
                f"SITE_URL={site_url!r} is not an https:// address, but HTTPS is on.",
                hint="Emailed links would be sent in the clear: use the https:// address.",
                id="core.E003",
            )
        ]
    return []


# An onion service's address (version 3): 56 base32 characters, http (Tor encrypts it).
ONION_URL_PATTERN = re.compile(r"http://[a-z2-7]{56}\.onion")


@checks.register(checks.Tags.compatibility)
def onion_url_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """ONION_URL, when set, is the address of a version 3 onion service: each page names
    it (Onion-Location) and its host is allowed, so a typo would send Tor Browser to no
    site and leave the real onion address refused (400)."""
    onion_url = settings.ONION_URL
    if not onion_url or ONION_URL_PATTERN.fullmatch(onion_url):
        return []
    return [
        checks.Error(
            f"ONION_URL={onion_url!r} is not the address of an onion service.",
            hint="Write http:// and the 56-character host name that tor wrote to "
            "hostname in its HiddenServiceDir, e.g. http://<56 characters>.onion "
            '(docs/deploy.md, "Onion service").',
            id="core.E010",
        )
    ]


@checks.register(checks.Tags.security)
def signer_keys_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Each role holds its keys and not the other's (docs/security.md, "Sealed supporter
    data"): every role seals to SUPPORTER_PUBLIC_KEY; the office opens with
    SUPPORTER_PRIVATE_KEYS and tells addresses apart with SIGNER_DIGEST_KEY; the public
    role, the exposed host, refuses to start with either, and with a SECRET_KEY it would
    share with the office it needs its own SUPPORTER_LINK_KEY for the emailed links."""
    from core import sealing

    hint = (
        "Make a key pair with `manage.py supporter_keys --new`; keep the private key in a "
        "password manager, with a second copy held apart (docs/security.md)."
    )
    errors = [checks.Error(problem, hint=hint, id="core.E004") for problem in sealing.check_keys()]
    if settings.SITE_ROLE == "public":
        if settings.SUPPORTER_PRIVATE_KEYS:
            errors.append(
                checks.Error(
                    "SITE_ROLE=public holds SUPPORTER_PRIVATE_KEYS: the public host must never "
                    "be able to open supporters' data.",
                    hint="Remove it from this host's environment; only the office holds it.",
                    id="core.E005",
                )
            )
        if settings.SIGNER_DIGEST_KEY:
            errors.append(
                checks.Error(
                    "SITE_ROLE=public holds SIGNER_DIGEST_KEY: with it, whoever holds the "
                    "public host could test whether an address signed.",
                    hint="Remove it from this host's environment; only the office holds it.",
                    id="core.E013",
                )
            )
    else:
        if not settings.SUPPORTER_PRIVATE_KEYS:
            errors.append(
                checks.Error(
                    f"SITE_ROLE={settings.SITE_ROLE} needs SUPPORTER_PRIVATE_KEYS to read "
                    "supporters' data.",
                    hint=hint,
                    id="core.E005",
                )
            )
        if len(settings.SIGNER_DIGEST_KEY) < 32:
            errors.append(
                checks.Error(
                    "SIGNER_DIGEST_KEY is not set, or shorter than 32 characters.",
                    hint="Make one of 40 random characters or more; keep it with the "
                    "private key (docs/security.md).",
                    id="core.E006",
                )
            )
    if settings.SITE_ROLE == "public" and settings.TASKS_BACKEND != "database":
        errors.append(
            checks.Error(
                "SITE_ROLE=public runs no task itself: the office's worker takes in the "
                "signatures and follows it stores, and sends every email.",
                hint="Set TASKS_BACKEND=database on the public host (docs/deploy.md).",
                id="core.E015",
            )
        )
    if settings.SITE_ROLE != "both" and len(settings.SUPPORTER_LINK_KEY) < 32:
        errors.append(
            checks.Error(
                f"SITE_ROLE={settings.SITE_ROLE} needs SUPPORTER_LINK_KEY (32 characters or "
                "more), the same on the public and the office host: the office signs the "
                "emailed links with it, the public role reads them.",
                hint="Each role keeps its own SECRET_KEY (docs/deploy.md).",
                id="core.E014",
            )
        )
    return errors


# What Django's admin and django-axes look for in MIDDLEWARE (admin.E408-E410, axes.W002)
# and this project runs from STAFF_MIDDLEWARE instead (core/request_path.py).
STAFF_REQUIRED_MIDDLEWARE = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
)


@checks.register(checks.Tags.security)
def staff_middleware_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Staff requests run STAFF_MIDDLEWARE (core/request_path.py): it must hold what the
    admin, its second factor and the sign-in lockout need, with no hook that only
    Django's own chain would run."""
    from django.utils.module_loading import import_string

    from core.request_path import UNSUPPORTED_HOOKS

    errors = []
    if "core.request_path.staff_machinery" not in settings.MIDDLEWARE:
        errors.append(
            checks.Error(
                "core.request_path.staff_machinery is not in MIDDLEWARE.",
                hint="Without it, staff requests get no session, sign-in or lockout.",
                id="core.E007",
            )
        )
    errors.extend(
        checks.Error(
            f"{path} is not in STAFF_MIDDLEWARE.",
            hint="The admin, its second factor and the sign-in lockout need it.",
            id="core.E008",
        )
        for path in STAFF_REQUIRED_MIDDLEWARE
        if path not in settings.STAFF_MIDDLEWARE
    )
    for path in settings.STAFF_MIDDLEWARE:
        hooks = [hook for hook in UNSUPPORTED_HOOKS if hasattr(import_string(path), hook)]
        if hooks:
            errors.append(
                checks.Error(
                    f"{path} has {', '.join(hooks)}, which STAFF_MIDDLEWARE does not run.",
                    hint="Put it in MIDDLEWARE instead.",
                    id="core.E009",
                )
            )
    return errors


# Django's deploy checks of the security headers look for its own SecurityMiddleware by
# name; this site runs a subclass (onion-aware: core/middleware.py).
DJANGO_SECURITY_MIDDLEWARE = "django.middleware.security.SecurityMiddleware"
SITE_SECURITY_MIDDLEWARE = "core.middleware.SecurityMiddleware"


@checks.register(checks.Tags.security, deploy=True)
def security_middleware_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Django's checks of HSTS, the HTTPS redirect, nosniff and the referrer and opener
    policies pass without a word when its SecurityMiddleware is not in MIDDLEWARE (and
    say security.W001, silenced in settings). This site runs its subclass instead, so
    they are run here as if it were Django's: a missing HSTS setting is still reported."""
    from django.core.checks.security import base
    from django.test.utils import override_settings

    if SITE_SECURITY_MIDDLEWARE not in settings.MIDDLEWARE:
        return [
            checks.Error(
                f"{SITE_SECURITY_MIDDLEWARE} is not in MIDDLEWARE.",
                hint="Without it no page gets HSTS, the HTTPS redirect or Onion-Location.",
                id="core.E011",
            )
        ]
    named = [
        DJANGO_SECURITY_MIDDLEWARE if path == SITE_SECURITY_MIDDLEWARE else path
        for path in settings.MIDDLEWARE
    ]
    django_checks = (
        base.check_sts,
        base.check_sts_include_subdomains,
        base.check_sts_preload,
        base.check_content_type_nosniff,
        base.check_ssl_redirect,
        base.check_referrer_policy,
        base.check_cross_origin_opener_policy,
    )
    with override_settings(MIDDLEWARE=named):
        return [message for check in django_checks for message in check(app_configs)]


@checks.register(checks.Tags.templates)
def action_templates_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Every kind of action's partial and emails (core.actions) are templates that load,
    so that a kind declared with a misspelt template fails at start, not on the campaign
    page or in a supporter's inbox."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    from core import actions

    errors = []
    for kind in actions.kinds():
        for name in (kind.template, *kind.emails):
            try:
                get_template(name)
            except TemplateDoesNotExist:
                errors.append(
                    checks.Error(
                        f"The kind of action {kind.code!r} names the template {name!r}, "
                        "which does not exist.",
                        hint="Fix the name in its app's actions.py (docs/architecture.md).",
                        id="core.E012",
                    )
                )
    return errors
