"""The handover pack: what staff hand to the addressee of an appeal, as a PDF and as a
printable page. The appeal in the chosen language, the total, the signatures by country
(countries with fewer than MIN_PUBLIC_COUNTRY_COUNT together, as on the page and in
open data), the dates it ran, and the public names ("Anna K.") of only those signers
who chose to show them. Never an email address, a full name, a comment or a country
next to a name.

The PDF is drawn by fpdf2 in DejaVu Sans, set up by core.pdf (the Cyrillic of the
Belarusian and Russian texts).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from fpdf import TextStyle

from campaigns.models import Campaign, CampaignStats, Signature
from core.countries import country_name
from core.pdf import new_document


@dataclass(frozen=True)
class HandoverPack:
    campaign: Campaign
    language: str
    title: str
    target: str
    appeal: str
    appeal_html: str
    total: int
    online: int
    offline: int
    by_country: list[tuple[str, int]]
    opened: datetime.datetime
    closed: datetime.datetime | None
    names: list[str]
    generated_at: datetime.datetime


def handover_pack(campaign: Campaign, language: str) -> HandoverPack:
    """The pack's facts in `language`, counted now (not from the cache)."""
    with translation.override(language):
        stats = CampaignStats.compute(campaign)
        by_country = [
            (country_name(code) if code else _("Other countries"), count)
            for code, count in stats.by_country
        ]
        names = (
            Signature.objects.public_for(campaign)
            .order_by("confirmed_at", "pk")
            .values_list("public_name", flat=True)
        )
        opened, closed = campaign.ran()
        return HandoverPack(
            campaign=campaign,
            language=language,
            title=campaign.title,
            target=campaign.target,
            appeal=campaign.appeal,
            appeal_html=str(campaign.appeal_html),
            total=stats.total,
            online=stats.online,
            offline=stats.offline,
            by_country=by_country,
            opened=opened,
            closed=closed,
            names=[name for name in names.iterator(chunk_size=5000) if name],
            generated_at=timezone.now(),
        )


def handover_pdf(pack: HandoverPack) -> bytes:
    """The pack as a PDF, in the pack's language."""
    with translation.override(pack.language):
        pdf = new_document(title=pack.title, language=pack.language)
        pdf.set_font("DejaVu", "B", 16)
        pdf.multi_cell(0, 8, pack.title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, _("Addressed to: %(target)s") % {"target": pack.target},
                       new_x="LMARGIN", new_y="NEXT")  # fmt: skip
        pdf.multi_cell(0, 6, ran_text(pack), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, _("The appeal"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        # Code in the appeal in the same font: fpdf2's default (Courier) has no Cyrillic.
        code = TextStyle(font_family="DejaVu")
        pdf.write_html(
            pack.appeal_html, font_family="DejaVu", tag_styles={"code": code, "pre": code}
        )
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, total_text(pack), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 11)
        if pack.offline:
            pdf.multi_cell(0, 6, offline_text(pack), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        if pack.by_country:
            pdf.set_font("DejaVu", "B", 13)
            pdf.multi_cell(0, 7, _("Signatures by country"), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 11)
            with pdf.table(col_widths=(3, 1), text_align=("LEFT", "RIGHT")) as table:
                table.row([_("Country"), _("Signatures")])
                for name, count in pack.by_country:
                    table.row([name, number_format(count, force_grouping=True)])
            pdf.set_font("DejaVu", "", 9)
            pdf.multi_cell(0, 5, countries_note(), new_x="LMARGIN", new_y="NEXT")
        if pack.names:
            pdf.ln(4)
            pdf.set_font("DejaVu", "B", 13)
            pdf.multi_cell(0, 7, names_heading(pack), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 9)
            pdf.multi_cell(0, 5, ", ".join(pack.names), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(0, 4, footer_text(pack), new_x="LMARGIN", new_y="NEXT")
        return bytes(pdf.output())


def ran_text(pack: HandoverPack) -> str:
    opened = date_format(timezone.localtime(pack.opened), "DATE_FORMAT")
    if pack.closed is None:
        return _("Taking signatures since %(opened)s.") % {"opened": opened}
    closed = date_format(timezone.localtime(pack.closed), "DATE_FORMAT")
    return _("Took signatures from %(opened)s to %(closed)s.") % {
        "opened": opened,
        "closed": closed,
    }


def total_text(pack: HandoverPack) -> str:
    return _("Signatures: %(total)s") % {"total": number_format(pack.total, force_grouping=True)}


def offline_text(pack: HandoverPack) -> str:
    return _("%(online)s confirmed online, %(offline)s collected on paper.") % {
        "online": number_format(pack.online, force_grouping=True),
        "offline": number_format(pack.offline, force_grouping=True),
    }


def countries_note() -> str:
    return _(
        "Countries with fewer than 5 signatures are counted together, so that no one stands out."
    )


def names_heading(pack: HandoverPack) -> str:
    return _("Signers who chose to show their name (%(n)s)") % {
        "n": number_format(len(pack.names), force_grouping=True)
    }


def footer_text(pack: HandoverPack) -> str:
    return _(
        "Every online signature was confirmed from the signer's own email address. Prepared by "
        "%(organisation)s on %(date)s."
    ) % {
        "organisation": settings.ORGANISATION_NAME,
        "date": date_format(timezone.localtime(pack.generated_at), "DATE_FORMAT"),
    }
