# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    case_school_benefit_payday = fields.Integer(
        string="Benefit Payment Day",
        config_parameter="case_management_school.benefit_payday",
        default=15,
        help="Day of the month benefits are paid; attendance shows the days "
        "before it, to reveal children kept home before payday.",
    )
    case_school_outcome_months = fields.Integer(
        string="Months Before the Case",
        config_parameter="case_management_school.outcome_months_before",
        default=3,
        help="The before/after outcome compares the attendance and results of "
        "this many months before the case started with each following term.",
    )
