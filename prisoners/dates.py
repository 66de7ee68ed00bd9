"""Dates known only as precisely as a source gives them: a day, a month, a year, or not at all."""

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")
    UNKNOWN = "unknown", _("Not known")


def precision_field(label) -> models.CharField:
    """The precision that goes with a date field: how much of the date the source gives."""
    return models.CharField(
        label, max_length=10, choices=Precision.choices, default=Precision.UNKNOWN
    )


@dataclass(frozen=True)
class FuzzyDate:
    value: datetime.date | None
    precision: str

    @property
    def is_known(self) -> bool:
        return self.value is not None and self.precision != Precision.UNKNOWN

    def iso(self) -> str | None:
        """ISO 8601 cut to the precision: 2020, 2020-05 or 2020-05-29."""
        if not self.is_known:
            return None
        return {
            Precision.YEAR: f"{self.value.year:04d}",
            Precision.MONTH: f"{self.value.year:04d}-{self.value.month:02d}",
        }.get(self.precision, self.value.isoformat())

    def __str__(self) -> str:
        if not self.is_known:
            return str(_("date not given in the source"))
        if self.precision == Precision.YEAR:
            return str(self.value.year)
        if self.precision == Precision.MONTH:
            return date_format(self.value, "YEAR_MONTH_FORMAT")
        return date_format(self.value, "DATE_FORMAT")


def normalise(value: datetime.date | None, precision: str) -> tuple[datetime.date | None, str]:
    """Store the first day of the month or year, and no date when the precision is unknown."""
    if value is None or precision == Precision.UNKNOWN:
        return None, Precision.UNKNOWN
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1), precision
    if precision == Precision.MONTH:
        return value.replace(day=1), precision
    return value, precision
