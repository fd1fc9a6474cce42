# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Minimum-network analysis per ORP (seed 004, A9 9.6): service categories
against the active providers serving the territory, the needs recorded as
referrals, the refusals and the service gaps. Counts only: no case."""

from odoo import fields, models, tools


class CaseServiceNetwork(models.Model):
    _name = "case.service.network"
    _description = "Minimum-Network Analysis"
    _auto = False
    _order = "territory_id, category_id"

    territory_id = fields.Many2one("case.territory", string="ORP", readonly=True)
    category_id = fields.Many2one(
        "case.service.category", string="Service Category", readonly=True
    )
    provider_count = fields.Integer(string="# Providers", readonly=True)
    informal_count = fields.Integer(string="# Informal Resources", readonly=True)
    referral_count = fields.Integer(string="# Referrals (Needs)", readonly=True)
    refused_count = fields.Integer(string="# Refused or No Capacity", readonly=True)
    gap_count = fields.Integer(string="# Service Gaps", readonly=True)
    coverage = fields.Selection(
        [
            ("none", "No provider"),
            ("single", "One provider"),
            ("covered", "Covered"),
        ],
        readonly=True,
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                WITH orp AS (
                    SELECT id, parent_path FROM case_territory
                    WHERE kind = 'orp' AND active
                ), cat AS (
                    SELECT id FROM case_service_category WHERE active
                ), prov AS (
                    SELECT orp.id AS orp_id, pc.category_id,
                           count(DISTINCT p.id) AS providers,
                           count(DISTINCT p.id) FILTER (
                               WHERE p.is_informal_resource) AS informal
                    FROM orp
                    JOIN case_territory t
                      ON orp.parent_path LIKE t.parent_path || '%%'
                      OR t.parent_path LIKE orp.parent_path || '%%'
                    JOIN res_partner_case_territory_rel pt ON pt.territory_id = t.id
                    JOIN res_partner p
                      ON p.id = pt.partner_id AND p.active AND p.is_service_provider
                    JOIN res_partner_case_service_category_rel pc
                      ON pc.partner_id = p.id
                    GROUP BY orp.id, pc.category_id
                ), ref AS (
                    SELECT orp.id AS orp_id, r.category_id, count(*) AS referrals,
                           count(*) FILTER (
                               WHERE r.state IN ('refused', 'no_capacity')
                           ) AS refused
                    FROM orp
                    JOIN case_territory t ON t.parent_path LIKE orp.parent_path || '%%'
                    JOIN case_referral r ON r.territory_id = t.id
                    GROUP BY orp.id, r.category_id
                ), gap AS (
                    SELECT orp.id AS orp_id, g.category_id, count(*) AS gaps
                    FROM orp
                    JOIN case_territory t ON t.parent_path LIKE orp.parent_path || '%%'
                    JOIN case_service_gap g ON g.territory_id = t.id
                    GROUP BY orp.id, g.category_id
                )
                SELECT orp.id * 100000 + cat.id AS id,
                       orp.id AS territory_id,
                       cat.id AS category_id,
                       coalesce(prov.providers, 0) AS provider_count,
                       coalesce(prov.informal, 0) AS informal_count,
                       coalesce(ref.referrals, 0) AS referral_count,
                       coalesce(ref.refused, 0) AS refused_count,
                       coalesce(gap.gaps, 0) AS gap_count,
                       CASE WHEN coalesce(prov.providers, 0) = 0 THEN 'none'
                            WHEN prov.providers = 1 THEN 'single'
                            ELSE 'covered' END AS coverage
                FROM orp CROSS JOIN cat
                LEFT JOIN prov ON prov.orp_id = orp.id AND prov.category_id = cat.id
                LEFT JOIN ref ON ref.orp_id = orp.id AND ref.category_id = cat.id
                LEFT JOIN gap ON gap.orp_id = orp.id AND gap.category_id = cat.id
            )
            """
        )
