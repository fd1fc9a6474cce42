# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools

from odoo.addons.case_management.models.case_service_gap import GAP_REASON_SELECTION


class CaseServiceGapReport(models.Model):
    """One row per recorded service gap, by its own category, territory,
    reason, status and date: never linked to the case it came from (A12
    12.12, 9.6). Coordinators see their companies; case workers see the gaps
    they recorded themselves."""

    _name = "case.service.gap.report"
    _description = "Service Gap Analysis"
    _auto = False
    _order = "date desc"

    company_id = fields.Many2one("res.company", string="Organisation", readonly=True)
    date = fields.Date(readonly=True)
    category_id = fields.Many2one(
        "case.service.category", string="Service Category", readonly=True
    )
    territory_id = fields.Many2one("case.territory", string="Territory", readonly=True)
    orp_id = fields.Many2one("case.territory", string="ORP", readonly=True)
    reason = fields.Selection(GAP_REASON_SELECTION, readonly=True)
    state = fields.Selection(
        [("open", "Open"), ("solved", "Solved"), ("persisting", "Persisting")],
        string="Status",
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Recorded By", readonly=True)
    waited_days = fields.Integer(string="Days Waited", readonly=True, aggregator="avg")
    gap_count = fields.Integer(string="# Gaps", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Deliberately no case_id: gaps are reported by their own fields.
        self.env.cr.execute(
            """
            CREATE OR REPLACE VIEW case_service_gap_report AS (
                SELECT g.id AS id,
                       g.company_id,
                       g.date,
                       g.category_id,
                       g.territory_id,
                       g.orp_id,
                       g.reason,
                       g.state,
                       g.create_uid AS user_id,
                       COALESCE(g.waited_days, 0) AS waited_days,
                       1 AS gap_count
                  FROM case_service_gap g
            )
            """
        )
