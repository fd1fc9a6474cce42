# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CaseSchoolTerm(models.Model):
    _name = "case.school.term"
    _description = "School Term"
    _order = "date_from desc"

    name = fields.Char(required=True, help="E.g. 1st term 2025/2026.")
    year_id = fields.Many2one(
        "case.school.year",
        string="School Year",
        required=True,
        index=True,
        ondelete="cascade",
    )
    date_from = fields.Date(string="Start", required=True)
    date_to = fields.Date(string="End", required=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A term with this name already exists.")
    ]

    @api.constrains("date_from", "date_to", "year_id")
    def _check_dates(self):
        for term in self:
            year = term.year_id
            if (
                term.date_to < term.date_from
                or term.date_from < year.date_from
                or term.date_to > year.date_to
            ):
                raise ValidationError(
                    self.env._(
                        "Term %(name)s must lie within school year %(year)s.",
                        name=term.name,
                        year=year.name,
                    )
                )
