"""Letters to prisoners: how to write them, as staff wrote it in each language, and how
many visitors said they sent one.

A counted letter keeps the person and the day, nothing about the visitor: not a name, an
address, an IP hash, nor the time of day (the rate limit that counts a visitor once is
kept in the cache, under a keyed hash, and expires; core.rate_limits)."""

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.fields import TextField
from core.markdown import render_markdown
from core.models import CountedAct, CountedActQuerySet


class LetterQuerySet(CountedActQuerySet):
    def counts_by_person_and_month(self, person_fields: list[str]) -> list[dict]:
        """A row for each person and month with a letter: those fields of the person
        ("person__slug", …), "month" (its first day) and "count". One GROUP BY."""
        return list(
            self.order_by()
            .annotate(month=TruncMonth("sent_on"))
            .values("person_id", *person_fields, "month")
            .annotate(count=Count("pk"))
            .order_by("person_id", "month")
        )

    def count_by_person(self, person_field: str = "person_id") -> dict:
        """{the person's field (its id, or e.g. "person__slug"): letters}. One GROUP BY."""
        return self.count_by(person_field)


class Letter(CountedAct):
    """A letter a visitor said they sent, by pressing "I sent a letter" once."""

    person = models.ForeignKey(
        "prisoners.Person",
        on_delete=models.CASCADE,
        related_name="letters",
        verbose_name=_("person"),
    )
    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["person", "sent_on"], name="letter_person_day")]
        verbose_name = _("letter sent")
        verbose_name_plural = _("letters sent")

    def __str__(self) -> str:
        return f"{self.person} ({self.sent_on})"


class LetterGuidance(models.Model):
    """How to write so that a letter reaches the person and endangers nobody: one text,
    written by staff in each language, and the opening phrases below it (LetterPhrase).
    A data migration gives the first version; without a row, the pages fall back to the
    short advice of templates/prisoners/letter_advice.html."""

    body = TextField(_("how to write"), help_text=_("Markdown."))
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("guidance for letters")
        verbose_name_plural = _("guidance for letters")

    def __str__(self) -> str:
        return str(_("How to write to a prisoner"))

    def save(self, *args, **kwargs):
        self.pk = 1  # one text
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("prisoners:letters") + "#how-to-write"

    @property
    def body_html(self):
        return render_markdown(self.body)

    def letter_languages(self) -> list[tuple[str, str]]:
        """The columns of its phrases: (code, name in the visitor's language) of each
        language a prison's censor lets letters through in (settings.LETTER_LANGUAGES:
        content, not the site's languages)."""
        return [
            (code, get_language_info(code)["name_translated"]) for code in settings.LETTER_LANGUAGES
        ]


class LetterPhrase(models.Model):
    """A neutral opening phrase, written in each language letters pass the censor in
    (settings.LETTER_LANGUAGES), with what it means in the visitor's language. The texts
    are one JSON object by language code, so that a language of letters is a setting, not
    a column."""

    guidance = models.ForeignKey(
        LetterGuidance,
        on_delete=models.CASCADE,
        related_name="phrases",
        verbose_name=_("guidance for letters"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    texts = models.JSONField(
        _("the phrase in each language of letters"),
        default=dict,
        help_text=_("By language code."),
    )
    meaning = models.CharField(
        _("meaning"), max_length=300, help_text=_("What the phrase says, in this language.")
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("opening phrase")
        verbose_name_plural = _("opening phrases")

    def __str__(self) -> str:
        return next((text for _code, text in self.in_letter_languages() if text), "")

    def in_letter_languages(self) -> list[tuple[str, str]]:
        """(code, the phrase in that language) for each language of letters, in order."""
        return [(code, self.texts.get(code, "")) for code in settings.LETTER_LANGUAGES]
