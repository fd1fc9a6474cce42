# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import datetime, timedelta

import icalendar

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_consent import CaseConsentMixin
from .test_pdf_engine import pdf_pages_text
from .test_plan import CasePlanCommon


@tagged("post_install", "-at_install")
class TestClosure(CasePlanCommon, CaseConsentMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.user_manager.write(
            {"email": "manazerka@example.org", "tz": "Europe/Prague"}
        )
        cls.teacher.email = "karel@example.org"
        cls.ospod.email = "ospod@example.org"
        cls.mother_in.email = "jana@example.org"
        cls.env["case.participant"].create(
            {
                "case_id": cls.case_in.id,
                "partner_id": cls.teacher.id,
                "role_id": cls.env.ref("case_management.role_class_teacher").id,
                "ospod_agreed": True,
            }
        )
        cls.crisis_line = Partner.create(
            {
                "name": "Linka bezpečí",
                "phone": "116 111",
                "is_service_provider": True,
            }
        )
        cls.sas_provider = Partner.create(
            {
                "name": "SAS Krušnohoří",
                "is_company": True,
                "phone": "+420 476 000 111",
                "is_service_provider": True,
            }
        )
        cls.start = datetime.now().replace(microsecond=0) + timedelta(days=10)

    def _setup_running_case(self):
        case = self.case_in
        # the teacher and the mother are covered; OSPOD is not
        self.make_consent(case, self.teacher | self.mother_in, ["basic"])
        plan = self.make_plan(case)
        plan.action_activate()
        meeting = self.env["case.meeting"].create(
            {
                "case_id": case.id,
                "meeting_format": "case_meeting",
                "goal": "Agree who helps with school attendance",
                "start": self.start,
                "user_id": self.user_manager.id,
                "attendee_ids": [
                    Command.create({"partner_id": p.id})
                    for p in (self.teacher | self.ospod)
                ],
            }
        )
        meeting.action_send_invitations()
        # a case mail queued but not sent yet
        queued = case._case_send_mail(
            self.teacher, ["basic"], "Interim update", "<p>News</p>"
        )
        sas = self.env.ref("case_management.service_category_sas")
        debt = self.env.ref("case_management.service_category_debt")
        continuing = self.env["case.referral"].create(
            {
                "case_id": case.id,
                "partner_id": self.sas_provider.id,
                "category_id": sas.id,
            }
        )
        continuing.action_send()
        continuing.action_accept()
        continuing.action_start()
        pending = self.env["case.referral"].create(
            {
                "case_id": case.id,
                "partner_id": self.sas_provider.id,
                "category_id": debt.id,
            }
        )
        pending.action_send()
        self.env["case.closure.recommendation"].create(
            {
                "case_id": case.id,
                "kind": "crisis",
                "partner_id": self.crisis_line.id,
                "note": "Call any time, day or night, when you feel unsafe.",
            }
        )
        return plan, meeting, queued, continuing, pending

    def _close(self, case=None, **kwargs):
        case = case or self.case_in
        wizard = (
            self.env["case.case.close"]
            .with_user(self.user_manager)
            .with_context(default_case_id=case.id)
            .create(
                dict(
                    {
                        "closure_reason": "goals_met",
                        "summary": "Jakub goes to school every day and the SAS "
                        "keeps helping the family with money.",
                        "letter_recipient_ids": [Command.set(self.mother_in.ids)],
                    },
                    **kwargs,
                )
            )
        )
        return wizard

    def test_closure_effects(self):
        plan, meeting, queued, continuing, pending = self._setup_running_case()
        case = self.case_in
        short, long_goal = plan.goal_ids.sorted("id")
        wizard = self._close()
        self.assertEqual(wizard.goal_line_ids.goal_id, plan.goal_ids)
        self.assertIn(short.name, wizard.open_goal_warning)
        self.assertEqual(wizard.continuing_referral_ids, continuing)
        self.assertEqual(wizard.recommendation_line_ids.partner_id, self.crisis_line)
        wizard.goal_line_ids.filtered(lambda g: g.goal_id == short).state = "achieved"
        wizard.goal_line_ids.filtered(lambda g: g.goal_id == long_goal).state = "partly"
        before = self.env["mail.mail"].search([("case_id", "=", case.id)])
        wizard.action_close()

        self.assertTrue(case.is_closed)
        self.assertEqual(case.closure_reason, "goals_met")
        self.assertEqual(case.end_date, fields.Date.today())
        self.assertEqual(case.closed_by_id, self.user_manager)
        self.assertEqual(case.support_days, (case.end_date - case.start_date).days)
        # goals and steps
        self.assertEqual((short.state, long_goal.state), ("achieved", "partly"))
        self.assertEqual(set(plan.step_ids.mapped("state")), {"cancelled"})
        self.assertFalse(plan.step_ids.activity_ids)
        # queued mail cancelled with its disclosure
        self.assertEqual(queued.state, "cancel")
        self.assertEqual(queued.case_disclosure_ids.state, "cancelled")
        # future meeting cancelled, CANCEL queued to the invited teacher only
        self.assertEqual(meeting.state, "cancelled")
        new = self.env["mail.mail"].search([("case_id", "=", case.id)]) - before
        cancel = new.filtered(
            lambda m: m.attachment_ids.filtered(lambda a: a.name == "cancel.ics")
        )
        self.assertEqual(cancel.recipient_ids, self.teacher)
        cal = icalendar.Calendar.from_ical(
            base64.b64decode(cancel.attachment_ids.datas)
        )
        self.assertEqual(str(cal["method"]), "CANCEL")
        self.assertEqual(str(cal.walk("VEVENT")[0]["uid"]), meeting.ical_uid)
        # closure notice: the covered teacher only (not OSPOD, not internal users)
        notice = new.filtered(lambda m: "cooperation ended" in (m.subject or ""))
        self.assertEqual(notice.recipient_ids, self.teacher)
        self.assertWentThroughGate(case, self.teacher, ["basic"], record=case)
        # the letter to the mother, with the PDF
        letter_mail = new.filtered(lambda m: m.subject == "Our cooperation has ended")
        self.assertEqual(letter_mail.recipient_ids, self.mother_in)
        self.assertEqual(letter_mail.attachment_ids, case.closure_letter_id)
        self.assertTrue(all(new.mapped("case_closure_mail")))
        # the gate re-run at send time lets the closure mails out
        self.assertFalse(new._case_recheck_before_send())
        # circle ended, referrals ended except the continuing one
        self.assertEqual(
            set(case.participant_ids.mapped("state")), {"ended"}, "circle ended"
        )
        self.assertEqual(continuing.state, "started")
        self.assertEqual(pending.state, "revoked")
        self.assertIn(
            continuing,
            case.recommendation_ids.filtered(
                lambda r: r.kind == "continuing"
            ).referral_id,
        )
        self.assertFalse(case.activity_ids, "cadence and other reminders stop")
        # consent-based distribution stops; statutory notification does not
        allowed, refused = case._case_disclosure_check(self.teacher, ["basic"])
        self.assertFalse(allowed)
        self.assertIn("closed", refused[self.teacher])
        allowed, _refused = case._case_disclosure_check(
            self.ospod, ["basic"], legal_basis="§10 odst. 4 z. 359/1999 Sb."
        )
        self.assertEqual(allowed, self.ospod)
        # a later mail queued before closure would be stopped at send time
        self.assertFalse(new.filtered(lambda m: m.state == "cancel"))

    def test_closure_letter_text(self):
        self._setup_running_case()
        self._close().action_close()
        case = self.case_in
        # "SAS" is explained by the continuing service's category name
        self.assertIn("SAS", case._family_glossary_terms().mapped("name"))
        self.assertNotIn("SAS", case.plain_language_terms or "")
        text = " ".join(pdf_pages_text(base64.b64decode(case.closure_letter_id.datas)))
        self.assertIn("Our cooperation has ended", text)
        self.assertIn("Linka bezpečí", text)
        self.assertIn("116 111", text)
        self.assertIn("Whom to turn to in a crisis", text)
        self.assertIn("Services that go on", text)
        self.assertIn("SAS Krušnohoří", text)
        self.assertIn("Jakub goes to school every day", text)
        # the glossary explains the jargon at the end
        self.assertIn("Glossary", text)
        # nothing of the professionals' assessment
        self.assertNotIn("ADHD", text)
        self.assertNotIn("goals_met", text)

    def test_handover_and_plain_language(self):
        self.env["case.closure.recommendation"].create(
            {"case_id": self.case_in.id, "partner_id": self.crisis_line.id}
        )
        wizard = self._close(
            summary="OSPOD už do rodiny chodit nebude.",
            handover_partner_id=self.sas_provider.id,
            handover_category_id=self.env.ref(
                "case_management.service_category_sas"
            ).id,
            letter_recipient_ids=False,
            notify_circle=False,
        )
        self.assertIn("OSPOD", wizard.plain_language_terms)
        wizard.action_close()
        handover = self.case_in.referral_ids
        self.assertEqual(handover.referral_type, "handover")
        self.assertEqual(handover.state, "sent", "the handover goes on")
        self.assertEqual(handover.partner_id, self.sas_provider)

    def test_closure_requires_crisis_contact(self):
        wizard = self._close()
        wizard.recommendation_line_ids = False
        with self.assertRaisesRegex(UserError, "crisis contact"):
            wizard.action_close()
        self.assertFalse(self.case_in.is_closed)

    def test_bare_stage_change_refused(self):
        closed = self.env.ref("case_management.stage_closed")
        with self.assertRaisesRegex(UserError, "Close Case"):
            self.case_in.with_user(self.user_manager).write(
                {"stage_id": closed.id, "closure_reason": "goals_met"}
            )

    def test_read_only_and_reopen(self):
        self.env["case.closure.recommendation"].create(
            {"case_id": self.case_in.id, "partner_id": self.crisis_line.id}
        )
        self._close(letter_recipient_ids=False, notify_circle=False).action_close()
        case = self.case_in
        for user in (self.user_manager, self.user_worker):
            with self.assertRaisesRegex(UserError, "closed"):
                case.with_user(user).write({"family_request": "Something else"})
            with self.assertRaises(AccessError):
                case.with_user(user)._case_reopen("The family asked again")
        with self.assertRaises(AccessError):
            self.env["case.case.reopen"].with_user(self.user_manager).create(
                {"case_id": case.id, "reason": "x"}
            )
        with self.assertRaises(UserError):
            self.env["case.referral"].with_user(self.user_manager).create(
                {
                    "case_id": case.id,
                    "category_id": self.env.ref(
                        "case_management.service_category_food"
                    ).id,
                }
            )
        # the case's lines are read-only too: contacts, the circle
        contact = self.env["case.contact"].create(
            {"case_id": case.id, "contact_type": "phone", "note": "Před uzavřením"}
        )
        for user in (self.user_manager, self.user_worker):
            with self.assertRaisesRegex(UserError, "closed"):
                contact.with_user(user).write({"note": "Přepsáno po uzavření"})
            with self.assertRaisesRegex(UserError, "closed"):
                self.env["case.contact"].with_user(user).create(
                    {"case_id": case.id, "contact_type": "phone"}
                )
            with self.assertRaisesRegex(UserError, "closed"):
                case.participant_ids[:1].with_user(user).write({"reason": "x"})
        self.assertEqual(contact.note, "Před uzavřením")
        # a coordinator may correct a closed file
        contact.with_user(self.user_coordinator).write({"note": "Opraveno"})
        line = case.participant_ids.filtered(lambda p: p.partner_id == self.teacher)
        self.assertEqual(set(case.participant_ids.mapped("state")), {"ended"})
        self.env["case.case.reopen"].with_user(self.user_coordinator).create(
            {
                "case_id": case.id,
                "reason": "The mother lost her job; the family asks for help again.",
                "participant_ids": [Command.set(line.ids)],
            }
        ).action_reopen()
        self.assertFalse(case.is_closed)
        self.assertFalse(case.end_date)
        self.assertEqual(case.reopened_by_id, self.user_coordinator)
        self.assertIn("lost her job", case.reopen_reason)
        self.assertEqual(line.state, "active")
        case.with_user(self.user_manager).write({"family_request": "Help with work"})
