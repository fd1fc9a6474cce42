# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_consent import SCAN, CaseConsentCommon


@tagged("post_install", "-at_install", "case_consent")
class TestConsentScope(CaseConsentCommon):
    def test_covered(self):
        self.make_consent(self.case_in, self.ospod, ["basic", "ospod"])
        self.assertGateAllows(self.case_in, self.ospod, ["basic"])
        self.assertGateAllows(self.case_in, self.ospod, ["basic", "ospod"])

    def test_not_covered_recipient(self):
        self.make_consent(self.case_in, self.ospod, ["basic"])
        msg = self.assertGateRefuses(self.case_in, self.teacher, ["basic"])
        self.assertIn(self.teacher.name, msg)

    def test_not_covered_category_health_own_category(self):
        """A class teacher may get school support without the diagnosis."""
        self.make_consent(self.case_in, self.school_teacher, ["basic", "school"])
        self.assertGateAllows(self.case_in, self.school_teacher, ["school"])
        msg = self.assertGateRefuses(
            self.case_in, self.school_teacher, ["school", "health"]
        )
        self.assertIn("Health", msg)
        self.assertIn(self.school_teacher.name, msg)
        with self.assertRaises(UserError):
            self.case_in._case_disclosure_check(
                self.school_teacher, ["health"], raise_if_refused=True
            )

    def test_expired(self):
        consent = self.make_consent(
            self.case_in,
            self.ospod,
            ["basic"],
            valid_from=self.today - timedelta(days=60),
            valid_to=self.today - timedelta(days=1),
        )
        self.assertGateRefuses(self.case_in, self.ospod, ["basic"], "expired")
        self.env["case.consent"]._cron_expire_consents()
        self.assertEqual(consent.state, "expired")
        self.assertGateRefuses(self.case_in, self.ospod, ["basic"], "expired")

    def test_future_dated(self):
        self.make_consent(
            self.case_in,
            self.ospod,
            ["basic"],
            valid_from=self.today + timedelta(days=5),
        )
        self.assertGateRefuses(self.case_in, self.ospod, ["basic"], "valid only from")

    def test_withdrawn_and_regiven(self):
        consent = self.make_consent(self.case_in, self.ospod, ["basic"])
        self.case_in.with_user(self.user_manager)._case_disclose(
            self.ospod, ["basic"], label="Before", channel="printed"
        )
        consent.with_user(self.user_manager).action_withdraw(reason="Family disagrees")
        self.assertEqual(consent.state, "withdrawn")
        self.assertEqual(consent.withdrawn_by_id, self.user_manager)
        self.assertGateRefuses(self.case_in, self.ospod, ["basic"], "withdrawn")
        # not retroactive: the earlier disclosure stays logged
        self.assertEqual(len(consent.disclosure_ids), 1)
        with self.assertRaises(UserError):
            consent.recipient_partner_ids = self.teacher
        action = consent.with_user(self.user_manager).action_replace()
        new = self.env["case.consent"].browse(action["res_id"])
        self.assertEqual(new.replaces_id, consent)
        self.assertEqual(new.state, "draft")
        self.assertGateRefuses(self.case_in, self.ospod, ["basic"])
        new.scan = SCAN
        new.action_validate()
        self.assertGateAllows(self.case_in, self.ospod, ["basic"])

    def test_organisation_covers_new_colleague(self):
        self.make_consent(self.case_in, self.school, ["school"])
        colleague = self.env["res.partner"].create(
            {
                "name": "Nová Kolegyně",
                "parent_id": self.school.id,
                "email": "nova@example.org",
            }
        )
        self.assertGateAllows(self.case_in, colleague, ["school"])
        # a person listed individually does not open the whole organisation
        self.make_consent(self.case_in, self.teacher, ["basic"])
        self.assertGateRefuses(self.case_in, self.ospod, ["basic"])

    def test_archived_partner(self):
        self.make_consent(self.case_in, self.school_teacher, ["school"])
        self.school_teacher.active = False
        self.assertGateRefuses(
            self.case_in, self.school_teacher, ["school"], "archived"
        )

    def test_two_partners_one_email(self):
        twin = self.env["res.partner"].create(
            {"name": "Sdílená Adresa", "email": self.ospod.email}
        )
        self.make_consent(self.case_in, self.ospod, ["basic"])
        self.assertGateAllows(self.case_in, self.ospod, ["basic"])
        self.assertGateRefuses(self.case_in, twin, ["basic"])
        allowed, refused = self.case_in._case_disclosure_check(
            self.ospod | twin, ["basic"]
        )
        self.assertEqual(allowed, self.ospod)
        self.assertEqual(list(refused), [twin])

    def test_child_assent_does_not_authorise(self):
        self.make_consent(
            self.case_in,
            self.ospod,
            ["basic"],
            consent_type="assent",
            signer_id=self.child_in.id,
        )
        self.assertGateRefuses(self.case_in, self.ospod, ["basic"])

    def test_other_case_consent_does_not_cover(self):
        self.make_consent(self.case_out, self.ospod, ["basic"])
        self.assertGateRefuses(self.case_in, self.ospod, ["basic"])

    def test_valid_needs_scan(self):
        consent = self.make_consent(
            self.case_in, self.ospod, ["basic"], valid=False, scan=False
        )
        with self.assertRaises(UserError):
            consent.action_validate()

    def test_cron_activity_before_end_no_duplicates(self):
        consent = self.make_consent(
            self.case_in,
            self.ospod,
            ["basic"],
            valid_to=self.today + timedelta(days=20),
        )
        self.env["case.consent"]._cron_expire_consents()
        self.env["case.consent"]._cron_expire_consents()
        self.assertEqual(len(consent.activity_ids), 1)
        self.assertEqual(consent.activity_ids.user_id, self.user_manager)

    def test_matrix_and_warning(self):
        self.case_in.invalidate_recordset()
        self.assertIn(self.ospod, self.case_in.consent_uncovered_partner_ids)
        self.make_consent(self.case_in, self.ospod, ["basic"])
        self.case_in.invalidate_recordset()
        self.assertNotIn(self.ospod, self.case_in.consent_uncovered_partner_ids)
        self.assertIn("✔", self.case_in.consent_matrix_html)


