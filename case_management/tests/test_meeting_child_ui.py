# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "case_meeting")
class TestMeetingChildUi(HttpCase):
    """Planning with the typical participants and a reason; the child's
    ranking and the follow-up of a decision at a held child-involved
    conference, in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="tour_child_manager",
            name="Jana Vedoucí",
            email="jana.tour@example.org",
            tz="Europe/Prague",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        Partner = cls.env["res.partner"]
        family = cls.env["case.family"].create({"name": "Domácnost Dětských"})
        cls.mother = Partner.create(
            {
                "name": "Petra Dětská",
                "case_family_id": family.id,
                "family_role": "parent",
            }
        )
        cls.child = Partner.create(
            {
                "name": "Adam Dětský",
                "case_family_id": family.id,
                "family_role": "child",
            }
        )
        cls.ospod = Partner.create(
            {"name": "Mgr. Olga Ospodová", "email": "olga.ospodova@example.org"}
        )
        cls.teacher = Partner.create(
            {"name": "Mgr. Tereza Třídní", "email": "tereza.tridni@example.org"}
        )
        cls.case = cls.env["case.case"].create(
            {
                "family_id": family.id,
                "focus_partner_ids": [Command.set(cls.child.ids)],
                "manager_id": cls.manager.id,
                "key_worker_user_id": cls.manager.id,
                "referral_source": "school",
                "participant_ids": [
                    Command.create(
                        {
                            "partner_id": cls.ospod.id,
                            "role_id": cls.env.ref("case_management.role_ospod").id,
                        }
                    ),
                    Command.create(
                        {
                            "partner_id": cls.teacher.id,
                            "role_id": cls.env.ref(
                                "case_management.role_class_teacher"
                            ).id,
                        }
                    ),
                ],
            }
        )
        today = fields.Date.today()
        cls.plan = cls.env["case.plan"].create(
            {
                "case_id": cls.case.id,
                "situation": "Adam misses school; the parents argue at home.",
                "date_start": today,
                "date_end": today + timedelta(days=180),
            }
        )
        Goal = cls.env["case.plan.goal"]
        cls.goal_school = Goal.create(
            {
                "plan_id": cls.plan.id,
                "name": "Regular school attendance",
                "priority": 1,
            }
        )
        cls.goal_home = Goal.create(
            {
                "plan_id": cls.plan.id,
                "name": "A calm home after school",
                "priority": 2,
            }
        )
        cls.plan.state = "active"
        # the child-involved conference took place yesterday; the minutes are
        # started and one decision was written down
        cls.conference = cls.env["case.meeting"].create(
            {
                "case_id": cls.case.id,
                "meeting_format": "child_conference",
                "goal": "Hear what Adam wishes and agree the order of the goals",
                "start": fields.Datetime.now().replace(microsecond=0)
                - timedelta(days=1),
                "user_id": cls.manager.id,
                "minute_taker_user_id": cls.manager.id,
                "attendee_ids": [
                    Command.create({"partner_id": partner.id, "attendance": "present"})
                    for partner in (cls.mother, cls.child, cls.ospod)
                ],
            }
        )
        cls.conference.state = "held"
        cls.conference.action_start_minutes()
        cls.decision = cls.env["case.meeting.decision"].create(
            {
                "meeting_id": cls.conference.id,
                "what": "Enrol Adam in the football club",
                "responsible_type": "internal",
                "user_id": cls.manager.id,
                "date_due": today + timedelta(days=14),
            }
        )
        cls.reason = cls.env.ref("case_management.case_meeting_reason_coordinate_care")

    def test_case_meeting_child_tour(self):
        self.assertEqual(self.case.active_plan_id, self.plan)
        self.start_tour(
            f"/odoo/action-case_management.case_case_action/{self.case.id}",
            "case_meeting_child_tour",
            login="tour_child_manager",
        )
        # 1. the new case meeting: reason and typical participants
        meeting = self.env["case.meeting"].search(
            [("case_id", "=", self.case.id), ("meeting_format", "=", "case_meeting")]
        )
        self.assertEqual(len(meeting), 1)
        self.assertEqual(meeting.state, "draft")
        self.assertEqual(meeting.user_id, self.manager)
        self.assertIn("football", meeting.goal)
        self.assertEqual(meeting.reason_ids, self.reason)
        partners = meeting.attendee_ids.partner_id
        self.assertIn(self.ospod, partners)
        self.assertIn(self.teacher, partners)
        # a case meeting is for the professionals: no family, no child
        self.assertNotIn(self.mother, partners)
        self.assertNotIn(self.child, partners)
        self.assertEqual(len(meeting.attendee_ids), len(partners), "no duplicates")
        self.assertIn("Therapist", meeting.missing_typical_role_names)
        self.assertNotIn("OSPOD", meeting.missing_typical_role_names)

        # 2. the child's ranking, dragged into the child's order, is the
        # order of the plan's goals
        priorities = self.conference.child_priority_ids.sorted("sequence")
        self.assertEqual(
            [p.wish for p in priorities],
            [
                "Aby se máma s tátou doma nehádali",
                "Chodit zase do školy",
                "Chci chodit na fotbal",
            ],
        )
        home, school, football = priorities
        self.assertEqual(home.goal_id, self.goal_home)
        self.assertEqual(school.goal_id, self.goal_school)
        self.assertTrue(all(priorities.mapped("applied")))
        new_goal = football.goal_id
        self.assertTrue(new_goal)
        self.assertEqual(new_goal.plan_id, self.plan)
        self.assertEqual(new_goal.name, "Chci chodit na fotbal")
        self.assertEqual(new_goal.origin, "child")
        self.assertEqual(new_goal.origin_note, self.conference.name)
        self.assertEqual(
            (self.goal_home.priority, self.goal_school.priority, new_goal.priority),
            (1, 2, 3),
        )
        self.assertEqual(len(self.plan.goal_ids), 3)
        ranking = self.plan.message_ids.filtered(
            lambda m: "The child's ranking" in (m.body or "")
        )
        self.assertEqual(len(ranking), 1)
        self.assertEqual(ranking.author_id, self.manager.partner_id)
        body = ranking.body
        self.assertLess(
            body.index("A calm home after school"),
            body.index("Regular school attendance"),
        )
        self.assertIn("Chci chodit na fotbal (new goal)", body)

        # 3. the decision is under way
        self.assertEqual(self.decision.state, "in_progress")
        self.assertEqual(self.conference.minutes_state, "draft")
