# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.case_management.tests.common_consent import SCAN


@tagged("post_install", "-at_install", "case_family")
class TestFamilyUi(HttpCase):
    """In Czech: a case conference with both parents (two households) and the
    child is planned, invited, held and minuted; the parents are never
    refused by the consent gate (issue 16)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("cs_CZ")
        cls.env["ir.module.module"].search(
            [("name", "=", "case_management")]
        )._update_translations(["cs_CZ"])
        cls.manager = new_test_user(
            cls.env,
            login="tour_family_manager",
            name="Marta Rodinná",
            email="marta.rodinna@example.org",
            tz="Europe/Prague",
            lang="cs_CZ",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        Partner = cls.env["res.partner"]
        Family = cls.env["case.family"]
        home_mother = Family.create({"name": "Domácnost Nových – u maminky"})
        home_father = Family.create({"name": "Domácnost Nových – u tatínka"})
        cls.mother = Partner.create(
            {
                "name": "Petra Nová",
                "email": "petra.nova@example.cz",
                "case_family_id": home_mother.id,
                "family_role": "parent",
                "lang": "cs_CZ",
            }
        )
        cls.father = Partner.create(
            {
                "name": "Pavel Nový",
                "email": "pavel.novy@example.cz",
                "case_family_id": home_father.id,
                "family_role": "parent",
                "lang": "cs_CZ",
            }
        )
        cls.child = Partner.create(
            {
                "name": "Anička Nová",
                "case_family_id": home_mother.id,
                "second_family_id": home_father.id,
                "family_role": "child",
                "birthdate": fields.Date.today() - timedelta(days=11 * 365),
            }
        )
        cls.teacher = Partner.create(
            {
                "name": "Mgr. Eva Učitelová",
                "email": "eva.ucitelova@example.org",
                "lang": "cs_CZ",
            }
        )
        cls.case = cls.env["case.case"].create(
            {
                "family_id": home_mother.id,
                "focus_partner_ids": [Command.set(cls.child.ids)],
                "manager_id": cls.manager.id,
                "referral_source": "school",
                "participant_ids": [Command.create({"partner_id": cls.teacher.id})],
            }
        )
        categories = cls.env["case.data.category"].search(
            [("code", "in", ("basic", "minutes"))]
        )
        consent = cls.env["case.consent"].create(
            {
                "case_id": cls.case.id,
                "signer_id": cls.mother.id,
                "recipient_partner_ids": [Command.set(cls.teacher.ids)],
                "category_ids": [Command.set(categories.ids)],
                "scan": SCAN,
                "scan_filename": "souhlas.pdf",
            }
        )
        consent.action_validate()

    def test_family_conference_tour(self):
        self.start_tour(
            f"/odoo/action-case_management.case_case_action/{self.case.id}",
            "case_family_tour",
            login="tour_family_manager",
        )
        meeting = self.env["case.meeting"].search([("case_id", "=", self.case.id)])
        self.assertEqual(len(meeting), 1)
        self.assertEqual(meeting.meeting_format, "case_conference")
        self.assertEqual(meeting.minutes_state, "distributed")
        lines = {line.partner_id: line for line in meeting.attendee_ids}
        for partner in (self.mother, self.father, self.child, self.teacher):
            with self.subTest(partner=partner.name):
                self.assertEqual(lines[partner].invitation_state, "sent")
        for parent in (self.mother, self.father):
            self.assertEqual(lines[parent].kind, "family")
            self.assertEqual(lines[parent].invitation_mail_id.recipient_ids, parent)
        # the child's invitation went to a parent and names her
        child_mail = lines[self.child].invitation_mail_id
        self.assertIn(child_mail.recipient_ids, self.mother | self.father)
        self.assertIn("Anička Nová", child_mail.body_html)
        # each parent: the family's copy, at their own address
        deliveries = {d.partner_id: d for d in meeting.delivery_ids.sudo()}
        for parent in (self.mother, self.father):
            delivery = deliveries[parent]
            self.assertTrue(delivery.family_copy)
            self.assertFalse(delivery.refused_reason)
            self.assertEqual(delivery.mail_id.recipient_ids, parent)
        self.assertFalse(deliveries[self.teacher].family_copy)
        bases = {
            (d.partner_id, d.basis)
            for d in self.env["case.disclosure"]
            .sudo()
            .search([("case_id", "=", self.case.id)])
        }
        self.assertIn((self.mother, "data_subject"), bases)
        self.assertIn((self.father, "data_subject"), bases)
        self.assertIn((self.teacher, "consent"), bases)
        self.assertNotIn((self.mother, "consent"), bases)
