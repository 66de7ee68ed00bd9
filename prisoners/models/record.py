"""The legal record of a case: the articles of the criminal code, the verdicts, the status
history (and the status it implies) and the recognition as a political prisoner. Every
entry is dated as precisely as its source gives it and cites at least one source (a
required field in every form)."""

import datetime

from django.db import models
from django.db.models import Case, F, Max, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from core.countries import CountryField
from prisoners.dates import FuzzyDate, Precision, normalise, precision_field
from prisoners.models.sources import Source


class PersonPartManager(models.Manager):
    """Timeline events and quotes are known by their person and their position."""

    def get_by_natural_key(self, person_slug: str, position: int):
        return self.get(person__slug=person_slug, position=position)


class Status(models.TextChoices):
    """Where a person stands now: derived from their status history (StatusChange),
    never typed by hand."""

    DETAINED = "detained", _("Detained, awaiting trial")
    SENTENCED = "sentenced", _("Sentenced, in prison")
    RELEASED = "released", _("Released")
    RELEASED_EXILED = "released_exiled", _("Released and forcibly exiled")
    DECEASED = "deceased", _("Died in custody")
    UNKNOWN = "unknown", _("Status not known")


# Statuses in which a person is still held, so time in detention runs until today.
HELD = {Status.DETAINED, Status.SENTENCED}


class CriminalArticleQuerySet(models.QuerySet):
    def by_key(self) -> dict[tuple[str, str, str], "CriminalArticle"]:
        """Every article under (country, code, label) for each way an import file may
        write its label ("342-1", "342.1", "342 part 1"; code and label casefolded), for
        matching a whole file against the vocabulary in one query. A label as an article
        reads (its short label) wins over another's other way of writing it."""
        keys = {}
        articles = list(self)
        for article in articles:
            for label in article.labels():
                keys[article.key(label)] = article
        for article in articles:
            keys[article.key(article.short_label)] = article
        return keys


class CriminalArticleManager(models.Manager.from_queryset(CriminalArticleQuerySet)):
    def get_by_natural_key(self, country: str, code: str, article: str, part: str):
        return self.get(country=country, code=code, article=article, part=part)


class CriminalArticle(models.Model):
    """An article (and part) of a country's criminal code: a vocabulary all cases share."""

    country = CountryField(_("country"))
    code = models.CharField(
        _("code"), max_length=50, default="CC", help_text=_("e.g. CC for the Criminal Code.")
    )
    article = models.CharField(_("article"), max_length=20, help_text=_("e.g. 342"))
    part = models.CharField(_("part"), max_length=20, blank=True, help_text=_("e.g. 1"))
    title = models.CharField(_("title"), max_length=300)

    objects = CriminalArticleManager()

    class Meta:
        ordering = ["country", "code", "article", "part"]
        constraints = [
            # One country's code has one article a label ("342-1"), however it is split
            # into article and part: an import finds it by country, code and label.
            models.UniqueConstraint(
                F("country"),
                F("code"),
                Case(
                    When(part="", then=F("article")),
                    default=Concat(F("article"), Value("-"), F("part")),
                    output_field=models.CharField(),
                ),
                name="criminal_article_label_unique",
                violation_error_message=_(
                    "This country's code already has an article that reads the same "
                    "(article and part)."
                ),
            )
        ]
        verbose_name = _("criminal-code article")
        verbose_name_plural = _("criminal-code articles")

    def __str__(self) -> str:
        return f"{self.short_label} — {self.title}"

    def natural_key(self) -> tuple:
        return (self.country.code, self.code, self.article, self.part)

    @property
    def short_label(self) -> str:
        """342-1, as prisoner databases write it."""
        return f"{self.article}-{self.part}" if self.part else self.article

    def labels(self) -> list[str]:
        if not self.part:
            return [self.article]
        return [f"{self.article}{sep}{self.part}" for sep in ("-", ".", " part ", ":")]

    def key(self, label: str) -> tuple[str, str, str]:
        """How an import looks the article up: its country, its code and a label."""
        return article_key(self.country.code, self.code, label)


def article_key(country: str, code: str, label: str) -> tuple[str, str, str]:
    return country.upper(), code.casefold(), " ".join(label.casefold().split())


class ArticleStage(models.TextChoices):
    CHARGED = "charged", _("As charged")
    CONVICTED = "convicted", _("As convicted")


