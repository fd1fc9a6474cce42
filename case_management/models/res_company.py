# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


# pylint: disable=consider-merging-classes-inherited
class ResCompany(models.Model):
    _inherit = "res.company"

    case_referral_gap_days = fields.Integer(
        string="Waiting Becomes a Service Gap After (Days)",
        default=60,
        help="A referral on a waiting list longer than this can be recorded as "
        "a service gap in one click.",
    )
    case_retention_years = fields.Integer(
        string="Keep Closed Cases (Years)",
        default=10,
        help="Closed cases are anonymised this many years after closure, unless "
        "a coordinator put them on legal hold.",
    )

    @api.constrains("case_referral_gap_days", "case_retention_years")
    def _check_case_closure_settings(self):
        for company in self:
            if company.case_referral_gap_days < 1 or company.case_retention_years < 1:
                raise ValidationError(
                    _(
                        "%(company)s: the waiting limit and the retention period "
                        "must be at least 1.",
                        company=company.name,
                    )
                )
