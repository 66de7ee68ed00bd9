"""The development console prints each email as its reader sees it: headers and text
decoded, so that a link is on one line, clickable, without quoted-printable's soft line
breaks or =3D (issue 31)."""

import io

from django.core.mail import EmailMultiAlternatives, mailers

LINK = (
    "http://127.0.0.1:8100/be/campaigns/say-the-word-free-belarus-political-prisoners/"
    "confirm/?token=eyJzIjoxMjM0NTY3ODl9:1xaUQw:SYCd5Wp36IdB9R-RaXUunU9Frgch1GW1mZjhxcoEE0k"
    "&next=%2Fbe%2F"
)


def printed(settings) -> str:
    stream = io.StringIO()
    settings.MAILERS = {
        "default": {"BACKEND": "core.mail.ConsoleEmailBackend", "OPTIONS": {"stream": stream}}
    }
    message = EmailMultiAlternatives(
        "Пацвердзіце подпіс пад зваротам «Свабоду палітвязням»",
        f"Добры дзень!\n\nКаб пацвердзіць подпіс, адкрыйце гэтую спасылку:\n{LINK}\n",
        "appeals@example.org",
        ["anna@example.org"],
        headers={"List-Unsubscribe": f"<{LINK}>"},
    )
    message.attach_alternative(f'<p><a href="{LINK}">Пацвердзіць</a></p>', "text/html")
    mailers.default.send_messages([message])
    return stream.getvalue()


def test_the_console_prints_links_whole_and_text_decoded(settings):
    output = printed(settings)
    assert f"\n{LINK}\n" in output
    assert f'<a href="{LINK}">' in output
    assert "=3D" not in output
    assert "Каб пацвердзіць подпіс" in output
    assert "Subject: Пацвердзіце подпіс пад зваротам «Свабоду палітвязням»" in output
    assert "To: anna@example.org" in output
    assert f"List-Unsubscribe: <{LINK}>" in output


def test_the_console_says_what_each_part_is(settings):
    output = printed(settings)
    assert output.index("text/plain") < output.index("Добры дзень!")
    assert output.index("text/html") < output.index("<p><a href")
