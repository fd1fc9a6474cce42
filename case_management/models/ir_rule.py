# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        # In debug mode Odoo lists the display names of the forbidden records,
        # and the display name of a goal, a step, a factor or an agenda item is
        # free text about a family. For every ``case.*`` model the error names
        # no record: in debug mode it lists them by id only (issue 11, item 6);
        # not even the pseudonymous case code, which would let a colleague map
        # the ids of a case he may not see to that case (issue 15).
        if not records._name.startswith("case."):
            return super()._make_access_error(operation, records)
        error = super()._make_access_error(operation, records[:0])
        if (
            self.env.user.has_group("base.group_no_one")
            and self.env.user._is_internal()
        ):
            lines = [f"- {records._name}: {record_id}" for record_id in records[:6].ids]
            message = error.args[0] if error.args else ""
            error.args = (f"{message}\n\n" + "\n".join(lines),)
        return error
