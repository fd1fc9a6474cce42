# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseCase(models.Model):
    _inherit = "case.case"

    funding_period_ids = fields.One2many(
        "case.funding.period",
        "case_id",
        string="Funding Periods",
        help="Which programme pays for the case when: reports split case-months, "
        "contacts and meetings by these dates.",
    )
