# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

RATING_SELECTION = [
    ("1", "1 – Very low"),
    ("2", "2 – Low"),
    ("3", "3 – Medium"),
    ("4", "4 – High"),
    ("5", "5 – Very high"),
]


class CaseMotivation(models.Model):
    _name = "case.motivation"
    _description = "Motivation Rating"
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    context = fields.Selection(
        [("intake", "Intake"), ("review", "Review")],
        string="Rated At",
        required=True,
        default="intake",
    )
    cooperation = fields.Selection(
        RATING_SELECTION,
        string="Motivation to Cooperate",
        help="Willingness to accept outside help.",
    )
    change = fields.Selection(
        RATING_SELECTION,
        string="Motivation to Change",
        help="Belief that the situation can improve.",
    )
    note = fields.Text()
    user_id = fields.Many2one(
        "res.users", string="Rated By", default=lambda self: self.env.user
    )
