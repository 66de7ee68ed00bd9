"""Fields written in every language of LANGUAGES; English is the fallback. See modeltranslation.

The history of every model here is registered after its translations (django-simple-history's
advice for modeltranslation), so that each language's column is kept in the history too."""

from modeltranslation.translator import TranslationOptions, register

from prisoners.models import (
    CriminalArticle,
    Event,
    LetterGuidance,
    LetterPhrase,
    Methodology,
    Person,
    PlaceOfDetention,
    Quote,
    Recognition,
    StatusChange,
    Verdict,
)


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = (
        "name",
        "occupation",
        "charge",
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


@register(CriminalArticle)
class CriminalArticleTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("en",)


@register(Verdict)
class VerdictTranslation(TranslationOptions):
    fields = ("court", "judge", "prosecutor", "term")


@register(StatusChange)
class StatusChangeTranslation(TranslationOptions):
    fields = ("note",)


@register(Recognition)
class RecognitionTranslation(TranslationOptions):
    fields = ("organisation",)
    required_languages = ("en",)


@register(PlaceOfDetention)
class PlaceTranslation(TranslationOptions):
    fields = ("name", "region")
    required_languages = ("en",)


@register(Methodology)
class MethodologyTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en",)


@register(LetterGuidance)
class LetterGuidanceTranslation(TranslationOptions):
    fields = ("body",)
    required_languages = ("en",)


@register(LetterPhrase)
class LetterPhraseTranslation(TranslationOptions):
    fields = ("meaning",)
    required_languages = ("en",)


# After the translations, so each language's column is in the history too.
import prisoners.history  # noqa: E402, F401
