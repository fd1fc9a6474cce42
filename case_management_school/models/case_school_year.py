# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseSchoolYear(models.Model):
    _name = "case.school.year"
    _description = "School Year"
    _order = "date_from desc"

    name = fields.Char(required=True, help="E.g. 2025/2026.")
    date_from = fields.Date(string="Start", required=True)
    date_to = fields.Date(string="End", required=True)
    term_ids = fields.One2many("case.school.term", "year_id", string="Terms")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A school year with this name already exists.")
    ]

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for year in self:
            if year.date_to <= year.date_from:
                raise ValidationError(
                    self.env._(
                        "School year %(name)s must end after it starts.",
                        name=year.name,
                    )
                )
