"""An email backend for tests that run the worker as a separate process: it records
each email it is given in a file (MAIL_SPY_DIR/sent.log), or, with MAIL_SPY_HANG set,
announces that it is sending (MAIL_SPY_DIR/sending) and hangs as a mail server that does
not answer would, so that the test can kill the worker in the middle of a send; with
MAIL_SPY_HANG_AFTER=N it sends N emails first and hangs on the next one (the middle of a
batch)."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["MAIL_SPY_DIR"])
        log = folder / "sent.log"
        hang_after = os.environ.get("MAIL_SPY_HANG_AFTER")
        sent = len(log.read_text().splitlines()) if log.exists() else 0
        if os.environ.get("MAIL_SPY_HANG") or (hang_after and sent >= int(hang_after)):
            (folder / "sending").touch()
            time.sleep(600)
        with log.open("a") as lines:
            for message in email_messages:
                lines.write(f"{message.extra_headers.get('Message-ID')} {message.to[0]}\n")
        return len(email_messages)
