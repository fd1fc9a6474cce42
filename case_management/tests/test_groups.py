from odoo.tests import tagged

from .common import CaseManagementCommon


@tagged("post_install", "-at_install", "security")
class TestGroups(CaseManagementCommon):
    def test_role_chain(self):
        """Coordinator ⊃ case manager ⊃ case worker; a plain user has none."""
        self.assertTrue(
            self.user_coordinator.has_group(
                "case_management.case_management_group_manager"
            )
        )
        self.assertTrue(
            self.user_coordinator.has_group(
                "case_management.case_management_group_worker"
            )
        )
        self.assertTrue(
            self.user_manager.has_group("case_management.case_management_group_worker")
        )
        self.assertFalse(
            self.user_manager.has_group(
                "case_management.case_management_group_coordinator"
            )
        )
        self.assertFalse(
            self.user_worker.has_group("case_management.case_management_group_manager")
        )
        self.assertFalse(
            self.user_nogroup.has_group("case_management.case_management_group_worker")
        )

    def test_menu_only_for_case_groups(self):
        root = self.env.ref("case_management.case_management_menu_root")
        visible = self.env["ir.ui.menu"].with_user(self.user_worker)._visible_menu_ids()
        self.assertIn(root.id, visible)
        hidden = self.env["ir.ui.menu"].with_user(self.user_nogroup)._visible_menu_ids()
        self.assertNotIn(root.id, hidden)
