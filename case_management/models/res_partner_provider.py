# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service providers in the regional directory (A9 9.3, A14 14.5): formal
services and informal resources (volunteers, food banks, charities, cleaning
firms) alike are partners."""

from odoo import api, fields, models

PROVIDER_KIND_SELECTION = [
    ("social_service", "Registered social service"),
    ("health", "Health care"),
    ("school", "School or counselling facility"),
    ("public", "Public body"),
    ("ngo", "Non-profit organisation"),
    ("volunteer", "Volunteers"),
    ("charity", "Charity or food bank"),
    ("company", "Company"),
    ("other", "Other"),
]
INFORMAL_KINDS = ("volunteer", "charity", "company")


# pylint: disable=consider-merging-classes-inherited
class ResPartner(models.Model):
    _inherit = "res.partner"

    is_service_provider = fields.Boolean(
        string="Service Provider",
        index=True,
        help="Listed in the regional service directory.",
    )
    provider_kind = fields.Selection(PROVIDER_KIND_SELECTION, string="Kind of Provider")
    is_informal_resource = fields.Boolean(
        string="Informal Resource",
        compute="_compute_is_informal_resource",
        store=True,
        help="Volunteers, charities, food banks, companies: help outside the "
        "network of registered services.",
    )
    service_category_ids = fields.Many2many(
        "case.service.category",
        "res_partner_case_service_category_rel",
        "partner_id",
        "category_id",
        string="Service Categories",
    )
    served_territory_ids = fields.Many2many(
        "case.territory",
        "res_partner_case_territory_rel",
        "partner_id",
        "territory_id",
        string="Territory Served",
        help="A provider serving a region or an ORP serves every municipality in it.",
    )
    target_groups = fields.Char(help="E.g. families with children, adults 55+.")
    capacity_note = fields.Char(
        string="Capacity", help="E.g. 3 free places, waiting list, full until June."
    )
    waiting_days = fields.Integer(
        string="Waiting Time (days)",
        help="Usual waiting time before the service starts.",
    )
    provider_contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        domain="[('parent_id', '=', id)]",
    )
    social_service_ident = fields.Char(
        string="Registration Identifier",
        help="Identifier of the registered social service (registr poskytovatelů "
        "sociálních služeb), where applicable.",
    )

    @api.depends("provider_kind")
    def _compute_is_informal_resource(self):
        for partner in self:
            partner.is_informal_resource = partner.provider_kind in INFORMAL_KINDS

    @api.model
    def _case_provider_domain(self, category=None, territory=None):
        """Active providers of ``category`` serving ``territory`` (a provider
        that serves the territory's ORP or region serves it too)."""
        domain = [("is_service_provider", "=", True)]
        if category:
            domain.append(("service_category_ids", "in", category.ids))
        if territory:
            domain += [
                "|",
                ("served_territory_ids", "parent_of", territory.ids),
                ("served_territory_ids", "child_of", territory.ids),
            ]
        return domain
