"""The PDFs the site draws (the handover pack of an appeal, the monthly report): fpdf2
(pure Python, from PyPI alone) in DejaVu Sans, vendored under static/fonts/ with its
licence, for the Cyrillic of the Belarusian and Russian texts. One setup for all of them,
so that every PDF has the same fonts, page and metadata."""

import datetime
from pathlib import Path

from django.conf import settings
from fpdf import FPDF

FONTS = Path(settings.BASE_DIR) / "static" / "fonts" / "dejavu"
FONT = "DejaVu"
STYLES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}


def new_document(*, title: str, language: str, created: datetime.datetime | None = None) -> FPDF:
    """An A4 document with the DejaVu fonts, its title, author (ORGANISATION_NAME) and
    language set, on its first page. `created` is its creation date; give one that
    depends only on the content (not the time of drawing) when the same data must give
    the same bytes, as the static copy needs."""
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_author(settings.ORGANISATION_NAME)
    pdf.set_lang(language)
    if created is not None:
        pdf.set_creation_date(created)
    for style, file in STYLES.items():
        pdf.add_font(FONT, style, str(FONTS / file))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    return pdf


def write_line(pdf: FPDF, text: str, *, size: float = 11, style: str = "", height=None) -> None:
    """A paragraph across the page, in the site's font."""
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, height or size * 0.55, text, new_x="LMARGIN", new_y="NEXT")
