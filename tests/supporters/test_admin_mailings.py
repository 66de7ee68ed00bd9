"""Staff send from the admin: the email in each language and the number of recipients
before anything goes out, a test to themselves, then the mailing, whose progress they
follow and can pause. Who may do what follows the staff groups; no page here shows a
signer's or follower's address."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from campaigns.models import CampaignStatus
from supporters.models import Mailing, MailingStatus
from tests.factories import (
    make_confirmed,
    make_follower,
    make_person,
    make_source,
    make_update,
    make_update_news,
)
from tests.html import find_all, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def signers(campaign):
    return [
        make_confirmed(
            campaign,
            email=f"signer{n}@example.org",
            wants_updates=True,
            language=["en", "ru", "be"][n % 3],
        )  # fmt: skip
        for n in range(3)
    ] + [make_confirmed(campaign, email="quiet@example.org")]


def member_of(user_model, group: str, username: str):
    user = user_model.objects.create_user(
        username, f"{username}@staff.example.org", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def email_url(update) -> str:
    return reverse("admin:supporters_mailing_update", args=[update.pk])


def test_the_page_shows_the_email_in_each_language_and_how_many_get_it(
    admin_client, campaign, signers
):
    update = make_update(campaign)
    page = admin_client.get(email_url(update)).content.decode()
    assert "3 signers of “Free Maria Kalesnikava” asked for its news" in page
    assert "The appeal was handed over — Free Maria Kalesnikava" in page
    assert "Обращение передано" in page
    assert "Зварот перададзены" in page
    assert "@example.org" not in page
    assert find_all(page, "input", name="send")


def test_a_test_goes_to_the_staff_members_own_address_only(
    client, campaign, signers, smtp_server, django_user_model
):
    manager = member_of(django_user_model, "Campaign managers", "manager")
    client.force_login(manager)
    update = make_update(campaign)
    response = client.post(email_url(update), {"test": "1", "language": "ru"})
    assert response.status_code == 302
    (message,) = smtp_server.messages
    assert smtp_server.to("manager@staff.example.org") == [message]
    assert message["Subject"].startswith("[")
    assert "Обращение передано" in message["Subject"]
    assert not Mailing.objects.exists()
    update.refresh_from_db()
    assert not update.is_published


def test_sending_publishes_the_update_and_shows_its_progress(
    client, campaign, signers, smtp_server, django_user_model, django_capture_on_commit_callbacks
):
    manager = member_of(django_user_model, "Campaign managers", "manager")
    client.force_login(manager)
    update = make_update(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(email_url(update), {"send": "1"})
    mailing = Mailing.objects.get()
    assert response["Location"] == reverse("admin:supporters_mailing_change", args=[mailing.pk])
    assert len(smtp_server.messages) == 3
    update.refresh_from_db()
    assert update.is_published
    page = client.get(response["Location"]).content.decode()
    (bar,) = find_all(page, "progress")
    assert (bar.attrs["max"], bar.attrs["value"]) == ("3", "3")
    assert "3 of 3 sent, 0 failed" in page
    assert "style=" not in page.split('id="content-main"')[1]
    # Pressing send again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(email_url(update), {"send": "1"})
    assert len(smtp_server.messages) == 3


def test_an_editor_writes_and_tests_an_update_but_cannot_send_it(
    client, campaign, signers, smtp_server, django_user_model
):
    editor = member_of(django_user_model, "Editors", "editor")
    client.force_login(editor)
    update = make_update(campaign)
    page = client.get(email_url(update))
    assert page.status_code == 200
    assert not find_all(page.content, "input", name="send")
    assert client.post(email_url(update), {"send": "1"}).status_code == 403
    assert not Mailing.objects.exists()
    assert client.post(email_url(update), {"test": "1", "language": "en"}).status_code == 302
    assert len(smtp_server.messages) == 1


def test_the_page_preview_shows_the_update_as_the_campaign_page_will(admin_client, campaign):
    update = make_update(campaign)
    response = admin_client.get(reverse("admin:campaigns_campaignupdate_preview",
                                        args=[update.pk]))  # fmt: skip
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "<strong>1,200 signatures</strong>" in response.content.decode()


def test_a_mailing_can_be_paused_and_resumed(
    client, campaign, signers, django_user_model, django_capture_on_commit_callbacks
):
    manager = member_of(django_user_model, "Campaign managers", "manager")
    client.force_login(manager)
    news = make_update_news(make_update(campaign))
    mailing = Mailing.objects.create(news=news, subject="S", recipients=3)
    pause = reverse("admin:supporters_mailing_pause", args=[mailing.pk])
    resume = reverse("admin:supporters_mailing_resume", args=[mailing.pk])
    assert client.get(pause).status_code == 403  # a POST only
    client.post(pause)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.PAUSED
    page = client.get(reverse("admin:supporters_mailing_change", args=[mailing.pk]))
    assert find_all(page.content, "form", action=resume)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(resume)
    mailing.refresh_from_db()
    assert mailing.status in (MailingStatus.SENDING, MailingStatus.DONE)


def test_the_response_and_the_outcome_are_announced_once_each(
    client, campaign, signers, smtp_server, django_user_model, django_capture_on_commit_callbacks
):
    manager = member_of(django_user_model, "Campaign managers", "manager")
    client.force_login(manager)
    url = reverse("admin:supporters_mailing_announce", args=[campaign.pk, "response"])
    assert "Record the response first" in client.get(url).content.decode()
    assert client.post(url, {"send": "1"}).status_code == 403

    campaign.response_en = "The prosecutor's office found no grounds to act."
    campaign.response_ru = "Прокуратура не нашла оснований."
    campaign.response_source = make_source(title="Letter of the prosecutor's office")
    campaign.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"send": "1"})
    assert len(smtp_server.messages) == 3
    assert "no grounds to act" in smtp_server.to("signer0@example.org")[0].get_content()
    assert "Прокуратура не нашла" in smtp_server.to("signer1@example.org")[0].get_content()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"send": "1"})
    assert len(smtp_server.messages) == 3

    campaign.status = CampaignStatus.WON
    campaign.save()
    outcome = reverse("admin:supporters_mailing_announce", args=[campaign.pk, "outcome"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(outcome, {"send": "1"})
    won = smtp_server.to("signer0@example.org")[-1]
    assert won["Subject"] == "The appeal has succeeded: “Free Maria Kalesnikava”"


def test_no_admin_page_shows_a_followers_address(admin_client, db):
    person = make_person(name_en="Ales Bialiatski")
    follower = make_follower(person, email="secret-follower@example.org")
    pages = [
        reverse("admin:audience_supporter_changelist"),
        reverse("admin:audience_supporter_change", args=[follower.supporter_id]),
        reverse("admin:supporters_mailing_changelist"),
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200
        assert "secret-follower" not in response.content.decode()


def test_a_refused_address_is_found_by_typing_it(admin_client, db):
    from campaigns.models import email_digest
    from supporters.models import SuppressedAddress

    SuppressedAddress.objects.create(email_digest=email_digest("gone@example.org"),
                                     reason="SMTPRecipientsRefused 550")  # fmt: skip
    url = reverse("admin:supporters_suppressedaddress_changelist")
    found = admin_client.get(url, {"q": "Gone@Example.org"}).content.decode()
    assert "SMTPRecipientsRefused 550" in found
    assert email_digest("gone@example.org") in found
    missing = admin_client.get(url, {"q": "other@example.org"}).content.decode()
    assert "SMTPRecipientsRefused 550" not in missing


def test_staff_groups_give_sending_to_campaign_managers_only(django_user_model, db):
    editor = member_of(django_user_model, "Editors", "editor")
    manager = member_of(django_user_model, "Campaign managers", "manager")
    officer = member_of(django_user_model, "Data officers", "officer")
    assert editor.has_perm("campaigns.add_campaignupdate")
    assert not editor.has_perm("supporters.send_mailing")
    assert not editor.has_perm("audience.view_supporter")
    assert officer.has_perm("audience.delete_supporter")
    assert manager.has_perm("supporters.send_mailing")
    assert manager.has_perm("campaigns.download_handover")
    assert not manager.has_perm("campaigns.view_signature")
    assert officer.has_perm("campaigns.download_handover")
    assert not officer.has_perm("supporters.send_mailing")


def test_the_page_says_who_gets_the_email_in_english_for_want_of_their_language(
    admin_client, campaign, signers
):
    update = make_update(campaign, title_ru="", body_ru="")
    page = admin_client.get(email_url(update)).content.decode()
    notice = "No Russian text: 1 signer who signed in Russian gets this email in English."
    assert notice in text_of(page)
    assert "Обращение передано" not in page


def test_sending_to_nobody_is_refused_with_a_clear_message(admin_client, campaign):
    make_confirmed(campaign, email="quiet@example.org", wants_updates=False)
    update = make_update(campaign)

    page = admin_client.get(email_url(update))
    assert "No signer of this campaign asked for its news" in text_of(page.content)
    assert not find_all(page.content, "input", name="send")

    response = admin_client.post(email_url(update), {"send": "1"}, follow=True)
    assert "No signer of this campaign asked for its news" in text_of(response.content)
    assert not Mailing.objects.exists()
    update.refresh_from_db()
    assert not update.is_published
