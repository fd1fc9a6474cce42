# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo.tests import tagged

from .common import CaseSchoolData


@tagged("post_install", "-at_install", "case_school_outcome")
class TestSchoolOutcome(CaseSchoolData):
    def test_before_and_after(self):
        Attendance = self.env["case.school.attendance"]
        vals = []
        day = date(2025, 9, 1)
        while day <= date(2026, 6, 30):
            if day.weekday() < 5:
                before = day < date(2025, 12, 1)
                vals.append(
                    {
                        "pupil_id": self.pupil_a.id,
                        "date": day,
                        "lessons": 5,
                        # before the case: absent every other day; after: one day in ten
                        "unexcused_hours": 5.0
                        if (before and day.day % 2)
                        or (not before and day.day % 10 == 0)
                        else 0.0,
                    }
                )
            day += timedelta(days=1)
        Attendance.create(vals)
        self.env["case.school.result"].create(
            [
                {"pupil_id": self.pupil_a.id, "term_id": self.term1.id, "average": 3.5},
                {"pupil_id": self.pupil_a.id, "term_id": self.term2.id, "average": 2.4},
            ]
        )
        self.pupil_a.year_outcome = "moved_up"
        case = self.env["case.case"].create(
            {
                "focus_partner_ids": [(6, 0, self.child_a.ids)],
                "referral_source": "school",
                "start_date": date(2025, 12, 1),
            }
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "case_management_school.outcome_months_before", "2"
        )
        case._school_compute_outcomes()
        before = case.school_outcome_ids.filtered(lambda o: o.period == "before")
        self.assertEqual(before.date_from, date(2025, 10, 1))
        self.assertEqual(before.date_to, date(2025, 11, 30))
        self.assertLess(before.attendance_rate, 60)
        self.assertEqual(before.average, 3.5)
        terms = case.school_outcome_ids.filtered(lambda o: o.period == "term")
        self.assertEqual(terms.term_id, self.term1 | self.term2)
        self.assertGreater(case.school_attendance_latest, 85)
        self.assertEqual(case.school_attendance_before, before.attendance_rate)
        self.assertEqual(case.school_average_before, 3.5)
        self.assertEqual(case.school_average_latest, 2.4)
        self.assertEqual(case.school_year_outcome, "moved_up")
        # recomputing replaces the rows
        case._school_compute_outcomes()
        self.assertEqual(len(case.school_outcome_ids), 3)

    def test_ospod_notice_visible_on_case(self):
        notice = (
            self.env["case.school.ospod.notice"]
            .with_user(self.user_principal_a)
            .create({"pupil_id": self.pupil_a.id, "reason": "Narůstající absence"})
        )
        self.assertIn("359/1999", notice.legal_basis)
        case = self.env["case.case"].create(
            {
                "focus_partner_ids": [(6, 0, self.child_a.ids)],
                "referral_source": "school",
            }
        )
        self.assertEqual(case.school_ospod_notice_ids, notice.sudo())
