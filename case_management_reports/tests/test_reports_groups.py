from odoo.exceptions import AccessError
from odoo.tests import tagged

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
            self.env.ref("case_management_reports.case_caseload_report_menu").id, menus
        )
        self.assertNotIn(
            self.env.ref("case_management.case_management_menu_root").id, menus
        )

    def test_officer_reads_aggregates_not_cases(self):
        """The caseload analysis counts cases; the cases themselves stay closed."""
        self.env["case.case"].create(
            {
                "focus_partner_ids": [
                    (6, 0, [self.env["res.partner"].create({"name": "Klient Test"}).id])
                ],
                "referral_source": "self",
                "manager_id": self.env.user.id,
            }
        )
        self.env.invalidate_all()
        report = self.env["case.caseload.report"].with_user(self.user_officer)
        groups = report.read_group([], ["case_count:sum"], ["referral_source"])
        self_row = [g for g in groups if g["referral_source"] == "self"]
        self.assertEqual(
            self_row[0]["case_count"],
            self.env["case.case"].search_count([("referral_source", "=", "self")]),
        )
        self.assertNotIn("case_id", report._fields)
        with self.assertRaises(AccessError):
            self.env["case.case"].with_user(self.user_officer).search([])
