"""Whatever a visitor sends, the site answers with a page or a clear message, never a
500; and whatever staff type, pages show it as text, never as markup."""

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.models import Signature
from prisoners.models import Event, Person, Quote
from stories.models import Story
from tests.factories import make_campaign, make_person, make_signature, make_source

# Arbitrary Unicode plus the characters that break naive code: NUL and other control
# characters, zero-width and right-to-left marks, Cyrillic, emoji, markup and quotes.
NASTY = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            list("\x00\x01\x1b\u200b\u200d\u202e\ufeffЎўІіЁё🙂<>\"'&%;/\\ ")
            + ["<script>", "javascript:", "\U0001f1e7\U0001f1fe", "א", "ب"]
        ),
        max_size=60,
    ).map("".join),
    st.just("x" * 5000),
)
ANY_PARAMS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_answers(response) -> None:
    assert response.status_code < 500, response.status_code


@ANY_PARAMS
@given(q=NASTY, status=NASTY, country=NASTY, page=NASTY)
def test_the_prisoner_list_survives_any_query(client, seeded, q, status, country, page):
    params = {"q": q, "status": status, "country": country, "page": page}
    assert_answers(client.get("/en/prisoners/", params))
    assert_answers(client.get("/en/prisoners/", params, headers={"HX-Request": "true"}))


@ANY_PARAMS
@given(q=NASTY, after=NASTY, sent=NASTY)
def test_the_letters_pages_survive_any_query(client, seeded, q, after, sent):
    assert_answers(client.get("/en/prisoners/letters/", {"q": q}))
    assert_answers(client.get("/en/prisoners/letters/suggest/", {"after": after}))
    assert_answers(
        client.get("/en/prisoners/letters/suggest/", {"after": after}, headers={"HX-Request": "1"})
    )
    assert_answers(client.get("/en/prisoners/birthdays/", {"q": q, "sent": sent}))


@ANY_PARAMS
@given(page=NASTY)
def test_the_open_data_survives_any_page(client, seeded, page):
    assert_answers(client.get("/api/v1/prisoners/", {"page": page}))
    assert_answers(client.get("/en/stories/", {"page": page}))


