# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Follow-up of the action plan agreed at a meeting (6.26) and the child's
ranking of the priorities at a child-involved conference (6.27)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_meeting import CaseMeetingCommon


@tagged("post_install", "-at_install", "case_meeting")
class TestMeetingFollowup(CaseMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stalled_type = cls.env.ref(
            "case_management.mail_activity_type_action_plan_stalled"
        )
        cls.today = fields.Date.context_today(cls.env["case.meeting"])

    def _plan(self, state="active"):
        plan = self.env["case.plan"].create(
            {
                "case_id": self.case_in.id,
                "date_start": self.today,
                "date_end": self.today + timedelta(days=180),
            }
        )
        plan.sudo().state = state
        return plan

    def _approved_meeting(self, due_offsets=(-3, -1), **vals):
        """A held meeting ten days ago with approved minutes and one decision
        per due-date offset (days from today)."""
        meeting = self._meeting(
            start=fields.Datetime.now().replace(microsecond=0) - timedelta(days=10),
            partners=self.school_teacher | self.user_worker.partner_id,
            **vals,
        )
        meeting.sudo().state = "held"
        meeting.action_start_minutes()
        meeting.write(
            {
                "decision_ids": [
                    Command.create(
                        {
                            "what": f"Action item {index}",
                            "responsible_type": "external",
                            "partner_id": self.school_teacher.id,
                            "date_due": self.today + timedelta(days=offset),
                        }
                    )
                    for index, offset in enumerate(due_offsets, 1)
                ]
            }
        )
        meeting.action_approve_minutes()
        return meeting

    def _stalled_activities(self, meeting):
        return meeting.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == self.stalled_type
        )

    # ------------------------------------------------------------
    # 6.26 the action plan follow-up
    # ------------------------------------------------------------

    def test_decision_follows_linked_step(self):
        meeting = self._approved_meeting(due_offsets=(5, 5))
        linked, unlinked = meeting.decision_ids.sorted("id")
        self.assertEqual(linked.state, "open")
        self._plan()
        linked.action_add_to_plan()
        step = linked.plan_step_id
        self.assertEqual(step.state, "planned")
        self.assertEqual(linked.state, "open")
        for step_state, decision_state in (
            ("in_progress", "in_progress"),
            ("done", "done"),
            ("not_done", "cancelled"),
            ("planned", "open"),
        ):
            step.write({"state": step_state})
            self.assertEqual(linked.state, decision_state, step_state)
            self.assertEqual(linked.progressed, decision_state != "open")
        # the buttons on a linked decision move the step
        linked.with_user(self.user_worker).action_start()
        self.assertEqual(step.state, "in_progress")
        self.assertEqual(linked.state, "in_progress")
        linked.action_done()
        self.assertEqual(step.state, "done")
        linked.action_reopen()
        self.assertEqual(step.state, "planned")
        # a state set by hand on a linked decision reaches the step too
        linked.state = "cancelled"
        self.assertEqual(step.state, "not_done")
        # an unlinked decision keeps the state set by hand
        unlinked.state = "in_progress"
        self.assertEqual(unlinked.state, "in_progress")
        unlinked.action_done()
        self.assertEqual(unlinked.state, "done")
        # a decision that was already under way enters the plan under way
        third = self.env["case.meeting.decision"].create(
            {
                "meeting_id": meeting.id,
                "what": "Speech therapy",
                "state": "in_progress",
                "date_due": self.today,
            }
        )
        third.action_add_to_plan()
        self.assertEqual(third.plan_step_id.state, "in_progress")
        self.assertEqual(third.state, "in_progress")

    def test_cron_alerts_case_manager_once(self):
        meeting = self._approved_meeting(due_offsets=(-3, -1))
        other = self._approved_meeting(due_offsets=(-3,))
        # minutes still in draft: not followed yet
        draft = self._meeting(
            start=fields.Datetime.now().replace(microsecond=0) - timedelta(days=10)
        )
        draft.sudo().state = "held"
        draft.action_start_minutes()
        draft.decision_ids = [
            Command.create(
                {"what": "Draft item", "date_due": self.today - timedelta(3)}
            )
        ]
        self.assertEqual(meeting.stalled_decision_count, 2)
        self.assertEqual(
            self.env["case.meeting"].search(
                [
                    ("stalled_decision_count", ">", 0),
                    ("id", "in", (meeting | draft).ids),
                ]
            ),
            meeting,
        )
        self.assertIn(
            draft,
            self.env["case.meeting"].search([("stalled_decision_count", "=", 0)]),
        )
        alerted = self.env["case.meeting"]._cron_check_stalled_decisions()
        self.assertEqual(alerted & (meeting | other | draft), meeting | other)
        activity = self._stalled_activities(meeting)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertEqual(activity.date_deadline, self.today)
        self.assertIn("Action item 1", activity.note)
        self.assertIn("Action item 2", activity.note)
        self.assertIn(self.school_teacher.name, activity.note)
        self.assertEqual(meeting.stalled_alert_date, self.today)
        self.assertFalse(self._stalled_activities(draft))
        # the second run does not repeat the alert
        self.env["case.meeting"]._cron_check_stalled_decisions()
        self.assertEqual(len(self._stalled_activities(meeting)), 1)
        self.assertEqual(len(self._stalled_activities(other)), 1)

    def test_cron_silent_when_one_progressed(self):
        meeting = self._approved_meeting(due_offsets=(-3, -1))
        meeting.decision_ids.sorted("id")[1].with_user(self.user_worker).action_start()
        self.assertEqual(meeting.stalled_decision_count, 0)
        self.env["case.meeting"]._cron_check_stalled_decisions()
        self.assertFalse(self._stalled_activities(meeting))
        self.assertFalse(meeting.stalled_alert_date)

    def test_cron_silent_before_due_date(self):
        meeting = self._approved_meeting(due_offsets=(0, 7))
        self.assertEqual(meeting.stalled_decision_count, 0)
        self.env["case.meeting"]._cron_check_stalled_decisions()
        self.assertFalse(self._stalled_activities(meeting))

    def test_alert_resets_when_an_item_moves(self):
        meeting = self._approved_meeting(due_offsets=(-3, -1))
        self.env["case.meeting"]._cron_check_stalled_decisions()
        self.assertEqual(len(self._stalled_activities(meeting)), 1)
        first = meeting.decision_ids.sorted("id")[0]
        first.action_start()
        self.assertFalse(meeting.stalled_alert_date)
        self.assertFalse(self._stalled_activities(meeting), "the alert is closed")
        self.assertEqual(meeting.stalled_decision_count, 0)
        # it stalls again (the item was reopened): a new alert is allowed
        first.action_reopen()
        self.assertEqual(meeting.stalled_decision_count, 2)
        self.env["case.meeting"]._cron_check_stalled_decisions()
        self.assertEqual(len(self._stalled_activities(meeting)), 1)
        # a linked step moved in the plan is seen by the next run
        self._plan()
        first.action_add_to_plan()
        first.plan_step_id.action_start()
        self.env["case.meeting"]._cron_check_stalled_decisions()
        self.assertFalse(meeting.stalled_alert_date)
        self.assertFalse(self._stalled_activities(meeting))

    def test_alert_falls_back_to_organiser(self):
        meeting = self._approved_meeting(due_offsets=(-2,))
        meeting.sudo().user_id = self.user_worker
        self.case_in.sudo().manager_id = False
        self.env["case.meeting"]._cron_check_stalled_decisions()
        self.assertEqual(self._stalled_activities(meeting).user_id, self.user_worker)

    # ------------------------------------------------------------
    # 6.27 the child's ranking
    # ------------------------------------------------------------

    def _child_conference(self):
        meeting = self._meeting(
            meeting_format="child_conference",
            partners=self.school_teacher | self.mother_in,
            start=fields.Datetime.now().replace(microsecond=0) - timedelta(days=1),
        )
        meeting.sudo().state = "held"
        meeting.action_start_minutes()
        return meeting

    def _goal(self, plan, name, priority=1):
        return self.env["case.plan.goal"].create(
            {"plan_id": plan.id, "name": name, "priority": priority}
        )

    def test_apply_child_ranking(self):
        plan = self._plan()
        school = self._goal(plan, "Regular school attendance", priority=1)
        housing = self._goal(plan, "A stable flat", priority=2)
        debts = self._goal(plan, "Debt schedule agreed", priority=3)
        meeting = self._child_conference()
        meeting.write(
            {
                "child_priority_ids": [
                    Command.create(
                        {"sequence": 1, "wish": "I want to go to the football club"}
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "kind": "need",
                            "wish": "A room of my own\nto do homework",
                            "goal_id": housing.id,
                        }
                    ),
                    Command.create(
                        {"sequence": 3, "wish": "Go to school", "goal_id": school.id}
                    ),
                ]
            }
        )
        football, room, school_wish = meeting.child_priority_ids.sorted("sequence")
        self.assertEqual((football.rank, room.rank, school_wish.rank), (1, 2, 3))
        meeting.action_apply_child_ranking()
        new_goal = football.goal_id
        self.assertTrue(new_goal)
        self.assertEqual(new_goal.plan_id, plan)
        self.assertEqual(new_goal.name, "I want to go to the football club")
        self.assertEqual(new_goal.origin, "child")
        self.assertEqual(new_goal.origin_note, meeting.name)
        self.assertEqual(
            (new_goal.priority, housing.priority, school.priority, debts.priority),
            (1, 2, 3, 4),
        )
        plan.invalidate_recordset(["goal_ids"])
        self.assertEqual(plan.goal_ids.ids, (new_goal | housing | school | debts).ids)
        self.assertTrue(all(meeting.child_priority_ids.mapped("applied")))
        message = plan.message_ids[:1]
        self.assertIn("The child's ranking", message.body)
        self.assertIn("I want to go to the football club", message.body)
        # applying again neither duplicates goals nor changes the order
        meeting.action_apply_child_ranking()
        self.assertEqual(len(plan.goal_ids), 4)
        self.assertEqual(new_goal.priority, 1)
        # the child changes the mind: school first now
        school_wish.sequence = 0
        meeting.action_apply_child_ranking()
        self.assertEqual(
            (school.priority, new_goal.priority, housing.priority, debts.priority),
            (1, 2, 3, 4),
        )

    def test_apply_child_ranking_guards(self):
        meeting = self._child_conference()
        meeting.child_priority_ids = [Command.create({"wish": "A dog"})]
        with self.assertRaisesRegex(UserError, "no active plan"):
            meeting.action_apply_child_ranking()
        plan = self._plan()
        # the key worker is on the team but neither facilitator nor case manager
        with self.assertRaises(UserError):
            meeting.with_user(self.user_worker).action_apply_child_ranking()
        # two priorities on one goal
        goal = self._goal(plan, "Pet care")
        meeting.child_priority_ids = [
            Command.create({"wish": "A dog", "goal_id": goal.id}),
            Command.create({"wish": "A cat", "goal_id": goal.id}),
        ]
        with self.assertRaisesRegex(UserError, "point to the goal Pet care"):
            meeting.action_apply_child_ranking()
        self.assertFalse(meeting.child_priority_ids.filtered("applied"))
        self.assertEqual(plan.goal_ids, goal, "nothing created before the check")
        # not a child-involved conference
        meeting.child_priority_ids.filtered(lambda p: p.wish == "A cat").unlink()
        meeting.meeting_format = "case_conference"
        with self.assertRaises(UserError):
            meeting.action_apply_child_ranking()
        # the facilitator may apply it
        meeting.meeting_format = "child_conference"
        meeting.facilitator_user_id = self.user_worker
        meeting.with_user(self.user_worker).action_apply_child_ranking()
        new_goal = plan.goal_ids - goal
        self.assertEqual(new_goal.name, "A dog")
        self.assertEqual((new_goal.priority, goal.priority), (1, 2))

    def test_ranking_follows_new_plan_version(self):
        plan = self._plan()
        goal = self._goal(plan, "Regular school attendance")
        meeting = self._child_conference()
        meeting.child_priority_ids = [
            Command.create({"wish": "School", "goal_id": goal.id}),
        ]
        plan.sudo().state = "superseded"
        new_plan = self._plan()
        carried = self._goal(new_plan, goal.name)
        carried.sudo().origin_goal_id = goal
        meeting.action_apply_child_ranking()
        self.assertEqual(meeting.child_priority_ids.goal_id, carried)
        carried.sudo().origin_goal_id = False
        meeting.child_priority_ids.goal_id = goal
        with self.assertRaisesRegex(UserError, "not the active plan"):
            meeting.action_apply_child_ranking()

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_child_priorities_access(self):
        self._plan()
        meeting = self._child_conference()
        meeting.child_priority_ids = [Command.create({"wish": "A dog"})]
        priority = meeting.child_priority_ids
        self.env.invalidate_all()
        # the key worker (team) reads them, the other case manager does not
        self.assertEqual(priority.with_user(self.user_worker).wish, "A dog")
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            priority.with_user(self.user_manager2).read(["wish"])
        with self.assertRaises(AccessError):
            priority.with_user(self.user_nogroup).read(["wish"])
        with self.assertRaises(AccessError):
            self.env["case.meeting.child.priority"].with_user(
                self.user_manager2
            ).create({"meeting_id": meeting.id, "wish": "Smuggled"})
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_manager2).action_apply_child_ranking()
        self.assertFalse(priority.applied)

    def test_minutes_pdf_shows_child_priorities(self):
        self.mother_in.email = "jana@example.org"
        meeting = self._child_conference()
        meeting.child_priority_ids = [
            Command.create({"sequence": 1, "wish": "Football club on Tuesdays"}),
            Command.create({"sequence": 2, "wish": "Mum should not shout"}),
        ]
        Report = self.env["ir.actions.report"]
        professional, _fmt = Report._render_qweb_html(
            "case_management.action_report_case_meeting_minutes", meeting.ids
        )
        family, _fmt = Report._render_qweb_html(
            "case_management.action_report_case_meeting_minutes_family", meeting.ids
        )
        professional = professional.decode()
        family = family.decode()
        for html in (professional, family):
            self.assertIn("Football club on Tuesdays", html)
            self.assertIn("Mum should not shout", html)
            self.assertLess(
                html.index("Football club on Tuesdays"),
                html.index("Mum should not shout"),
            )
        # the child's first name only in the family's copy
        self.assertRegex(family, r"What matters most to\s*<span>Jakub</span>")
        self.assertIn("The child's priorities", professional)
        self.assertNotIn("Jakub", professional)
