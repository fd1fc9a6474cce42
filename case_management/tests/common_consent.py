# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Test helpers for every feature that shares case information.

Later features (invitations, minutes, plans, closure letters) use
``CaseConsentCommon`` to build consents and to assert that their shares went
through the disclosure gate::

    class TestMinutes(CaseConsentCommon):
        def test_minutes_go_through_gate(self):
            self.make_consent(self.case_in, self.school_teacher, ["minutes"])
            minutes.action_send()
            self.assertWentThroughGate(self.case_in, self.school_teacher, ["minutes"],
                                       record=minutes)
"""

import base64

from odoo import Command, fields

from odoo.addons.case_management.tests.common import CaseManagementCommon

SCAN = base64.b64encode(b"%PDF-1.4 signed consent scan")


class CaseConsentMixin:
    """Assertions about the gate; mix into any ``TransactionCase``."""

    def make_consent(self, case, recipients, codes, valid=True, **values):
        categories = self.env["case.data.category"].search(
            [("code", "in", list(codes))]
        )
        vals = {
            "case_id": case.id,
            "signer_id": values.pop("signer_id", None)
            or (case.family_id.member_ids[:1] or case.focus_partner_ids[:1]).id,
            "recipient_partner_ids": [Command.set(recipients.ids)],
            "category_ids": [Command.set(categories.ids)],
            "scan": SCAN,
            "scan_filename": "consent.pdf",
        }
        vals.update(values)
        consent = self.env["case.consent"].create(vals)
        if valid:
            consent.action_validate()
        return consent

    def assertWentThroughGate(self, case, partner, codes, record=None, channel=None):
        """One disclosure row logs the share of ``record`` to ``partner``."""
        domain = [("case_id", "=", case.id), ("partner_id", "=", partner.id)]
        if record is not None:
            domain += [("res_model", "=", record._name), ("res_id", "=", record.id)]
        if channel:
            domain.append(("channel", "=", channel))
        disclosures = self.env["case.disclosure"].sudo().search(domain)
        self.assertTrue(disclosures, f"no disclosure logged for {partner.display_name}")
        self.assertEqual(
            set(disclosures[0].category_ids.mapped("code")),
            set(codes),
            "wrong categories",
        )
        self.assertTrue(
            disclosures[0].consent_id
            or disclosures[0].legal_basis
            or disclosures[0].data_subject_role,
            "a disclosure must name its consent, data-subject role or legal basis",
        )
        return disclosures

    def assertGateRefuses(self, case, partner, codes, message_part=None):
        allowed, refused = case._case_disclosure_check(partner, codes)
        self.assertFalse(allowed, f"{partner.display_name} should be refused")
        self.assertIn(partner, refused)
        if message_part:
            self.assertIn(message_part, refused[partner])
        return refused[partner]

    def assertGateAllows(self, case, partner, codes):
        allowed, refused = case._case_disclosure_check(partner, codes)
        self.assertEqual(allowed, partner, refused.get(partner))


class CaseConsentCommon(CaseManagementCommon, CaseConsentMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.school = Partner.create(
            {"name": "ZŠ Komenského", "is_company": True, "email": "skola@example.org"}
        )
        cls.school_teacher = Partner.create(
            {
                "name": "Mgr. Eva Třídní",
                "parent_id": cls.school.id,
                "email": "eva.tridni@example.org",
            }
        )
        cls.ospod.email = "ospod@example.org"
        cls.teacher.email = "karel@example.org"
        cls.today = fields.Date.today()
