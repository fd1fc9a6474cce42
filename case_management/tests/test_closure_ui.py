# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestClosureUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="tour_closure_manager",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        Partner = cls.env["res.partner"]
        family = cls.env["case.family"].create({"name": "Domácnost Uzavíraných"})
        child = Partner.create(
            {"name": "Petr Tour", "case_family_id": family.id, "family_role": "child"}
        )
        cls.debt = cls.env.ref("case_management.service_category_debt")
        cls.counsellor = Partner.create(
            {
                "name": "Dluhová poradna Tour",
                "is_company": True,
                "is_service_provider": True,
                "service_category_ids": [Command.set(cls.debt.ids)],
            }
        )
        cls.crisis = Partner.create(
            {
                "name": "Krizová linka Tour",
                "phone": "116 111",
                "is_service_provider": True,
            }
        )
        cls.case = cls.env["case.case"].create(
            {
                "name": "TOUR-CLOSURE",
                "family_id": family.id,
                "focus_partner_ids": [Command.set(child.ids)],
                "manager_id": cls.manager.id,
            }
        )

    def test_case_closure_tour(self):
        self.start_tour(
            "/odoo/action-case_management.case_referral_action",
            "case_closure_tour",
            login="tour_closure_manager",
        )
        referral = self.case.referral_ids
        self.assertEqual(referral.state, "no_capacity")
        self.assertEqual(referral.partner_id, self.counsellor)
        self.assertEqual(referral.gap_id.category_id, self.debt)
        self.assertEqual(referral.gap_id.reason, "no_capacity")
        self.assertTrue(self.case.is_closed)
        self.assertEqual(self.case.closure_reason, "goals_met")
        self.assertEqual(self.case.recommendation_ids.partner_id, self.crisis)
        self.assertTrue(self.case.closure_letter_id)
