# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""From a plan step to the service directory and to a referral."""

from odoo import _, fields, models


# pylint: disable=consider-merging-classes-inherited
class CasePlanStep(models.Model):
    _inherit = "case.plan.step"

    referral_ids = fields.One2many("case.referral", "step_id", string="Referrals")

    def action_find_service(self):
        self.ensure_one()
        case = self.plan_id.case_id
        return case._case_directory_action(territory=case.territory_id)

    def action_create_referral(self):
        """A new referral for this step (the case manager picks the service)."""
        self.ensure_one()
        partner = self.organisation_id or self.partner_id
        return {
            "type": "ir.actions.act_window",
            "name": _("Referral"),
            "res_model": "case.referral",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_case_id": self.plan_id.case_id.id,
                "default_step_id": self.id,
                "default_need": self.name,
                "default_partner_id": partner.id
                if partner and partner.is_service_provider
                else False,
            },
        }
