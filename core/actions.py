"""Kinds of action a campaign asks of its supporters, collected by convention.

Each domain app may have an `actions` module with a list `KINDS` of `ActionKind`s (and,
optionally, `refuses_address(ip_hash) -> bool`, a block list every anonymous counter
asks): `sign` in campaigns/actions.py, `letter` in prisoners/actions.py, `official` in
officials/actions.py. This module finds them, as Django's admin finds `admin.py` and
sitewide/sitemaps.py finds `sitemaps.py`, and holds what every kind shares: the order of
the kinds on the campaign page, the inlines they add to the campaign's admin, and the
anonymous counter ("I sent it": a rate limit per address and per target, the block
list, and nothing about the visitor kept). docs/architecture.md, "Adding a kind of
action"."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.utils.functional import Promise

from core import rate_limits
from core.network import request_ip_hash


@dataclass(frozen=True)
class ActionKind:
    """One kind of action, as its app declares it.

    `offered(campaign)` is what the campaign page needs to show the action (the people
    to write to, the officials with their letter), or something false when the campaign
    does not ask for it; `template` is the partial that shows it, given `campaign` and
    `action` (an OfferedAction). `stored` is the model a row of which is written when
    someone acts; `counted(campaign)` how many times the campaign's supporters did;
    `emails` the templates of the emails the kind sends, if any; `campaign_admin_inlines`
    the inlines it adds to the campaign's admin page."""

    code: str
    label: str | Promise
    template: str
    offered: Callable[[Any], Any]
    stored: type
    counted: Callable[[Any], int]
    position: int = 100
    emails: tuple[str, ...] = ()
    campaign_admin_inlines: tuple[type, ...] = field(default=())


@dataclass(frozen=True)
class OfferedAction:
    """A kind of action a campaign asks for, with what its partial shows."""

    kind: ActionKind
    data: Any

    @property
    def template(self) -> str:
        return self.kind.template


@cache
def _modules() -> tuple:
    found = []
    for app in apps.get_app_configs():
        module_name = f"{app.name}.actions"
        if app.name != __package__ and find_spec(module_name) is not None:
            found.append(import_module(module_name))
    return tuple(found)


def kinds() -> list[ActionKind]:
    """Every kind of action of the installed apps, in the order the campaign page shows
    them."""
    found = [kind for module in _modules() for kind in getattr(module, "KINDS", ())]
    codes = [kind.code for kind in found]
    if len(codes) != len(set(codes)):
        raise ValueError(f"Two kinds of action share a code: {codes}")
    return sorted(found, key=lambda kind: (kind.position, kind.code))


def kind(code: str) -> ActionKind:
    """The kind of action with this code (KeyError if no app declares it)."""
    for candidate in kinds():
        if candidate.code == code:
            return candidate
    raise KeyError(code)


def offered_actions(campaign) -> list[OfferedAction]:
    """The actions this campaign asks for, each with what its partial shows."""
    offered = []
    for action_kind in kinds():
        data = action_kind.offered(campaign)
        if data:
            offered.append(OfferedAction(action_kind, data))
    return offered


def campaign_admin_inlines() -> list[type]:
    """The inlines every kind adds to the campaign's admin page."""
    return [inline for action_kind in kinds() for inline in action_kind.campaign_admin_inlines]


def address_refused(ip_hash: str) -> bool:
    """Whether any app's block list refuses this address (a keyed hash)."""
    return any(
        module.refuses_address(ip_hash)
        for module in _modules()
        if hasattr(module, "refuses_address")
    )


@dataclass(frozen=True)
class AnonymousCounter:
    """The count of an action done away from the site (a letter posted, an email sent),
    which the visitor tells us of with one press: one act per address and target within
    `per_target`, at most `per_address` acts of this counter from one address, none from
    a blocked address. The address's keyed hash is only a rate limit's key in the cache;
    what is stored (by `record`) keeps the target and the day, nothing about the
    visitor."""

    name: str

    def count(
        self,
        request: HttpRequest,
        *,
        target: str,
        per_address: rate_limits.Limit,
        per_target: rate_limits.Limit,
        record: Callable[[], Any],
    ) -> int:
        """Count the visitor's act on `target` (calling `record`), unless it was counted
        within `per_target` or the address is blocked (the visitor is thanked alike);
        0, or the seconds to wait when the address has acted too often."""
        ip_hash = request_ip_hash(request)
        wait = rate_limits.hit((f"{self.name}-ip", ip_hash, per_address))
        if wait:
            return wait
        if address_refused(ip_hash):
            return 0
        if not rate_limits.hit((f"{self.name}-target", f"{ip_hash}:{target}", per_target)):
            record()
        return 0


def wait_minutes(wait: int) -> int:
    """A wait in seconds as the whole minutes a visitor is asked to wait (at least 1)."""
    return max(1, -(-wait // 60))
