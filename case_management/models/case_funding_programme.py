# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CaseFundingProgramme(models.Model):
    _name = "case.funding.programme"
    _description = "Funding Programme"
    _order = "date_from desc, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        string="Code / Registration Number",
        help="The funder's project or registration number, e.g. "
        "CZ.03.02.02/00/22_005/0001234.",
    )
    funder_id = fields.Many2one("res.partner", string="Funder")
    date_from = fields.Date(string="Valid From")
    date_to = fields.Date(string="Valid To")
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company", string="Company", default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for programme in self:
            if (
                programme.date_from
                and programme.date_to
                and programme.date_to < programme.date_from
            ):
                raise ValidationError(
                    _(
                        "The funding programme %(name)s ends before it starts.",
                        name=programme.name,
                    )
                )
