# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CaseClosureRecommendation(models.Model):
    """Whom the family can turn to after closure (A10 10.2, 10.4): crisis
    contacts and services that continue, printed in the closure letter."""

    _name = "case.closure.recommendation"
    _description = "Recommendation for the Family"
    _order = "case_id, kind, sequence, id"
    _check_company_auto = True

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("crisis", "In a crisis"),
            ("continuing", "Service that continues"),
            ("other", "Other recommendation"),
        ],
        required=True,
        default="crisis",
    )
    partner_id = fields.Many2one("res.partner", string="Whom")
    referral_id = fields.Many2one(
        "case.referral", string="Continuing Referral", ondelete="set null"
    )
    note = fields.Text(
        string="Recommendation", help="In plain words, e.g. when and why to call."
    )
    phone = fields.Char(compute="_compute_contact", store=True, readonly=False)
    email = fields.Char(compute="_compute_contact", store=True, readonly=False)

    @api.depends("partner_id")
    def _compute_contact(self):
        for line in self:
            partner = line.partner_id
            line.phone = partner.phone or partner.mobile or partner.parent_id.phone
            line.email = partner.email or partner.parent_id.email
