from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataAccessAction(models.TextChoices):
    LIST = "list", _("viewed a list")
    VIEW = "view", _("viewed one record")
    EXPORT = "export", _("downloaded")


class PersonalDataAccess(models.Model):
    """One time a member of staff saw or downloaded personal data: who, when, which
    (the kind of record and the group it belongs to, such as a campaign) and how many
    rows. Written by core.access_log, read by superusers in the admin, never changed.
    It names no person whose data was seen."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    # Kept if the account is deleted.
    username = models.CharField(_("username"), max_length=150)
    action = models.CharField(_("action"), max_length=10, choices=DataAccessAction.choices)
    data = models.CharField(_("data"), max_length=100)
    scope = models.CharField(_("of"), max_length=300)
    rows = models.PositiveIntegerField(_("rows"))
    path = models.CharField(_("page"), max_length=500)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")

    def __str__(self) -> str:
        return f"{self.username} {self.get_action_display()} {self.data} ({self.scope})"


class CountedActQuerySet(models.QuerySet):
    """The reads every anonymous count of an action shares (core.actions)."""

    def sent_since(self, day):
        return self.filter(sent_on__gte=day)

    def count_by(self, field_name: str) -> dict:
        """{the field's value: acts}. One GROUP BY."""
        rows = self.order_by().values(field_name).annotate(count=models.Count("pk"))
        return {row[field_name]: row["count"] for row in rows}


class CountedAct(models.Model):
    """An act a visitor told us of with one press (a letter posted, an email sent): what
    it was for (the subclass's fields) and the day, nothing about the visitor. The day
    only, in the site's time zone: a time of day could be matched with a log."""

    sent_on = models.DateField(_("sent on"), default=timezone.localdate, editable=False)

    objects = CountedActQuerySet.as_manager()

    class Meta:
        abstract = True
