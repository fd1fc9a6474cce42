# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


# pylint: disable=consider-merging-classes-inherited
class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    case_referral_gap_days = fields.Integer(
        related="company_id.case_referral_gap_days", readonly=False
    )
    case_retention_years = fields.Integer(
        related="company_id.case_retention_years", readonly=False
    )