class RecordPart(models.Model):
    """What every entry of a person's record has: the person, a place in the order of the
    record, and its sources."""

    person = models.ForeignKey(
        "prisoners.Person", on_delete=models.CASCADE, verbose_name=_("person")
    )
    position = models.PositiveSmallIntegerField(
        _("position"),
        default=0,
        help_text=_("Order in the record; left at 0, the entry goes after the others."),
    )

    objects = PersonPartManager()

    class Meta:
        abstract = True
        ordering = ["person_id", "position", "pk"]

    def save(self, *args, **kwargs):
        if not self.position and self.person_id:
            last = type(self).objects.filter(person_id=self.person_id).aggregate(n=Max("position"))
            self.position = (last["n"] or 0) + 1
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple:
        return (*self.person.natural_key(), self.position)

    natural_key.dependencies = ["prisoners.person"]


class CaseArticle(RecordPart):
    article = models.ForeignKey(
        CriminalArticle, on_delete=models.PROTECT, verbose_name=_("article")
    )
    stage = models.CharField(
        _("stage"), max_length=10, choices=ArticleStage.choices, default=ArticleStage.CHARGED
    )
    sources = models.ManyToManyField(Source, related_name="+", verbose_name=_("sources"))

    class Meta(RecordPart.Meta):
        default_related_name = "case_articles"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "article", "stage"], name="case_article_unique"
            )
        ]
        verbose_name = _("article of the case")
        verbose_name_plural = _("articles of the case")

    def __str__(self) -> str:
        return f"{self.article.short_label} ({self.get_stage_display()})"


class PenaltyKind(models.TextChoices):
    COLONY_GENERAL = "colony_general", _("Penal colony, general regime")
    COLONY_REINFORCED = "colony_reinforced", _("Penal colony, reinforced regime")
    COLONY_STRICT = "colony_strict", _("Penal colony, strict regime")
    COLONY_SPECIAL = "colony_special", _("Penal colony, special regime")
    PRISON = "prison", _("Prison")
    RESTRICTED_FREEDOM = "restricted_freedom", _("Restricted freedom")
    HOME_CONFINEMENT = "home_confinement", _("Restricted freedom at home")
    ARREST = "arrest", _("Arrest (short custody)")
    CORRECTIONAL_LABOUR = "correctional_labour", _("Correctional labour")
    FINE = "fine", _("Fine")
    SUSPENDED = "suspended", _("Suspended sentence")
    COMPULSORY_TREATMENT = "compulsory_treatment", _("Compulsory psychiatric treatment")
    OTHER = "other", _("Other")


class Verdict(RecordPart):
    """A court's verdict: who judged, who prosecuted, and the penalty as stated."""

    date = models.DateField(_("verdict date"), null=True, blank=True)
    date_precision = precision_field(_("precision of the verdict date"))
    court = models.CharField(_("court"), max_length=300, blank=True)
    judge = models.CharField(
        _("judge"), max_length=200, blank=True, help_text=_("A public official in their role.")
    )
    prosecutor = models.CharField(
        _("prosecutor"),
        max_length=200,
        blank=True,
        help_text=_("A public official in their role."),
    )
    penalty_kind = models.CharField(
        _("penalty"), max_length=30, choices=PenaltyKind.choices, blank=True
    )
    term = models.CharField(
        _("term as stated"), max_length=200, blank=True, help_text=_("e.g. 18 years")
    )
    term_months = models.PositiveIntegerField(
        _("term in months"),
        null=True,
        blank=True,
        help_text=_("For the filter by sentence length; empty when the term is not a time."),
    )
    sources = models.ManyToManyField(Source, related_name="+", verbose_name=_("sources"))

    class Meta(RecordPart.Meta):
        default_related_name = "verdicts"
        verbose_name = _("verdict")
        verbose_name_plural = _("verdicts")

    def __str__(self) -> str:
        return " · ".join(
            str(part) for part in (self.when, self.get_penalty_kind_display(), self.term) if part
        )

    def save(self, *args, **kwargs):
        self.date, self.date_precision = normalise(self.date, self.date_precision)
        super().save(*args, **kwargs)

    @property
    def when(self) -> FuzzyDate:
        return FuzzyDate(self.date, self.date_precision)


class StatusKind(models.TextChoices):
    ARRESTED = "arrested", _("Arrested")
    DETAINED = "detained", _("Held in pre-trial detention")
    SENTENCED = "sentenced", _("Sentenced")
    TRANSFERRED = "transferred", _("Transferred")
    RELEASED = "released", _("Released")
    DIED = "died", _("Died in custody")


