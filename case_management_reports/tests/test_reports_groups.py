from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CaseReportsCommon


@tagged("post_install", "-at_install", "security")
class TestReportsGroups(CaseReportsCommon):
    def test_officer_has_no_case_role(self):
        """Reporting officers get their menu but no case role."""
        self.assertFalse(
            self.user_officer.has_group("case_management.case_management_group_worker")
        )
        menus = self.env["ir.ui.menu"].with_user(self.user_officer)._visible_menu_ids()
        self.assertIn(
            self.env.ref("case_management_reports.case_outcome_report_menu").id, menus
        )
        self.assertNotIn(
            self.env.ref("case_management_reports.case_caseload_report_menu").id, menus
        )
        self.assertNotIn(
            self.env.ref("case_management.case_management_menu_root").id, menus
        )

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_officer_has_no_caseload_rows(self):
        """Issue 11 item 11: the caseload view has one row per case; the
        reporting officer reads none of it (only the suppressed report)."""
        self.env.invalidate_all()
        report = self.env["case.caseload.report"].with_user(self.user_officer)
        with self.assertRaises(AccessError):
            report.read_group([], ["case_count:sum"], ["referral_source"])
        with self.assertRaises(AccessError):
            report.search([])
        with self.assertRaises(AccessError):
            self.env["case.case"].with_user(self.user_officer).search([])
