"""Staff tools for appeals and signatures: figures, moderation, closing, and an export
that gives out only what signers agreed to."""

import csv
import io
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from campaigns.models import CampaignStatus, CommentStatus, Signature
from tests.factories import make_campaign, make_confirmed, make_signature
from tests.html import changelist_names, find_all, text_of

CAMPAIGNS = "admin:campaigns_campaign_changelist"
SIGNATURES = "admin:campaigns_signature_changelist"


@pytest.fixture
def campaign(db):
    return make_campaign(title="Free Maria Kalesnikava", offline_signatures=100)


def staff_with(django_user_model, username: str, *codenames: str):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw",
                                                 is_staff=True)  # fmt: skip
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def run_action(client, changelist: str, action: str, objects):
    return client.post(
        reverse(changelist),
        {"action": action, "_selected_action": [str(obj.pk) for obj in objects]},
    )


def test_the_campaign_list_shows_confirmed_online_signatures(admin_client, campaign):
    for _ in range(3):
        make_confirmed(campaign)
    make_signature(campaign)
    response = admin_client.get(reverse(CAMPAIGNS))
    assert response.status_code == 200
    (cell,) = find_all(response.content, "td", class_="field-confirmed_online")
    assert cell.text == "3"
    assert "Free Maria Kalesnikava" in text_of(response.content)


def test_the_campaign_form_shows_the_total_and_signatures_per_day(admin_client, campaign):
    for _ in range(2):
        make_confirmed(campaign)
    response = admin_client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    assert response.status_code == 200
    html = response.content
    (total,) = find_all(html, "div", class_="form-row field-confirmed_online")
    assert " ".join(total.text.split()).lower().endswith("confirmed online signatures: 2")
    (per_day,) = find_all(html, "div", class_="form-row field-signatures_per_day")
    day = Signature.objects.first().confirmed_at.astimezone().date()
    assert f"{day:%Y-%m-%d}: 2" in per_day.text


def test_the_campaign_form_counts_what_supporters_did_of_each_kind(admin_client, campaign):
    make_confirmed(campaign)
    make_signature(campaign)  # not confirmed: not counted
    response = admin_client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    (taken,) = find_all(response.content, "div", class_="form-row field-actions_taken")
    text = " ".join(taken.text.split())
    assert "Sign the appeal: 1" in text
    assert "Write to the prisoner: 0" in text
    assert "Write to an official: 0" in text


@pytest.mark.parametrize(
    ("query", "names"),
    [
        pytest.param({}, ["Confirmed Signer", "Pending Signer"], id="all"),
        pytest.param({"confirmed": "yes"}, ["Confirmed Signer"], id="confirmed"),
        pytest.param({"confirmed": "no"}, ["Pending Signer"], id="unconfirmed"),
    ],
)
def test_the_signature_list_filters_by_confirmation(admin_client, campaign, query, names):
    make_confirmed(campaign, name="Confirmed Signer")
    make_signature(campaign, name="Pending Signer")
    listed = changelist_names(admin_client.get(reverse(SIGNATURES), query).content)
    assert sorted(listed) == names


def test_the_approve_action_approves_comments(admin_client, campaign):
    with_comment = make_confirmed(
        campaign, comment="Free them", comment_status=CommentStatus.PENDING
    )
    without = make_confirmed(campaign)
    untouched = make_confirmed(campaign, comment="Later", comment_status=CommentStatus.PENDING)
    response = run_action(admin_client, SIGNATURES, "approve_comments", [with_comment, without])
    assert response.status_code == 302
    statuses = dict(Signature.objects.values_list("pk", "comment_status"))
    assert statuses == {
        with_comment.pk: CommentStatus.APPROVED,
        without.pk: CommentStatus.NONE,
        untouched.pk: CommentStatus.PENDING,
    }


def test_a_moderator_reads_each_comment_in_the_list_shortened_and_escaped(
    client, django_user_model, campaign
):
    long = "<script>alert(1)</script> " + "Free them all! " * 20
    make_confirmed(campaign, name="Short", comment="Свабоду!", comment_status=CommentStatus.PENDING)
    make_confirmed(campaign, name="Long", comment=long, comment_status=CommentStatus.PENDING)
    make_confirmed(campaign, name="Silent")
    moderator = staff_with(django_user_model, "moderator", "view_signature", "change_signature")
    client.force_login(moderator)

    page = client.get(
        reverse(SIGNATURES), {"confirmed": "yes", "comment_status__exact": "pending"}
    ).content
    comments = [cell.text.strip() for cell in find_all(page, "td", class_="field-comment_text")]
    assert comments[changelist_names(page).index("Short")] == "Свабоду!"
    shortened = comments[changelist_names(page).index("Long")]
    assert shortened.startswith("<script>alert(1)</script> Free them all!")  # as typed
    assert shortened.endswith("…")
    assert len(shortened) <= 121
    assert b"<script>alert" not in page


def test_the_reject_action_rejects_comments(admin_client, campaign):
    signature = make_confirmed(campaign, comment="Spam", comment_status=CommentStatus.PENDING)
    run_action(admin_client, SIGNATURES, "reject_comments", [signature])
    signature.refresh_from_db()
    assert signature.comment_status == CommentStatus.REJECTED