class ReleaseKind(models.TextChoices):
    SERVED = "served", _("Served the sentence in full")
    PARDONED = "pardoned", _("Pardoned")
    EXILED = "exiled", _("Released and forcibly exiled")
    ACQUITTED = "acquitted", _("Acquitted or the case dropped")
    COMMUTED = "commuted", _("Sentence changed to one served at liberty")
    OTHER = "other", _("Other or not known")


# What each kind of change makes of the current status; a transfer changes nothing.
STATUS_AFTER = {
    StatusKind.ARRESTED: Status.DETAINED,
    StatusKind.DETAINED: Status.DETAINED,
    StatusKind.SENTENCED: Status.SENTENCED,
    StatusKind.RELEASED: Status.RELEASED,
    StatusKind.DIED: Status.DECEASED,
}
UNKNOWN_DATE = (None, Precision.UNKNOWN)


class StatusChange(RecordPart):
    """One dated, sourced change of a person's status: the person's current status is
    derived from these (Person.refresh_record), so it is never typed twice."""

    kind = models.CharField(_("change"), max_length=20, choices=StatusKind.choices)
    release_kind = models.CharField(
        _("how released"),
        max_length=20,
        choices=ReleaseKind.choices,
        blank=True,
        help_text=_("Only for a release."),
    )
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = precision_field(_("precision of the date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    sources = models.ManyToManyField(Source, related_name="+", verbose_name=_("sources"))

    class Meta(RecordPart.Meta):
        default_related_name = "status_changes"
        verbose_name = _("status change")
        verbose_name_plural = _("status history")

    def __str__(self) -> str:
        label = self.get_release_kind_display() if self.release_kind else self.get_kind_display()
        return f"{label} ({self.when})"

    def save(self, *args, **kwargs):
        self.date, self.date_precision = normalise(self.date, self.date_precision)
        if self.kind != StatusKind.RELEASED:
            self.release_kind = ""
        super().save(*args, **kwargs)
        self.person.refresh_record()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.person.refresh_record()
        return result

    @property
    def when(self) -> FuzzyDate:
        return FuzzyDate(self.date, self.date_precision)

    @property
    def label(self) -> str:
        return self.get_release_kind_display() if self.release_kind else self.get_kind_display()


def derived_status(
    changes: list[StatusChange],
) -> tuple[str, tuple[datetime.date | None, str], tuple[datetime.date | None, str]]:
    """(status, arrested, released) after these changes, in order: the status follows
    the last change that sets one; arrested is the first arrest or detention; released
    is the last release, while the person is still released."""
    status = Status.UNKNOWN
    arrested = released = UNKNOWN_DATE
    for change in changes:
        status = STATUS_AFTER.get(change.kind, status)
        if change.kind == StatusKind.RELEASED and change.release_kind == ReleaseKind.EXILED:
            status = Status.RELEASED_EXILED
        if change.kind in (StatusKind.ARRESTED, StatusKind.DETAINED) and arrested == UNKNOWN_DATE:
            arrested = (change.date, change.date_precision)
        if change.kind == StatusKind.RELEASED:
            released = (change.date, change.date_precision)
    if status not in (Status.RELEASED, Status.RELEASED_EXILED):
        released = UNKNOWN_DATE
    return status, arrested, released


class Recognition(RecordPart):
    """Who recognised the person as a political prisoner, and when."""

    organisation = models.CharField(
        _("recognised by"), max_length=200, help_text=_("e.g. the Viasna Human Rights Centre")
    )
    date = models.DateField(_("recognised on"), null=True, blank=True)
    date_precision = precision_field(_("precision of the date"))
    statement_url = models.URLField(_("statement (URL)"), max_length=500, blank=True)
    sources = models.ManyToManyField(Source, related_name="+", verbose_name=_("sources"))

    class Meta(RecordPart.Meta):
        default_related_name = "recognitions"
        verbose_name = _("recognition as a political prisoner")
        verbose_name_plural = _("recognitions as a political prisoner")

    def __str__(self) -> str:
        return self.organisation

    def save(self, *args, **kwargs):
        self.date, self.date_precision = normalise(self.date, self.date_precision)
        super().save(*args, **kwargs)

    @property
    def when(self) -> FuzzyDate:
        return FuzzyDate(self.date, self.date_precision)
