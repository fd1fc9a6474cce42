# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .suppression import DEFAULT_K, MIN_K


class ResCompany(models.Model):
    _inherit = "res.company"

    case_report_k = fields.Integer(
        string="Minimum Cell Size in Reports",
        default=DEFAULT_K,
        help="Figures under this number are hidden in funder reports; at least 3.",
    )

    @api.constrains("case_report_k")
    def _check_case_report_k(self):
        for company in self:
            if company.case_report_k < MIN_K:
                raise ValidationError(
                    self.env._(
                        "The minimum cell size cannot be lower than %(k)s.", k=MIN_K
                    )
                )
