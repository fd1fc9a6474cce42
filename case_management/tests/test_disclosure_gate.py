# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail

from .common_consent import CaseConsentCommon


@tagged("post_install", "-at_install", "case_consent")
class TestDisclosureGate(CaseConsentCommon, MockEmail):
    def _queue(self, partners, codes=("basic",), **kwargs):
        return self.case_in.with_user(self.user_manager)._case_send_mail(
            partners, list(codes), "Update", "<p>Neutral update</p>", **kwargs
        )

    def test_send_logs_and_never_follows(self):
        self.make_consent(self.case_in, self.ospod, ["basic"])
        mails = self._queue(self.ospod | self.teacher, raise_if_refused=False)
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.ospod)
        self.assertFalse(mails.email_to)
        disc = self.assertWentThroughGate(self.case_in, self.ospod, ["basic"])
        self.assertEqual(disc.mail_id, mails)
        self.assertEqual(disc.state, "pending")
        self.assertNotIn(self.ospod, self.case_in.message_partner_ids)
        with self.mock_mail_gateway():
            mails.send()
        self.assertEqual(mails.state, "sent")
        self.assertEqual(len(self._mails), 1)
        self.assertIn(self.ospod.email, self._mails[0]["email_to"][0])
        self.assertEqual(disc.state, "done")
        self.assertNotIn(self.ospod, self.case_in.message_partner_ids)

    def test_queued_mail_wakes_the_mail_queue(self):
        """A case mail does not wait for the hourly queue: the queue's job is
        triggered now (a cron worker sends it, re-checking the consent)."""
        self.make_consent(self.case_in, self.ospod, ["basic"])
        queue = self.env.ref("mail.ir_cron_mail_scheduler_action")
        Trigger = self.env["ir.cron.trigger"].sudo()
        before = Trigger.search([("cron_id", "=", queue.id)])
        self._queue(self.teacher, raise_if_refused=False)
        self.assertFalse(Trigger.search([("cron_id", "=", queue.id)]) - before)
        self._queue(self.ospod)
        new = Trigger.search([("cron_id", "=", queue.id)]) - before
        self.assertEqual(len(new), 1)
        self.assertLessEqual(new.call_at, fields.Datetime.now())

    def test_refused_explicit_recipient_raises(self):
        self.make_consent(self.case_in, self.ospod, ["basic"])
        with self.assertRaisesRegex(UserError, self.teacher.name):
            self._queue(self.ospod | self.teacher)
        self.assertFalse(
            self.env["case.disclosure"].search([("case_id", "=", self.case_in.id)])
        )

    def test_withdraw_between_queue_and_send(self):
        consent = self.make_consent(self.case_in, self.ospod, ["basic"])
        mails = self._queue(self.ospod)
        consent.with_user(self.user_manager).action_withdraw(reason="Family disagrees")
        with self.mock_mail_gateway():
            self.env["mail.mail"].process_email_queue()
        self.assertFalse(
            [m for m in self._mails if self.ospod.email in " ".join(m["email_to"])]
        )
        self.assertEqual(mails.state, "cancel")
        self.assertIn("withdrawn", mails.failure_reason)
        disc = mails.case_disclosure_ids
        self.assertEqual(disc.state, "cancelled")
        self.assertIn("withdrawn", disc.cancel_reason)
        self.assertEqual(disc.consent_id, consent)
        activity = self.case_in.activity_ids.filtered(lambda a: "stopped" in a.summary)
        self.assertEqual(activity.user_id, self.user_manager)

    def test_expiry_between_queue_and_send(self):
        consent = self.make_consent(self.case_in, self.ospod, ["basic"])
        mails = self._queue(self.ospod)
        consent.write({"state": "expired"})
        with self.mock_mail_gateway():
            mails.send()
        self.assertEqual(self._mails, [])
        self.assertEqual(mails.state, "cancel")

    def test_statutory_notification(self):
        mails = self._queue(
            self.ospod, codes=("ospod",), legal_basis="§10 odst. 4 ZSPOD"
        )
        disc = self.assertWentThroughGate(self.case_in, self.ospod, ["ospod"])
        self.assertEqual(disc.legal_basis, "§10 odst. 4 ZSPOD")
        self.assertFalse(disc.consent_id)
        with self.mock_mail_gateway():
            mails.send()
        self.assertEqual(mails.state, "sent")

    def test_attachments_never_become_links(self):
        self.make_consent(self.case_in, self.ospod, ["basic"])
        attachment = self.env["ir.attachment"].create(
            {
                "name": "minutes.pdf",
                "datas": base64.b64encode(b"x" * 40000),
                "res_model": "case.case",
                "res_id": self.case_in.id,
            }
        )
        mails = self._queue(self.ospod, attachments=attachment)
        self.env["ir.config_parameter"].set_param("base.default_max_email_size", "0.01")
        with self.assertRaisesRegex(UserError, "download links"):
            self._queue(self.ospod, attachments=attachment)
        with self.mock_mail_gateway():
            mails.send()
        self.assertEqual(self._mails, [])
        self.assertEqual(mails.state, "cancel")
        self.assertIn("download links", mails.failure_reason)
        self.assertFalse(attachment.access_token)

    def test_raw_address_cancelled(self):
        self.make_consent(self.case_in, self.ospod, ["basic"])
        mails = self._queue(self.ospod)
        mails.email_to = "someone@example.org"
        with self.mock_mail_gateway():
            mails.send()
        self.assertEqual(mails.state, "cancel")

    def test_notify_circle_wizard(self):
        self.make_consent(self.case_in, self.ospod, ["basic"])
        self.env["case.participant"].create(
            {"case_id": self.case_in.id, "partner_id": self.teacher.id}
        )
        form = Form(
            self.env["case.circle.notify"]
            .with_user(self.user_manager)
            .with_context(default_case_id=self.case_in.id)
        )
        self.assertIn(self.teacher.name, form.refused_text)
        form.partner_ids.remove(self.teacher.id)
        form.body = "<p>The family moved.</p>"
        self.assertFalse(form.refused_text)
        form.save().action_send()
        self.assertWentThroughGate(self.case_in, self.ospod, ["basic"])

    def test_sudden_change_uses_protocol(self):
        self.case_in.sudden_change_partner_ids = self.ospod
        action = self.case_in.action_open_sudden_change()
        wizard = (
            self.env["case.circle.notify"]
            .with_context(**action["context"])
            .create({"body": "<p>Panic attack at school</p>"})
        )
        self.assertEqual(wizard.partner_ids, self.ospod)
        with self.assertRaises(UserError):
            wizard.action_send()

    def test_access_log_one_row_per_open(self):
        Log = self.env["case.access.log"]
        before = Log.search_count([("case_id", "=", self.case_in.id)])
        self.case_in.with_user(self.user_worker).web_read({"name": {}})
        self.env["case.case"].with_user(self.user_worker).web_search_read(
            [], {"name": {}}
        )
        self.assertEqual(
            Log.search_count([("case_id", "=", self.case_in.id)]), before + 1
        )


@tagged("post_install", "-at_install", "case_consent", "security")
class TestGateAccess(CaseConsentCommon):
    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_worker_cannot_use_the_gate_on_a_foreign_case(self):
        self.make_consent(self.case_out, self.ospod, ["basic"])
        self.env.invalidate_all()
        case_out = self.case_out.with_user(self.user_worker)
        with self.assertRaises(AccessError):
            case_out._case_disclosure_check(self.ospod, ["basic"])
        with self.assertRaises(AccessError):
            case_out._case_send_mail(self.ospod, ["basic"], "x", "<p>x</p>")
        with self.assertRaises(AccessError):
            self.env["case.circle.notify"].with_user(self.user_worker).create(
                {"case_id": self.case_out.id, "body": "<p>x</p>"}
            ).action_send()
