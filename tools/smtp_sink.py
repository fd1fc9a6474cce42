"""A local SMTP sink: every message it receives is stored as a readable .eml file.

Used by the demo (so invitations and minutes can be opened in any mail client)
and by the end-to-end tests (which parse the stored files). Listens on
127.0.0.1 only. The envelope is kept in ``X-Sink-Mail-From`` and
``X-Sink-Rcpt-To`` headers added on top of the original message.
"""

import argparse
import asyncio
import itertools
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class StoreHandler:
    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        stamp = time.strftime("%Y%m%d-%H%M%S")
        name = f"{stamp}-{next(self.counter):05d}.eml"
        head = (
            f"X-Sink-Mail-From: {envelope.mail_from}\r\n"
            f"X-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n"
        ).encode()
        tmp = self.directory / (name + ".part")
        tmp.write_bytes(head + envelope.original_content)
        tmp.rename(self.directory / name)
        return "250 Message stored"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=2525)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    controller = Controller(
        StoreHandler(args.dir), hostname="127.0.0.1", port=args.port
    )
    controller.start()
    print(f"SMTP sink on 127.0.0.1:{args.port}, storing into {args.dir}", flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
