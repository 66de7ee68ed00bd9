"""Officials' names and the model letters per language, English as the fallback."""

from modeltranslation.translator import TranslationOptions, register

from officials.models import Official, OfficialLetter


@register(Official)
class OfficialTranslation(TranslationOptions):
    fields = ("name", "position")
    required_languages = ("en",)


@register(OfficialLetter)
class OfficialLetterTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("en",)
