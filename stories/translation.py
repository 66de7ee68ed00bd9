"""Story text in every language of LANGUAGES, English as the fallback."""

from modeltranslation.translator import TranslationOptions, register

from stories.models import Story


@register(Story)
class StoryTranslation(TranslationOptions):
    fields = ("title", "standfirst", "body")
    required_languages = ("en",)


# History after the translations, so each language's column is kept.
import simple_history  # noqa: E402

from core.history import ChangesOnly  # noqa: E402

simple_history.register(Story, records_class=ChangesOnly)
