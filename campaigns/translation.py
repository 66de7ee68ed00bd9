"""Campaign text in every language of LANGUAGES, English as the fallback."""

from modeltranslation.translator import TranslationOptions, register

from campaigns.models import Campaign, CampaignUpdate


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "target", "summary", "appeal", "share_text", "response", "outcome")
    required_languages = ("en",)


@register(CampaignUpdate)
class CampaignUpdateTranslation(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("en",)


# History after the translations, so each language's column is kept. Signatures have no
# history: a historical table would keep copies of signers' emails and IP hashes.
import simple_history  # noqa: E402

from core.history import ChangesOnly  # noqa: E402

simple_history.register(Campaign, records_class=ChangesOnly, m2m_fields=["sources"])
simple_history.register(CampaignUpdate, records_class=ChangesOnly)
