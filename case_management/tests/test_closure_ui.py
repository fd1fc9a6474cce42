# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common_czech import CzechMixin


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


# Czech texts of these screens still missing from cs.po (their Czech is in
# the i18n file of this change): the lead empties this list when applying it.
# The test fails on any other untranslated text, and on a text listed here
# that has become Czech (so that the list stays true).
KNOWN_UNTRANSLATED = []


@tagged("post_install", "-at_install", "case_czech")
class TestClosureUiCzech(CzechMixin, HttpCase):
    """The closure wizard walked through in Czech by a Czech user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.load_czech()
        cls.manager = new_test_user(
            cls.env,
            login="tour_closure_cs",
            name="Jana Uzavírající",
            lang="cs_CZ",
            tz="Europe/Prague",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        Partner = cls.env["res.partner"]
        family = cls.env["case.family"].create({"name": "Domácnost Končících"})
        child = Partner.create(
            {
                "name": "Ondra Končící",
                "case_family_id": family.id,
                "family_role": "child",
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
                "name": "TOUR-CLOSURE-CS",
                "family_id": family.id,
                "focus_partner_ids": [Command.set(child.ids)],
                "manager_id": cls.manager.id,
            }
        )

    def test_case_closure_cs_tour(self):
        self.start_tour(
            f"/odoo/action-case_management.case_case_action/{self.case.id}",
            "case_closure_cs_tour",
            login="tour_closure_cs",
        )
        self.assertTrue(self.case.is_closed)
        self.assertEqual(self.case.closure_reason, "goals_met")
        self.assertEqual(self.case.recommendation_ids.partner_id, self.crisis)

    def test_closure_screens_czech(self):
        """Every text of the closure wizard and the case form's closure part
        is Czech."""
        missing = self.untranslated(
            "case_management.case_case_close_view_form",
            "case_management.case_case_reopen_view_form",
        )
        self.assertEqual(
            sorted(set(missing) - set(KNOWN_UNTRANSLATED)),
            [],
            "untranslated in Czech",
        )
        self.assertEqual(
            sorted(set(KNOWN_UNTRANSLATED) - set(missing)),
            [],
            "translated now: remove from KNOWN_UNTRANSLATED",
        )
