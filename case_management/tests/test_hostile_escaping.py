# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Markup typed into free text comes out escaped in the documents built from
it: the closure letter and the plan (professional and family version)."""

from odoo.tests import tagged

from .test_meeting import CaseMeetingCommon
from .test_plan import CasePlanCommon

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror=alert(1)>'


@tagged("post_install", "-at_install", "case_hostile")
class TestHostileEscaping(CasePlanCommon):
    def _html(self, report, records):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            report, records.ids
        )
        return html.decode()

    def _assert_escaped(self, html):
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("<img src=x", html)
        self.assertIn("&lt;script&gt;alert", html)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", html)

    def test_closure_letter(self):
        self.case_in.sudo().write({"closure_summary": f"Souhrn {SCRIPT} {IMG}"})
        html = self._html("case_management.report_case_closure_letter", self.case_in)
        self._assert_escaped(html)

    def test_plan(self):
        plan = self.make_plan(self.case_in)
        plan.goal_ids[:1].sudo().write({"name": f"Cíl {SCRIPT} {IMG}"})
        for report in (
            "case_management.report_case_plan",
            "case_management.report_case_plan_family",
        ):
            with self.subTest(report=report):
                self._assert_escaped(self._html(report, plan))


@tagged("post_install", "-at_install", "case_hostile")
class TestHostileInvitation(CaseMeetingCommon):
    def test_invitation_mail_and_ics(self):
        venue = self.env["case.meeting.venue"].create(
            {
                "name": "<b>Škola</b>; učebna, 3",
                "kind": "school",
                "address": "Most\\; BEGIN:VEVENT",
            }
        )
        meeting = self._meeting(goal=f"Cíl {SCRIPT} {IMG}", venue_id=venue.id)
        meeting.action_send_invitations()
        mail = self._meeting_mails(meeting, self.school_teacher)
        self.assertEqual(len(mail), 1)
        body = mail.body_html or ""
        for raw in ("<script>alert", "<img src=x", "<b>Škola"):
            self.assertNotIn(raw, body)
        cal, event = self._ics(mail)
        self.assertEqual(len(cal.walk("VEVENT")), 1)
        self.assertEqual(
            str(event["location"]), "<b>Škola</b>; učebna, 3, Most\\; BEGIN:VEVENT"
        )
        self.assertEqual(str(event["summary"]), meeting.name)
