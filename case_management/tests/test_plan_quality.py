# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import BaseCase, tagged

from ..models import plan_quality as pq


def good_plan():
    return pq.PlanData(
        goals=[
            pq.GoalData(
                name="Amálka goes to school every day",
                horizon="short",
                indicator="no unexcused absence in a month",
                target_date=date(2026, 3, 1),
                plan_b="morning phone call from the teaching assistant",
                actor_count=2,
            ),
            pq.GoalData(
                name="Alternating care with the father is restored",
                horizon="long",
                indicator="a week at each parent's for two months",
                target_date=date(2026, 9, 1),
                no_plan_b_needed=True,
                actor_count=1,
            ),
        ],
        steps=[
            pq.StepData(
                name="Agree the same phone rules",
                responsible_type="family",
                has_responsible=True,
                date_due=date(2026, 2, 1),
            ),
            pq.StepData(
                name="Welcome Amálka every morning",
                responsible_type="external",
                has_responsible=True,
                date_due=date(2026, 2, 1),
            ),
        ],
        next_review_date=date(2026, 4, 1),
        date_end=date(2026, 12, 31),
        family_participated=True,
    )


def result(plan, code):
    return next(r for r in pq.check_plan(plan) if r.code == code)


@tagged("post_install", "-at_install", "case_plan")
class TestPlanQuality(BaseCase):
    def test_good_plan_passes_every_rule(self):
        results = pq.check_plan(good_plan())
        self.assertEqual([r.code for r in results if not r.passed], [])
        self.assertFalse(pq.blocking_results(results))
        for res in results:
            self.assertIn(res.level, (pq.HARD, pq.SOFT))
            title, explanation = res.text()
            self.assertTrue(title)
            self.assertTrue(explanation)

    def test_goal_indicator(self):
        plan = good_plan()
        plan.goals[0].indicator = ""
        res = result(plan, "goal_indicator")
        self.assertFalse(res.passed)
        self.assertTrue(res.blocking)
        self.assertEqual(res.details, ["Amálka goes to school every day"])
        plan = good_plan()
        plan.goals[1].target_date = None
        self.assertFalse(result(plan, "goal_indicator").passed)

    def test_step_owner(self):
        plan = good_plan()
        plan.steps[0].has_responsible = False
        self.assertFalse(result(plan, "step_owner").passed)
        plan = good_plan()
        plan.steps[1].date_due = None
        res = result(plan, "step_owner")
        self.assertFalse(res.passed)
        self.assertEqual(res.level, pq.HARD)

    def test_short_term_goal(self):
        plan = good_plan()
        plan.goals[0].horizon = "medium"
        self.assertFalse(result(plan, "short_term_goal").passed)

    def test_plan_b(self):
        plan = good_plan()
        plan.goals[1].no_plan_b_needed = False
        res = result(plan, "plan_b")
        self.assertFalse(res.passed)
        self.assertEqual(res.details, ["Alternating care with the father is restored"])
        self.assertFalse(result(pq.PlanData(), "plan_b").passed)

    def test_review_date(self):
        plan = good_plan()
        plan.next_review_date = None
        self.assertFalse(result(plan, "review_date").passed)

    def test_time_bounded(self):
        plan = good_plan()
        plan.date_end = None
        self.assertTrue(result(plan, "time_bounded").blocking)

    def test_shared_responsibility(self):
        plan = good_plan()
        plan.steps[1].responsible_type = "family"
        res = result(plan, "shared_responsibility")
        self.assertFalse(res.passed)
        self.assertFalse(res.blocking, "soft rule")

    def test_family_participation(self):
        plan = good_plan()
        plan.family_participated = False
        self.assertFalse(result(plan, "family_participation").passed)
        plan = good_plan()
        plan.child_involved = True
        self.assertFalse(result(plan, "family_participation").passed)
        plan.child_participated = True
        self.assertTrue(result(plan, "family_participation").passed)

    def test_goal_actors(self):
        plan = good_plan()
        plan.goals[0].actor_count = 0
        self.assertFalse(result(plan, "goal_actors").passed)

    def test_ipod(self):
        plan = good_plan()
        plan.ospod_involved = True
        self.assertFalse(result(plan, "ipod").passed)
        plan.ipod_reference = "IPOD 12/2025"
        self.assertFalse(result(plan, "ipod").passed)
        plan.ipod_checked = True
        self.assertTrue(result(plan, "ipod").passed)
        plan.ipod_divergence = "IPOD asks for weekly visits, the plan monthly"
        self.assertFalse(result(plan, "ipod").passed)

    def test_prohibition_english(self):
        for text in (
            "Stop drinking",
            "The mother must not shout at Jakub",
            "Don't skip school",
            "No more night phone calls",
            "Never leave the children alone",
        ):
            self.assertTrue(pq.is_prohibition_only(text), text)
        for text in (
            "Stop drinking and start going to the support group",
            "Jakub goes to school every day",
            "Instead of shouting, the parents will talk with Jakub",
        ):
            self.assertFalse(pq.is_prohibition_only(text), text)

    def test_prohibition_czech(self):
        for text in (
            "Matka nesmí křičet na Jakuba",
            "Přestat pít",
            "Zákaz mobilu v noci",
            "Amálka nebude chodit pozdě",
            "Otec přestane kouřit doma",
        ):
            self.assertTrue(pq.is_prohibition_only(text), text)
        for text in (
            "Amálka bude chodit do školy každý den",
            "Přestat pít a začít chodit do svépomocné skupiny",
            "Rodiče se dohodnou na stejných pravidlech",
        ):
            self.assertFalse(pq.is_prohibition_only(text), text)

    def test_positive_phrasing_rule(self):
        plan = good_plan()
        plan.goals[0].name = "Nesmí chybět ve škole"
        res = result(plan, "positive_phrasing")
        self.assertFalse(res.passed)
        self.assertEqual(res.level, pq.SOFT)
        self.assertIn("nesmí", res.text()[1])

    def test_evaluable_wording(self):
        self.assertTrue(pq.is_vague("Zlepšení péče o dítě"))
        self.assertTrue(pq.is_vague("Better care of the child"))
        self.assertFalse(pq.is_vague("Jakub má každý den svačinu"))
        plan = good_plan()
        plan.goals[1].name = "Improve care of the child"
        self.assertFalse(result(plan, "evaluable_wording").passed)
        self.assertTrue(result(good_plan(), "evaluable_wording").passed)

    def test_translation_in_czech_falls_back(self):
        res = result(good_plan(), "plan_b")
        # Lazy: the English source without a database, the reader's language
        # through _translate() in the ORM layer.
        self.assertIn("plan B", res.text()[0])
