"""The two roles (docs/deploy.md, "Two hosts"): the public role serves the pages and forms
with the public key alone and no admin URL at all; the office holds the private keys and
the digest key; each refuses to start with the other's secrets (core.checks)."""

import importlib
from contextlib import contextmanager

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_url_caches, reverse

from core import checks, sealing
from tests.factories import confirm, make_campaign, make_signature

LINK_KEY = "a-link-key-for-these-tests-" + "q5Rn7" * 8


def ids(**settings_changed) -> set[str]:
    with override_settings(**settings_changed):
        return {error.id for error in checks.signer_keys_check(None)}


def public(**more) -> dict:
    """What a correctly configured public host holds."""
    return {
        "SITE_ROLE": "public",
        "SERVES_OFFICE": False,
        "SERVES_PUBLIC": True,
        "SUPPORTER_PRIVATE_KEYS": [],
        "SIGNER_DIGEST_KEY": "",
        "SUPPORTER_LINK_KEY": LINK_KEY,
        "TASKS_BACKEND": "database",
        **more,
    }


def office(**more) -> dict:
    return {"SITE_ROLE": "office", "SERVES_PUBLIC": False, "SUPPORTER_LINK_KEY": LINK_KEY, **more}


def test_each_role_configured_as_docs_deploy_says_starts():
    assert ids() == set()  # both: the tests' own settings
    assert ids(**public()) == set()
    assert ids(**office()) == set()


def test_the_public_role_refuses_the_private_key():
    private = sealing.key_pair()[1]
    assert ids(**public(SUPPORTER_PRIVATE_KEYS=[private])) >= {"core.E005"}


def test_the_public_role_refuses_the_digest_key():
    assert ids(**public(SIGNER_DIGEST_KEY="d" * 40)) == {"core.E013"}


def test_the_office_refuses_to_start_without_the_private_key():
    assert ids(**office(SUPPORTER_PRIVATE_KEYS=[])) == {"core.E005"}


def test_the_office_refuses_to_start_without_the_digest_key():
    assert ids(**office(SIGNER_DIGEST_KEY="")) == {"core.E006"}


@pytest.mark.parametrize("role", [public, office])
def test_two_hosts_need_the_links_key(role):
    """Each host has its own SECRET_KEY, so the links the office signs are read by the
    public host with the key they share."""
    assert ids(**role(SUPPORTER_LINK_KEY="")) == {"core.E014"}
    assert ids(**role(SUPPORTER_LINK_KEY="too short")) == {"core.E014"}


def test_one_process_of_both_roles_needs_no_links_key():
    assert ids(SUPPORTER_LINK_KEY="") == set()


def test_a_public_key_that_is_not_a_key_is_refused():
    with override_settings(**public(SUPPORTER_PUBLIC_KEY="my password")):
        (error,) = checks.signer_keys_check(None)
    assert error.id == "core.E004"
    assert "SUPPORTER_PUBLIC_KEY is not a key" in error.msg


def test_a_public_key_that_no_private_key_opens_is_refused():
    """Everything sealed to it would be lost: the office must hold its private half."""
    other_public, _other_private = sealing.key_pair()
    with override_settings(**office(SUPPORTER_PUBLIC_KEY=other_public)):
        (error,) = checks.signer_keys_check(None)
    assert error.id == "core.E004"
    assert "not the public half" in error.msg


# -- What the public role routes ----------------------------------------------------


@contextmanager
def as_public_role():
    """This process as the public host: its settings, and the URLconf read again under
    them (it decides at import what to route)."""
    import config.urls

    with override_settings(**public()):
        clear_url_caches()
        importlib.reload(config.urls)
        try:
            yield
        finally:
            clear_url_caches()
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def public_role():
    with as_public_role():
        yield


@pytest.mark.django_db
def test_the_public_role_serves_no_admin_url(client, settings, public_role):
    for path in ("", "login/", "campaigns/signature/", "jsi18n/"):
        response = client.get(f"/{settings.ADMIN_URL}{path}")
        assert response.status_code == 404, path
    with pytest.raises(NoReverseMatch):
        reverse("admin:index")


@pytest.mark.django_db
def test_the_office_serves_the_admin(client, settings):
    assert reverse("admin:index") == f"/{settings.ADMIN_URL}"
    assert client.get(f"/{settings.ADMIN_URL}login/").status_code == 200


@pytest.mark.django_db
def test_the_public_role_renders_its_pages_without_any_private_key(client):
    """Pages of a campaign with signatures, sealed to a key this process cannot open."""
    campaign = make_campaign()
    confirm(make_signature(campaign, show_name_publicly=True))
    with as_public_role():
        assert not sealing.can_open()
        assert client.get("/en/").status_code == 200
        assert client.get(f"/en/campaigns/{campaign.slug}/").status_code == 200
        assert client.get("/healthz").status_code == 200


def test_the_public_role_refuses_to_run_tasks_itself(settings):
    """Its tasks are the office's (intake needs the digest key, sending the addresses): a
    public host with the immediate backend would try to run them and fail."""
    from core import checks

    settings.SITE_ROLE = "public"
    settings.SUPPORTER_PRIVATE_KEYS = []
    settings.SIGNER_DIGEST_KEY = ""
    settings.SUPPORTER_LINK_KEY = "a-link-key-of-enough-length-" + "x" * 20
    settings.TASKS_BACKEND = "immediate"
    assert "core.E015" in {error.id for error in checks.signer_keys_check(None)}
    settings.TASKS_BACKEND = "database"
    assert "core.E015" not in {error.id for error in checks.signer_keys_check(None)}
