from odoo.tests import TransactionCase, new_test_user


class CaseSchoolCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_teacher = new_test_user(
            cls.env,
            login="school_teacher",
            name="Třídní Učitelka",
            groups="base.group_user,case_management_school.case_management_school_group_staff",
        )
