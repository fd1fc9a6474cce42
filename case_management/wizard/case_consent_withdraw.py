# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseConsentWithdraw(models.TransientModel):
    """Withdrawal is as easy as giving: date and reason, one button."""

    _name = "case.consent.withdraw"
    _description = "Withdraw a Consent"

    consent_id = fields.Many2one("case.consent", required=True, ondelete="cascade")
    date = fields.Date(
        string="Withdrawn On", required=True, default=fields.Date.context_today
    )
    reason = fields.Text()

    def action_withdraw(self):
        self.ensure_one()
        self.consent_id.action_withdraw(date=self.date, reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
