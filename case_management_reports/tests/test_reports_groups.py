from odoo.tests import tagged

from .common import CaseReportsCommon


@tagged("post_install", "-at_install", "security")
class TestReportsGroups(CaseReportsCommon):
    def test_officer_has_no_case_role(self):
        """Reporting officers get their menu but no case role."""
        self.assertFalse(self.user_officer.has_group("case_management.case_management_group_worker"))
        menu = self.env.ref("case_management_reports.case_management_reports_menu_root")
        self.assertTrue(menu.groups_id & self.user_officer.groups_id)
