# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import Q1_FROM, Q1_TO, CaseOutcomeCommon


@tagged("post_install", "-at_install")
class TestIndicators(CaseOutcomeCommon):
    """Counted by hand from the data set of ``CaseOutcomeCommon``.

    Programme P, first quarter of 2026. Active and paid by P on at least one
    day: A (opened before), B (closed on 15 Feb), C (reopened), D (adult,
    new), E (two children, new), G (family 1's second case, new), H (P until
    31 Jan, then the NPO). Not counted: I (NPO only), J (closed in 2025)."""

    def test_families_persons_children(self):
        ind = self.indicator(self.prog_p, "F", "families")
        # F1 (A and G once), F2, F3, the adult's own case D, F4, F5.
        self.assertEqual(self.raw(ind)[1]["n"], 6)
        ind = self.indicator(self.prog_p, "P", "persons", "gender")
        rows, total = self.raw(ind)
        # c1, c1b, c2, c3, a1, c4, c5, c6.
        self.assertEqual(total["n"], 8)
        self.assertEqual(rows, {"female": 5, "male": 3})
        ind = self.indicator(self.prog_p, "CH", "children", "age_band")
        rows, total = self.raw(ind)
        self.assertEqual(total["n"], 7)
        self.assertEqual(rows, {"6_14": 6, "15_17": 1})

    def test_new_and_continuing_cases(self):
        ind = self.indicator(self.prog_p, "C", "cases", "new_continuing")
        rows, total = self.raw(ind)
        self.assertEqual(total["n"], 7)
        self.assertEqual(rows, {"new": 3, "continuing": 4})
        ind = self.indicator(self.prog_p, "S", "cases", "setting")
        self.assertEqual(
            self.raw(ind)[0], {"school": 4, "asylum_house": 2, "ngo_programme": 1}
        )
        ind = self.indicator(self.prog_p, "T", "cases", "client_type")
        self.assertEqual(self.raw(ind)[0], {"family": 6, "adult": 1})

    def test_funder_change_splits_the_case(self):
        """H counts for P in January and for Q from February: its two phone
        calls go one to each programme; Q also has case I."""
        contacts_p = self.indicator(self.prog_p, "K", "contacts", "category")
        # A on 15 Jan and H on 20 Jan; not A in December, not B after its
        # closure, not C's missed visit.
        self.assertEqual(self.raw(contacts_p)[0], {"home_visit": 1, "phone": 1})
        contacts_q = self.indicator(self.prog_q, "K", "contacts", "category")
        self.assertEqual(self.raw(contacts_q)[0], {"phone": 1, "school": 1})
        cases_q = self.indicator(self.prog_q, "C", "cases")
        self.assertEqual(self.raw(cases_q)[1]["n"], 2)
        # Case-months: H is paid by P for 31 days of the quarter.
        intensity = self.indicator(self.prog_p, "I", "contact_intensity", "setting")
        rows, _total = intensity._compute_raw(self.prog_p, self.company, Q1_FROM, Q1_TO)
        self.assertAlmostEqual(rows["school"]["num"], 2)
        days_school = (
            (Q1_TO - Q1_FROM).days
            + 1  # A
            + (Q1_TO - self.case_e.start_date).days
            + 1  # E
            + (Q1_TO - self.case_g.start_date).days
            + 1  # G
            + 31  # H, January only
        )
        self.assertAlmostEqual(rows["school"]["val"], days_school / 30.4375, 3)

    def test_closed_and_support_length(self):
        ind = self.indicator(self.prog_p, "Z", "cases_closed", "category")
        self.assertEqual(self.raw(ind)[0], {"goals_met": 1})
        ind = self.indicator(self.prog_p, "L", "support_length")
        _rows, total = self.raw(ind)
        # B: 1 Oct 2025 to 15 Feb 2026 = 137 days.
        self.assertAlmostEqual(total["median"], 137 / 30.4375, 3)

    def test_year_and_other_programme_period(self):
        """Over 2025 only A, B, C, H and J were paid by P (J closed on 20 Dec)."""
        ind = self.indicator(self.prog_p, "C", "cases")
        _rows, total = ind._compute_raw(
            self.prog_p,
            self.company,
            Q1_FROM.replace(year=2025),
            Q1_TO.replace(year=2025, month=12, day=31),
        )
        self.assertEqual(total["n"], 5)

    def test_breakdown_must_fit_the_measure(self):
        with self.assertRaises(ValidationError):
            self.indicator(self.prog_p, "X", "families", "gender")
        with self.assertRaises(ValidationError):
            self.indicator(self.prog_p, "X", "families", "category")

    def test_overlapping_periods_refused(self):
        with self.assertRaises(ValidationError):
            self.env["case.funding.period"].create(
                {
                    "case_id": self.case_a.id,
                    "programme_id": self.prog_p.id,
                    "date_from": "2026-01-01",
                }
            )

    def test_k_never_below_three(self):
        with self.assertRaises(ValidationError):
            self.company.case_report_k = 2

    def test_report_suppresses(self):
        """k = 5 (the default): cases by setting is [4, 2, 0, 1, 0] of 7:
        every non-zero cell is under 5 and hidden; the total of 7 stays."""
        self.company.case_report_k = 5
        self.indicator(self.prog_p, "S", "cases", "setting")
        wizard = self.env["case.outcome.report"].create(
            {
                "programme_id": self.prog_p.id,
                "date_from": Q1_FROM,
                "date_to": Q1_TO,
            }
        )
        data = wizard._get_report_data()
        rows = {r["label"]: r["cells"][0] for r in data["tables"][0]["rows"]}
        self.assertEqual(rows["School"], "<5")
        self.assertEqual(rows["Asylum house"], "<5")
        self.assertEqual(rows["NGO family programme"], "<5")
        self.assertEqual(rows["Municipal social work"], 0)
        self.assertEqual(rows["Total"], 7)

    def test_statutory_summary_counts_every_case(self):
        """A statutory summary counts every case of the organisation over
        its own dates, whoever pays: A, B, C, D, E, G, H and I (not J) of
        this data set, and whatever other cases the database holds."""
        yearly = self.env["case.funding.programme"].create(
            {"name": "Roční výkaz §65", "all_cases": True}
        )
        ind = self.indicator(yearly, "1", "cases")
        _rows, total = self.raw(ind)
        others = self.env["case.case"].search_count(
            [
                (
                    "id",
                    "not in",
                    (
                        self.case_a
                        | self.case_b
                        | self.case_c
                        | self.case_d
                        | self.case_e
                        | self.case_g
                        | self.case_h
                        | self.case_i
                        | self.case_j
                    ).ids,
                ),
                ("company_id", "=", self.company.id),
                ("start_date", "<=", Q1_TO),
                "|",
                ("is_closed", "=", False),
                ("end_date", ">=", Q1_FROM),
            ]
        )
        self.assertEqual(total["n"], 8 + others)

    def test_goals_achieved_of_goals_due(self):
        """Goals with a target date in the period: two in A's plan, one
        achieved; one of B due in April does not count; a draft plan's goal
        does not count."""
        Plan = self.env["case.plan"]
        plan_a = Plan.create({"case_id": self.case_a.id})
        plan_b = Plan.create({"case_id": self.case_b.id})
        Goal = self.env["case.plan.goal"]
        for plan, name, target, state in [
            (plan_a, "Docházka", "2026-02-01", "achieved"),
            (plan_a, "Bydlení", "2026-03-15", "open"),
            (plan_b, "Dluhy", "2026-04-15", "achieved"),
        ]:
            Goal.create(
                {
                    "plan_id": plan.id,
                    "name": name,
                    "target_date": target,
                    "state": state,
                }
            )
        draft = Plan.create({"case_id": self.case_e.id})
        Goal.create(
            {
                "plan_id": draft.id,
                "name": "Škola",
                "target_date": "2026-02-01",
                "state": "achieved",
            }
        )
        (plan_a | plan_b).write({"state": "active"})
        ind = self.indicator(self.prog_p, "G", "goals")
        _rows, total = ind._compute_raw(self.prog_p, self.company, Q1_FROM, Q1_TO)
        self.assertEqual((total["n"], total["num"]), (2, 1))

    def test_time_to_first_result(self):
        """The first review (done) that finds a goal achieved: A on
        1 March 2026 (9 months after its start on 1 June 2025), H on
        15 January (2.5 months); a review in draft does not count."""
        Plan = self.env["case.plan"]
        Goal = self.env["case.plan.goal"]
        Review = self.env["case.plan.review"]
        for case, date_done in [
            (self.case_a, "2026-03-01"),
            (self.case_h, "2026-01-15"),
            (self.case_e, False),
        ]:
            plan = Plan.create({"case_id": case.id})
            goal = Goal.create({"plan_id": plan.id, "name": "Cíl"})
            review = Review.create(
                {
                    "plan_id": plan.id,
                    "date": date_done or "2026-02-01",
                    "goal_line_ids": [
                        Command.create({"goal_id": goal.id, "verdict": "achieved"})
                    ],
                }
            )
            if date_done:
                review.state = "done"
        ind = self.indicator(self.prog_p, "R", "first_result")
        _rows, total = ind._compute_raw(self.prog_p, self.company, Q1_FROM, Q1_TO)
        self.assertEqual(total["n"], 2)
        a_months = (date(2026, 3, 1) - date(2025, 6, 1)).days / 30.4375
        h_months = (date(2026, 1, 15) - date(2025, 11, 1)).days / 30.4375
        self.assertAlmostEqual(total["median"], (a_months + h_months) / 2, 3)

    def test_periods_list_the_programmes_on_the_case(self):
        self.assertEqual(self.case_h.funding_programme_ids, self.prog_p | self.prog_q)
