"""One supporter per mailbox, however many ways it asked; what it follows; and the way
out, which forgets the address once it follows nothing. Addresses are synthetic."""

import pytest

from audience import services
from audience.models import Subscription, Supporter
from tests.factories import make_campaign, make_confirmed, make_follower, make_person

pytestmark = pytest.mark.django_db


def test_every_way_in_of_one_mailbox_is_one_supporter(campaign, ales):
    services.subscribe(email="anna@example.org", language="en", target=campaign, confirmed=True)
    services.subscribe(email="Anna+x@Example.org", language="ru", target=ales)
    supporter = Supporter.objects.get()
    assert supporter.email == "anna@example.org"  # the first spelling, kept
    assert supporter.language == "ru"  # the language asked in last
    assert supporter.subscriptions.count() == 2
    again, created = services.subscribe(email="anna@example.org", language="ru", target=ales)
    assert not created and Subscription.objects.count() == 2


def test_interested_in_is_each_confirmed_supporter_once(campaign, ales):
    other = make_person()
    both = make_follower(ales, email="both@example.org")
    make_follower(other, email="both@example.org")
    services.subscribe(email="both@example.org", language="en", target=campaign, confirmed=True)
    make_follower(ales, email="pending@example.org", confirmed=False)
    make_follower(other, email="other@example.org")
    found = Supporter.objects.interested_in([ales, other, campaign])
    assert sorted(s.email for s in found) == ["both@example.org", "other@example.org"]
    assert list(Supporter.objects.interested_in([ales])) == [both.supporter]
    assert list(Supporter.objects.interested_in(type(ales).objects.filter(pk=ales.pk))) == [
        both.supporter
    ]
    assert not Supporter.objects.interested_in([]).exists()


def test_a_confirmation_confirms_the_mailbox_once(ales):
    follow = make_follower(ales, confirmed=False)
    assert not follow.supporter.is_confirmed
    assert services.confirm(subscription=follow) is True
    assert services.confirm(subscription=follow) is False
    follow.supporter.refresh_from_db()
    assert follow.supporter.is_confirmed


def test_stopping_the_last_subscription_forgets_the_address(campaign, ales):
    follow = make_follower(ales, email="anna@example.org")
    services.subscribe(email="anna@example.org", language="en", target=campaign, confirmed=True)
    assert services.unsubscribe(subscription=follow) is False  # still follows the campaign
    assert Supporter.objects.for_address("anna@example.org").exists()
    digest = Supporter.objects.get().email_digest
    assert services.unsubscribe_address(email_digest=digest, target=campaign) is True
    assert not Supporter.objects.exists() and not Subscription.objects.exists()


def test_forget_erases_the_supporter_and_what_they_follow(ales):
    follow = make_follower(ales)
    services.forget(supporter=follow.supporter)
    assert not Supporter.objects.exists() and not Subscription.objects.exists()


def test_a_signature_that_asked_for_updates_subscribes_when_confirmed(campaign):
    quiet = make_confirmed(campaign, email="quiet@example.org", wants_updates=False)
    asked = make_confirmed(campaign, email="asked@example.org", wants_updates=True, language="be")
    (supporter,) = Supporter.objects.interested_in([campaign])
    assert (supporter.email, supporter.language) == (asked.email, "be")
    assert not Supporter.objects.for_address(quiet.email).exists()


def test_withdrawing_the_signature_ends_its_subscription_only(campaign, ales):
    from campaigns.services import signature_withdraw

    other = make_campaign(title="Free Ihar Losik")
    signature = make_confirmed(campaign, email="anna@example.org", wants_updates=True)
    make_confirmed(other, email="anna@example.org", wants_updates=True)
    signature_withdraw(signature_id=signature.pk)
    assert not Supporter.objects.interested_in([campaign]).exists()
    assert Supporter.objects.interested_in([other]).count() == 1


def test_follows_of_a_deleted_profile_go_with_the_address_they_leave(campaign, ales):
    only_ales = make_follower(ales, email="only@example.org")
    make_follower(ales, email="both@example.org")
    services.subscribe(email="both@example.org", language="en", target=campaign, confirmed=True)
    ales.delete()
    assert services.purge_orphaned() == 2
    assert not Supporter.objects.filter(pk=only_ales.supporter_id).exists()
    (left,) = Subscription.objects.all()
    assert left.target == campaign


def test_the_public_role_subscribes_a_sealed_address_by_the_digest_it_is_given(
    campaign, ales, settings
):
    """A signature confirmed through the public host subscribes its address with the
    digest the office's intake stored: no key is needed, the address is stored sealed."""
    from core.email_addresses import digest
    from core.encryption import Sealed
    from core.sealing import seal

    known = make_follower(ales, email="anna@example.org")
    office_keys = (settings.SUPPORTER_PRIVATE_KEYS, settings.SIGNER_DIGEST_KEY)
    stored_digest, other_digest = digest("Anna+x@example.org"), digest("ivan@example.org")
    settings.SUPPORTER_PRIVATE_KEYS, settings.SIGNER_DIGEST_KEY = [], ""
    settings.SITE_ROLE = "public"

    sealed = Sealed(seal("anna@example.org"))
    subscription, created = services.subscribe(
        email=sealed, language="en", target=campaign, confirmed=True, email_digest=stored_digest
    )
    assert created and subscription.supporter_id == known.supporter_id  # one mailbox
    # The lead's flow: the address read from the owner's box, in the clear, sealed as it
    # is written; the digest as given, none computed.
    new, created = services.subscribe(
        email="ivan@example.org", language="ru", target=campaign,
        confirmed=True, email_digest=other_digest,
    )  # fmt: skip
    assert created and isinstance(Supporter.objects.get(pk=new.supporter_id).email, Sealed)

    settings.SUPPORTER_PRIVATE_KEYS, settings.SIGNER_DIGEST_KEY = office_keys
    ivan = Supporter.objects.get(pk=new.supporter_id)
    assert (ivan.email, ivan.email_digest) == ("ivan@example.org", other_digest)
    assert ivan.is_confirmed
