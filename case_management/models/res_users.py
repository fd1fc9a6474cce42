# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""No list export for case users (SECURITY.md: "Export needs
base.group_allow_export, which new users get through base.default_user.
Remove it from the case roles.").

A list export bypasses the consent gate and the disclosure log: whoever holds
a case role loses the export right, whatever the user form or the default
user template gave them. Administrators (Settings) keep it; users without a
case role are not touched. The data subject's export (GDPR art. 15) is a
coordinator's action of its own and is logged.
"""

from odoo import Command, _, api, models
from odoo.exceptions import AccessError

CASE_GROUP = "case_management.case_management_group_worker"
EXPORT_GROUP = "base.group_allow_export"
GROUP_KEYS = ("groups_id", "in_group_", "sel_groups_")


class ResUsers(models.Model):
    _inherit = ["res.users", "case.read.access.mixin"]
    _name = "res.users"

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._case_drop_export_right()
        return users

    def write(self, vals):
        res = super().write(vals)
        if any(key.startswith(GROUP_KEYS) for key in vals):
            self._case_drop_export_right()
        return res

    def _case_drop_export_right(self):
        export = self.env.ref(EXPORT_GROUP, raise_if_not_found=False)
        case_group = self.env.ref(CASE_GROUP, raise_if_not_found=False)
        if not export or not case_group:
            return
        users = self.sudo().filtered(
            lambda user: (
                export in user.groups_id
                and case_group in user.groups_id
                and not user._is_system()
            )
        )
        if users:
            # super(): the write of this class would call us again
            super(ResUsers, users).write({"groups_id": [Command.unlink(export.id)]})

    @api.model
    def _case_drop_export_right_all(self):
        """At install: existing case users lose the export right."""
        case_group = self.env.ref(CASE_GROUP)
        self.with_context(active_test=False).search(
            [("groups_id", "in", case_group.ids)]
        )._case_drop_export_right()


# pylint: disable=consider-merging-classes-inherited
class Base(models.AbstractModel):
    _inherit = "base"

    def export_data(self, fields_to_export):
        """Odoo hides the Export button from users without the export right
        but its /web/export routes do not check it: refuse here, for the
        case models, so that the rule holds over RPC too."""
        if (
            self._name.startswith("case.")
            and not self.env.su
            and not self.env.user.has_group(EXPORT_GROUP)
        ):
            raise AccessError(
                _(
                    "Case records cannot be exported as a list: that would "
                    "bypass the family's consent and the disclosure log. Use "
                    "the printouts, which go through the consent check."
                )
            )
        return super().export_data(fields_to_export)
