"""Bodies and query strings Django refuses to read (an unknown or wrong charset, more
than DATA_UPLOAD_MAX_NUMBER_FIELDS fields) get a clean 400 with the security headers,
in production and in development alike, never a 500.

Django's own handling answers 500 for a form declared charset=latin-1 when a CSRF cookie
is sent: the 400 handler's CSRF check reads the body again and raises again (see
docs/security.md for the upstream report)."""

import pytest
from django.test import Client

from tests.factories import make_campaign

MANY = "&".join(f"f{number}=x" for number in range(1500))


def csrf_client() -> tuple[Client, str]:
    """A browser that carries a CSRF cookie (from the staff login page here), with which
    Django's 400 handler used to read the body again and fail."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get("/admin/login/")
    return client, client.cookies["csrftoken"].value


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (
            b"name=Ren%E9&email=a%40example.org",
            "application/x-www-form-urlencoded; charset=latin-1",
            400,
        ),
        (b"name=\xff\xfe", "application/x-www-form-urlencoded; charset=no-such-charset", 422),
        (MANY.encode(), "application/x-www-form-urlencoded", 400),
        (
            b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n',
            "multipart/form-data; boundary=x",
            422,
        ),
    ],
    ids=["latin-1", "unknown-charset", "too-many-fields", "broken-multipart"],
)
def test_an_unreadable_form_is_a_clean_answer(db, debug, body, content_type, status):
    """A body Django cannot read at all is refused (400); one it reads as empty gets the
    form's own messages (422). Never a 500, always with the security headers."""
    make_campaign(slug="free-them-all")
    client, token = csrf_client()
    response = client.generic(
        "POST", "/en/campaigns/free-them-all/sign/", body, content_type=content_type,
        headers={"X-CSRFToken": token},
    )  # fmt: skip
    assert response.status_code == status
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"
    expected = "could not be read" if status == 400 else "Please correct the fields"
    assert expected in response.content.decode()


def test_too_many_query_parameters_are_a_clean_400(db, debug):
    make_campaign(slug="free-them-all")
    client = Client(raise_request_exception=False)
    response = client.get("/en/prisoners/?" + MANY)
    assert response.status_code == 400
    assert "Content-Security-Policy" in response
