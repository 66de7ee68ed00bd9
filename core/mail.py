"""The development console's email backend (EMAIL_BACKEND=console, the default with
DEBUG): each email printed as its reader sees it.

Django's console backend prints the bytes an SMTP server would get: the subject as RFC
2047 encoded words and non-ASCII text as quoted-printable, where a long line is cut with
a soft break (`=` at the end of a line) and every `=` shows as `=3D`. A confirmation link
printed that way cannot be clicked or copied. This one prints the headers and each part
decoded, with the part's type above it, and attachments by name and size.
"""

from django.core.mail.backends.console import EmailBackend

# Headers about the encoding and the parts, which are printed decoded, each under its
# type, instead.
MIME_HEADERS = {"content-transfer-encoding", "content-type", "mime-version"}


class ConsoleEmailBackend(EmailBackend):
    def write_message(self, message) -> None:
        email = message.message()
        lines = [
            f"{name}: {value}" for name, value in email.items() if name.lower() not in MIME_HEADERS
        ]
        for part in email.walk():
            if part.is_multipart():
                continue
            content_type = part.get_content_type()
            if part.get_content_maintype() == "text" and not part.is_attachment():
                lines += ["", f"[{content_type}]", part.get_content().rstrip("\n")]
            else:
                size = len(part.get_payload(decode=True) or b"")
                name = part.get_filename() or "unnamed"
                lines += ["", f"[{content_type} attachment: {name}, {size:,} bytes]"]
        self.stream.write("\n".join(lines) + "\n")
        self.stream.write("-" * 79 + "\n")
