# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        # In debug mode Odoo lists the display names of the forbidden records,
        # and the display name of a goal, a factor, an agenda item, a child's
        # contact or a case document is free text about a family. The error
        # names no record of any model: in debug mode it lists them by id only
        # (issue 11, item 6). Not even the pseudonymous case code: whoever
        # guesses ids must not learn whose they are (issue 15).
        error = super()._make_access_error(operation, records[:0])
        if (
            self.env.user.has_group("base.group_no_one")
            and self.env.user._is_internal()
        ):
            lines = [f"- {records._name}: {record_id}" for record_id in records[:6].ids]
            message = error.args[0] if error.args else ""
            error.args = (f"{message}\n\n" + "\n".join(lines),)
        return error
