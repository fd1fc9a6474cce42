# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.tests import tagged

from .common_consent import CaseConsentCommon


@tagged("post_install", "-at_install", "case_consent")
class TestConsentExpiryBatches(CaseConsentCommon):
    """The expiry job works in batches and reports what remains, so the cron
    runner commits per batch and runs it again (ir.cron progress)."""

    def test_expiry_in_batches_with_progress(self):
        consents = self.env["case.consent"]
        for partner in (self.ospod, self.teacher):
            consents |= self.make_consent(
                self.case_in,
                partner,
                ["basic"],
                valid_from=self.today - timedelta(days=60),
                valid_to=self.today - timedelta(days=1),
            )
        cron = self.env.ref("case_management.ir_cron_case_consent_expire")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        Consent = self.env["case.consent"].with_context(ir_cron_progress_id=progress.id)
        Consent._cron_expire_consents(batch_size=1)
        self.assertEqual(consents.mapped("state").count("expired"), 1)
        self.assertGreaterEqual(progress.done, 1)
        self.assertTrue(progress.remaining, "one consent left to expire")
        Consent._cron_expire_consents(batch_size=1)
        self.assertEqual(set(consents.mapped("state")), {"expired"})
        self.assertEqual(progress.remaining, 0)
