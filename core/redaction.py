"""Log records without personal data.

Links from signers' and followers' emails carry tokens that let whoever holds them see and erase a
signature. Django logs the path of every 4xx response and the servers log every
request, so the token part of those paths is replaced before any line is written; and
client IP addresses, which gunicorn puts in its error lines ("Invalid request from
ip=..."), are replaced as well. One `redact` for Django's logs and gunicorn's.
"""

import logging
import re

TOKEN_IN_PATH = re.compile(
    r"(/(?:campaigns/(?:confirm|withdraw)|confirm-follow|unsubscribe)/)[^/\s\"?]+"
)
IP_ADDRESS = re.compile(
    r"(?<![\w.:])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])"  # IPv4, with or without a :port
    r"|(?<![\w.:])(?:"
    r"(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"  # IPv6, in full
    r"|(?:[0-9a-f]{1,4}:)*[0-9a-f]{0,4}::(?:[0-9a-f]{1,4}:)*[0-9a-f]{0,4}"  # IPv6 with ::
    r")(?![\w.:])",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    return IP_ADDRESS.sub("[ip]", TOKEN_IN_PATH.sub(r"\1[token]", text))


class RedactTokens(logging.Filter):
    """Replace email-link tokens in the message and its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        # Django attaches the request to some records; formatters must not print it.
        if hasattr(record, "request"):
            record.request = None
        return True
