# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .test_meeting import CaseMeetingCommon

PREP_TYPE = "case_management.mail_activity_type_case_meeting_prepare_child"


@tagged("post_install", "-at_install", "case_meeting")
class TestMeetingPlanning(CaseMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role_class_teacher = cls.env.ref("case_management.role_class_teacher")
        cls.role_therapist = cls.env.ref("case_management.role_therapist")
        cls.role_counsellor = cls.env.ref("case_management.role_school_counsellor")
        cls.gp = cls.env["res.partner"].create({"name": "MUDr. Praktický"})
        cls.env["case.participant"].create(
            [
                {
                    "case_id": cls.case_in.id,
                    "partner_id": cls.school_teacher.id,
                    "role_id": cls.role_class_teacher.id,
                },
                {
                    "case_id": cls.case_in.id,
                    "partner_id": cls.gp.id,
                    "role_id": cls.env.ref("case_management.role_gp").id,
                },
            ]
        )
        cls.today = fields.Date.today()

    def _start(self, days):
        # 08:00 UTC is the same day in Prague (the organiser's time zone)
        return datetime.combine(self.today + timedelta(days=days), time(8, 0))

    def _prep_activities(self, meeting):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "case.meeting"),
                ("res_id", "=", meeting.id),
                ("activity_type_id", "=", self.env.ref(PREP_TYPE).id),
            ]
        )

    # ------------------------------------------------------------
    # 6.4 / 6.5 reasons
    # ------------------------------------------------------------

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_reasons_readable_not_writable_by_worker(self):
        xmlids = [
            "case_meeting_reason_several_angles",
            "case_meeting_reason_coordinate_care",
            "case_meeting_reason_fundamental_decision",
            "case_meeting_reason_environment_change",
            "case_meeting_reason_serious_problems",
            "case_meeting_reason_no_cooperation",
        ]
        reasons = self.env["case.meeting.reason"].browse(
            [self.env.ref(f"case_management.{x}").id for x in xmlids]
        )
        self.assertEqual(len(reasons), 6)
        Reason = self.env["case.meeting.reason"].with_user(self.user_worker)
        found = Reason.search([])
        self.assertEqual(found & reasons, reasons)
        self.assertEqual(
            found.filtered(lambda r: r in reasons), reasons, "ordered by sequence"
        )
        with self.assertRaises(AccessError):
            reasons[0].with_user(self.user_worker).name = "Changed"
        with self.assertRaises(AccessError):
            Reason.create({"name": "Own reason"})
        with self.assertRaises(AccessError):
            reasons[0].with_user(self.user_manager).unlink()
        own = (
            self.env["case.meeting.reason"]
            .with_user(self.user_coordinator)
            .create({"name": "Own reason", "meeting_format": "review_meeting"})
        )
        # a reason restricted to a format is suggested only for that format
        meeting = self._meeting(
            reason_ids=[Command.set(reasons[2:4].ids)], meeting_format="case_meeting"
        )
        self.assertEqual(meeting.reason_ids, reasons[2:4])
        domain = safe_eval(
            meeting._fields["reason_ids"].domain,
            {"meeting_format": meeting.meeting_format},
        )
        self.assertNotIn(own, Reason.search(domain))
        self.assertEqual(Reason.search(domain) & reasons, reasons)
        meeting.meeting_format = "review_meeting"
        domain = safe_eval(
            meeting._fields["reason_ids"].domain,
            {"meeting_format": meeting.meeting_format},
        )
        self.assertIn(own, Reason.search(domain))

    # ------------------------------------------------------------
    # 6.3 escalation
    # ------------------------------------------------------------

    def _done_review(self, rating=None, verdict=None, review_date=None):
        plan = self.env["case.plan"].create(
            {
                "case_id": self.case_in.id,
                "goal_ids": [
                    Command.create(
                        {
                            "name": "Jakub goes to school every day",
                            "horizon": "short",
                            "plan_b": "a case conference",
                        }
                    )
                ],
            }
        )
        review = self.env["case.plan.review"].create(
            {
                "plan_id": plan.id,
                "date": review_date or self.today,
                "overall_rating": rating,
                "decision": "continue",
            }
        )
        if verdict:
            review.goal_line_ids.verdict = verdict
        review.action_done()
        self.assertEqual(review.state, "done")
        return review

    def test_escalation_hint_after_poor_review(self):
        meeting = self._meeting(start=self._start(20))
        self.assertFalse(self.case_in.escalation_hint)
        self.assertFalse(meeting.escalation_hint)
        # a review that found improvement suggests nothing
        self._done_review(rating="well", review_date=self.today - timedelta(days=30))
        self.case_in.invalidate_recordset(["escalation_hint"])
        self.assertFalse(self.case_in.escalation_hint)
        # the last review found no improvement
        self._done_review(rating="poorly", review_date=self.today - timedelta(days=5))
        self.case_in.invalidate_recordset()
        meeting.invalidate_recordset()
        self.assertTrue(self.case_in.escalation_hint)
        self.assertIn("no improvement", self.case_in.escalation_hint_text)
        self.assertTrue(meeting.with_user(self.user_worker).escalation_hint)
        # a child conference held before the review does not count
        self._meeting(start=self._start(-10), meeting_format="child_conference")
        self.case_in.invalidate_recordset()
        self.assertTrue(self.case_in.escalation_hint)
        # the button opens a new child-involved conference of the case
        action = self.case_in.with_user(
            self.user_manager
        ).action_plan_child_conference()
        self.assertEqual(action["res_model"], "case.meeting")
        self.assertEqual(action["context"]["default_case_id"], self.case_in.id)
        self.assertEqual(
            action["context"]["default_meeting_format"], "child_conference"
        )
        self.assertEqual(meeting.action_plan_child_conference(), action)
        conference = (
            self.env["case.meeting"]
            .with_user(self.user_manager)
            .with_context(**action["context"])
            .create({"goal": "Hear Jakub", "start": self._start(14)})
        )
        self.assertEqual(conference.meeting_format, "child_conference")
        self.assertIn("no improvement", conference.format_reason)
        self.case_in.invalidate_recordset()
        meeting.invalidate_recordset()
        self.assertFalse(self.case_in.escalation_hint)
        self.assertFalse(meeting.escalation_hint)
        # cancelling the planned conference brings the hint back
        conference.action_cancel()
        self.case_in.invalidate_recordset()
        self.assertTrue(self.case_in.escalation_hint)

    def test_escalation_hint_no_goal_achieved(self):
        self._done_review(verdict="partly")
        self.assertFalse(self.case_in.escalation_hint)
        self._done_review(verdict="not_achieved")
        self.case_in.invalidate_recordset()
        self.assertTrue(self.case_in.escalation_hint)
        # an undated child conference being planned counts as planned
        self._meeting(start=False, meeting_format="child_conference")
        self.case_in.invalidate_recordset()
        self.assertFalse(self.case_in.escalation_hint)

    # ------------------------------------------------------------
    # 6.29 child's preparation
    # ------------------------------------------------------------

    def test_prep_child_activity(self):
        meeting = self._meeting(
            start=self._start(10), meeting_format="child_conference"
        )
        activity = self._prep_activities(meeting)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_worker)  # the key worker
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=7))
        self.assertIn("book of wishes", str(activity.note))
        # the start moves: the same activity moves with it
        meeting.start = self._start(20)
        self.assertEqual(self._prep_activities(meeting), activity)
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=17))
        # not in the past
        meeting.start = self._start(1)
        self.assertEqual(activity.date_deadline, fields.Date.context_today(meeting))
        # other writes, sending, a format round trip: still one activity
        meeting.write({"goal": "Hear Jakub", "prep_room": True})
        meeting.write({"state": "invited"})
        self.assertEqual(len(self._prep_activities(meeting)), 1)
        # ticking "child prepared" marks it done
        meeting.with_user(self.user_worker).prep_child = True
        self.assertFalse(self._prep_activities(meeting))
        self.assertFalse(meeting.activity_search([PREP_TYPE]))
        self.assertEqual(meeting.prep_child_date, fields.Date.context_today(meeting))
        self.assertTrue(
            meeting.message_ids.filtered(
                lambda m: "The child is prepared." in str(m.body)
            )
        )
        meeting.start = self._start(5)
        self.assertFalse(self._prep_activities(meeting))

    def test_prep_child_other_formats_cancel_and_fallback(self):
        meeting = self._meeting(start=self._start(10))
        self.assertFalse(self._prep_activities(meeting))
        meeting.meeting_format = "child_conference"
        self.assertEqual(len(self._prep_activities(meeting)), 1)
        meeting.action_cancel()
        self.assertFalse(self._prep_activities(meeting))
        # no key worker: the case manager prepares the child
        self.case_in.key_worker_user_id = False
        meeting.action_reset_draft()
        activity = self._prep_activities(meeting)
        self.assertEqual(activity.user_id, self.user_manager)
        # an undated conference has no task yet
        undated = self._meeting(start=False, meeting_format="child_conference")
        self.assertFalse(self._prep_activities(undated))
        undated.start = self._start(30)
        self.assertEqual(len(self._prep_activities(undated)), 1)

    # ------------------------------------------------------------
    # 6.30 typical participants
    # ------------------------------------------------------------

    def test_typical_participants_case_meeting(self):
        meeting = self._meeting(attendee_ids=[])
        self.assertFalse(meeting.attendee_ids)
        meeting.with_user(self.user_worker).action_add_typical_participants()
        self.assertEqual(
            meeting.attendee_ids.partner_id,
            self.user_worker.partner_id | self.ospod | self.school_teacher,
        )
        self.assertNotIn(self.gp, meeting.attendee_ids.partner_id)
        self.assertNotIn(self.mother_in, meeting.attendee_ids.partner_id)
        missing = meeting.missing_typical_role_names
        self.assertIn(self.role_therapist.name, missing)
        self.assertIn(self.role_counsellor.name, missing)
        self.assertNotIn(self.role_class_teacher.name, missing)
        self.assertNotIn("OSPOD", missing)
        self.assertNotIn("SAS", missing)  # the key worker covers it
        # second click: nobody twice
        meeting.action_add_typical_participants()
        self.assertEqual(len(meeting.attendee_ids), 3)
        # a therapist joins the circle: no longer missing
        therapist = self.env["res.partner"].create({"name": "Mgr. Terapeutka"})
        self.env["case.participant"].create(
            {
                "case_id": self.case_in.id,
                "partner_id": therapist.id,
                "role_id": self.role_therapist.id,
            }
        )
        meeting.invalidate_recordset(["missing_typical_role_names"])
        self.assertNotIn(self.role_therapist.name, meeting.missing_typical_role_names)
        meeting.action_add_typical_participants()
        self.assertIn(therapist, meeting.attendee_ids.partner_id)

    def test_typical_participants_family_formats(self):
        support = self.env["res.partner"].create({"name": "Teta Marie"})
        earlier = self._meeting(
            start=self._start(-30), meeting_format="case_conference"
        )
        earlier.attendee_ids = [
            Command.create({"partner_id": support.id, "kind": "support"})
        ]
        conference = self._meeting(meeting_format="case_conference", attendee_ids=[])
        conference.action_add_typical_participants()
        partners = conference.attendee_ids.partner_id
        self.assertIn(self.mother_in, partners)
        self.assertNotIn(self.child_in, partners)
        self.assertNotIn(support, partners)
        child_conf = self._meeting(meeting_format="child_conference", attendee_ids=[])
        child_conf.action_add_typical_participants()
        partners = child_conf.attendee_ids.partner_id
        self.assertIn(self.child_in, partners)
        self.assertIn(self.mother_in, partners)
        self.assertIn(support, partners)
        self.assertIn(self.school_teacher, partners)
        # a home visit brings the key worker only
        visit = self._meeting(meeting_format="home_visit", attendee_ids=[])
        visit.action_add_typical_participants()
        self.assertEqual(visit.attendee_ids.partner_id, self.user_worker.partner_id)
        self.assertFalse(visit.missing_typical_role_names)

    # ------------------------------------------------------------
    # 6.28 signature sheet
    # ------------------------------------------------------------

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_signature_sheet_attachment_access(self):
        meeting = self._meeting()
        scan = base64.b64encode(b"%PDF-1.4 signed sheet")
        meeting.write(
            {"signature_sheet": scan, "signature_sheet_filename": "podpisy.pdf"}
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "case.meeting"),
                    ("res_id", "=", meeting.id),
                    ("res_field", "=", "signature_sheet"),
                ]
            )
        )
        self.assertEqual(len(attachment), 1)
        self.assertEqual(attachment.raw, b"%PDF-1.4 signed sheet")
        self.env.invalidate_all()
        # the key worker reads it
        self.assertEqual(meeting.with_user(self.user_worker).signature_sheet, scan)
        attachment.with_user(self.user_worker).read(["datas"])
        # the manager of another case does not
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_manager2).read(["signature_sheet"])
        with self.assertRaises(AccessError):
            attachment.with_user(self.user_manager2).read(["datas"])
