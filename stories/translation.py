"""Story text per language (en, be, ru), English as the fallback."""

from modeltranslation.translator import TranslationOptions, register

from stories.models import Story


@register(Story)
class StoryTranslation(TranslationOptions):
    fields = ("title", "standfirst", "body")
    required_languages = ("en",)
