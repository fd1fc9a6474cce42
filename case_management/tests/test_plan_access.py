# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .test_plan import CasePlanCommon


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
        for xmlid, user in (
            ("case_management_school.group_school_staff", cls.user_school),
            ("case_management_reports.group_reporting_officer", cls.user_reporting),
        ):
            group = cls.env.ref(xmlid, raise_if_not_found=False)
            if group:
                user.groups_id = [(4, group.id)]

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
