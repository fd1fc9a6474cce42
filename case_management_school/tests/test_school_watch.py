# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CaseSchoolData


@tagged("post_install", "-at_install", "case_school_watch")
class TestSchoolWatch(CaseSchoolData):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.school_a.write(
            {
                "school_unexcused_limit": 10,
                "school_excused_share_limit": 30,
                "school_average_drop_limit": 0.5,
                "school_signal_limit": 2,
            }
        )
        # A1: attendance gets worse month by month (Sept fine, Oct some,
        # Nov a lot unexcused); A2: fine all along.
        rows = []
        day = date(2025, 9, 1)
        while day <= date(2025, 11, 28):
            if day.weekday() < 5:
                unexcused = 0.0
                if day.month == 10 and day.day % 7 == 0:
                    unexcused = 2.0
                if day.month == 11 and day.day % 2 == 0:
                    unexcused = 3.0
                rows.append((cls.pupil_a, day, unexcused))
                rows.append((cls.pupil_a2, day, 0.0))
            day += timedelta(days=1)
        cls.env["case.school.attendance"].create(
            [
                {
                    "pupil_id": pupil.id,
                    "date": day,
                    "lessons": 5,
                    "unexcused_hours": unexcused,
                }
                for pupil, day, unexcused in rows
            ]
        )

    def _run(self, day):
        with freeze_time(day):
            self.env["case.school.pupil"]._cron_compute_watch_list(batch_size=1)
        self.env.invalidate_all()

    def test_threshold_over_months(self):
        Pupil = self.env["case.school.pupil"]
        self._run("2025-09-30")
        self.assertFalse(self.pupil_a.is_watched)
        self.assertEqual(self.pupil_a.watch_checked_on, date(2025, 9, 30))
        self._run("2025-10-31")
        self.assertFalse(self.pupil_a.is_watched)
        self.assertEqual(self.pupil_a.unexcused_30d, 8.0)
        self._run("2025-11-28")
        self.assertTrue(self.pupil_a.is_watched)
        self.assertEqual(self.pupil_a.watch_since, date(2025, 11, 28))
        self.assertIn("unexcused hours in 30 days", self.pupil_a.watch_reasons)
        self.assertFalse(self.pupil_a2.is_watched)
        self.assertEqual(
            Pupil.search(
                [("is_watched", "=", True), ("class_id", "=", self.class_a.id)]
            ),
            self.pupil_a,
        )
        # still watched the next day: the date it went on the list stays
        self._run("2025-11-29")
        self.assertEqual(self.pupil_a.watch_since, date(2025, 11, 28))
        # after the holidays without new absences it leaves the list
        self._run("2026-01-15")
        self.assertFalse(self.pupil_a.is_watched)
        self.assertFalse(self.pupil_a.watch_since)

    def test_reasons_in_the_schools_language(self):
        """The stored reasons are in the school's language (Czech), not in
        the scheduler's (English)."""
        self.env["res.lang"]._activate_lang("cs_CZ")
        self.env["ir.module.module"].search(
            [("name", "=", "case_management_school")]
        )._update_translations(["cs_CZ"])
        self.school_a.lang = "cs_CZ"
        self.assertEqual(self.env.lang or "en_US", "en_US")
        self._run("2025-11-28")
        self.assertTrue(self.pupil_a.is_watched)
        self.assertIn("neomluvených hodin za 30 dní", self.pupil_a.watch_reasons)
        self.assertNotIn("unexcused", self.pupil_a.watch_reasons)

    def test_same_day_not_checked_twice(self):
        self._run("2025-11-28")
        self.assertTrue(self.pupil_a.is_watched)
        self.env["case.school.attendance"].search(
            [("pupil_id", "=", self.pupil_a.id)]
        ).unlink()
        # a second server (or run) on the same day has nothing left to do
        with freeze_time("2025-11-28"):
            done = self.env["case.school.pupil"]._cron_compute_watch_list()
        self.assertEqual(done, 0)
        self.env.invalidate_all()
        self.assertTrue(self.pupil_a.is_watched)

    def test_excused_share_average_drop_and_signals(self):
        Result = self.env["case.school.result"]
        Result.create(
            [
                {
                    "pupil_id": self.pupil_a2.id,
                    "term_id": self.term1.id,
                    "average": 1.5,
                },
                {
                    "pupil_id": self.pupil_a2.id,
                    "term_id": self.term2.id,
                    "average": 2.2,
                },
            ]
        )
        self._run("2026-02-10")
        self.assertTrue(self.pupil_a2.is_watched)
        self.assertAlmostEqual(self.pupil_a2.average_drop, 0.7)
        self.assertIn("term average worse by 0.7", self.pupil_a2.watch_reasons)
        # signals: two in 60 days put the pupil on the list
        Signal = self.env["case.school.signal"]
        somatic = self.env.ref("case_management_school.signal_type_somatic")
        panic = self.env.ref("case_management_school.signal_type_panic")
        Signal.create(
            [
                {
                    "pupil_id": self.pupil_b.id,
                    "type_id": somatic.id,
                    "date": date(2026, 3, 1),
                },
                {
                    "pupil_id": self.pupil_b.id,
                    "type_id": panic.id,
                    "date": date(2026, 3, 20),
                },
            ]
        )
        self._run("2026-03-25")
        self.assertTrue(self.pupil_b.is_watched)
        self.assertEqual(self.pupil_b.signal_count_60d, 2)
        # excused absence share
        self.env["case.school.attendance"].create(
            [
                {
                    "pupil_id": self.pupil_b.id,
                    "date": date(2026, 4, day),
                    "lessons": 5,
                    "excused_hours": 5,
                }
                for day in (1, 2, 3)
            ]
        )
        self._run("2026-04-05")
        self.assertAlmostEqual(self.pupil_b.excused_share_30d, 100.0)
        self.assertIn("absent (excused) 100 % of lessons", self.pupil_b.watch_reasons)

    def test_factor_and_activity_on_existing_case(self):
        case = self.env["case.case"].create(
            {
                "focus_partner_ids": [(6, 0, self.child_a.ids)],
                "manager_id": self.user_manager.id,
                "referral_source": "self",
            }
        )
        factors_before = case.factor_ids
        self._run("2025-11-28")
        self.assertTrue(self.pupil_a.is_watched)
        new = case.factor_ids - factors_before
        self.assertEqual(len(new), 1)
        self.assertEqual(new.kind, "risk")
        self.assertEqual(
            new.category_id, self.env.ref("case_management.factor_cat_school")
        )
        self.assertIn("ZŠ Alfa", new.description)
        activity = case.activity_ids.filtered(
            lambda a: a.user_id == self.user_manager and "Dominik" in a.summary
        )
        self.assertEqual(len(activity), 1)
        # the next day the pupil is still on the list: no second factor
        self._run("2025-11-29")
        self.assertEqual(len(case.factor_ids - factors_before), 1)

    def test_used_signal_type_is_archived_not_deleted(self):
        panic = self.env.ref("case_management_school.signal_type_panic")
        self.env["case.school.signal"].create(
            {
                "pupil_id": self.pupil_a.id,
                "type_id": panic.id,
                "date": date(2025, 10, 1),
            }
        )
        with self.assertRaisesRegex(UserError, "archive"):
            panic.unlink()
        unused = self.env["case.school.signal.type"].create({"name": "Nepoužitý"})
        unused.unlink()
        self.assertFalse(unused.exists())
