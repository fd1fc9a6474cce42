# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import Q1_FROM, Q1_TO, CaseOutcomeCommon


@tagged("post_install", "-at_install")
class TestNetworkAndClosureIndicators(CaseOutcomeCommon):
    """Referrals, service gaps, OSPOD supervision and outcome flags, counted
    by hand on the data set of ``CaseOutcomeCommon`` (programme P, first
    quarter of 2026)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Category = env["case.service.category"]
        cls.cat_debt = Category.create({"name": "Dluhová poradna"})
        cls.cat_psy = Category.create({"name": "Dětský psycholog"})
        cls.provider = env["res.partner"].create(
            {"name": "Poradna Most", "is_company": True}
        )
        Referral = env["case.referral"]

        def refer(case_rec, when, states):
            referral = Referral.create(
                {
                    "case_id": case_rec.id,
                    "category_id": cls.cat_debt.id,
                    "partner_id": cls.provider.id,
                    "date": when,
                }
            )
            for state in states:
                referral.write({"state": state})
            return referral

        # A: accepted in January -> family 1 counts.
        refer(cls.case_a, "2026-01-20", ["sent", "accepted"])
        # G (family 1 again): started and done -> family 1 still once.
        refer(cls.case_g, "2026-03-05", ["started", "done"])
        # E: refused -> no.
        refer(cls.case_e, "2026-02-01", ["sent"]).write(
            {"state": "refused", "refusal_reason": "target_group"}
        )
        # C: accepted, but the referral was made in 2025 -> no.
        refer(cls.case_c, "2025-12-01", ["sent", "accepted"])
        # D (adult): waiting list only -> no.
        refer(cls.case_d, "2026-02-10", ["sent", "waiting"])
        # I: accepted, but I is paid by the NPO only -> not for P.
        refer(cls.case_i, "2026-02-10", ["sent", "accepted"])
        # H: accepted on 10 February, when the NPO pays -> not for P.
        refer(cls.case_h, "2026-02-10", ["sent", "accepted"])

        Territory = env["case.territory"]
        cls.most = Territory.create({"name": "Most"})
        cls.litvinov = Territory.create({"name": "Litvínov"})
        Gap = env["case.service.gap"]
        # The hand count starts from no gaps (the demo records some).
        Gap.sudo().search([]).unlink()
        for category, territory, when in [
            (cls.cat_debt, cls.most, "2026-01-15"),
            (cls.cat_debt, cls.most, "2026-02-15"),
            (cls.cat_debt, cls.litvinov, "2026-03-01"),
            (cls.cat_psy, cls.most, "2026-03-20"),
            (cls.cat_psy, False, "2026-02-02"),
            (cls.cat_psy, cls.most, "2025-12-31"),  # before the quarter
        ]:
            Gap.create(
                {
                    "case_id": cls.case_a.id,
                    "category_id": category.id,
                    "territory_id": territory.id if territory else False,
                    "date": when,
                }
            )
        other = env["res.company"].create({"name": "Jiná organizace"})
        Gap.sudo().create(
            {
                "category_id": cls.cat_debt.id,
                "company_id": other.id,
                "date": "2026-01-10",
            }
        )
        # B was closed on 15 Feb: supervision never needed, two flags.
        cls.case_b.write(
            {
                "ospod_supervision": "never",
                "outcome_crisis_contacts": True,
                "outcome_independent": True,
            }
        )
        # J was closed in 2025 (outside the quarter), all flags set.
        cls.case_j.write({"ospod_supervision": "ended", "outcome_benefits": True})

    def test_families_referred_to_an_accepting_service(self):
        ind = self.indicator(self.prog_p, "R", "referrals_accepted")
        self.assertEqual(self.raw(ind)[1]["n"], 1)
        ind = self.indicator(self.prog_p, "R2", "referrals_accepted", "setting")
        self.assertEqual(self.raw(ind)[0], {"school": 1})
        # The NPO: I in February and H from February on.
        ind = self.indicator(self.prog_q, "R", "referrals_accepted")
        self.assertEqual(self.raw(ind)[1]["n"], 2)

    def test_families_with_an_active_service(self):
        """A12 12.2, counted by hand for P: six families (1, 2, 3, 4, 5 and
        D's adult client). Family 1's referral of G ended (done) after the
        quarter began, so it ran in the quarter; E's service started on
        1 February and runs on; B's started only in April; A's was merely
        accepted. Two of six."""
        Referral = self.env["case.referral"]
        for case_rec, state_date in [
            (self.case_e, "2026-02-01"),
            (self.case_b, "2026-04-15"),
        ]:
            referral = Referral.create(
                {
                    "case_id": case_rec.id,
                    "category_id": self.cat_psy.id,
                    "partner_id": self.provider.id,
                    "date": "2026-01-25",
                }
            )
            referral.write({"state": "started"})
            referral.state_date = state_date
        ind = self.indicator(self.prog_p, "AS", "active_service")
        _rows, total = self.raw(ind)
        self.assertEqual((total["n"], total["num"]), (6, 2))
        families = self.indicator(self.prog_p, "F", "families")
        self.assertEqual(self.raw(families)[1]["n"], total["n"])
        ind = self.indicator(self.prog_p, "AS2", "active_service", "setting")
        rows, _total = ind._compute_raw(self.prog_p, self.company, Q1_FROM, Q1_TO)
        self.assertEqual(rows["school"]["num"], 2)
        self.assertEqual(rows["asylum_house"]["num"], 0)

    def test_service_gaps_by_category_and_territory(self):
        ind = self.indicator(self.prog_p, "G", "service_gaps", "category")
        rows, total = self.raw(ind)
        self.assertEqual(total["n"], 5)
        self.assertEqual(rows, {str(self.cat_debt.id): 3, str(self.cat_psy.id): 2})
        labels = dict(ind._breakdown_labels(set(rows)))
        self.assertEqual(labels[str(self.cat_psy.id)], "Dětský psycholog")
        ind = self.indicator(self.prog_p, "GT", "service_gaps", "territory")
        rows, total = self.raw(ind)
        self.assertEqual(rows, {"Most": 3, "Litvínov": 1, "": 1})
        # Gaps are not counted through cases: the report SQL never reads
        # the gap's case link.
        self.assertNotIn(
            "case_id",
            ind._get_measures()["service_gaps"].sql.split("FROM case_service_gap")[1],
        )
        with self.assertRaises(ValidationError):
            self.indicator(self.prog_p, "GX", "service_gaps", "setting")
        with self.assertRaises(ValidationError):
            self.indicator(
                self.prog_p, "GY", "service_gaps", "category", filter_setting="school"
            )

    def test_ospod_supervision_and_outcomes_at_closure(self):
        ind = self.indicator(self.prog_p, "O", "ospod_supervision", "category")
        self.assertEqual(self.raw(ind)[0], {"never": 1})
        ind = self.indicator(self.prog_p, "OF", "closure_outcomes", "category")
        rows, total = ind._compute_raw(
            self.prog_p, self.company, date(2026, 1, 1), date(2026, 3, 31)
        )
        # One closed case (B), seven flags, two of them set.
        self.assertEqual(len(rows), 7)
        self.assertEqual({k: v["n"] for k, v in rows.items()}, dict.fromkeys(rows, 1))
        self.assertEqual(
            {k for k, v in rows.items() if v["num"]},
            {"outcome_crisis_contacts", "outcome_independent"},
        )
        self.assertEqual(total["num"], 2)
        with self.assertRaises(ValidationError):
            self.indicator(self.prog_p, "OX", "closure_outcomes", "none")
        # In the report: one row per flag and no total (a case has several).
        self.prog_p.indicator_ids.filtered(lambda i: i.code != "OF").unlink()
        wizard = self.env["case.outcome.report"].create(
            {"programme_id": self.prog_p.id, "date_from": Q1_FROM, "date_to": Q1_TO}
        )
        table = wizard._get_report_data()["tables"][0]
        self.assertEqual(len(table["rows"]), 7)
        self.assertNotIn("Total", [r["label"] for r in table["rows"]])
        self.assertEqual(table["columns"][:2], ["Closed cases", "With this outcome"])

    def test_network_analyses_scope(self):
        """Referral analysis: a case worker sees the referrals of their own
        cases, a coordinator those of the company. Gap analysis: a worker
        sees the gaps they recorded, with no link to a case; the reporting
        officer sees neither."""
        worker_gap = (
            self.env["case.service.gap"]
            .with_user(self.user_worker)
            .create({"case_id": self.case_b.id, "category_id": self.cat_psy.id})
        )
        self.env.flush_all()
        referrals = self.env["case.referral.report"]
        mine = [("category_id", "=", self.cat_debt.id)]
        self.assertEqual(referrals.with_user(self.user_worker).search_count(mine), 0)
        self.assertEqual(referrals.with_user(self.user_manager).search_count(mine), 7)
        groups = referrals.with_user(self.user_manager).read_group(
            mine + [("is_accepted", "=", True)], ["referral_count:sum"], ["state"]
        )
        self.assertEqual(
            {g["state"]: g["referral_count"] for g in groups},
            {"accepted": 4, "done": 1},
        )
        gaps = self.env["case.service.gap.report"]
        self.assertEqual(
            gaps.with_user(self.user_worker).search([]).ids, worker_gap.ids
        )
        self.assertNotIn("case_id", gaps._fields)
        self.assertEqual(
            gaps.with_user(self.user_manager).search_count([]), 7
        )  # six + the worker's; not the other company's
        for model in (referrals, gaps):
            with self.assertRaises(AccessError):
                model.with_user(self.user_officer).read_group([], ["__count"], [])

    def test_linked_tables_show_one_figure_alike(self):
        """Cases by setting, and the asylum-house cases alone by new or
        continuing: the "Asylum house" cell of the first table is the total
        of the second (B and C: 2), hidden alike in both; the school cases
        by client type total the "School" cell (A, E, G, H: 4)."""
        self.company.case_report_k = 3
        self.indicator(self.prog_p, "S", "cases", "setting")
        self.indicator(
            self.prog_p, "SA", "cases", "new_continuing", filter_setting="asylum_house"
        )
        self.indicator(
            self.prog_p, "SS", "cases", "client_type", filter_setting="school"
        )
        self.indicator(self.prog_p, "N", "cases", "new_continuing")
        wizard = self.env["case.outcome.report"].create(
            {"programme_id": self.prog_p.id, "date_from": Q1_FROM, "date_to": Q1_TO}
        )
        tables = wizard._get_report_data()["tables"]
        cells = [{r["label"]: r["cells"][0] for r in t["rows"]} for t in tables]
        self.assertEqual(cells[0]["Asylum house"], "<3")
        self.assertEqual(cells[1]["Total"], "<3")
        self.assertEqual(cells[0]["School"], cells[2]["Total"])
        self.assertEqual(cells[2]["Total"], 4)

    def test_school_measures_follow_the_school_addon(self):
        """Offered only when the school addon is installed (no manifest
        dependency). Then, hand-counted: A's pupil from 20 % unexcused
        absence and an average of 3.5 before the case to 5 % and 2.5 in the
        term ending 31 January (-15 points, -1.0); E's pupil from 10 % and
        2.0 to 12 % and 2.5 in the term ending 20 March (+2, +0.5). Medians:
        -6.5 points and -0.25."""
        codes = dict(self.env["case.report.indicator"]._selection_measure())
        if "case.school.outcome" not in self.env:
            self.assertNotIn("school_unexcused_change", codes)
            self.assertNotIn("school_average_change", codes)
            return
        self.assertIn("school_unexcused_change", codes)
        self.school_outcomes(
            [
                (self.case_a, self.c1, (20, 3.5), (5, 2.5), "2026-01-31"),
                (self.case_e, self.c4, (10, 2.0), (12, 2.5), "2026-03-20"),
                # I is paid by the NPO only: not for P.
                (self.case_i, self.c7, (50, 4.0), (0, 1.0), "2026-03-20"),
            ]
        )
        ind = self.indicator(self.prog_p, "SU", "school_unexcused_change")
        _rows, total = self.raw(ind)
        self.assertEqual(total["n"], 2)
        self.assertAlmostEqual(total["median"], -6.5)
        ind = self.indicator(self.prog_p, "SA", "school_average_change", "gender")
        rows, total = self.raw(ind)
        self.assertEqual(rows, {"female": 1, "male": 1})
        self.assertAlmostEqual(total["median"], -0.25)

    def test_cases_with_a_joint_plan(self):
        """A's plan was activated on 10 January, E's is a draft, C's was
        activated after the quarter: 1 of the 7 cases of P."""
        Plan = self.env["case.plan"]
        Plan.create(
            {
                "case_id": self.case_a.id,
                "state": "active",
                "activated_date": "2026-01-10",
            }
        )
        Plan.create({"case_id": self.case_e.id})
        Plan.create(
            {
                "case_id": self.case_c.id,
                "state": "active",
                "activated_date": "2026-04-02",
            }
        )
        ind = self.indicator(self.prog_p, "PL", "cases_with_plan", "setting")
        rows, total = ind._compute_raw(self.prog_p, self.company, Q1_FROM, Q1_TO)
        self.assertEqual((total["n"], total["num"]), (7, 1))
        self.assertEqual(rows["school"]["num"], 1)
        self.assertEqual(rows["asylum_house"]["num"], 0)
