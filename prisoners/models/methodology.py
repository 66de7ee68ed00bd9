"""The criteria by which the site lists a person as a political prisoner: one page, written
by staff in each language."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import TextField
from core.markdown import render_markdown


class Methodology(models.Model):
    title = models.CharField(_("title"), max_length=200)
    body = TextField(_("text"), help_text=_("Markdown."))
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("methodology")
        verbose_name_plural = _("methodology")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.pk = 1  # one page
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("prisoners:methodology")

    @property
    def body_html(self):
        return render_markdown(self.body)
