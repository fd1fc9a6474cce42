# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain language for the family (A6 6.24): the glossary, the warnings on the
meeting and plan forms, the glossary printed at the end of the family's copy."""

from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .test_meeting import CaseMeetingCommon
from .test_plan import CasePlanCommon

OSPOD_EXPLANATION = "the child protection department of the town hall"
SAS_EXPLANATION = "a worker who visits the family at home"
IPOD_EXPLANATION = "the plan the child protection department makes for the child"


class GlossaryMixin:
    @classmethod
    def _setup_glossary(cls):
        """A glossary of our own: the shipped terms are removed (rolled back
        after the class) so the tests do not depend on the data file."""
        Term = cls.env["case.glossary.term"].with_context(active_test=False)
        Term.search([]).unlink()
        cls.term_ospod, cls.term_sas, cls.term_ipod = Term.create(
            [
                {"name": "OSPOD", "explanation": OSPOD_EXPLANATION},
                {"name": "SAS", "explanation": SAS_EXPLANATION},
                {"name": "IPOD", "explanation": IPOD_EXPLANATION},
            ]
        )

    def _terms(self, record):
        record.invalidate_recordset(["plain_language_terms"])
        return (record.plain_language_terms or "").split(", ")


@tagged("post_install", "-at_install", "case_meeting")
class TestGlossaryMeeting(GlossaryMixin, CaseMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_glossary()

    def _minutes(self, summary, **vals):
        start = fields.Datetime.now().replace(microsecond=0) - timedelta(days=1)
        vals.setdefault("partners", self.school_teacher | self.user_worker.partner_id)
        meeting = self._meeting(start=start, **vals)
        meeting.sudo().state = "held"
        meeting.attendee_ids.attendance = "present"
        meeting.action_start_minutes()
        meeting.write(
            {
                "minutes_item_ids": [
                    Command.create({"topic": "School", "summary": summary})
                ],
                "decision_ids": [
                    Command.create(
                        {
                            "what": "Call the mother every Monday",
                            "responsible_type": "external",
                            "partner_id": self.school_teacher.id,
                        }
                    )
                ],
            }
        )
        return meeting

    def test_warning_lists_unexplained_not_explained(self):
        meeting = self._minutes(
            "OSPOD will call. SAS (sociálně aktivizační služba) visits on "
            "Monday; the SAS worker brings the forms."
        )
        self.assertEqual(self._terms(meeting), ["OSPOD"])
        self.assertIn("OSPOD – " + OSPOD_EXPLANATION, meeting.plain_language_glossary)
        self.assertNotIn("SAS", meeting.plain_language_glossary)
        # explaining it in the text silences the warning
        meeting.minutes_item_ids.summary = (
            "The child protection department of the town hall (OSPOD) will call."
        )
        self.assertFalse(meeting.plain_language_terms)
        self.assertFalse(meeting.plain_language_glossary)

    def test_family_copy_fields_only(self):
        """Decisions and the child's wishes count; the goal, which the family's
        copy does not print, does not; the child's wishes only at a
        child-involved conference (the only one that prints them)."""
        meeting = self._minutes(
            "Going better", goal="Check the IPOD", child_wishes="No more OSPOD"
        )
        self.assertEqual(meeting.plain_language_terms, False)
        meeting.meeting_format = "child_conference"
        self.assertEqual(self._terms(meeting), ["OSPOD"])
        meeting.decision_ids.what = "SAS visits every week"
        self.assertEqual(self._terms(meeting), ["OSPOD", "SAS"])
        meeting.child_priority_ids = [
            Command.create({"wish": "I want to see the IPOD", "kind": "wish"})
        ]
        self.assertEqual(self._terms(meeting), ["OSPOD", "IPOD", "SAS"])
        meeting.child_priority_ids = [Command.clear()]
        # names the family reads count too
        self.ospod.name = "Mgr. Petra Nováková (IPOD)"
        meeting.attendee_ids = [Command.create({"partner_id": self.ospod.id})]
        meeting.attendee_ids.attendance = "present"
        self.assertIn("IPOD", self._terms(meeting))

    def test_form_warning_live(self):
        meeting = self._minutes("Going better")
        with Form(meeting.with_user(self.user_manager)) as form:
            self.assertFalse(form.plain_language_terms)
            with form.minutes_item_ids.edit(0) as item:
                item.summary = "The IPOD applies"
            self.assertEqual(form.plain_language_terms, "IPOD")

    def test_archived_term_not_used(self):
        meeting = self._minutes("OSPOD and SAS")
        self.assertEqual(self._terms(meeting), ["OSPOD", "SAS"])
        self.term_sas.action_archive()
        self.assertEqual(self._terms(meeting), ["OSPOD"])

    def test_other_company_term_not_used(self):
        other = self.env["res.company"].create({"name": "Jiná organizace"})
        Term = self.env["case.glossary.term"]
        Term.create({"name": "NNO", "explanation": "a charity", "company_id": other.id})
        Term.create(
            {
                "name": "PK",
                "explanation": "a meeting of everyone who helps",
                "company_id": self.case_in.company_id.id,
            }
        )
        # a company's own wording overrides the shared one
        Term.create(
            {
                "name": "SAS",
                "explanation": "our family service",
                "company_id": self.case_in.company_id.id,
            }
        )
        meeting = self._minutes("NNO, PK and SAS")
        self.assertEqual(self._terms(meeting), ["PK", "SAS"])
        self.assertIn("SAS – our family service", meeting.plain_language_glossary)
        self.assertNotIn(SAS_EXPLANATION, meeting.plain_language_glossary)

    def test_show_glossary_action(self):
        meeting = self._minutes("SAS and OSPOD")
        action = meeting.with_user(self.user_manager).action_show_glossary()
        self.assertEqual(action["res_model"], "case.glossary.term")
        terms = self.env["case.glossary.term"].search(action["domain"])
        self.assertEqual(terms, self.term_ospod | self.term_sas)
        # a case worker can read what the button opens
        self.assertEqual(
            terms.with_user(self.user_worker).mapped("explanation"),
            terms.mapped("explanation"),
        )

    def test_family_copy_prints_glossary(self):
        meeting = self._minutes(
            "OSPOD will call. SAS (sociálně aktivizační služba) visits."
        )
        meeting.action_approve_minutes()
        Report = self.env["ir.actions.report"]
        family, _fmt = Report._render_qweb_html(
            "case_management.action_report_case_meeting_minutes_family", meeting.ids
        )
        family = family.decode()
        self.assertIn("case-glossary", family)
        self.assertIn("Glossary", family)
        self.assertIn(OSPOD_EXPLANATION, family)
        # a term explained in the text is still listed for the family
        self.assertIn(SAS_EXPLANATION, family)
        self.assertNotIn(IPOD_EXPLANATION, family)
        self.assertLess(family.index(OSPOD_EXPLANATION), family.index(SAS_EXPLANATION))
        professional, _fmt = Report._render_qweb_html(
            "case_management.action_report_case_meeting_minutes", meeting.ids
        )
        professional = professional.decode()
        self.assertIn("OSPOD will call", professional)
        self.assertNotIn("case-glossary", professional)
        self.assertNotIn(OSPOD_EXPLANATION, professional)

    def test_family_copy_without_terms_has_no_glossary(self):
        meeting = self._minutes("Going better")
        family, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "case_management.action_report_case_meeting_minutes_family", meeting.ids
        )
        self.assertNotIn("case-glossary", family.decode())


