# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import CaseManagementCommon


class CasePlanCommon(CaseManagementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.school = cls.env["res.partner"].create(
            {"name": "ZŠ Výsluní", "is_company": True}
        )
        cls.sas = cls.env["res.partner"].create(
            {"name": "SAS Litvínov", "is_company": True}
        )

    @classmethod
    def make_plan(cls, case=None, **values):
        case = case or cls.case_in
        vals = {
            "case_id": case.id,
            "date_start": "2026-01-05",
            "date_end": "2026-12-31",
            "family_participated": True,
            "goal_ids": [
                Command.create(
                    {
                        "name": "Jakub goes to school every day",
                        "horizon": "short",
                        "indicator": "no unexcused absence in a month",
                        "target_date": "2026-03-01",
                        "plan_b": "the OSPOD worker calls a case conference",
                        "actor_partner_ids": [Command.link(cls.school.id)],
                    }
                ),
                Command.create(
                    {
                        "name": "Jakub chooses a secondary school he likes",
                        "horizon": "long",
                        "indicator": "application sent",
                        "target_date": "2026-11-30",
                        "no_plan_b_needed": True,
                        "actor_partner_ids": [Command.link(cls.sas.id)],
                    }
                ),
            ],
        }
        vals.update(values)
        plan = cls.env["case.plan"].create(vals)
        short, long_goal = plan.goal_ids.sorted("id")
        cls.env["case.plan.step"].create(
            [
                {
                    "plan_id": plan.id,
                    "goal_id": short.id,
                    "name": "Welcome Jakub every morning",
                    "responsible_type": "external",
                    "partner_id": cls.school.id,
                    "date_due": "2026-02-01",
                },
                {
                    "plan_id": plan.id,
                    "goal_id": long_goal.id,
                    "name": "Map Jakub's strengths",
                    "responsible_type": "internal",
                    "user_id": cls.user_worker.id,
                    "date_due": "2026-04-01",
                },
                {
                    "plan_id": plan.id,
                    "goal_id": short.id,
                    "name": "Agree the morning routine",
                    "responsible_type": "family",
                    "partner_id": cls.mother_in.id,
                    "date_due": "2026-01-20",
                },
            ]
        )
        return plan


@tagged("post_install", "-at_install", "case_plan")
class TestPlan(CasePlanCommon):
    def test_quality_blocks_activation(self):
        plan = self.make_plan(date_end=False)
        self.assertFalse(plan.quality_ok)
        self.assertIn("case-quality-blocked", plan.quality_html)
        with self.assertRaises(UserError):
            plan.action_activate()
        plan.date_end = "2026-12-31"
        self.assertTrue(plan.quality_ok)
        self.assertIn("case-quality-ok", plan.quality_html)
        plan.action_activate()
        self.assertEqual(plan.state, "active")
        self.assertEqual(self.case_in.active_plan_id, plan)

    def test_review_date_from_case_interval(self):
        self.case_in.plan_review_interval_months = 2
        plan = self.make_plan()
        self.assertEqual(plan.review_interval_months, 2)
        self.assertEqual(plan.next_review_date, date(2026, 3, 5))

    def test_only_one_active_plan(self):
        plan1 = self.make_plan()
        plan1.action_activate()
        plan2 = self.make_plan()
        self.assertEqual(plan2.version, 2)
        with self.assertRaises(ValidationError):
            plan2.write({"state": "active"})
        plan2.action_activate()
        self.assertEqual(plan1.state, "superseded")
        self.assertEqual(self.case_in.active_plan_id, plan2)

    def test_new_version_copies_unfinished(self):
        plan = self.make_plan()
        plan.action_activate()
        short, long_goal = plan.goal_ids.sorted("id")
        long_goal.state = "achieved"
        short.step_ids.filtered(lambda s: s.responsible_type == "family").state = "done"
        open_step = short.step_ids.filtered(lambda s: s.state == "planned")
        new = plan._create_next_version()
        self.assertEqual(new.version, 2)
        self.assertEqual(new.previous_plan_id, plan)
        self.assertEqual(new.goal_ids.mapped("name"), [short.name])
        self.assertEqual(new.step_ids.mapped("name"), [open_step.name])
        self.assertEqual(new.goal_ids.origin_goal_id, short)
        self.assertEqual(new.state, "draft")
        # the old version stays readable and active until the new one is
        self.assertEqual(plan.state, "active")
        self.assertEqual(len(plan.goal_ids), 2)
        new.action_activate()
        self.assertEqual(plan.state, "superseded")
        self.assertEqual(self.case_in.plan_count, 2)

    def test_new_version_twice_gives_one_draft(self):
        """The button again (or a colleague's click retried after a
        serialization failure) opens the draft next version: one version."""
        plan = self.make_plan()
        plan.action_activate()
        first = plan.action_new_version()
        second = plan.action_new_version()
        self.assertEqual(first["res_id"], second["res_id"])
        new = self.env["case.plan"].search([("previous_plan_id", "=", plan.id)])
        self.assertEqual(new.ids, [first["res_id"]])
        self.assertEqual(new.version, 2)
        # once that version is active, the next click makes version 3
        new.action_activate()
        third = new.action_new_version()
        self.assertEqual(self.env["case.plan"].browse(third["res_id"]).version, 3)

    def test_record_review_twice_gives_one_draft(self):
        plan = self.make_plan()
        plan.action_activate()
        first = plan.action_record_review()
        self.assertEqual(plan.action_record_review()["res_id"], first["res_id"])
        self.assertEqual(len(plan.review_ids), 1)
        review = plan.review_ids
        review.decision = "continue"
        review.action_done()
        # the review is recorded: the next click starts a new one
        self.assertNotEqual(plan.action_record_review()["res_id"], review.id)
        self.assertEqual(len(plan.review_ids), 2)

    def test_internal_step_activity(self):
        plan = self.make_plan()
        step = plan.step_ids.filtered(lambda s: s.responsible_type == "internal")
        self.assertFalse(step.activity_ids, "no to-do while the plan is a draft")
        plan.action_activate()
        activity = step.activity_ids
        self.assertEqual(activity.user_id, self.user_worker)
        self.assertEqual(activity.date_deadline, date(2026, 4, 1))
        step.date_due = "2026-04-15"
        self.assertEqual(activity.date_deadline, date(2026, 4, 15))
        external = plan.step_ids.filtered(lambda s: s.responsible_type == "external")
        self.assertFalse(external.activity_ids)
        step.action_done()
        self.assertFalse(step.activity_ids)
        self.assertTrue(step.date_done)

    @freeze_time("2026-02-10")
    def test_overdue_external_step_followup(self):
        plan = self.make_plan()
        plan.action_activate()
        self.case_in._plan_cron_process()
        external = plan.step_ids.filtered(lambda s: s.responsible_type == "external")
        followup_type = self.env.ref("case_management.mail_activity_type_plan_followup")
        activity = external.activity_ids.filtered(
            lambda a: a.activity_type_id == followup_type
        )
        self.assertEqual(activity.user_id, self.user_manager)
        self.assertIn("ZŠ Výsluní", activity.summary)
        # only once
        self.case_in.plan_cron_date = False
        self.case_in._plan_cron_process()
        self.assertEqual(len(external.activity_ids), 1)

    def _review(self, plan, decision, **values):
        review = self.env["case.plan.review"].create(dict(plan_id=plan.id, **values))
        self.assertEqual(len(review.goal_line_ids), 2)
        self.assertEqual(len(review.step_line_ids), 3)
        review.write({"decision": decision})
        return review

    def test_review_adjust_creates_version_2(self):
        plan = self.make_plan()
        plan.action_activate()
        review = self._review(plan, "adjust", date="2026-04-05")
        short_line = review.goal_line_ids.filtered(lambda g: g.horizon == "short")
        short_line.verdict = "achieved"
        review.goal_line_ids.filtered(lambda g: g.horizon == "long").verdict = "partly"
        review.action_done()
        self.assertEqual(review.state, "done")
        new = review.new_plan_id
        self.assertEqual(new.version, 2)
        self.assertEqual(len(new.goal_ids), 1)
        self.assertEqual(new.next_review_date, date(2026, 7, 5))
        self.assertEqual(short_line.goal_id.state, "achieved")

    def test_review_plan_b_trigger_forces_decision(self):
        plan = self.make_plan()
        plan.action_activate()
        review = self._review(plan, False)
        review.goal_line_ids[0].trigger_met = True
        with self.assertRaises(ValidationError):
            review.write({"decision": "continue"})
        review.write(
            {"decision": "continue", "decision_reason": "attendance improving"}
        )
        review.action_done()
        self.assertEqual(plan.next_review_date, review.next_review_date)
        review2 = self._review(plan, "plan_b")
        review2.goal_line_ids[0].trigger_met = True
        review2.action_done()
        self.assertTrue(review2.goal_line_ids[0].goal_id.plan_b_active)

    def test_review_close_proposal(self):
        plan = self.make_plan()
        plan.action_activate()
        review = self._review(plan, "close")
        review.action_done()
        self.assertTrue(
            self.case_in.activity_ids.filtered(lambda a: "closure" in a.summary.lower())
            or self.case_in.activity_ids.filtered(lambda a: "close" in a.summary)
        )

    @freeze_time("2026-03-25")
    def test_review_reminder_and_overdue(self):
        plan = self.make_plan()
        plan.action_activate()
        self.assertEqual(plan.next_review_date, date(2026, 4, 5))
        review_type = self.env.ref("case_management.mail_activity_type_plan_review")
        self.case_in._plan_cron_process()
        reminders = self.case_in.activity_ids.filtered(
            lambda a: a.activity_type_id == review_type
        )
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.date_deadline, date(2026, 4, 5))
        self.assertFalse(self.case_in.review_overdue)
        with freeze_time("2026-04-10"):
            self.case_in.invalidate_recordset(["review_overdue"])
            self.assertTrue(self.case_in.review_overdue)
            self.assertIn(
                self.case_in,
                self.env["case.case"].search([("review_overdue", "=", True)]),
            )
            self.case_in._plan_cron_process()
            reminders = self.case_in.activity_ids.filtered(
                lambda a: a.activity_type_id == review_type
            )
            self.assertEqual(len(reminders), 2)

    def _contact(self, when, state="done", contact_type="home_visit"):
        return self.env["case.contact"].create(
            {
                "case_id": self.case_in.id,
                "date": when,
                "state": state,
                "contact_type": contact_type,
            }
        )

    @freeze_time("2026-02-20")
    def test_contact_cadence(self):
        case = self.case_in
        self._contact(datetime(2026, 2, 2, 10))
        self.assertEqual(case.next_contact_due, date(2026, 2, 9))
        self.assertTrue(case.contact_overdue)
        self.assertIn(
            case, self.env["case.case"].search([("contact_overdue", "=", True)])
        )
        case.contact_cadence = "monthly"
        self.assertEqual(case.next_contact_due, date(2026, 3, 2))
        self.assertFalse(case.contact_overdue)
        history = case.rhythm_history_ids
        self.assertEqual(history.rhythm, "contact")
        self.assertEqual((history.old_value, history.new_value), ("weekly", "monthly"))
        case.contact_cadence = "as_needed"
        self.assertFalse(case.next_contact_due)

    @freeze_time("2026-02-20")
    def test_cadence_prompts(self):
        case = self.case_in
        self._contact(datetime(2026, 2, 12, 10), "missed")
        self.assertFalse(case.cadence_prompt)
        self._contact(datetime(2026, 2, 19, 10), "missed")
        self.assertEqual(case.cadence_prompt, "dense")
        case._plan_cron_process()
        contact_type = self.env.ref("case_management.mail_activity_type_case_contact")
        prompts = case.activity_ids.filtered(
            lambda a: a.activity_type_id == contact_type
        )
        self.assertEqual(len(prompts), 1)
        self.assertIn("too dense", prompts.summary)
        # the family manages: 4 contacts done and the short-term goal achieved
        plan = self.make_plan()
        plan.action_activate()
        for day in (13, 14, 15, 16):
            self._contact(datetime(2026, 2, 20, day), "done", "phone")
        self.assertEqual(case.cadence_prompt, "dense", "visits still missed")
        self._contact(datetime(2026, 2, 20, 17), "done", "home_visit")
        self.assertFalse(case.cadence_prompt, "short-term goal not achieved")
        plan.goal_ids.filtered(lambda g: g.horizon == "short").state = "achieved"
        self.assertEqual(case.cadence_prompt, "lengthen")

    def test_cron_batches(self):
        cases = self.env["case.case"].create(
            [
                {
                    "family_id": self.family_in.id,
                    "focus_partner_ids": [Command.set(self.child_in.ids)],
                    "manager_id": self.user_manager.id,
                }
                for _i in range(5)
            ]
        )
        Case = self.env["case.case"]
        Case.search([("is_closed", "=", False)]).write({"plan_cron_date": False})
        total = Case.search_count([("is_closed", "=", False)])
        done = Case._cron_plan_reminders(batch_size=3)
        self.assertEqual(done, 3)
        runs = 1
        while Case._cron_plan_reminders(batch_size=3):
            runs += 1
        self.assertEqual(runs, -(-total // 3))
        self.assertFalse(
            Case.search_count([("plan_cron_date", "=", False), ("id", "in", cases.ids)])
        )

    def _cron_cases(self, count):
        """Open cases, each with an overdue review, an overdue step of an
        outside professional and an overdue contact with the family."""
        cases = self.env["case.case"].create(
            [
                {
                    "family_id": self.family_in.id,
                    "focus_partner_ids": [Command.set(self.child_in.ids)],
                    "manager_id": self.user_manager.id,
                    "start_date": "2026-01-05",
                }
                for _i in range(count)
            ]
        )
        for case in cases:
            self.make_plan(case).action_activate()
        return cases

    def _cron_queries(self, cases):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        cases._plan_cron_process()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    @freeze_time("2026-04-10")
    def test_cron_queries_do_not_grow_with_the_batch(self):
        """Issue 15: one search per kind of reminder and one activity create
        per batch, not about 45 queries per case."""
        self._cron_queries(self._cron_cases(1))  # warm-up
        small = self._cron_cases(2)
        few = self._cron_queries(small)
        large = self._cron_cases(8)
        many = self._cron_queries(large)
        review_type = self.env.ref("case_management.mail_activity_type_plan_review")
        contact_type = self.env.ref("case_management.mail_activity_type_case_contact")
        followup_type = self.env.ref("case_management.mail_activity_type_plan_followup")
        for case in large:
            kinds = case.activity_ids.activity_type_id
            self.assertEqual(kinds, review_type | contact_type, case.name)
            steps = case.active_plan_id.step_ids.filtered(
                lambda s: s.responsible_type == "external"
            )
            self.assertEqual(steps.activity_ids.activity_type_id, followup_type)
            self.assertEqual(steps.followup_date, date(2026, 4, 10))
        activities = large.activity_ids
        self.assertEqual(activities.user_id, self.user_manager)
        self.assertTrue(all(activities.mapped("automated")))
        self.assertEqual(set(large.mapped("plan_cron_date")), {date(2026, 4, 10)})
        # no assignment e-mail per reminder: the activity is the notice
        self.assertFalse(
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "case.case"),
                    ("res_id", "in", large.ids),
                    ("message_type", "=", "user_notification"),
                ]
            )
        )
        self.assertLessEqual(many, few + 2, f"{few} queries for 2 cases, {many} for 8")
        # nothing twice: a second run the same day adds nothing
        large.write({"plan_cron_date": False})
        large._plan_cron_process()
        self.assertEqual(large.activity_ids, activities)

    def test_agreement_reminders_and_history(self):
        agreement = self.env["case.agreement"].create(
            {
                "case_id": self.case_in.id,
                "date_from": "2026-01-01",
                "party_ids": [Command.set(self.participant_in.ids)],
                "line_ids": [
                    Command.create(
                        {
                            "info_type": "progress",
                            "channel": "phone",
                            "frequency": "weekly",
                            "responsible_user_id": self.user_worker.id,
                        }
                    )
                ],
            }
        )
        line = agreement.line_ids
        self.assertEqual(line.next_due_date, date(2026, 1, 8))
        agreement.action_validate()
        with freeze_time("2026-01-09"):
            self.env["case.agreement"]._cron_sharing_reminders()
            self.assertEqual(agreement.activity_ids.user_id, self.user_worker)
            self.env["case.agreement"]._cron_sharing_reminders()
            self.assertEqual(len(agreement.activity_ids), 1)
        line.frequency = "halfyearly"
        agreement.meeting_interval = "quarterly"
        self.assertEqual(
            sorted(self.case_in.rhythm_history_ids.mapped("rhythm")),
            ["meetings", "sharing"],
        )

    def test_family_demands_contradiction(self):
        plan = self.make_plan()
        family_step = plan.step_ids.filtered(lambda s: s.responsible_type == "family")
        other = self.env["case.plan.step"].create(
            {
                "plan_id": plan.id,
                "name": "Mother attends the therapy at 8:00",
                "responsible_type": "family",
                "partner_id": self.mother_in.id,
                "requested_by_id": self.ospod.id,
                "contradicts_step_id": family_step.id,
                "date_due": "2026-01-20",
            }
        )
        self.assertTrue(other.is_contradictory)
        self.assertEqual(len(plan._family_demand_steps()), 2)
