# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common_consent import CaseConsentMixin
from .test_plan import CasePlanCommon


@tagged("post_install", "-at_install", "case_plan")
class TestPlanSharing(CasePlanCommon, CaseConsentMixin):
    def test_share_refuses_without_consent_and_logs_the_rest(self):
        self.ospod.email = "ospod@example.com"
        self.teacher.email = "teacher@example.com"
        self.make_consent(self.case_in, self.ospod, ["family_plan"])
        plan = self.make_plan()
        plan.action_activate()
        self.assertGateRefuses(self.case_in, self.teacher, ["family_plan"])
        wizard = (
            self.env["case.plan.share"]
            .with_user(self.user_manager)
            .create(
                {
                    "plan_id": plan.id,
                    "partner_ids": [(6, 0, (self.ospod | self.teacher).ids)],
                }
            )
        )
        self.assertIn(self.teacher.name, wizard.coverage)
        action = wizard.action_send()
        self.assertEqual(action["params"]["type"], "warning")
        self.assertWentThroughGate(
            self.case_in, self.ospod, ["family_plan"], record=plan
        )
        self.assertFalse(
            self.env["case.disclosure"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.teacher.id),
                    ("case_id", "=", self.case_in.id),
                ]
            )
        )
        mails = self.env["mail.mail"].sudo().search([("case_id", "=", self.case_in.id)])
        self.assertEqual(mails.recipient_ids, self.ospod)
        self.assertTrue(mails.attachment_ids)
        self.assertIn(self.teacher.name, plan.message_ids[0].body)
