# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools

from odoo.addons.case_management.models.case_case import SETTING_SELECTION
from odoo.addons.case_management.models.case_contact import CONTACT_TYPE_SELECTION


class CaseContactReport(models.Model):
    """One row per contact with a family, without any identifying field:
    contacts per month, type, worker and setting (intensity of the work).
    Coordinators for their companies, case workers for their own cases."""

    _name = "case.contact.report"
    _description = "Contact Analysis"
    _auto = False
    _order = "date desc"

    company_id = fields.Many2one("res.company", string="Organisation", readonly=True)
    date = fields.Date(readonly=True)
    contact_type = fields.Selection(
        CONTACT_TYPE_SELECTION, string="Type", readonly=True
    )
    state = fields.Selection(
        [("done", "Done"), ("missed", "Missed")], string="Status", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Worker", readonly=True)
    manager_id = fields.Many2one("res.users", string="Case Manager", readonly=True)
    key_worker_user_id = fields.Many2one(
        "res.users", string="Key Worker", readonly=True
    )
    setting = fields.Selection(SETTING_SELECTION, readonly=True)
    contact_count = fields.Integer(string="# Contacts", readonly=True, aggregator="sum")
    duration = fields.Float(string="Hours", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE OR REPLACE VIEW case_contact_report AS (
                SELECT k.id AS id,
                       c.company_id,
                       (k.date AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Prague')::date
                           AS date,
                       k.contact_type,
                       k.state,
                       k.user_id,
                       c.manager_id,
                       c.key_worker_user_id,
                       c.setting,
                       1 AS contact_count,
                       COALESCE(k.duration, 0) AS duration
                  FROM case_contact k
                  JOIN case_case c ON c.id = k.case_id
                 WHERE c.active
            )
            """
        )
