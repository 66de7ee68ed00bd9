"""An SMTP sink for bench/mailing.py, in a process of its own on loopback: it accepts
every message and counts them, and the distinct Message-IDs among them. Every half
second it writes its counts to a JSON file (replaced whole), so that the harness reads
them without talking SMTP.

    python bench/mail_sink.py PORT COUNTS.json [--aiosmtpd]

Two servers. By default a minimal one: an asyncio protocol that answers the commands a
client sends (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and reads each message whole,
costing about a fifth of the CPU of aiosmtpd, which reads a message line by line and
parses every address. On the benchmark's two shared cores aiosmtpd took more CPU than
both workers together and set the pace (docs/benchmarks.md); the sink is the mail
server's stand-in, not what is measured. `--aiosmtpd` runs aiosmtpd instead (the
server the test suite uses), for comparison.
"""

import asyncio
import json
import logging
import os
import re
import sys
import time

MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.MULTILINE | re.IGNORECASE)


class Counter:
    def __init__(self) -> None:
        self.messages = 0
        self.ids: set[bytes] = set()
        self.first: float | None = None
        self.last: float | None = None

    def add(self, content: bytes) -> None:
        headers = content.split(b"\r\n\r\n", 1)[0]
        found = MESSAGE_ID.search(headers)
        self.ids.add(found.group(1) if found else b"none-%d" % self.messages)
        self.messages += 1
        now = time.time()
        self.first = self.first or now
        self.last = now

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd's handler
        self.add(envelope.original_content or envelope.content)
        return "250 OK"

    def counts(self) -> dict:
        return {
            "messages": self.messages,
            "distinct_message_ids": len(self.ids),
            "first_at": self.first,
            "last_at": self.last,
        }


class MinimalSmtp(asyncio.Protocol):
    """Just enough SMTP for smtplib: every command accepted, every message counted."""

    def __init__(self, counter: Counter):
        self.counter = counter
        self.buffer = b""
        self.in_data = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(b"220 sink.invalid ESMTP bench sink\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n")
                if end < 0:
                    return
                self.counter.add(self.buffer[:end])
                self.buffer = self.buffer[end + 5 :]
                self.in_data = False
                self.transport.write(b"250 2.0.0 OK\r\n")
                continue
            end = self.buffer.find(b"\r\n")
            if end < 0:
                return
            verb = self.buffer[:4].upper()
            self.buffer = self.buffer[end + 2 :]
            if verb == b"EHLO":
                self.transport.write(b"250-sink.invalid\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                self.in_data = True
                self.buffer = b"\r\n" + self.buffer  # so that an empty message ends too
                self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            elif verb == b"QUIT":
                self.transport.write(b"221 Bye\r\n")
                self.transport.close()
                return
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.transport.write(b"250 OK\r\n")
            else:
                self.transport.write(b"502 Command not implemented\r\n")


async def main(port: int, out: str, use_aiosmtpd: bool) -> None:
    counter = Counter()
    loop = asyncio.get_running_loop()
    if use_aiosmtpd:
        from aiosmtpd.smtp import SMTP

        logging.getLogger("mail.log").setLevel(logging.WARNING)
        factory = lambda: SMTP(counter, hostname="sink.invalid", ident="bench sink")  # noqa: E731
    else:
        factory = lambda: MinimalSmtp(counter)  # noqa: E731
    server = await loop.create_server(factory, "127.0.0.1", port)
    async with server:
        while True:
            with open(out + ".tmp", "w") as file:
                json.dump(counter.counts(), file)
            os.replace(out + ".tmp", out)
            await asyncio.sleep(0.5)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], "--aiosmtpd" in sys.argv[3:]))
