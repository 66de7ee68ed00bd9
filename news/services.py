"""Writing news: one function, used by the services of prisoners, stories and campaigns."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from modeltranslation.utils import build_localized_fieldname

from news.models import News, NewsAbout


def languages_written(obj: models.Model, fields: Iterable[str]) -> list[str]:
    """The site's languages in which `obj` has its own words: none of `fields` written
    in English is empty in that language."""
    fields = list(fields)

    def written(language: str) -> bool:
        for field in fields:
            english = getattr(obj, build_localized_fieldname(field, settings.LANGUAGE_CODE))
            if english and not getattr(obj, build_localized_fieldname(field, language)):
                return False
        return True

    return [code for code, _name in settings.LANGUAGES if written(code)]


@transaction.atomic
def news_write(
    *,
    kind: str,
    subject: models.Model,
    about: Iterable[models.Model],
    languages: list[str],
    topic: str,
    user=None,
) -> News:
    """Write a piece of news (what happened, about whom, in which languages), once per
    topic: writing the same topic again returns the first row, unchanged."""
    existing = News.objects.filter(topic=topic).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            news = News.objects.create(
                kind=kind,
                subject_type=ContentType.objects.get_for_model(subject),
                subject_id=subject.pk,
                languages=list(languages),
                topic=topic,
                created_by=user if user is not None and user.is_authenticated else None,
            )
    except IntegrityError:  # the same news, written at the same moment elsewhere
        return News.objects.get(topic=topic)
    NewsAbout.objects.bulk_create(
        NewsAbout(
            news=news,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )
        for obj in dict.fromkeys(about)
    )
    return news
