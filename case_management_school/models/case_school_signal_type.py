# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CaseSchoolSignalType(models.Model):
    _name = "case.school.signal.type"
    _description = "Early Signal Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.env["case.school.signal"].search_count(
            [("type_id", "in", self.ids)], limit=1
        )
        if used:
            raise UserError(
                self.env._(
                    "Signals of this type are recorded; archive the type instead."
                )
            )
