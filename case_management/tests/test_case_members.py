from odoo import Command
from odoo.tests import tagged

from .common import CaseManagementCommon


@tagged("post_install", "-at_install")
class TestCaseMembers(CaseManagementCommon):
    """``member_user_ids`` (manager, key worker and team in one indexed
    table) follows every change of the three fields, and the record rules
    that test it open and close the case accordingly."""

    def _visible(self, user, case):
        return bool(
            self.env["case.case"].with_user(user).search_count([("id", "=", case.id)])
        )

    def test_members_follow_roles_and_rules(self):
        case = self.env["case.case"].create(
            {
                "family_id": self.family_in.id,
                "focus_partner_ids": [Command.set(self.child_in.ids)],
                "manager_id": self.user_manager2.id,
                "referral_source": "school",
            }
        )
        self.assertEqual(case.member_user_ids, self.user_manager2)
        self.assertFalse(self._visible(self.user_worker, case))
        self.assertFalse(self._visible(self.user_manager, case))

        case.team_user_ids = [Command.link(self.user_worker.id)]
        self.assertEqual(case.member_user_ids, self.user_manager2 | self.user_worker)
        self.assertTrue(self._visible(self.user_worker, case))
        # a child document through case_id.member_user_ids
        self.assertTrue(
            self.env["case.participant"]
            .with_user(self.user_worker)
            .search_count([("case_id", "=", case.id)])
            == len(case.participant_ids)
        )

        case.team_user_ids = [Command.unlink(self.user_worker.id)]
        self.assertFalse(self._visible(self.user_worker, case))

        case.key_worker_user_id = self.user_worker
        self.assertTrue(self._visible(self.user_worker, case))

        case.manager_id = self.user_manager
        self.assertEqual(case.member_user_ids, self.user_manager | self.user_worker)
        self.assertTrue(self._visible(self.user_manager, case))
        self.assertFalse(self._visible(self.user_manager2, case))

        # "My cases" of the search view uses the same field
        my_cases = (
            self.env["case.case"]
            .with_user(self.user_worker)
            .search([("member_user_ids", "in", self.user_worker.id)])
        )
        self.assertIn(case, my_cases)

    def test_member_table_indexed_by_user(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s",
            ["case_case_member_user_rel"],
        )
        defs = [row[0] for row in self.env.cr.fetchall()]
        self.assertTrue(
            any("(user_id, case_id)" in d for d in defs), f"no user index: {defs}"
        )
