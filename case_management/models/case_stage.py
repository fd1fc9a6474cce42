# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CaseStage(models.Model):
    _name = "case.stage"
    _description = "Case Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban view of cases.",
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Cases in this stage are closed: their end date is set automatically.",
    )
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        help="Leave empty to use this stage in every company.",
    )
    active = fields.Boolean(default=True)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used_by_cases(self):
        cases = self.env["case.case"].with_context(active_test=False).sudo()
        if cases.search_count([("stage_id", "in", self.ids)]):
            raise UserError(
                _(
                    "Some cases are still in this stage. Move them to another stage "
                    "first, or archive the stage instead."
                )
            )