@tagged("post_install", "-at_install", "case_consent", "security")
class TestConsentAccess(CaseConsentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consent_in = cls.make_consent(cls, cls.case_in, cls.ospod, ["basic"])
        cls.consent_out = cls.make_consent(cls, cls.case_out, cls.ospod, ["basic"])

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_worker_reads_only(self):
        Consent = self.env["case.consent"].with_user(self.user_worker)
        self.env.invalidate_all()
        self.assertEqual(Consent.search([]), self.consent_in)
        self.consent_in.with_user(self.user_worker).read(["state"])
        with self.assertRaises(AccessError):
            self.consent_out.with_user(self.user_worker).read(["state"])
        with self.assertRaises(AccessError):
            self.consent_in.with_user(self.user_worker).write({"purpose": "x"})
        with self.assertRaises(AccessError):
            Consent.create(
                {
                    "case_id": self.case_in.id,
                    "signer_id": self.mother_in.id,
                    "purpose": "x",
                }
            )
        with self.assertRaises(AccessError):
            self.consent_in.with_user(self.user_worker).action_withdraw()

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_manager_edits_own_cases(self):
        self.env.invalidate_all()
        consent = self.consent_in.with_user(self.user_manager)
        consent.write({"purpose": "Updated purpose"})
        consent.action_withdraw(reason="asked")
        with self.assertRaises(AccessError):
            self.consent_out.with_user(self.user_manager).write({"purpose": "x"})

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_outsiders_see_nothing(self):
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.env["case.consent"].with_user(self.user_nogroup).search([])
        with self.assertRaises(AccessError):
            self.env["case.disclosure"].with_user(self.user_nogroup).search([])
        with self.assertRaises(AccessError):
            self.env["case.access.log"].with_user(self.user_manager).search([])
        self.assertTrue(
            self.env["case.consent"].with_user(self.user_coordinator).search_count([])
            >= 2
        )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_disclosure_and_access_log_are_append_only(self):
        disc = self.case_in._case_disclose(self.ospod, ["basic"], channel="printed")
        with self.assertRaises(UserError):
            disc.write({"label": "changed"})
        with self.assertRaises(UserError):
            disc.unlink()
        with self.assertRaises(UserError):
            disc.with_user(self.user_coordinator).write({"state": "cancelled"})
        with self.assertRaises(UserError):
            self.env["case.disclosure"].with_user(self.user_coordinator).create(
                {
                    "case_id": self.case_in.id,
                    "partner_id": self.ospod.id,
                    "label": "fake",
                }
            )
        self.case_in.with_user(self.user_manager).web_read({"name": {}})
        log = (
            self.env["case.access.log"]
            .with_user(self.user_coordinator)
            .search([("case_id", "=", self.case_in.id)])
        )
        self.assertEqual(log.user_id, self.user_manager)
        with self.assertRaises(UserError):
            log.write({"user_id": self.user_coordinator.id})
        with self.assertRaises(AccessError):
            log.unlink()
        with self.assertRaises(UserError):
            log.sudo().unlink()
        with self.assertRaises(UserError):
            log.sudo().write({"operation": "export"})


@tagged("post_install", "-at_install", "case_consent")
class TestCaseDocuments(CaseConsentCommon):
    def test_contract_and_incoming_report(self):
        contract = self.env["case.service.contract"].create(
            {
                "case_id": self.case_in.id,
                "service": "SAS pro rodiny s dětmi",
                "date_signed": self.today,
                "signer_id": self.mother_in.id,
            }
        )
        # the contract is not a consent to share
        self.assertFalse(self.case_in.consent_ids)
        self.assertGateRefuses(self.case_in, self.ospod, ["basic"])
        report = self.env["case.incoming.report"].create(
            {
                "case_id": self.case_in.id,
                "name": "Zpráva školy",
                "source_id": self.teacher.id,
                "original_statement": "Matka se školou nespolupracuje.",
            }
        )
        report.corrected_reading = "Matka zatím mluvila jen s ředitelem."
        self.assertEqual(report.original_statement, "Matka se školou nespolupracuje.")
        self.assertIn(contract, self.case_in.service_contract_ids)
        self.assertIn(report, self.case_in.incoming_report_ids)
        self.assertFalse(
            self.env["case.incoming.report"]
            .with_user(self.user_manager2)
            .search([("id", "=", report.id)])
        )


@tagged("post_install", "-at_install", "case_consent")
class TestConsentForm(CaseConsentCommon):
    def test_printable_form_prefilled(self):
        consent = self.make_consent(
            self.case_in, self.school | self.ospod, ["basic", "school"], valid=False
        )
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "case_management.action_report_case_consent", consent.ids
        )
        html = html.decode()
        self.assertIn(self.school.name, html)
        self.assertIn(self.ospod.name, html)
        self.assertIn("School", html)
        self.assertNotIn("Health", html)
        pdf, _fmt = self.env["ir.actions.report"]._render_qweb_pdf(
            "case_management.action_report_case_consent", consent.ids
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
