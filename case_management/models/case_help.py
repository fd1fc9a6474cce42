# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseHelp(models.Model):
    _name = "case.help"
    _description = "Immediate Help"
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    help_type = fields.Selection(
        [
            ("food", "Food aid"),
            ("clothing", "Clothing"),
            ("referral", "First referral"),
            ("material", "Other material help"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="food",
    )
    name = fields.Char(
        string="Description", help="e.g. food bank parcel, referral to a SAS worker"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    provider_id = fields.Many2one(
        "res.partner", string="Provided By", help="Food bank, charity, service..."
    )
    done = fields.Boolean()
    user_id = fields.Many2one(
        "res.users", string="Arranged By", default=lambda self: self.env.user
    )
