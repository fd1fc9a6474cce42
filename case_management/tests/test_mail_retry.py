# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import CaseManagementCommon


@tagged("post_install", "-at_install")
class TestMailRetry(CaseManagementCommon):
    """Case mails failed because the mail server was down go back to the
    queue with a backoff; permanent failures and other mails do not."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_case_fixtures()
        cls.recipient = cls.env["res.partner"].create(
            {"name": "Školní psycholožka", "email": "psycholog@example.org"}
        )

    def _failed_mail(self, **vals):
        values = {
            "subject": "Pozvánka",
            "body_html": "<p>Pozvánka</p>",
            "recipient_ids": [(6, 0, self.recipient.ids)],
            "case_id": self.case_in.id,
            "auto_delete": False,
        }
        values.update(vals)
        mail = self.env["mail.mail"].create(values)
        # what mail.mail.send() writes when the server cannot be reached
        mail.write({"state": "exception", "failure_reason": "Connection refused"})
        return mail

    def test_smtp_failure_requeued_with_backoff(self):
        mail = self._failed_mail()
        smtp_typed = self._failed_mail()
        smtp_typed.failure_type = "mail_smtp"
        invalid = self._failed_mail()
        invalid.failure_type = "mail_email_invalid"
        other = self._failed_mail(case_id=False)
        self.assertEqual(self.env["mail.mail"]._cron_case_retry_smtp(), 2)
        self.assertEqual(mail.state, "outgoing")
        self.assertFalse(mail.failure_reason)
        self.assertEqual(mail.case_retry_count, 1)
        self.assertEqual(smtp_typed.state, "outgoing")
        self.assertFalse(smtp_typed.failure_type)
        self.assertEqual(invalid.state, "exception")
        self.assertEqual(other.state, "exception")
        self.assertGreater(mail.case_retry_next, fields.Datetime.now())

        # fails again at once: not queued again before the backoff is over
        mail.write({"state": "exception"})
        self.assertEqual(self.env["mail.mail"]._cron_case_retry_smtp(), 0)
        self.assertEqual(mail.state, "exception")
        mail.case_retry_next = fields.Datetime.now() - timedelta(seconds=1)
        self.assertEqual(self.env["mail.mail"]._cron_case_retry_smtp(), 1)
        self.assertEqual(mail.case_retry_count, 2)
        # the backoff doubles
        delay = mail.case_retry_next - fields.Datetime.now()
        self.assertGreater(delay, timedelta(minutes=9))

    def test_gives_up_after_the_last_retry(self):
        mail = self._failed_mail()
        mail.case_retry_count = 8
        self.assertEqual(self.env["mail.mail"]._cron_case_retry_smtp(), 0)
        self.assertEqual(mail.state, "exception")

    def test_batches(self):
        mails = self.env["mail.mail"]
        for _i in range(3):
            mails |= self._failed_mail()
        self.assertEqual(self.env["mail.mail"]._cron_case_retry_smtp(batch_size=2), 2)
        self.assertEqual(self.env["mail.mail"]._cron_case_retry_smtp(batch_size=2), 1)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
