"""The admin's index says first what needs attention, to each member of staff only what
they may see, in a few queries however many records there are; the security and task
tables come last, under their own heading; the organisation's name heads every page."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings
from django.utils import timezone

from campaigns.models import CampaignStatus, CommentStatus
from prisoners.models import Event, Person, StatusChange, StatusKind
from tests.factories import make_campaign, make_confirmed, make_person

INDEX = "/admin/"


def member_of(group_name: str) -> User:
    user = User.objects.create_user(group_name.lower().replace(" ", "-"), is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return User.objects.get(pk=user.pk)


def attention(page) -> str:
    """The text of the index's "What needs attention" section."""
    content = page.content.decode()
    start = content.index('id="attention-heading"')
    return content[start : content.index("</section>", start)]


@pytest.mark.django_db
@override_settings(ORGANISATION_NAME="Viasna Appeals")
def test_it_names_the_organisation_in_the_header_and_title(admin_client):
    page = admin_client.get(INDEX)
    assert "<title>Overview | Viasna Appeals</title>" in page.content.decode()
    assert '<a href="/admin/">Viasna Appeals</a>' in page.content.decode()


@pytest.mark.django_db
def test_it_lists_the_content_first_and_the_security_tables_last_under_a_heading(
    admin_client,
):
    content = admin_client.get(INDEX).content.decode()
    people = content.index('class="app-prisoners module')
    campaigns = content.index('class="app-campaigns module')
    stories = content.index('class="app-stories module')
    operations = content.index('id="operations-heading"')
    assert people < campaigns < stories < operations
    for security_app in ("auth", "axes", "otp_totp", "django_tasks_database"):
        assert content.index(f'class="app-{security_app} module') > operations


@pytest.mark.django_db
def test_it_counts_what_needs_attention_and_links_to_each_list(admin_client):
    campaign = make_campaign()
    make_confirmed(campaign, comment="Free them", comment_status=CommentStatus.PENDING)
    make_confirmed(campaign, comment="Already seen", comment_status=CommentStatus.APPROVED)
    make_person()
    make_person(is_published=False)
    unsourced = make_person()
    StatusChange.objects.create(person=unsourced, kind=StatusKind.TRANSFERRED)
    stale = make_person()
    Person.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=200)
    )
    make_campaign(status=CampaignStatus.DRAFT)

    section = attention(admin_client.get(INDEX))

    assert (
        '<a href="/admin/campaigns/signature/?confirmed=yes&amp;comment_status__exact=pending">'
        '<span class="attention-count">1</span> comment awaiting moderation</a>'
    ) in section
    assert (
        '<a href="/admin/prisoners/person/?sources=missing"><span class="attention-count">1'
        "</span> profile with a fact that cites no source</a>"
    ) in section
    assert (
        '<a href="/admin/prisoners/person/?is_published__exact=0"><span class="attention-count">'
        "1</span> draft profile</a>"
    ) in section
    assert (
        '<a href="/admin/prisoners/person/?updated=stale"><span class="attention-count">1'
        "</span> profile not updated for 180 days</a>"
    ) in section
    assert (
        '<a href="/admin/campaigns/campaign/?status__exact=draft"><span class="attention-count">'
        "1</span> draft campaign</a>"
    ) in section


@pytest.mark.django_db
def test_each_link_lists_what_was_counted(admin_client):
    make_person(name_en="Sourced Person")
    unsourced = make_person(name_en="Event Without Source")
    Event.objects.create(person=unsourced, title_en="A hearing")
    Person.objects.filter(pk=make_person(name_en="Nobody Cited").pk).get().sources.clear()
    stale = make_person(name_en="Old Profile")
    Person.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=181)
    )

    missing = admin_client.get("/admin/prisoners/person/?sources=missing").content.decode()
    assert "Event Without Source" in missing
    assert "Nobody Cited" in missing
    assert "Sourced Person" not in missing
    old = admin_client.get("/admin/prisoners/person/?updated=stale").content.decode()
    assert "Old Profile" in old
    assert "Sourced Person" not in old


