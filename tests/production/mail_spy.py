"""An email backend for tests that run the worker as a separate process: it records
each email it is given in a file (MAIL_SPY_DIR/sent.log), or, with MAIL_SPY_HANG set,
announces that it is sending (MAIL_SPY_DIR/sending) and hangs as a mail server that does
not answer would, so that the test can kill the worker in the middle of a send."""

import os
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        folder = Path(os.environ["MAIL_SPY_DIR"])
        if os.environ.get("MAIL_SPY_HANG"):
            (folder / "sending").touch()
            time.sleep(600)
        with (folder / "sent.log").open("a") as log:
            for message in email_messages:
                log.write(f"{message.extra_headers.get('Message-ID')} {message.to[0]}\n")
        return len(email_messages)