@tagged("post_install", "-at_install", "case_plan")
class TestGlossaryPlan(GlossaryMixin, CasePlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_glossary()

    def test_plan_warning_and_family_version(self):
        # make_plan's first goal: plan B "the OSPOD worker calls a case conference"
        plan = self.make_plan()
        self.assertEqual(self._terms(plan), ["OSPOD"])
        step = plan.step_ids.filtered(lambda s: s.responsible_type == "internal")
        step.name = "SAS maps Jakub's strengths"
        self.assertEqual(self._terms(plan), ["SAS", "OSPOD"])
        # a step that is done is not printed for the family
        step.state = "done"
        self.assertEqual(self._terms(plan), ["OSPOD"])
        plan.situation = "IPOD since 2024"  # not in the family's version
        self.assertEqual(self._terms(plan), ["OSPOD"])
        plan.plan_b = "IPOD (individuální plán ochrany dítěte) is reviewed"
        self.assertEqual(self._terms(plan), ["OSPOD"])

        Report = self.env["ir.actions.report"]
        family, _fmt = Report._render_qweb_html(
            "case_management.action_report_case_plan_family", plan.ids
        )
        family = family.decode()
        self.assertIn("case-glossary", family)
        self.assertIn(OSPOD_EXPLANATION, family)
        self.assertIn(IPOD_EXPLANATION, family)
        self.assertNotIn(SAS_EXPLANATION, family)
        full, _fmt = Report._render_qweb_html(
            "case_management.action_report_case_plan", plan.ids
        )
        self.assertNotIn("case-glossary", full.decode())

    def test_plan_show_glossary(self):
        plan = self.make_plan()
        action = plan.action_show_glossary()
        self.assertEqual(
            self.env["case.glossary.term"].search(action["domain"]), self.term_ospod
        )


@tagged("post_install", "-at_install", "case_meeting")
class TestGlossaryTerm(GlossaryMixin, CaseMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_glossary()

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_access(self):
        Term = self.env["case.glossary.term"]
        self.assertEqual(
            Term.with_user(self.user_worker).search([("name", "=", "SAS")]),
            self.term_sas,
        )
        for user in (self.user_worker, self.user_manager, self.user_nogroup):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Term.with_user(user).create({"name": "PK", "explanation": "x"})
                with self.assertRaises(AccessError):
                    self.term_sas.with_user(user).write({"explanation": "x"})
        with self.assertRaises(AccessError):
            Term.with_user(self.user_nogroup).search([])
        term = Term.with_user(self.user_coordinator).create(
            {"name": "  PK ", "explanation": "a meeting of everyone who helps"}
        )
        self.assertEqual(term.name, "PK")
        term.with_user(self.user_coordinator).write({"explanation": "a meeting"})
        term.with_user(self.user_coordinator).unlink()

    def test_other_company_term_hidden(self):
        other = self.env["res.company"].create({"name": "Jiná organizace"})
        foreign = self.env["case.glossary.term"].create(
            {"name": "NNO", "explanation": "a charity", "company_id": other.id}
        )
        visible = (
            self.env["case.glossary.term"]
            .with_user(self.user_worker)
            .search([("name", "in", ("NNO", "SAS"))])
        )
        self.assertEqual(visible, self.term_sas)
        self.assertNotIn(foreign, visible)

    def test_required_and_unique(self):
        Term = self.env["case.glossary.term"]
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            Term.create({"name": "PK"})
        with self.assertRaises(ValidationError):
            Term.create({"name": "   ", "explanation": "nothing"})
        company = self.env.company.id
        # shared terms: the SQL constraint cannot see NULL companies
        with self.assertRaises(ValidationError):
            Term.create({"name": "SAS", "explanation": "again"})
        self.term_sas.action_archive()
        with self.assertRaises(ValidationError):
            Term.create({"name": "SAS", "explanation": "again"})
        with (
            self.assertRaises(IntegrityError),
            mute_logger("odoo.sql_db"),
            self.env.cr.savepoint(),
        ):
            Term.create(
                [
                    {"name": "PK", "explanation": "a", "company_id": company},
                    {"name": "PK", "explanation": "b", "company_id": company},
                ]
            )


@tagged("post_install", "-at_install", "case_meeting")
class TestGlossaryData(CaseMeetingCommon):
    def test_shipped_glossary(self):
        """The data file ships the terms Czech practitioners write, and the
        check uses them. Words every parent knows ("ZŠ" of the venue) are not
        flagged."""
        Term = self.env["case.glossary.term"]
        for name in ("OSPOD", "SAS", "IPOD", "PK", "sanace rodiny"):
            self.assertEqual(Term.search_count([("name", "=", name)]), 1, name)
        for name in ("ZŠ", "MŠ"):
            self.assertFalse(Term.search_count([("name", "=", name)]), name)
        ospod = self.env.ref("case_management.case_glossary_term_ospod")
        self.assertIn("Orgán sociálně-právní ochrany dětí", ospod.explanation)
        start = fields.Datetime.now().replace(microsecond=0) - timedelta(days=1)
        meeting = self._meeting(start=start, partners=self.school_teacher)
        meeting.action_start_minutes()
        meeting.minutes_item_ids = [
            Command.create(
                {"topic": "Support", "summary": "Doporučujeme sanaci rodiny."}
            )
        ]
        self.assertEqual(meeting.plain_language_terms, "sanace rodiny")
