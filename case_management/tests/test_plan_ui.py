# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "case_plan")
class TestPlanUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="tour_plan_manager",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        Partner = cls.env["res.partner"]
        family = cls.env["case.family"].create({"name": "Domácnost Tourových"})
        child = Partner.create(
            {"name": "Tomáš Tour", "case_family_id": family.id, "family_role": "child"}
        )
        Partner.create({"name": "ZŠ Tourová", "is_company": True})
        Partner.create({"name": "SAS Tour", "is_company": True})
        case = cls.env["case.case"].create(
            {
                "family_id": family.id,
                "focus_partner_ids": [Command.set(child.ids)],
                "manager_id": cls.manager.id,
            }
        )
        cls.plan = cls.env["case.plan"].create(
            {"case_id": case.id, "situation": "Tour", "date_start": "2030-01-01"}
        )
        cls.case = case

    def test_case_plan_tour(self):
        self.start_tour(
            f"/odoo/action-case_management.case_plan_action/{self.plan.id}",
            "case_plan_tour",
            login="tour_plan_manager",
        )
        self.assertEqual(self.plan.state, "active")
        self.assertEqual(self.plan.review_ids.state, "done")
        new = self.plan.review_ids.new_plan_id
        self.assertEqual((new.version, new.state), (2, "draft"))
        self.assertEqual(len(self.plan.goal_ids), 2)
        self.assertEqual(len(self.plan.step_ids.organisation_id), 2)
