from datetime import date

from odoo.tests import TransactionCase, new_test_user

STAFF = "base.group_user,case_management_school.case_management_school_group_staff"


class CaseSchoolCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user_teacher = new_test_user(
            cls.env, login="school_teacher", name="Třídní Učitelka", groups=STAFF
        )


class CaseSchoolData(CaseSchoolCommon):
    """Two schools with one class each in school year 2025/2026, staff users
    of each school, a case manager and a case worker."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.user_principal_a = new_test_user(
            cls.env, login="school_principal_a", name="Ředitelka A", groups=STAFF
        )
        cls.user_teacher_b = new_test_user(
            cls.env, login="school_teacher_b", name="Učitel B", groups=STAFF
        )
        cls.user_manager = new_test_user(
            cls.env,
            login="school_cm",
            name="Case Manažerka",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        cls.user_worker = new_test_user(
            cls.env,
            login="school_worker",
            name="Pracovník",
            groups="base.group_user,case_management.case_management_group_worker",
        )
        cls.school_a = Partner.create(
            {
                "name": "ZŠ Alfa",
                "is_company": True,
                "is_school": True,
                "school_red_izo": "600000001",
                "school_case_manager_id": cls.user_manager.id,
            }
        )
        cls.school_b = Partner.create(
            {"name": "ZŠ Beta", "is_company": True, "is_school": True}
        )
        Staff = cls.env["case.school.staff"]
        Staff.create(
            [
                {
                    "school_id": cls.school_a.id,
                    "partner_id": cls.user_teacher.partner_id.id,
                    "user_id": cls.user_teacher.id,
                    "role": "class_teacher",
                },
                {
                    "school_id": cls.school_a.id,
                    "partner_id": cls.user_principal_a.partner_id.id,
                    "user_id": cls.user_principal_a.id,
                    "role": "principal",
                },
                {
                    "school_id": cls.school_b.id,
                    "partner_id": cls.user_teacher_b.partner_id.id,
                    "user_id": cls.user_teacher_b.id,
                    "role": "class_teacher",
                },
            ]
        )
        cls.year = cls.env["case.school.year"].search(
            [("name", "=", "2025/2026")]
        ) or cls.env["case.school.year"].create(
            {
                "name": "2025/2026",
                "date_from": date(2025, 9, 1),
                "date_to": date(2026, 6, 30),
                "term_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "1. pololetí 2025/2026",
                            "date_from": date(2025, 9, 1),
                            "date_to": date(2026, 1, 31),
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "2. pololetí 2025/2026",
                            "date_from": date(2026, 2, 1),
                            "date_to": date(2026, 6, 30),
                        },
                    ),
                ],
            }
        )
        cls.term1, cls.term2 = cls.year.term_ids.sorted("date_from")
        Class = cls.env["case.school.class"]
        cls.class_a = Class.create(
            {
                "name": "4. A",
                "school_id": cls.school_a.id,
                "year_id": cls.year.id,
                "grade": 4,
                "teacher_user_id": cls.user_teacher.id,
            }
        )
        cls.class_b = Class.create(
            {
                "name": "4. B",
                "school_id": cls.school_b.id,
                "year_id": cls.year.id,
                "grade": 4,
            }
        )
        cls.child_a = Partner.create({"name": "Dominik Zkušební"})
        cls.child_a2 = Partner.create({"name": "Eliška Zkušební"})
        cls.child_b = Partner.create({"name": "Filip Betový"})
        Pupil = cls.env["case.school.pupil"]
        cls.pupil_a = Pupil.create(
            {
                "partner_id": cls.child_a.id,
                "pupil_code": "A1",
                "class_id": cls.class_a.id,
            }
        )
        cls.pupil_a2 = Pupil.create(
            {
                "partner_id": cls.child_a2.id,
                "pupil_code": "A2",
                "class_id": cls.class_a.id,
            }
        )
        cls.pupil_b = Pupil.create(
            {
                "partner_id": cls.child_b.id,
                "pupil_code": "B1",
                "class_id": cls.class_b.id,
            }
        )

    def _attendance(self, pupil, day, excused=0.0, unexcused=0.0, lessons=5):
        return self.env["case.school.attendance"].create(
            {
                "pupil_id": pupil.id,
                "date": day,
                "lessons": lessons,
                "excused_hours": excused,
                "unexcused_hours": unexcused,
            }
        )
