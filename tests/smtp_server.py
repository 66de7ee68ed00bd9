"""A real SMTP server on loopback (aiosmtpd), for tests that send through SMTP as
production does, and read what arrived: each message parsed, with its envelope. It can
refuse chosen recipients with a chosen answer (a 550 for good, a 451 for now)."""

import email
import logging
import socket
import threading
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

# aiosmtpd logs every connection at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class _Handler:
    def __init__(self, sink: "SmtpServer"):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.sink.refusals.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.sink.lock:
            self.sink.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        self.received: list[tuple[list[str], EmailMessage]] = []
        self.refusals: dict[str, str] = {}
        self.lock = threading.Lock()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def refuse(self, address: str, answer: str) -> None:
        """Answer RCPT TO:<address> with `answer` ("550 5.1.1 No such user")."""
        self.refusals[address.lower()] = answer

    @property
    def messages(self) -> list[EmailMessage]:
        with self.lock:
            return [message for _to, message in self.received]

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [message for rcpt, message in self.received if address in rcpt]

    def mailer(self) -> dict:
        """The MAILERS entry that sends through this server."""
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
        }
