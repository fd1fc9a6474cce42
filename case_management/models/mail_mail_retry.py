# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models

from ..cron_retry import cron_retry

# Odoo marks a mail whose SMTP server could not be reached as failed and never
# sends it again. Case mails failed that way go back to the queue, with a
# backoff: 5, 10, 20 ... minutes, at most RETRY_MAX times (about 21 hours).
RETRY_MAX = 8
RETRY_FIRST_MINUTES = 5
RETRY_BATCH = 500


# pylint: disable=consider-merging-classes-inherited
class MailMail(models.Model):
    """Case mails that failed because the outgoing mail server was down are
    queued again by a scheduled job. The queue sends them like any other
    outgoing mail, so the send-time consent re-check runs again: a mail
    whose recipient withdrew consent in between is cancelled, never sent."""

    _inherit = "mail.mail"

    case_retry_count = fields.Integer(
        string="Send Retries",
        copy=False,
        readonly=True,
        help="How many times the mail was queued again after the outgoing "
        "mail server could not be reached.",
    )
    case_retry_next = fields.Datetime(
        string="Next Retry Not Before",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )

    @api.model
    def _case_retry_domain_sql(self):
        # A failed connection leaves the mail in exception without a failure
        # type (mail.mail.send) or with "mail_smtp"; other failures (invalid
        # address, refused recipient) are permanent and stay failed.
        return (
            "case_id IS NOT NULL AND state = 'exception' "
            "AND (failure_type IS NULL OR failure_type = 'mail_smtp') "
            "AND COALESCE(case_retry_count, 0) < %(max)s "
            "AND (case_retry_next IS NULL OR case_retry_next <= %(now)s)"
        )

    @api.model
    @cron_retry
    def _cron_case_retry_smtp(self, batch_size=RETRY_BATCH):
        """Queue again one batch of case mails failed for SMTP reasons.

        Rows are locked with SKIP LOCKED: two servers running the job at once
        take different mails, and each mail goes back to the queue once per
        failure, so it is delivered once."""
        now = fields.Datetime.now()
        self.flush_model(
            ["case_id", "state", "failure_type", "case_retry_count", "case_retry_next"]
        )
        self.env.cr.execute(
            "SELECT id, case_retry_count FROM mail_mail WHERE "
            + self._case_retry_domain_sql()
            + " ORDER BY id LIMIT %(limit)s FOR UPDATE SKIP LOCKED",
            {"max": RETRY_MAX, "now": now, "limit": batch_size},
        )
        rows = self.env.cr.fetchall()
        by_count = {}
        for mail_id, count in rows:
            by_count.setdefault(count or 0, []).append(mail_id)
        for count, ids in by_count.items():
            self.browse(ids).sudo().write(
                {
                    "state": "outgoing",
                    "failure_type": False,
                    "failure_reason": False,
                    "case_retry_count": count + 1,
                    # Not queued again before this if it fails once more.
                    "case_retry_next": now
                    + timedelta(minutes=RETRY_FIRST_MINUTES * 2**count),
                }
            )
        if rows:
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
        if len(rows) == batch_size:
            self.env["ir.cron"]._notify_progress(done=len(rows), remaining=1)
        return len(rows)
