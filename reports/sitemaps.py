import datetime

from django.urls import reverse

from core.sitemaps import LocalisedSitemap
from reports.months import first_day, report_index


class ReportSitemap(LocalisedSitemap):
    """The archive and the months it lists."""

    changefreq = "daily"

    def items(self) -> list[datetime.date | None]:
        return [None, *(first_day(month) for month in report_index().listed)]

    def location(self, month: datetime.date | None) -> str:
        if month is None:
            return reverse("reports:archive")
        return reverse("reports:month", kwargs={"month": month})


SITEMAPS = {"reports": ReportSitemap}
