# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CaseManagementCommon


@tagged("post_install", "-at_install")
class TestCaseSearchByPerson(CaseManagementCommon):
    """Searching the cases by the name of a person in focus (the search view's
    "Persons in Focus") matches names without the contacts' rules but returns
    only the cases the user may see."""

    def _find(self, user, name):
        return (
            self.env["case.case"]
            .with_user(user)
            .search([("focus_partner_name", "ilike", name)])
        )

    def test_only_own_cases_are_found(self):
        self.assertEqual(self._find(self.user_manager, "Jakub Dvo"), self.case_in)
        # the other manager's child: matched by name, but not a case of his
        self.assertFalse(self._find(self.user_manager, "Amálka"))
        self.assertEqual(self._find(self.user_manager2, "Amálka"), self.case_out)
        self.assertFalse(self._find(self.user_manager2, "Jakub Dvo"))
        # the case worker sees the case whose key worker he is
        self.assertEqual(self._find(self.user_worker, "dvořák"), self.case_in)
        both = self.case_in | self.case_out
        self.assertEqual(self._find(self.user_coordinator, "á") & both, both)

    def test_no_match_and_bad_operator(self):
        self.assertFalse(self._find(self.user_coordinator, "Nikdo Takový"))
        with self.assertRaises(UserError):
            self.env["case.case"].with_user(self.user_manager).search(
                [("focus_partner_name", "not ilike", "Jakub")]
            )