@pytest.mark.django_db
def test_an_editor_sees_content_counts_but_nothing_about_signers(client):
    campaign = make_campaign()
    make_confirmed(campaign, comment="Free them", comment_status=CommentStatus.PENDING)
    client.force_login(member_of("Editors"))

    section = attention(client.get(INDEX))

    assert "awaiting moderation" not in section
    assert "draft profile" in section
    assert "draft campaign" in section


@pytest.mark.django_db
def test_a_moderator_sees_the_comments_to_moderate_but_no_profiles(client):
    campaign = make_campaign()
    make_confirmed(campaign, comment="Free them", comment_status=CommentStatus.PENDING)
    client.force_login(member_of("Moderators"))

    section = attention(client.get(INDEX))

    assert "comment awaiting moderation" in section
    assert "draft profile" not in section
    assert "cites no source" not in section


@pytest.mark.django_db
def test_it_draws_the_signatures_of_open_campaigns_per_day_and_tables_the_same_figures(
    admin_client,
):
    open_campaign = make_campaign()
    closed = make_campaign(status=CampaignStatus.CLOSED)
    for _n in range(3):
        make_confirmed(open_campaign)
    make_confirmed(closed)
    old = make_confirmed(open_campaign)
    type(old).objects.filter(pk=old.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=20)
    )

    content = admin_client.get(INDEX).content.decode()

    assert "3 confirmed signatures on the open campaigns in the last 14 days" in content
    assert content.count('<rect class="bar"') == 14
    assert 'height="120"' in content  # today's bar, the highest, is as tall as the chart
    today = timezone.localdate()
    assert f'<time datetime="{today:%Y-%m-%d}">' in content
    assert "style=" not in content.split('id="attention-heading"')[1].split("</section>")[0]


@pytest.mark.django_db
@pytest.mark.parametrize("people", [3, 30])
def test_it_answers_in_the_same_number_of_queries_however_many_people(
    admin_client, django_assert_num_queries, people
):
    campaign = make_campaign()
    make_confirmed(campaign, comment="Free them", comment_status=CommentStatus.PENDING)
    for _n in range(people):
        make_person(is_published=False)
    admin_client.get(INDEX)  # the session and the user's permissions, read once

    with django_assert_num_queries(QUERIES):
        assert admin_client.get(INDEX).status_code == 200


# The session, the user, the methodology page and the guidance for letters (may another
# be added?), six counts, the chart, the possible floods (one GROUP BY for addresses, one
# for email domains), the sign attempts per day (the signatures' GROUP BY and the day
# counters), the recent actions, and the session saved again so that its idle time starts
# again (STAFF_IDLE_MINUTES): an UPDATE, in a savepoint inside the test's transaction.
QUERIES = 19


@pytest.mark.django_db
def test_with_two_factor_required_the_staff_site_still_asks_for_a_code(admin_user):
    from django.test import RequestFactory
    from django_otp.admin import OTPAdminAuthenticationForm

    from staff.sites import OTPStaffAdminSite

    site = OTPStaffAdminSite("admin")
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    admin_user.is_verified = lambda: False
    assert not site.has_permission(request)
    assert site.login_form is OTPAdminAuthenticationForm
    assert site.index_template == "staff/admin/index.html"
    admin_user.is_verified = lambda: True
    assert site.has_permission(request)


@pytest.mark.django_db
def test_the_admins_scripts_speak_the_editors_language(admin_client):
    """What the language switch's script says ("2 fields not written yet") comes from
    the admin's JavaScript catalogue, in the language the editor works in."""
    admin_client.cookies["django_language"] = "ru"
    catalogue = admin_client.get("/admin/jsi18n/").content.decode()
    # The catalogue is JavaScript with JSON-escaped strings.
    assert json.dumps("%s полей ещё не написано") in catalogue
    assert json.dumps("Все языки") in catalogue
    assert json.dumps("Язык всех переводимых полей") in catalogue
