# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        # In debug mode Odoo lists the display names of the forbidden records,
        # and the display name of a goal, a step, a factor or an agenda item is
        # free text about a family. For every ``case.*`` model the error names
        # no record: in debug mode it lists them by id and pseudonymous case
        # code only (issue 11, item 6).
        if not records._name.startswith("case."):
            return super()._make_access_error(operation, records)
        error = super()._make_access_error(operation, records[:0])
        if (
            self.env.user.has_group("base.group_no_one")
            and self.env.user._is_internal()
        ):
            lines = []
            for record in records[:6].sudo():
                code = record._case_error_code()
                lines.append(
                    f"- {records._name}: {record.id}" + (f" ({code})" if code else "")
                )
            records[:6].sudo().invalidate_recordset()
            message = error.args[0] if error.args else ""
            error.args = (f"{message}\n\n" + "\n".join(lines),)
        return error
