# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.case_management_reports.tests.common import CaseOutcomeCommon


@tagged("post_install", "-at_install")
class TestSchoolOutcomeReport(CaseOutcomeCommon):
    """Hand-counted on the reports' data set (programme P, first quarter of
    2026): A's pupil (ZŠ Horní) from 20 % unexcused absence and 3.5 before
    the case to 5 % and 2.5; E's pupil (ZŠ Dolní) from 10 % and 2.0 to 12 %
    and 2.5; I's pupil (ZŠ Dolní, NPO only) from 50 % and 4.0 to 0 % and
    1.0; B's pupil (asylum house, no school enrolment) from 30 % to 10 %."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Partner = env["res.partner"]
        cls.school_x = Partner.create(
            {"name": "ZŠ Horní", "is_company": True, "is_school": True}
        )
        cls.school_y = Partner.create(
            {"name": "ZŠ Dolní", "is_company": True, "is_school": True}
        )
        year = env["case.school.year"].create(
            {
                "name": "Testovací rok",
                "date_from": date(2025, 9, 1),
                "date_to": date(2026, 6, 30),
            }
        )
        Class = env["case.school.class"]
        class_x = Class.create(
            {"name": "3. A", "school_id": cls.school_x.id, "year_id": year.id}
        )
        class_y = Class.create(
            {"name": "5. B", "school_id": cls.school_y.id, "year_id": year.id}
        )
        Pupil = env["case.school.pupil"]
        for code, child, klass in [
            ("X1", cls.c1, class_x),
            ("Y1", cls.c4, class_y),
            ("Y2", cls.c7, class_y),
        ]:
            Pupil.create(
                {"partner_id": child.id, "class_id": klass.id, "pupil_code": code}
            )
        cls.before = cls.school_outcomes(
            [
                (cls.case_a, cls.c1, (20, 3.5), (5, 2.5), "2026-01-31"),
                (cls.case_e, cls.c4, (10, 2.0), (12, 2.5), "2026-03-20"),
                (cls.case_i, cls.c7, (50, 4.0), (0, 1.0), "2026-03-20"),
                (cls.case_b, cls.c2, (30, 0), (10, 0), "2026-01-31"),
            ]
        )
        cls.ours = [rec.id for rec in cls.before.values()]

    def _rows(self, user=None):
        Report = self.env["case.school.outcome.report"]
        if user:
            Report = Report.with_user(user)
        return Report.search([("id", "in", self.ours)])

    def test_view_rows(self):
        rows = {r.id: r for r in self._rows()}
        row_a = rows[self.before[self.case_a].id]
        self.assertEqual(row_a.school_id, self.school_x)
        self.assertEqual(row_a.setting, "school")
        self.assertAlmostEqual(row_a.unexcused_before, 20.0)
        self.assertAlmostEqual(row_a.unexcused_after, 5.0)
        self.assertAlmostEqual(row_a.unexcused_change, -15.0)
        self.assertAlmostEqual(row_a.average_change, -1.0)
        self.assertTrue(row_a.attendance_improved)
        self.assertTrue(row_a.average_improved)
        row_e = rows[self.before[self.case_e].id]
        self.assertEqual(row_e.school_id, self.school_y)
        self.assertAlmostEqual(row_e.unexcused_change, 2.0)
        self.assertFalse(row_e.attendance_improved)
        # No average recorded: no change, not "improved".
        row_b = rows[self.before[self.case_b].id]
        self.assertFalse(row_b.school_id)
        self.assertEqual(row_b.average_change, 0.0)
        self.assertFalse(row_b.average_improved)
        self.assertTrue(row_b.attendance_improved)

    def test_pivot_by_school(self):
        groups = self.env["case.school.outcome.report"].read_group(
            [("id", "in", self.ours)],
            ["pupil_count:sum", "unexcused_change:avg"],
            ["school_id"],
        )
        by_school = {
            g["school_id"] and g["school_id"][0]: (
                g["pupil_count"],
                round(g["unexcused_change"], 1),
            )
            for g in groups
        }
        self.assertEqual(
            by_school,
            {
                self.school_x.id: (1, -15.0),
                self.school_y.id: (2, -24.0),  # (+2 - 50) / 2
                False: (1, -20.0),
            },
        )

    def test_indicator_by_school(self):
        ind = self.indicator(self.prog_p, "SU", "school_unexcused_change", "school")
        rows, total = self.raw(ind)
        # I is paid by the NPO only: for P one pupil in each school, and B's
        # pupil, enrolled nowhere, under "Not stated".
        self.assertEqual(
            rows, {str(self.school_x.id): 1, str(self.school_y.id): 1, "": 1}
        )
        self.assertEqual(total["n"], 3)
        labels = dict(ind._breakdown_labels(set(rows)))
        self.assertEqual(labels[str(self.school_y.id)], "ZŠ Dolní")
        self.assertEqual(labels[""], "Not stated")
        # B's average was not recorded: the NPO's average table has I only.
        ind_q = self.indicator(self.prog_q, "SUQ", "school_average_change", "school")
        self.assertEqual(self.raw(ind_q)[0], {str(self.school_y.id): 1})

    def test_school_breakdown_only_for_pupils(self):
        with self.assertRaisesRegex(ValidationError, "school measures only"):
            self.indicator(self.prog_p, "FX", "families", "school")

    def test_access(self):
        # Coordinators: every row of their company.
        self.assertEqual(len(self._rows(self.user_manager)), 4)
        # A case worker: the rows of their own cases only (B).
        self.assertEqual(
            self._rows(self.user_worker).ids, [self.before[self.case_b].id]
        )
        # Reporting officers get the suppressed indicators, not this view.
        with self.assertRaises(AccessError):
            self._rows(self.user_officer)
        with self.assertRaises(AccessError):
            self.env["case.school.outcome.report"].with_user(
                self.user_officer
            ).read_group([], ["pupil_count:sum"], ["school_id"])
        staff = new_test_user(
            self.env,
            login="outcome_school_staff",
            groups="base.group_user,"
            "case_management_school.case_management_school_group_staff",
        )
        with self.assertRaises(AccessError):
            self._rows(staff)
        # Another organisation's coordinator sees nothing of ours.
        other = self.env["res.company"].create({"name": "Jiná organizace"})
        outsider = new_test_user(
            self.env,
            login="outcome_other_coordinator",
            company_id=other.id,
            company_ids=[other.id],
            groups="base.group_user,case_management.case_management_group_coordinator",
        )
        self.assertFalse(self._rows(outsider))
