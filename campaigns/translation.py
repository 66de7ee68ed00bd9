"""Campaign text per language (en, be, ru), English as the fallback."""

from modeltranslation.translator import TranslationOptions, register

from campaigns.models import Campaign


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "target", "summary", "appeal", "share_text")
    required_languages = ("en",)
