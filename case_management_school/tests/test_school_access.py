# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CaseSchoolData


@tagged("post_install", "-at_install", "security")
class TestSchoolAccess(CaseSchoolData):
    """Class teacher of school A versus school B versus a case worker, per
    model, field and operation (read, search, read_group, write, create,
    unlink), including search and read_group on hidden fields."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.att_a = cls.env["case.school.attendance"].create(
            {
                "pupil_id": cls.pupil_a.id,
                "date": date(2025, 10, 1),
                "lessons": 5,
                "unexcused_hours": 2,
            }
        )
        cls.att_b = cls.env["case.school.attendance"].create(
            {
                "pupil_id": cls.pupil_b.id,
                "date": date(2025, 10, 1),
                "lessons": 5,
                "excused_hours": 1,
            }
        )
        cls.res_a = cls.env["case.school.result"].create(
            {"pupil_id": cls.pupil_a.id, "term_id": cls.term1.id, "average": 2.0}
        )
        cls.sig_a = cls.env["case.school.signal"].create(
            {
                "pupil_id": cls.pupil_a.id,
                "type_id": cls.env.ref("case_management_school.signal_type_anxiety").id,
            }
        )
        cls.case = cls.env["case.case"].create(
            {
                "focus_partner_ids": [(6, 0, cls.child_a.ids)],
                "manager_id": cls.user_manager.id,
                "key_worker_user_id": cls.user_worker.id,
                "referral_source": "school",
                "health_notes": "<p>Diagnóza</p>",
                "ospod_notes": "<p>Šetření OSPOD</p>",
            }
        )
        cls.env["case.factor"].create(
            {"case_id": cls.case.id, "kind": "risk", "description": "Exekuce"}
        )
        cls.referral = cls.pupil_a._school_nominate(
            cls.user_principal_a,
            "Chybí",
            cls.env["case.school.signal.type"],
            case=cls.case,
        )
        cls.referral.decision_reason = "Interní poznámka týmu"
        cls.models = {
            "case.school.pupil": (cls.pupil_a | cls.pupil_a2, cls.pupil_b),
            "case.school.attendance": (cls.att_a, cls.att_b),
            "case.school.result": (cls.res_a, None),
            "case.school.signal": (cls.sig_a, None),
        }

    def test_teacher_sees_own_school_only(self):
        for model, (own, _other) in self.models.items():
            with self.subTest(model=model):
                as_a = self.env[model].with_user(self.user_teacher)
                as_b = self.env[model].with_user(self.user_teacher_b)
                self.assertEqual(as_a.search([]), own)
                self.assertNotIn(own, as_b.search([]))
                own.with_user(self.user_teacher).read(["school_id", "partner_id"])
                with self.assertRaises(AccessError):
                    own.with_user(self.user_teacher_b).read(["school_id"])
                groups = as_b.read_group([], ["school_id"], ["school_id"])
                self.assertNotIn(
                    self.school_a.id,
                    [g["school_id"][0] for g in groups if g["school_id"]],
                )
        # write / create / unlink on the other school's records are refused
        with self.assertRaises(AccessError):
            self.att_a.with_user(self.user_teacher_b).write({"unexcused_hours": 0})
        with self.assertRaises(AccessError):
            self.env["case.school.attendance"].with_user(self.user_teacher_b).create(
                {"pupil_id": self.pupil_a.id, "date": date(2025, 10, 2), "lessons": 5}
            )
        with self.assertRaises(AccessError):
            self.att_a.with_user(self.user_teacher_b).unlink()
        # ... and allowed on the own school's
        self.att_a.with_user(self.user_teacher).write({"late_arrivals": 1})
        self.env["case.school.attendance"].with_user(self.user_teacher).create(
            {"pupil_id": self.pupil_a.id, "date": date(2025, 10, 2), "lessons": 5}
        )
        with self.assertRaises(AccessError):
            self.pupil_b.with_user(self.user_teacher).write({"pupil_code": "X"})

    def test_teacher_never_reads_the_case(self):
        Case = self.env["case.case"].with_user(self.user_teacher)
        for operation in (
            lambda: Case.search([]),
            lambda: self.case.with_user(self.user_teacher).read(["name"]),
            lambda: Case.read_group([], ["stage_id"], ["stage_id"]),
            lambda: self.env["case.factor"].with_user(self.user_teacher).search([]),
        ):
            with self.assertRaises(AccessError):
                operation()

    def test_referral_fields_for_the_school(self):
        referral = self.referral.with_user(self.user_principal_a)
        allowed = referral.read(
            [
                "case_code",
                "case_stage",
                "case_manager_name",
                "reasons",
                "state",
                "school_view_html",
            ]
        )[0]
        self.assertEqual(allowed["case_code"], self.case.name)
        self.assertEqual(allowed["case_manager_name"], self.user_manager.name)
        html = allowed["school_view_html"]
        self.assertNotIn("Exekuce", html)
        self.assertNotIn("Diagnóza", html)
        self.assertNotIn("OSPOD", html)
        self.assertIn("nothing yet", html)
        # the class teacher of the same school sees it too; school B does not
        self.assertEqual(
            self.env["case.school.referral"].with_user(self.user_teacher).search([]),
            self.referral,
        )
        self.assertFalse(
            self.env["case.school.referral"].with_user(self.user_teacher_b).search([])
        )
        hidden = {
            "case_id": lambda: referral.read(["case_id"]),
            "decision_reason": lambda: referral.read(["decision_reason"]),
            "search case_id.factor_ids": lambda: referral.search(
                [("case_id.factor_ids.description", "ilike", "Exekuce")]
            ),
            "search case_id.health_notes": lambda: referral.search(
                [("case_id.health_notes", "ilike", "Diagnóza")]
            ),
            "search decision_reason": lambda: referral.search(
                [("decision_reason", "ilike", "Interní")]
            ),
            "read_group case_id": lambda: referral.read_group(
                [], ["case_id"], ["case_id"]
            ),
            "read_group decision_reason": lambda: referral.read_group(
                [], ["decision_reason"], ["decision_reason"]
            ),
            "write": lambda: referral.write({"reasons": "x"}),
            "unlink": lambda: referral.unlink(),
        }
        for label, operation in hidden.items():
            with self.subTest(operation=label), self.assertRaises(AccessError):
                operation()

    def test_consent_for_the_school_is_shown(self):
        school_cat = self.env.ref("case_management.data_category_school")
        self.env["case.consent"].create(
            {
                "case_id": self.case.id,
                "signer_id": self.env["res.partner"]
                .create({"name": "Matka Zkušební"})
                .id,
                "recipient_partner_ids": [(6, 0, self.user_principal_a.partner_id.ids)],
                "category_ids": [(6, 0, school_cat.ids)],
                "scan": base64.b64encode(b"%PDF-1.4 podpis"),
                "scan_filename": "souhlas.pdf",
            }
        ).action_validate()
        self.referral.invalidate_recordset()
        html = self.referral.with_user(self.user_principal_a).school_view_html
        self.assertIn(school_cat.name, html)

    def test_case_worker_sees_pupils_of_own_cases(self):
        Pupil = self.env["case.school.pupil"].with_user(self.user_worker)
        self.assertEqual(Pupil.search([]), self.pupil_a)
        self.assertEqual(
            self.env["case.school.attendance"].with_user(self.user_worker).search([]),
            self.att_a,
        )
        with self.assertRaises(AccessError):
            self.att_a.with_user(self.user_worker).write({"unexcused_hours": 0})
        # the worker reads the case's decision reason and case link
        referral = self.referral.with_user(self.user_worker)
        self.assertEqual(referral.case_id, self.case)
        self.assertEqual(referral.decision_reason, "Interní poznámka týmu")
        # the school's case manager sees the whole school, not school B
        Pupil = self.env["case.school.pupil"].with_user(self.user_manager)
        self.assertEqual(Pupil.search([]), self.pupil_a | self.pupil_a2)

    def test_pupil_contact_scoped_like_the_school(self):
        """A pupil's contact record is no address-book entry: staff of another
        school, a case worker without the child's case and a plain internal
        user neither read nor find it (issue 11, people scoped like cases)."""
        plain = new_test_user(self.env, login="school_plain", groups="base.group_user")
        Partner = self.env["res.partner"]
        for user in (self.user_principal_a, self.user_manager):
            Partner.with_user(user).browse(self.child_a2.id).read(["name"])
        # the worker reads the child of their own case only
        Partner.with_user(self.user_worker).browse(self.child_a.id).read(["name"])
        for user, child in (
            (self.user_teacher_b, self.child_a),
            (self.user_worker, self.child_a2),
            (plain, self.child_b),
        ):
            with self.subTest(user=user.login, child=child.name):
                self.env.invalidate_all()
                with self.assertRaises(AccessError):
                    Partner.with_user(user).browse(child.id).read(["name"])
                self.assertFalse(
                    Partner.with_user(user).search([("id", "=", child.id)])
                )
        # ordinary contacts stay visible to everyone
        self.assertTrue(
            Partner.with_user(plain).search([("id", "=", self.school_a.id)])
        )
