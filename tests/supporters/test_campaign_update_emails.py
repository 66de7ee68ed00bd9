"""An update staff send reaches each confirmed signer who asked for news, once, in the
language they signed in, through a real SMTP server, with a working one-click
unsubscribe."""

import pytest

from campaigns.models import CampaignUpdate
from supporters import services
from supporters.models import Delivery, DeliveryStatus, MailingStatus
from tests.factories import make_confirmed, make_signature

pytestmark = pytest.mark.django_db


def make_update(campaign, **fields) -> CampaignUpdate:
    defaults = {
        "title_en": "The appeal was handed over",
        "body_en": "We handed **1,200 signatures** to the prosecutor's office.",
        "title_ru": "Обращение передано",
        "body_ru": "Мы передали подписи в прокуратуру.",
        "title_be": "Зварот перададзены",
        "body_be": "Мы перадалі подпісы ў пракуратуру.",
    }
    return CampaignUpdate.objects.create(campaign=campaign, **(defaults | fields))


def test_each_signer_who_asked_gets_the_update_once_in_their_language(
    campaign, smtp_server, django_capture_on_commit_callbacks
):
    make_confirmed(campaign, email="anna@example.org", wants_updates=True, language="en")
    make_confirmed(campaign, email="ivan@example.org", wants_updates=True, language="ru")
    make_confirmed(campaign, email="ales@example.org", wants_updates=True, language="be")
    make_confirmed(campaign, email="quiet@example.org", wants_updates=False)
    make_signature(campaign, email="unconfirmed@example.org", wants_updates=True)

    with django_capture_on_commit_callbacks(execute=True):
        mailing = services.campaign_update_send(update=make_update(campaign))

    (en,) = smtp_server.to("anna@example.org")
    (ru,) = smtp_server.to("ivan@example.org")
    (be,) = smtp_server.to("ales@example.org")
    assert len(smtp_server.messages) == 3
    assert en["Subject"] == "The appeal was handed over — Free Maria Kalesnikava"
    assert "We handed **1,200 signatures**" in en.get_content()
    assert ru["Subject"].startswith("Обращение передано")
    assert ru["Content-Language"] == "ru"
    assert "Мы передали подписи" in ru.get_content()
    assert be["Content-Language"] == "be"
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DONE
    assert mailing.sent_count == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
