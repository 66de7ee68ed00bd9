"""Managers any app's models may use."""

from django.db import models


class SlugManager(models.Manager):
    """Fixtures refer to rows by slug, so loading them twice updates instead of duplicating."""

    def get_by_natural_key(self, slug: str):
        return self.get(slug=slug)
