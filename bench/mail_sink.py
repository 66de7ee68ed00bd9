"""An SMTP sink for bench/mailing.py: an aiosmtpd server on loopback, in a process of its
own, that accepts every message and counts them, and the distinct Message-IDs among them.
Every half second it writes its counts to a JSON file (replaced whole), so that the
harness reads them without talking SMTP.

    python bench/mail_sink.py PORT COUNTS.json
"""

import asyncio
import json
import logging
import os
import re
import sys
import time

from aiosmtpd.smtp import SMTP

MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.MULTILINE | re.IGNORECASE)
logging.getLogger("mail.log").setLevel(logging.WARNING)


class Counter:
    def __init__(self) -> None:
        self.messages = 0
        self.ids: set[bytes] = set()
        self.first: float | None = None
        self.last: float | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        content = envelope.original_content or envelope.content
        headers = content.split(b"\r\n\r\n", 1)[0]
        found = MESSAGE_ID.search(headers)
        self.ids.add(found.group(1) if found else b"none-%d" % self.messages)
        self.messages += 1
        now = time.time()
        self.first = self.first or now
        self.last = now
        return "250 OK"

    def counts(self) -> dict:
        return {
            "messages": self.messages,
            "distinct_message_ids": len(self.ids),
            "first_at": self.first,
            "last_at": self.last,
        }


async def main(port: int, out: str) -> None:
    counter = Counter()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(counter, hostname="sink.invalid", ident="bench sink"), "127.0.0.1", port
    )
    async with server:
        while True:
            with open(out + ".tmp", "w") as file:
                json.dump(counter.counts(), file)
            os.replace(out + ".tmp", out)
            await asyncio.sleep(0.5)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
