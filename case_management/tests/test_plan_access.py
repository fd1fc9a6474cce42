# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pathlib import Path

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.modules.module import get_module_path
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .test_plan import CasePlanCommon

SCHOOL_STAFF = "case_management_school.case_management_school_group_staff"
REPORTING_OFFICER = "case_management_reports.case_management_reports_group_officer"


@tagged("post_install", "-at_install", "case_plan", "security")
class TestPlanAccess(CasePlanCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan_in = cls.make_plan(cls.case_in)
        cls.plan_out = cls.make_plan(cls.case_out)
        cls.user_school = new_test_user(
            cls.env, login="cm_school", groups="base.group_user"
        )
        cls.user_reporting = new_test_user(
            cls.env, login="cm_reporting", groups="base.group_user"
        )
        cls.extension_groups = {}
        for xmlid, user in (
            (SCHOOL_STAFF, cls.user_school),
            (REPORTING_OFFICER, cls.user_reporting),
        ):
            module = xmlid.split(".")[0]
            installed = cls.env["ir.module.module"].search_count(
                [("name", "=", module), ("state", "=", "installed")]
            )
            if installed:
                # raises if the xmlid is wrong
                group = cls.env.ref(xmlid)
                user.groups_id = [Command.link(group.id)]
                cls.extension_groups[xmlid] = user

    def test_extension_groups_exist(self):
        """The groups named above are the extensions' real ones: declared in
        their security files (and given to the users when installed)."""
        for xmlid in (SCHOOL_STAFF, REPORTING_OFFICER):
            module, name = xmlid.split(".")
            declared = set()
            security = Path(get_module_path(module)) / "security"
            for path in security.glob("*.xml"):
                declared.update(etree.parse(str(path)).xpath("//record/@id"))
            self.assertIn(name, declared, xmlid)
        for xmlid, user in self.extension_groups.items():
            self.assertTrue(user.has_group(xmlid), xmlid)

    def test_case_team_reads_and_edits(self):
        for user in (self.user_manager, self.user_worker):
            plan = self.plan_in.with_user(user)
            plan.read(["name", "goal_ids"])
            plan.goal_ids[0].write({"baseline": "3 absences a week"})
            plan.step_ids[0].read(["name"])
        self.plan_out.with_user(self.user_manager2).read(["name"])
        self.plan_in.with_user(self.user_coordinator).read(["name"])

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_outsiders_do_not_read(self):
        for user in (self.user_manager2,):
            with self.assertRaises(AccessError):
                self.plan_in.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.plan_in.goal_ids.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.plan_in.with_user(user).write({"situation": "x"})
            with self.assertRaises(AccessError):
                self.env["case.plan"].with_user(user).create(
                    {"case_id": self.case_in.id}
                )
        for user in (self.user_nogroup, self.user_school, self.user_reporting):
            for records in (
                self.plan_in,
                self.plan_in.goal_ids,
                self.plan_in.step_ids,
            ):
                with self.assertRaises(AccessError):
                    records.with_user(user).read(["id"])

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_worker_out_of_team(self):
        self.assertFalse(
            self.env["case.plan"]
            .with_user(self.user_worker)
            .search([("id", "=", self.plan_out.id)])
        )
        with self.assertRaises(AccessError):
            self.plan_out.step_ids.with_user(self.user_worker).write({"name": "x"})
