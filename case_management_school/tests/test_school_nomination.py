# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CaseSchoolData


@tagged("post_install", "-at_install", "case_school_nomination")
class TestSchoolNomination(CaseSchoolData):
    def _nominate(self, user, pupil, reasons="Nemá svačiny, chybí."):
        wizard = (
            self.env["case.school.nominate"]
            .with_user(user)
            .create(
                {
                    "pupil_id": pupil.id,
                    "reasons": reasons,
                    "signal_type_ids": [
                        (
                            6,
                            0,
                            self.env.ref("case_management_school.signal_type_food").ids,
                        )
                    ],
                }
            )
        )
        action = wizard.action_nominate()
        return self.env["case.school.referral"].browse(action["res_id"])

    def test_principal_nominates_in_one_step(self):
        referral = self._nominate(self.user_principal_a, self.pupil_a)
        case = referral.case_id
        self.assertEqual(case.referral_source, "school")
        self.assertEqual(case.focus_partner_ids, self.child_a)
        self.assertEqual(case.referral_partner_id, self.user_principal_a.partner_id)
        self.assertEqual(case.school_id, self.school_a)
        self.assertEqual(case.manager_id, self.user_manager)
        self.assertEqual(referral.nominated_by_id, self.user_principal_a)
        self.assertEqual(referral.reasons, "Nemá svačiny, chybí.")
        self.assertEqual(referral.state, "proposed")
        self.assertTrue(self.pupil_a.is_nominated)
        self.assertTrue(
            case.activity_ids.filtered(lambda a: a.user_id == self.user_manager)
        )
        # the school sees its nomination and the case code, stage and manager
        as_principal = referral.with_user(self.user_principal_a)
        self.assertEqual(as_principal.case_code, case.name)
        self.assertEqual(as_principal.case_manager_name, self.user_manager.name)
        self.assertEqual(as_principal.case_stage, case.stage_id.name)
        # nominating twice is refused
        with self.assertRaises(UserError):
            self._nominate(self.user_principal_a, self.pupil_a)

    def test_class_teacher_cannot_nominate(self):
        with self.assertRaisesRegex(UserError, "Only the principal"):
            self._nominate(self.user_teacher, self.pupil_a)

    def test_other_school_cannot_nominate(self):
        with self.assertRaises(AccessError):
            self._nominate(self.user_teacher_b, self.pupil_a)

    def test_wizard_prefills_reasons_from_watch_list(self):
        self.pupil_a.sudo().write({"watch_reasons": "12 unexcused hours in 30 days"})
        form = Form(
            self.env["case.school.nominate"]
            .with_user(self.user_principal_a)
            .with_context(default_pupil_id=self.pupil_a.id)
        )
        self.assertEqual(form.reasons, "12 unexcused hours in 30 days")

    def test_accept_and_decline(self):
        referral = self._nominate(self.user_principal_a, self.pupil_a)
        # the school cannot decide on its own nomination
        with self.assertRaisesRegex(UserError, "Only a case manager"):
            referral.with_user(self.user_principal_a).action_accept()
        referral.with_user(self.user_manager).action_accept()
        self.assertEqual(referral.state, "accepted")
        self.assertEqual(referral.decided_by_id, self.user_manager)
        self.assertTrue(referral.case_id.active)
        with self.assertRaises(UserError):
            referral.with_user(self.user_manager).action_decline()

        referral2 = self._nominate(self.user_principal_a, self.pupil_a2)
        with self.assertRaisesRegex(UserError, "reason"):
            referral2.with_user(self.user_manager).action_decline()
        referral2.with_user(
            self.user_manager
        ).decision_reason = "Rodina už má podporu SAS."
        referral2.with_user(self.user_manager).action_decline()
        self.assertEqual(referral2.state, "declined")
        self.assertEqual(
            referral2.case_id.stage_id, self.env.ref("case_management.stage_closed")
        )
        self.assertEqual(referral2.case_id.closure_note, "Rodina už má podporu SAS.")
        self.assertFalse(self.pupil_a2.is_nominated)
        # the reason stays with the case team, never the school
        with self.assertRaises(AccessError):
            referral2.with_user(self.user_principal_a).read(["decision_reason"])
