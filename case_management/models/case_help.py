# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models


class CaseHelp(models.Model):
    """Immediate help before any plan (seed 001: food and clothing within
    days). It is the record of what was handed over; the arrangement with the
    provider is a ``case.referral`` of type "immediate help" linked here
    (``referral_id``), so the provider's acceptance, refusal or lack of
    capacity counts in the directory and the gap register."""

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
    referral_id = fields.Many2one(
        "case.referral",
        string="Referral",
        index="btree_not_null",
        ondelete="set null",
        help="The referral to the provider behind this help.",
    )

    def action_create_referral(self):
        """Record the provider's side of the help as a referral."""
        category_codes = {
            "food": "food",
            "clothing": "clothing",
            "material": "food",
        }
        Category = self.env["case.service.category"]
        for help_line in self.filtered(lambda h: not h.referral_id):
            category = Category.search(
                [("code", "=", category_codes.get(help_line.help_type, "other"))],
                limit=1,
            ) or Category.search([("code", "=", "other")], limit=1)
            referral = self.env["case.referral"].create(
                {
                    "case_id": help_line.case_id.id,
                    "partner_id": help_line.provider_id.id,
                    "category_id": category.id,
                    "referral_type": "immediate",
                    "need": help_line.name or False,
                    "date": help_line.date,
                    "user_id": help_line.user_id.id,
                }
            )
            help_line.referral_id = referral
        if len(self) == 1:
            return {
                "type": "ir.actions.act_window",
                "name": _("Referral"),
                "res_model": "case.referral",
                "res_id": self.referral_id.id,
                "view_mode": "form",
                "target": "current",
            }
        return True
