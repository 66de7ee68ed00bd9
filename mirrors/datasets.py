"""The open data of this app, as the open-data page describes it (core/datasets.py):
the site's other addresses, as JSON only (each object's keys are its columns)."""

from django.utils.translation import gettext_lazy as _

from core.datasets import Dataset, json_object, text
from mirrors.models import Kind

MIRRORS = Dataset(
    name="mirrors",
    title=_("Mirrors"),
    description=_(
        "The site's other addresses, for when it is blocked: web mirrors, the onion "
        "service, static copies and IPFS."
    ),
    changes=_("When staff add, check or remove an address; kept by caches for 5 minutes."),
    json="api:mirrors",
    columns=(
        text("kind", _("The kind of address."), choices=Kind.values, required=True),
        text(
            "address",
            _("The address (ipfs:// or a gateway's https address for IPFS)."),
            required=True,
        ),
        text(
            "last_checked",
            _("The day it was last found working (YYYY-MM-DD); null: not checked yet."),
        ),
        json_object("note", _("A note by staff, per language code.")),
    ),
    position=60,
)

DATASETS = [MIRRORS]
