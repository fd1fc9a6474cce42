"""Keep the threaded server's cron threads alive across a database restart.

Odoo 18's threaded server (``odoo-bin`` without ``--workers``) runs each cron
thread in ``ThreadedServer.cron_thread``: it holds one ``LISTEN cron_trigger``
connection and polls it. When PostgreSQL restarts, ``pg_conn.poll()`` raises
``OperationalError`` and the exception ends the thread for good -- HTTP
requests recover by themselves (the connection pool drops dead connections),
but scheduled jobs (mail queue, mail retry, retention) silently stop until
someone restarts Odoo. The prefork server (``--workers``) does not have the
problem: a cron worker that dies is spawned again.

The wrapper below restarts the loop after a short pause when the database
connection is lost. It is installed when this module is imported, which
happens before the cron threads start when the server preloads its database
(``-d``/``db_name``), the deployment the README describes.
"""

import logging
import time

import psycopg2

from odoo.service import server

_logger = logging.getLogger(__name__)

RECONNECT_PAUSE = 2.0


def _patch_cron_thread():
    original = server.ThreadedServer.cron_thread
    if getattr(original, "_case_reconnects", False):
        return

    def cron_thread(self, number):
        while True:
            try:
                return original(self, number)
            except (psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
                _logger.warning(
                    "cron%d lost its database connection (%s); reconnecting in %ss",
                    number,
                    str(exc).strip().splitlines()[0] if str(exc).strip() else exc,
                    RECONNECT_PAUSE,
                )
                time.sleep(RECONNECT_PAUSE)

    cron_thread._case_reconnects = True
    server.ThreadedServer.cron_thread = cron_thread


_patch_cron_thread()
