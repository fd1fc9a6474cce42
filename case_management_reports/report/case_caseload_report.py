# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools

from odoo.addons.case_management.models.case_case import (
    REFERRAL_SOURCE_SELECTION,
    SETTING_SELECTION,
)


class CaseCaseloadReport(models.Model):
    """One row per case, without any identifying field: pivot and graph views
    aggregate it into caseloads (per case manager, stage, setting, referral
    source, start month). Coordinators read it for their companies, case
    workers for their own cases; reporting officers get only the suppressed
    programme report."""

    _name = "case.caseload.report"
    _description = "Caseload Analysis"
    _auto = False
    _order = "start_date desc"

    company_id = fields.Many2one("res.company", string="Organisation", readonly=True)
    manager_id = fields.Many2one("res.users", string="Case Manager", readonly=True)
    key_worker_user_id = fields.Many2one(
        "res.users", string="Key Worker", readonly=True
    )
    stage_id = fields.Many2one("case.stage", string="Stage", readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    client_type = fields.Selection(
        [("family", "Family"), ("adult", "Adult client")],
        string="Client",
        readonly=True,
    )
    setting = fields.Selection(SETTING_SELECTION, readonly=True)
    referral_source = fields.Selection(REFERRAL_SOURCE_SELECTION, readonly=True)
    start_date = fields.Date(readonly=True)
    end_date = fields.Date(readonly=True)
    case_count = fields.Integer(string="# Cases", readonly=True, aggregator="sum")
    duration_days = fields.Integer(
        string="Days of Support", readonly=True, aggregator="avg"
    )

    def _select(self):
        return """
            SELECT c.id AS id,
                   c.company_id,
                   c.manager_id,
                   c.key_worker_user_id,
                   c.stage_id,
                   COALESCE(s.is_closed, FALSE) AS is_closed,
                   c.client_type,
                   c.setting,
                   c.referral_source,
                   c.start_date,
                   c.end_date,
                   1 AS case_count,
                   (COALESCE(c.end_date, CURRENT_DATE) - c.start_date) AS duration_days
        """

    def _from(self):
        return """
            FROM case_case c
            LEFT JOIN case_stage s ON s.id = c.stage_id
        """

    def _where(self):
        return "WHERE c.active"

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"CREATE OR REPLACE VIEW {self._table} AS ({self._select()} {self._from()} {self._where()})"  # noqa: E501
        )
