# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The case's side of referrals, the service directory and service gaps."""

from odoo import _, api, fields, models


# pylint: disable=consider-merging-classes-inherited
class CaseCase(models.Model):
    _inherit = "case.case"

    territory_id = fields.Many2one(
        "case.territory",
        string="Territory (Hierarchy)",
        index=True,
        tracking=True,
        help="Municipality, ORP or region of the case, from the territory "
        "hierarchy: the service directory and the gap register use it.",
    )
    referral_ids = fields.One2many("case.referral", "case_id", string="Referrals")
    referral_count = fields.Integer(
        compute="_compute_counts",
        # recomputed with the lines, as when it shared the warning's compute
        depends=["referral_ids.state", "referral_ids.category_id"],
    )
    referral_duplicate_warning = fields.Char(
        compute="_compute_referral_duplicate_warning", string="Duplicate Services"
    )

    def _case_stat_count_domains(self):
        return {
            **super()._case_stat_count_domains(),
            "referral_count": ("case.referral", []),
        }

    @api.depends("referral_ids.state", "referral_ids.category_id")
    def _compute_referral_duplicate_warning(self):
        # a duplicate needs two referrals the user can read: the stat count
        # (read with the form anyway, same rules) spares the grouped query
        # for the many cases with one referral or none
        cases = self.filtered(lambda case: case.referral_count > 1)
        active = (
            self.env["case.referral"]._read_group(
                [("case_id", "in", cases.ids), ("is_active", "=", True)],
                ["case_id", "category_id"],
                ["__count"],
            )
            if cases
            else []
        )
        duplicates = {}
        for case, category, count in active:
            if count > 1:
                duplicates.setdefault(case.id, []).append(category.name)
        for case in self:
            names = duplicates.get(case.id)
            case.referral_duplicate_warning = (
                _(
                    "Two or more active referrals provide the same service: "
                    "%(categories)s.",
                    categories=", ".join(names),
                )
                if names
                else False
            )

    def action_view_referrals(self):
        return self._action_lines("case_management.case_referral_action")

    def action_view_gaps(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "case_management.case_service_gap_action"
        )
        action["domain"] = [("team_case_id", "=", self.id)]
        action["context"] = {"default_team_case_id": self.id}
        return action

    def action_find_service(self):
        self.ensure_one()
        return self._case_directory_action(territory=self.territory_id)

    def _case_directory_action(self, category=None, territory=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "case_management.case_provider_action"
        )
        action["domain"] = self.env["res.partner"]._case_provider_domain(
            category=category, territory=territory
        )
        action["context"] = {"default_is_service_provider": True}
        action["name"] = _("Find a Service")
        return action
