# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged

from .common import STAFF


@tagged("post_install", "-at_install")
class TestSchoolTour(HttpCase):
    def test_principal_nominates_from_watch_list(self):
        principal = new_test_user(
            self.env, login="tour_principal", name="Tour Principal", groups=STAFF
        )
        manager = new_test_user(
            self.env,
            login="tour_school_cm",
            name="Tour Case Manager",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        school = self.env["res.partner"].create(
            {
                "name": "ZŠ Tour",
                "is_company": True,
                "is_school": True,
                "school_case_manager_id": manager.id,
            }
        )
        self.env["case.school.staff"].create(
            {
                "school_id": school.id,
                "partner_id": principal.partner_id.id,
                "user_id": principal.id,
                "role": "principal",
            }
        )
        year = self.env["case.school.year"].create(
            {
                "name": "Tour",
                "date_from": date(2020, 9, 1),
                "date_to": date(2040, 6, 30),
            }
        )
        school_class = self.env["case.school.class"].create(
            {"name": "5. A", "school_id": school.id, "year_id": year.id, "grade": 5}
        )
        Pupil = self.env["case.school.pupil"]
        watched, fine = Pupil.create(
            [
                {
                    "partner_id": self.env["res.partner"].create({"name": name}).id,
                    "pupil_code": code,
                    "class_id": school_class.id,
                }
                for name, code in (
                    ("Tour Pupil Watched", "T1"),
                    ("Tour Pupil Fine", "T2"),
                )
            ]
        )
        today = date.today()
        self.env["case.school.attendance"].create(
            {"pupil_id": watched.id, "date": today, "lessons": 6, "unexcused_hours": 6}
        )
        school.school_unexcused_limit = 5
        (watched | fine)._school_compute_watch(today)
        self.assertTrue(watched.is_watched)
        self.assertFalse(fine.is_watched)

        self.start_tour("/odoo", "case_school_nominate_tour", login="tour_principal")

        referral = self.env["case.school.referral"].search(
            [("pupil_id", "=", watched.id)]
        )
        self.assertEqual(referral.state, "proposed")
        self.assertEqual(referral.nominated_by_id, principal)
        self.assertEqual(referral.reasons, "Často chybí, nemá svačinu.")
        self.assertEqual(
            referral.signal_type_ids,
            self.env.ref("case_management_school.signal_type_food"),
        )
        case = referral.case_id
        self.assertEqual(case.referral_source, "school")
        self.assertEqual(case.focus_partner_ids, watched.partner_id)
        self.assertEqual(case.manager_id, manager)
