"""A month in a URL, written YYYY-MM (/en/reports/2021-05/)."""

import datetime

from django.urls import register_converter


class MonthConverter:
    """YYYY-MM as the first day of that month; a month that does not exist (2021-13,
    0000-01) does not match, so its URL is a 404, never a 500."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> datetime.date:
        year, month = value.split("-")
        # A ValueError here makes Django try the next pattern, and then answer 404.
        return datetime.date(int(year), int(month), 1)

    def to_url(self, value: datetime.date) -> str:
        return f"{value.year:04d}-{value.month:02d}"


register_converter(MonthConverter, "month")
