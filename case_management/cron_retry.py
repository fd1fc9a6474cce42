# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Scheduled jobs that survive a concurrent update.

Several Odoo servers (or cron workers) run our jobs on one database; Odoo
locks each job so that it runs once at a time, but two *different* jobs, or a
job and a user, may change the same rows: PostgreSQL then refuses the later
transaction (``could not serialize access due to concurrent update``). Odoo
retries an HTTP request in that case (``odoo.service.model.retrying``), not a
scheduled job: the job fails and its work waits for the next day.

``cron_retry`` gives our jobs the same retry: the batch in progress is rolled
back and run again in a new transaction (so on a fresh snapshot), a few
times with a growing random pause. Every job it wraps marks what it has done
(dates, flags, locked rows) so running a batch again never does anything
twice. It acts only when the method runs as a scheduled job (``cron_id`` in
the context, outside the test mode): called from a request or a test, the
caller's transaction is never rolled back here.

``lock_rows`` is the first statement of a batch: it locks the rows the batch
will write (``FOR NO KEY UPDATE SKIP LOCKED``; rows a user or another server
holds are left for the next batch), and a row changed since the snapshot
raises the serialization failure here, before any work, without Odoo's
"bad query" error in the log.
"""

import functools
import logging
import random
import time

from psycopg2 import errorcodes

from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

ATTEMPTS = 5


def cron_retry(method):
    """Run ``method`` again after a serialization failure or a deadlock,
    when it runs as a scheduled job."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        env = self.env
        if not env.context.get("cron_id") or env.registry.in_test_mode():
            return method(self, *args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                result = method(self, *args, **kwargs)
                env.flush_all()
                return result
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as exc:
                if attempt == ATTEMPTS:
                    raise
                env.cr.rollback()
                env.reset()
                wait = random.uniform(0.1, 0.5 * 2**attempt)
                _logger.info(
                    "Case job %s.%s: %s, batch rolled back, run again in %.2f s "
                    "(serialization retry %d of %d)",
                    self._name,
                    method.__name__,
                    errorcodes.lookup(exc.pgcode),
                    wait,
                    attempt,
                    ATTEMPTS - 1,
                )
                time.sleep(wait)
        raise RuntimeError("unreachable")

    return wrapper


def lock_rows(env, query):
    """Execute ``query`` (an ``odoo.tools.SQL`` selecting ids ``FOR ... SKIP
    LOCKED``) and return the ids; a serialization failure is raised without
    the "bad query" error line (``cron_retry`` runs the batch again)."""
    env.cr.execute(query, log_exceptions=False)
    return [row[0] for row in env.cr.fetchall()]


def subscribe_followers(env, model, pairs):
    """Make the partners of ``pairs`` ((res_id, partner_id), ...) followers of
    the ``model`` records with the default subtypes of an internal user,
    before a job schedules activities for them.

    Odoo subscribes an activity's assignee by reading the followers and
    inserting the missing ones; a user who posts on the same record at the
    same moment inserts the same follower, and the job then fails on the
    unique key (seen in the load test: ``mail_followers_..._uniq``). Here the
    insert skips a follower that exists (``ON CONFLICT DO NOTHING``); one
    that another transaction committed after this job's snapshot makes
    PostgreSQL refuse the insert with a serialization failure, which
    ``cron_retry`` answers by running the batch again."""
    pairs = sorted({(res_id, pid) for res_id, pid in pairs if res_id and pid})
    if not pairs:
        return
    default, _internal, _external = env["mail.message.subtype"].default_subtypes(model)
    env["mail.followers"].flush_model()
    env.cr.execute(
        SQL(
            """
        INSERT INTO mail_followers (res_model, res_id, partner_id)
        SELECT %(model)s, t.res_id, t.partner_id
          FROM unnest(%(res_ids)s::int[], %(partner_ids)s::int[])
               AS t(res_id, partner_id)
        ON CONFLICT DO NOTHING
        RETURNING id
        """,
            model=model,
            res_ids=[p[0] for p in pairs],
            partner_ids=[p[1] for p in pairs],
        ),
        log_exceptions=False,
    )
    new_ids = [row[0] for row in env.cr.fetchall()]
    if new_ids and default:
        env.cr.execute(
            SQL(
                """
            INSERT INTO mail_followers_mail_message_subtype_rel
                   (mail_followers_id, mail_message_subtype_id)
            SELECT f, s FROM unnest(%(followers)s::int[]) AS f,
                             unnest(%(subtypes)s::int[]) AS s
            ON CONFLICT DO NOTHING
            """,
                followers=new_ids,
                subtypes=default.ids,
            )
        )
    if new_ids:
        # the ORM's caches of the followers of these records are stale
        env["mail.followers"].invalidate_model()
        env[model].invalidate_model(["message_follower_ids", "message_partner_ids"])
