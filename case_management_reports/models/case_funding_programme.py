# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseFundingProgramme(models.Model):
    _inherit = "case.funding.programme"

    cofinancing_label = fields.Char(
        string="Co-financing Label",
        translate=True,
        help="Printed on every report, e.g. 'Spolufinancováno Evropskou unií'.",
    )
    cofinancing_logo = fields.Image(
        string="Co-financing Logo", max_width=600, max_height=200
    )
    all_cases = fields.Boolean(
        string="Every Case of the Organisation",
        help="For statutory summaries (e.g. the yearly §65 figures): count every "
        "case of the organisation over its own dates, whoever funds it.",
    )
    report_note = fields.Text(
        translate=True,
        help="Printed at the top of the report, e.g. 'Prepared figures to check "
        "before filing'.",
    )
    indicator_ids = fields.One2many(
        "case.report.indicator", "programme_id", string="Indicators"
    )
    period_ids = fields.One2many(
        "case.funding.period", "programme_id", string="Funded Periods"
    )
