# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_consent import CaseConsentCommon


@tagged("post_install", "-at_install", "case_consent")
class TestOspodAgreement(CaseConsentCommon):
    """A3 3.4: widening the circle where OSPOD takes part needs a covering
    consent and a recorded agreement with OSPOD before anything is sent."""

    def _add_school(self):
        return self.env["case.participant"].create(
            {
                "case_id": self.case_in.id,
                "partner_id": self.school_teacher.id,
                "role_id": self.env.ref("case_management.role_class_teacher").id,
            }
        )

    def test_new_participant_needs_ospod_agreement(self):
        self.make_consent(self.case_in, self.school, ["basic"])
        self.assertGateAllows(self.case_in, self.school_teacher, ["basic"])
        line = self._add_school()
        self.assertTrue(line.needs_ospod_agreement)
        self.assertFalse(self.participant_in.needs_ospod_agreement)
        self.assertTrue(self.case_in.participant_needs_ospod_agreement)
        self.assertGateRefuses(
            self.case_in,
            self.school_teacher,
            ["basic"],
            "no recorded agreement with OSPOD to widen the circle",
        )
        case = self.case_in.with_user(self.user_manager)
        with self.assertRaisesRegex(UserError, self.school_teacher.name):
            case._case_send_mail(self.school_teacher, ["basic"], "Invite", "<p>x</p>")
        self.assertFalse(
            self.env["mail.mail"].search([("case_id", "=", self.case_in.id)])
        )
        # OSPOD itself is still reachable
        self.make_consent(self.case_in, self.ospod, ["basic"])
        self.assertGateAllows(self.case_in, self.ospod, ["basic"])

        line.with_user(self.user_manager).write(
            {"ospod_agreed": True, "ospod_agreed_note": "Phone call with OSPOD"}
        )
        self.assertEqual(line.ospod_agreed_date, self.today)
        self.assertFalse(line.needs_ospod_agreement)
        self.assertFalse(self.case_in.participant_needs_ospod_agreement)
        self.assertGateAllows(self.case_in, self.school_teacher, ["basic"])
        mails = case._case_send_mail(
            self.school_teacher, ["basic"], "Invite", "<p>x</p>"
        )
        self.assertEqual(mails.recipient_ids, self.school_teacher)
        self.assertWentThroughGate(self.case_in, self.school_teacher, ["basic"])

    def test_agreement_does_not_replace_consent(self):
        self._add_school().ospod_agreed = True
        self.assertGateRefuses(
            self.case_in, self.school_teacher, ["basic"], "not covered"
        )

    def test_statutory_path_unaffected(self):
        self._add_school()
        allowed, refused = self.case_in._case_disclosure_check(
            self.school_teacher, ["basic"], legal_basis="§10 odst. 4 ZSPOD"
        )
        self.assertEqual(allowed, self.school_teacher)
        self.assertFalse(refused)

    def test_no_rule_without_ospod_or_before_it(self):
        # added before OSPOD joined: no agreement needed
        self.participant_in.unlink()
        line = self._add_school()
        self.make_consent(self.case_in, self.school, ["basic"])
        self.assertFalse(line.needs_ospod_agreement)
        self.assertGateAllows(self.case_in, self.school_teacher, ["basic"])
        self.env["case.participant"].create(
            {
                "case_id": self.case_in.id,
                "partner_id": self.ospod.id,
                "role_id": self.env.ref("case_management.role_ospod").id,
            }
        )
        self.assertFalse(line.needs_ospod_agreement)
        self.assertGateAllows(self.case_in, self.school_teacher, ["basic"])
        # OSPOD ended its participation: the rule no longer bites
        line2 = self.env["case.participant"].create(
            {"case_id": self.case_in.id, "partner_id": self.teacher.id}
        )
        self.assertTrue(line2.needs_ospod_agreement)
        self.case_in.participant_ids.filtered(
            lambda p: p.partner_id == self.ospod
        ).action_end()
        self.assertFalse(line2.needs_ospod_agreement)


@tagged("post_install", "-at_install", "case_consent")
class TestClosureReason(CaseConsentCommon):
    """A3 3.13: a closure reason; withdrawing the last consent suggests one."""

    def test_closure_requires_a_reason(self):
        closed = self.env.ref("case_management.stage_closed")
        # Users close through the closure wizard (test_closure); the reason
        # is still enforced on the bare stage change the system may do.
        case = self.case_in
        with self.assertRaisesRegex(ValidationError, "closure reason"):
            case.write({"stage_id": closed.id})
        case.write(
            {
                "stage_id": self.env.ref("case_management.stage_closure").id,
            }
        )
        self.assertTrue(case.show_closure_reason)
        case.write(
            {
                "stage_id": closed.id,
                "closure_reason": "family_disagrees",
                "closure_note": "The parents withdrew their consent.",
            }
        )
        self.assertTrue(case.is_closed)
        with self.assertRaisesRegex(ValidationError, "closure reason"):
            case.closure_reason = False

    def test_withdrawing_last_consent_suggests_closure(self):
        first = self.make_consent(self.case_in, self.ospod, ["basic"])
        second = self.make_consent(self.case_in, self.school, ["basic"])
        case = self.case_in

        def suggestions():
            return case.message_ids.filtered(
                lambda m: "last valid consent" in (m.body or "")
            )

        first.with_user(self.user_manager).action_withdraw(reason="Changed mind")
        self.assertFalse(suggestions())
        second.with_user(self.user_manager).action_withdraw(reason="Disagrees")
        self.assertEqual(len(suggestions()), 1)
        self.assertIn("family disagrees", suggestions().body)
        self.assertFalse(case.is_closed, "the case is never closed automatically")
        self.assertFalse(case.closure_reason)