@pytest.mark.parametrize(
    ("action", "status"),
    [("close_campaigns", CampaignStatus.CLOSED), ("mark_won", CampaignStatus.WON)],
)
def test_the_close_actions_set_status_and_time(admin_client, campaign, action, status):
    other = make_campaign()
    response = run_action(admin_client, CAMPAIGNS, action, [campaign])
    assert response.status_code == 302
    campaign.refresh_from_db()
    other.refresh_from_db()
    assert campaign.status == status
    assert campaign.closed_at is not None
    assert other.status == CampaignStatus.OPEN
    assert other.closed_at is None


def test_nobody_adds_signatures_in_the_admin(admin_client, campaign):
    assert admin_client.get(reverse("admin:campaigns_signature_add")).status_code == 403
    changelist = admin_client.get(reverse(SIGNATURES)).content.decode()
    assert reverse("admin:campaigns_signature_add") not in changelist


@pytest.fixture
def export_signatures(campaign):
    make_confirmed(campaign, name="Public Person", email="public@example.org",
                   show_name_publicly=True, wants_updates=False, country="PL")  # fmt: skip
    make_confirmed(campaign, name="Private Person", email="private@example.org",
                   show_name_publicly=False, wants_updates=True, country="DE")  # fmt: skip
    make_confirmed(campaign, name="=HYPERLINK(\"https://evil.example\")",
                   email="=cmd@example.org", show_name_publicly=True, wants_updates=True,
                   country="LT")  # fmt: skip
    make_signature(campaign, name="Unconfirmed Person", email="pending@example.org",
                   show_name_publicly=True, wants_updates=True)  # fmt: skip
    return list(Signature.objects.all())


def test_export_is_refused_without_the_export_permission(
    client, django_user_model, export_signatures
):
    moderator = staff_with(django_user_model, "moderator", "view_signature", "change_signature")
    client.force_login(moderator)
    response = run_action(client, SIGNATURES, "export_csv", export_signatures)
    assert not response["Content-Type"].startswith("text/csv")
    assert b"public@example.org" not in response.content
    changelist = client.get(reverse(SIGNATURES)).content.decode()
    assert 'value="approve_comments"' in changelist
    assert 'value="export_csv"' not in changelist


def test_export_gives_only_what_signers_agreed_to_and_no_address(
    client, django_user_model, export_signatures
):
    officer = staff_with(
        django_user_model, "officer", "view_signature", "change_signature", "export_signatures"
    )
    client.force_login(officer)
    response = run_action(client, SIGNATURES, "export_csv", export_signatures)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_country = {row["country"]: row for row in rows}
    assert set(by_country) == {"PL", "DE", "LT"}
    assert list(rows[0]) == ["campaign", "name", "country", "confirmed_at"]
    assert by_country["PL"]["name"] == "Public P."
    assert by_country["DE"]["name"] == ""
    assert by_country["LT"]["name"] == '\'=HYPERLINK("https://evil.example")'
    assert b"Unconfirmed Person" not in response.content
    assert b"Private Person" not in response.content
    # Updates are sent from the site: no signer's address leaves it in a spreadsheet.
    assert b"@example.org" not in response.content


def test_a_moderator_never_sees_an_email_address_or_ip_hash(
    client, admin_client, django_user_model, campaign
):
    signature = make_confirmed(
        campaign, name="Anna Kowalska", email="anna@example.org", ip_hash="f" * 32
    )
    change = reverse("admin:campaigns_signature_change", args=[signature.pk])
    moderator = staff_with(django_user_model, "moderator", "view_signature", "change_signature")
    client.force_login(moderator)
    for url in (reverse(SIGNATURES), change):
        content = client.get(url).content
        assert b"Anna Kowalska" in content, url
        assert b"anna@example.org" not in content, url
        assert b"f" * 32 not in content, url
    assert changelist_names(client.get(reverse(SIGNATURES), {"q": "anna@example"}).content) == []
    assert changelist_names(client.get(reverse(SIGNATURES), {"q": "Kowalska"}).content) == [
        "Anna Kowalska"
    ]
    superuser_form = admin_client.get(change).content
    assert b"anna@example.org" in superuser_form
    assert b"f" * 32 in superuser_form


def test_deleting_a_signature_in_the_admin_uncounts_it(admin_client, campaign):
    signature = make_confirmed(campaign)
    url = reverse("admin:campaigns_signature_delete", args=[signature.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Signature.objects.exists()
    assert campaign.confirmed_online() == 0


class _FormReader(HTMLParser):
    """The values a browser would post from the admin change form."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") == "checkbox" and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value") or "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data


def form_data(html: bytes) -> dict[str, list[str]]:
    reader = _FormReader()
    reader.feed(html.decode())
    return {name: values for name, values in reader.data.items() if name != "csrfmiddlewaretoken"}


def test_the_campaign_form_saves_unchanged(admin_client, campaign):
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    data = form_data(admin_client.get(url).content)
    data["goal"] = ["2500"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign.refresh_from_db()
    assert campaign.goal == 2500
    assert campaign.title == "Free Maria Kalesnikava"


def test_closing_in_the_campaign_form_records_when(admin_client, campaign):
    url = reverse("admin:campaigns_campaign_change", args=[campaign.pk])
    data = form_data(admin_client.get(url).content)
    data["status"] = [CampaignStatus.CLOSED]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED
    assert campaign.closed_at is not None
