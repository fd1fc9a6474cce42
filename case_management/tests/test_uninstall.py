# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Uninstalling removes our activity types although open activities of them
exist on records without an external id (a meeting a user created)."""

import importlib
from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.modules.module import get_manifest
from odoo.tests import tagged

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .test_meeting import CaseMeetingCommon

PREP_TYPE = "case_management.mail_activity_type_case_meeting_prepare_child"


@tagged("post_install", "-at_install", "case_meeting")
class TestUninstall(CaseMeetingCommon):
    def _run_uninstall_hook(self):
        """What the module loader does first when the addon is uninstalled."""
        hook = get_manifest("case_management").get("uninstall_hook")
        if hook:
            module = importlib.import_module("odoo.addons.case_management")
            getattr(module, hook)(self.env)

    def test_activity_types_removed_with_open_activities(self):
        start = datetime.combine(fields.Date.today() + timedelta(days=10), time(8))
        meeting = self._meeting(start=start, meeting_format="child_conference")
        prep_type = self.env.ref(PREP_TYPE)
        prep = self.env["mail.activity"].search(
            [
                ("res_model", "=", "case.meeting"),
                ("res_id", "=", meeting.id),
                ("activity_type_id", "=", prep_type.id),
            ]
        )
        self.assertEqual(len(prep), 1)
        # a done activity kept in the archive holds the type too
        followup = self.env.ref("case_management.mail_activity_type_plan_followup")
        followup.keep_done = True
        done = meeting.activity_schedule(
            "case_management.mail_activity_type_plan_followup",
            summary="Zavolat škole",
            user_id=self.user_manager.id,
        )
        done.action_done()
        done = done.with_context(active_test=False).exists()
        self.assertTrue(done)
        todo = meeting.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Rezervovat místnost",
            user_id=self.user_manager.id,
        )
        plan = self.env["mail.activity.plan"].create(
            {
                "name": "Příprava na případovou konferenci",
                "res_model": "case.meeting",
                "template_ids": [
                    Command.create(
                        {"summary": "Připravit dítě", "activity_type_id": prep_type.id}
                    )
                ],
            }
        )
        types = self.env["mail.activity.type"].browse(
            self.env["ir.model.data"]
            .search(
                [
                    ("module", "=", "case_management"),
                    ("model", "=", "mail.activity.type"),
                ]
            )
            .mapped("res_id")
        )
        self.assertIn(prep_type, types)
        self._run_uninstall_hook()
        # the module data removal deletes the types (ondelete restrict from
        # mail.activity and mail.activity.plan.template would stop it)
        with self.env.cr.savepoint():
            types.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        self.assertFalse(types.exists())
        self.assertFalse(prep.exists())
        self.assertFalse(done.exists())
        self.assertFalse(plan.template_ids.exists())
        # activities of Odoo's own types stay (they go with our models)
        self.assertTrue(todo.exists())
