"""The mirrors in other apps' templates, without those apps importing this one (a
template library is loaded by name, not imported: the layers of pyproject.toml hold).

- ``{% mirror_addresses_for_email %}`` ends every email to supporters with the current
  addresses: an inbox is the channel a censor cannot block.
- ``{% act_elsewhere "sign" %}`` stands in for a form on a page of the static copy, which
  cannot take what a form sends."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from mirrors.models import Kind
from mirrors.services import listed_addresses

register = template.Library()


@register.simple_tag
def mirror_addresses_for_email() -> str:
    """Plain text, in the active language (the email's), with the mirrors page on
    SITE_URL: each address on a line of its own, for mail clients to make links of."""
    labels = {
        Kind.WEB: gettext("Web mirror"),
        Kind.ONION: gettext("Onion service, in Tor Browser"),
        Kind.STATIC: gettext("Static copy"),
        Kind.IPFS: gettext("IPFS"),
    }
    page = settings.SITE_URL + reverse("mirrors:list")
    addresses = listed_addresses()
    if not addresses:
        lines = [
            gettext(
                "If our site is blocked, these emails still reach you. Its other "
                "addresses, when we have them, are listed here and at:"
            ),
            page,
        ]
    else:
        lines = [gettext("If our site is blocked, you can reach it at:")]
        for kind, address in addresses:
            lines += [f"{labels.get(kind, kind)}:", address]
        lines += [gettext("The current addresses, and how to use them:"), page]
    return "\n".join(lines)


@register.inclusion_tag("mirrors/act_elsewhere.html", takes_context=True)
def act_elsewhere(context, what: str = "") -> dict:
    """In place of a form on a page of the static copy: the same page on the site's
    onion service, where the form works, and the list of its current addresses. Not the
    origin's address: that is what is blocked for the copy's readers, and the copy names
    it nowhere. `what` is "sign", "follow" or "letter", for the wording."""
    request = context.get("request")
    path = request.path if request is not None else "/"
    onion_url = getattr(settings, "ONION_URL", "").rstrip("/")
    return {
        "what": what,
        "onion_page": onion_url + path if onion_url else "",
    }
