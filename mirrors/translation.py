"""A mirror's note in every language of LANGUAGES, English as the fallback."""

from modeltranslation.translator import TranslationOptions, register

from mirrors.models import Mirror


@register(Mirror)
class MirrorTranslation(TranslationOptions):
    fields = ("note",)


# History after the translations, so each language's column is kept.
import simple_history  # noqa: E402

from core.history import ChangesOnly  # noqa: E402

simple_history.register(Mirror, records_class=ChangesOnly)
