from odoo.tests import tagged

from .common import CaseSchoolCommon


@tagged("post_install", "-at_install", "security")
class TestSchoolGroups(CaseSchoolCommon):
    def test_school_staff_is_not_a_case_worker(self):
        """School staff get the School menu but no case role."""
        self.assertFalse(self.user_teacher.has_group("case_management.case_management_group_worker"))
        menu = self.env.ref("case_management_school.case_management_school_menu_root")
        self.assertTrue(menu.groups_id & self.user_teacher.groups_id)
