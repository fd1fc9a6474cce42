from ast import literal_eval

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CaseSchoolCommon


@tagged("post_install", "-at_install", "security")
class TestSchoolGroups(CaseSchoolCommon):
    def test_school_staff_is_not_a_case_worker(self):
        """School staff get the School app but no case role and no case records."""
        self.assertFalse(
            self.user_teacher.has_group("case_management.case_management_group_worker")
        )
        menus = self.env["ir.ui.menu"].with_user(self.user_teacher)._visible_menu_ids()
        self.assertIn(
            self.env.ref("case_management_school.res_partner_menu_school").id, menus
        )
        self.assertNotIn(
            self.env.ref("case_management.case_management_menu_root").id, menus
        )
        with self.assertRaises(AccessError):
            self.env["case.case"].with_user(self.user_teacher).search([])

    def test_schools_action_lists_schools(self):
        school = self.env["res.partner"].create(
            {"name": "ZŠ Lipová", "is_company": True, "is_school": True}
        )
        self.env["res.partner"].create({"name": "Firma s.r.o.", "is_company": True})
        action = self.env.ref("case_management_school.res_partner_action_school")
        found = (
            self.env["res.partner"]
            .with_user(self.user_teacher)
            .search(literal_eval(action.domain))
        )
        self.assertIn(school, found)
        self.assertTrue(all(found.mapped("is_school")))


@tagged("post_install", "-at_install")
class TestCaseSchool(CaseSchoolCommon):
    def test_case_school_from_circle_and_search(self):
        """A class teacher of a school in the circle makes it the case's school."""
        Partner = self.env["res.partner"]
        school = Partner.create(
            {"name": "ZŠ Lipová", "is_company": True, "is_school": True}
        )
        teacher = Partner.create({"name": "Mgr. Eva Učitelová", "parent_id": school.id})
        child = Partner.create({"name": "Žák Test"})
        case = self.env["case.case"].create(
            {"focus_partner_ids": [(6, 0, child.ids)], "referral_source": "school"}
        )
        self.assertFalse(case.school_id)
        self.env["case.participant"].create(
            {"case_id": case.id, "partner_id": teacher.id}
        )
        self.assertEqual(case.school_id, school)
        self.assertEqual(
            self.env["case.case"].search([("school_id", "=", school.id)]), case
        )
        groups = self.env["case.case"].read_group(
            [("id", "=", case.id)], ["school_id"], ["school_id"]
        )
        self.assertEqual(groups[0]["school_id"][0], school.id)
