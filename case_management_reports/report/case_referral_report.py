# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools

from odoo.addons.case_management.models.case_case import SETTING_SELECTION
from odoo.addons.case_management.models.case_referral import (
    REFERRAL_STATE_SELECTION,
    REFERRAL_TYPE_SELECTION,
    REFUSAL_REASON_SELECTION,
)


class CaseReferralReport(models.Model):
    """One row per referral, without any identifying field: referrals per
    month, service category, territory, status and refusal reason (linking
    families to services, A12 12.2; refusals as evidence of gaps, 9.2).
    Coordinators for their companies, case workers for their own cases."""

    _name = "case.referral.report"
    _description = "Referral Analysis"
    _auto = False
    _order = "date desc"

    company_id = fields.Many2one("res.company", string="Organisation", readonly=True)
    date = fields.Date(readonly=True)
    state = fields.Selection(REFERRAL_STATE_SELECTION, string="Status", readonly=True)
    referral_type = fields.Selection(
        REFERRAL_TYPE_SELECTION, string="Type", readonly=True
    )
    refusal_reason = fields.Selection(REFUSAL_REASON_SELECTION, readonly=True)
    category_id = fields.Many2one(
        "case.service.category", string="Service Category", readonly=True
    )
    territory_id = fields.Many2one("case.territory", string="Territory", readonly=True)
    manager_id = fields.Many2one("res.users", string="Case Manager", readonly=True)
    key_worker_user_id = fields.Many2one(
        "res.users", string="Key Worker", readonly=True
    )
    setting = fields.Selection(SETTING_SELECTION, readonly=True)
    is_accepted = fields.Boolean(string="Accepted by the Service", readonly=True)
    referral_count = fields.Integer(
        string="# Referrals", readonly=True, aggregator="sum"
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE OR REPLACE VIEW case_referral_report AS (
                SELECT r.id AS id,
                       c.company_id,
                       r.date,
                       r.state,
                       r.referral_type,
                       r.refusal_reason,
                       r.category_id,
                       r.territory_id,
                       c.manager_id,
                       c.key_worker_user_id,
                       c.setting,
                       r.state IN ('accepted', 'started', 'done') AS is_accepted,
                       1 AS referral_count
                  FROM case_referral r
                  JOIN case_case c ON c.id = r.case_id
                 WHERE c.active
            )
            """
        )