@ANY_PARAMS
@given(token=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_email_links_survive_any_token(client, seeded, token):
    from urllib.parse import quote

    encoded = quote(token, safe="") or "x"
    assert_answers(client.get(f"/en/campaigns/confirm/{encoded}/"))
    assert_answers(client.get(f"/en/campaigns/withdraw/{encoded}/"))
    assert_answers(client.post(f"/en/campaigns/withdraw/{encoded}/"))


@ANY_PARAMS
@given(
    name=NASTY,
    email=st.one_of(NASTY, st.emails()),
    country=st.one_of(NASTY, st.sampled_from(["BY", "PL", "LT", "US"])),
    comment=NASTY,
    public=st.sampled_from(["", "on", "\x00"]),
)
def test_the_sign_form_survives_any_input(client, db, name, email, country, comment, public):
    campaign = make_campaign(slug="hostile")
    data = {
        "name": name,
        "email": email,
        "country": country,
        "comment": comment,
        "show_name_publicly": public,
    }
    response = client.post(f"/en/campaigns/{campaign.slug}/sign/", data)
    assert_answers(response)
    htmx = client.post(f"/en/campaigns/{campaign.slug}/sign/", data, headers={"HX-Request": "true"})
    assert_answers(htmx)
    for signature in Signature.objects.all():
        assert "\x00" not in signature.name + signature.comment
        assert "<" not in signature.name
    Signature.objects.all().delete()
    campaign.delete()


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.django_db
def test_hostile_markup_in_every_text_field_shows_as_text(client):
    source = make_source(title=HOSTILE, publisher=HOSTILE, note=HOSTILE)
    person = make_person(
        sources=[source],
        name_en=HOSTILE,
        other_spellings=HOSTILE,
        occupation_en=HOSTILE,
        sentence_en=HOSTILE,
        charge_en=HOSTILE,
        place_of_detention_en=HOSTILE,
        conditions_en=HOSTILE,
        summary_en=HOSTILE,
        story_en=HOSTILE,
        postal_address=HOSTILE,
        letter_language_en=HOSTILE,
    )
    event = Event.objects.create(person=person, title_en=HOSTILE, description_en=HOSTILE)
    event.sources.set([source])
    Quote.objects.create(
        person=person, speaker=person, text_en=HOSTILE, context_en=HOSTILE, source=source
    )
    campaign = make_campaign(
        title_en=HOSTILE, target_en=HOSTILE, summary_en=HOSTILE, appeal_en=HOSTILE,
        share_text_en=HOSTILE,
    )  # fmt: skip
    campaign.prisoners.set([person])
    story = Story.objects.create(
        title_en=HOSTILE, slug="hostile", standfirst_en=HOSTILE, body_en=HOSTILE,
        source=source, is_published=True,
    )  # fmt: skip
    story.prisoners.set([person])
    pages = [
        "/en/",
        "/en/prisoners/",
        person.get_absolute_url(),
        f"/en/prisoners/{person.slug}/letter/",
        f"/en/prisoners/{person.slug}/letter/print/",
        f"/en/prisoners/letters/?q={person.slug}",
        "/en/prisoners/birthdays/",
        campaign.get_absolute_url(),
        f"{campaign.get_absolute_url()}embed/",
        "/en/campaigns/",
        "/en/stories/",
        story.get_absolute_url(),
        "/en/stories/feed/",
        f"/en/prisoners/{person.slug}/feed/",
        f"{campaign.get_absolute_url()}feed/",
    ]
    for path in pages:
        body = client.get(path).content.decode()
        assert "<script>alert" not in body, path
        assert "<img src=x" not in body, path
    # Open data carries the text as data, never as a document a browser would render.
    data = client.get(f"/api/v1/prisoners/{person.slug}/")
    assert data["Content-Type"] == "application/json"
    assert data["X-Content-Type-Options"] == "nosniff"
    assert data.json()["name"]["en"] == HOSTILE

    admin = User.objects.create_superuser("admin", password="a long admin password")
    client.force_login(admin)
    for path in [
        "/admin/prisoners/person/",
        f"/admin/prisoners/person/{person.pk}/change/",
        f"/admin/campaigns/campaign/{campaign.pk}/change/",
        f"/admin/stories/story/{story.pk}/change/",
        f"/admin/prisoners/source/{source.pk}/change/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<script>alert" not in response.content.decode(), path
    assert Person.objects.filter(pk=person.pk).exists()


# Every public form and page that reads input, with a valid token where it takes one.
MARKER = "<q7x"


def _public_targets() -> list[str]:
    from campaigns import tokens

    campaign = make_campaign(slug="fuzzed")
    signature = make_signature(campaign, email="fuzz@example.org")
    confirm, withdraw = tokens.confirm_token(signature), tokens.withdraw_token(signature)
    return [
        "/en/",
        "/en/prisoners/",
        "/en/campaigns/",
        "/en/stories/",
        "/en/campaigns/fuzzed/",
        "/en/campaigns/fuzzed/sign/",
        "/en/campaigns/fuzzed/counter/",
        f"/en/campaigns/confirm/{confirm}/",
        f"/en/campaigns/withdraw/{withdraw}/",
        f"/en/campaigns/withdraw/{withdraw}/data.json",
        "/i18n/setlang/",
        "/api/v1/prisoners/",
        "/healthz",
    ]


FIELD = st.sampled_from(
    ["name", "email", "country", "comment", "q", "page", "status", "language", "next",
     "show_name_publicly", "wants_updates", "csrfmiddlewaretoken", ""]
)  # fmt: skip
VALUE = st.one_of(NASTY, st.just(MARKER + ">"), st.text(max_size=20).map(lambda t: MARKER + t))
CONTENT_TYPE = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=latin-1",
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=bogus",
        "multipart/form-data; boundary=zz",
        "multipart/form-data",
        "application/json",
        "text/plain",
        "",
    ]
)


@ANY_PARAMS
@given(
    target=st.integers(min_value=0, max_value=12),
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]),
    pairs=st.lists(st.tuples(FIELD, VALUE), max_size=12),  # repeated keys included
    raw=st.one_of(st.none(), st.binary(max_size=400)),
    content_type=CONTENT_TYPE,
    htmx=st.booleans(),
)
def test_every_public_path_survives_any_request(
    seeded, target, method, pairs, raw, content_type, htmx
):
    """Any method, any content type, invalid UTF-8, repeated keys, NUL bytes, very long
    values: never a 500, and what was sent never comes back unescaped."""
    from urllib.parse import urlencode

    from django.test import Client

    path = _public_targets()[target]
    query = urlencode(pairs)
    body = raw if raw is not None else query.encode()
    headers = {"HX-Request": "true"} if htmx else {}
    client = Client(raise_request_exception=False)
    client.get("/en/campaigns/fuzzed/")  # a CSRF cookie, as a browser would have
    url = f"{path}?{query}" if method in ("GET", "HEAD") else path
    response = client.generic(method, url, body, content_type=content_type, headers=headers)
    assert response.status_code < 500, (method, path, response.status_code)
    if not getattr(response, "streaming", False):
        assert MARKER.encode() not in response.content, (method, path)
    Signature.objects.filter(campaign__slug="fuzzed").delete()
    from campaigns.models import Campaign

    Campaign.objects.filter(slug="fuzzed").delete()
