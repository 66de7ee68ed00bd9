"""Fields written per language (en, be, ru); English is the fallback. See modeltranslation."""

from modeltranslation.translator import TranslationOptions, register

from prisoners.models import Event, Person, Quote


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = (
        "name",
        "occupation",
        "sentence",
        "charge",
        "place_of_detention",
        "conditions",
        "photo_alt",
        "summary",
        "story",
        "letter_language",
    )
    required_languages = ("en",)


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)


@register(Quote)
class QuoteTranslation(TranslationOptions):
    fields = ("text", "context")
    required_languages = ("en",)
