# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import Command, http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CaseManagementCommon

EXPORT = "base.group_allow_export"
WORKER = "case_management.case_management_group_worker"


@tagged("post_install", "-at_install", "security")
class TestExportRight(CaseManagementCommon):
    def test_users_form_default_groups_lose_export(self):
        """A user created as the Users form does gets the export right from
        the default user template; a case role takes it away, at creation and
        when the role is added later. Other users keep it."""
        Users = self.env["res.users"].with_context(no_reset_password=True)
        export = self.env.ref(EXPORT)
        plain = Users.create({"name": "Účetní", "login": "cm_accountant"})
        self.assertIn(export, plain.groups_id, "the template gives export")
        later = Users.create({"name": "Nová pracovnice", "login": "cm_newcomer"})
        later.write({"groups_id": [Command.link(self.env.ref(WORKER).id)]})
        self.assertNotIn(export, later.groups_id)
        self.assertFalse(later.has_group(EXPORT))
        at_once = Users.create(
            {
                "name": "Nový manažer",
                "login": "cm_newmanager",
                "groups_id": [
                    Command.link(self.env.ref("base.group_user").id),
                    Command.link(export.id),
                    Command.link(
                        self.env.ref("case_management.case_management_group_manager").id
                    ),
                ],
            }
        )
        self.assertNotIn(export, at_once.groups_id)
        # the export right cannot be given back to a case user
        at_once.write({"groups_id": [Command.link(export.id)]})
        self.assertNotIn(export, at_once.groups_id)
        # users without a case role and administrators keep it
        self.assertIn(export, plain.groups_id)
        self.assertTrue(self.env.ref("base.user_admin").has_group(EXPORT))

    def test_export_data_refused_for_case_models(self):
        cases = self.case_in
        with self.assertRaises(AccessError):
            cases.with_user(self.user_worker).export_data(["name"])
        with self.assertRaises(AccessError):
            cases.with_user(self.user_coordinator).export_data(["name"])
        rows = cases.with_user(self.env.ref("base.user_admin")).export_data(["name"])
        self.assertEqual(rows["datas"], [[cases.name]])
        # other models are not touched by the rule
        partner = self.env.user.partner_id
        self.user_nogroup.groups_id = [Command.link(self.env.ref(EXPORT).id)]
        rows = partner.with_user(self.user_nogroup).export_data(["name"])
        self.assertEqual(rows["datas"], [[partner.name]])


@tagged("post_install", "-at_install", "security")
class TestExportRoute(HttpCase):
    def _csrf(self):
        return http.Request.csrf_token(self)

    def test_csv_route_refuses_case_worker(self):
        """Odoo only hides the Export button; the /web/export/csv route is
        refused by the model for a case user who calls it directly."""
        worker = new_test_user(
            self.env,
            login="cm_export_worker",
            groups=f"base.group_user,{WORKER}",
        )
        child = self.env["res.partner"].create({"name": "Dítě Exportní"})
        case = self.env["case.case"].create(
            {
                "focus_partner_ids": [Command.set(child.ids)],
                "manager_id": self.env.ref("base.user_admin").id,
                "key_worker_user_id": worker.id,
            }
        )
        self.authenticate("cm_export_worker", "cm_export_worker")
        data = {
            "model": "case.case",
            "fields": [{"name": "name", "label": "Code"}],
            "ids": case.ids,
            "domain": [],
            "import_compat": False,
        }
        with mute_logger("odoo.addons.web.controllers.export"):
            response = self.url_open(
                "/web/export/csv",
                data={"data": json.dumps(data), "csrf_token": self._csrf()},
            )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(case.name, response.text)
        self.authenticate("admin", "admin")
        response = self.url_open(
            "/web/export/csv",
            data={"data": json.dumps(data), "csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(case.name, response.text)
