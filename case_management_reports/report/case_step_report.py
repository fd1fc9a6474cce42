# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools

from odoo.addons.case_management.models.case_plan_goal import (
    AREA_SELECTION,
    GOAL_STATE_SELECTION,
)
from odoo.addons.case_management.models.case_plan_step import STEP_STATE_SELECTION


class CaseStepReport(models.Model):
    """One row per step of a family plan (goal area and state alongside),
    without any text: steps done on time, overdue steps per worker, goals
    met per area. Coordinators for their companies, case workers for their
    own cases."""

    _name = "case.step.report"
    _description = "Goals and Steps Analysis"
    _auto = False
    _order = "date_due desc"

    company_id = fields.Many2one("res.company", string="Organisation", readonly=True)
    manager_id = fields.Many2one("res.users", string="Case Manager", readonly=True)
    key_worker_user_id = fields.Many2one(
        "res.users", string="Key Worker", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Responsible User", readonly=True)
    area = fields.Selection(AREA_SELECTION, string="Goal Area", readonly=True)
    goal_state = fields.Selection(GOAL_STATE_SELECTION, readonly=True)
    state = fields.Selection(STEP_STATE_SELECTION, string="Step Status", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    date_done = fields.Date(readonly=True)
    is_overdue = fields.Boolean(string="Overdue", readonly=True)
    done_on_time = fields.Boolean(readonly=True)
    step_count = fields.Integer(string="# Steps", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE OR REPLACE VIEW case_step_report AS (
                SELECT s.id AS id,
                       c.company_id,
                       c.manager_id,
                       c.key_worker_user_id,
                       s.user_id,
                       g.area,
                       g.state AS goal_state,
                       s.state,
                       s.date_due,
                       s.date_done,
                       (s.date_due < CURRENT_DATE
                        AND s.state IN ('planned', 'in_progress')) AS is_overdue,
                       (s.state = 'done' AND s.date_done IS NOT NULL
                        AND (s.date_due IS NULL OR s.date_done <= s.date_due))
                           AS done_on_time,
                       1 AS step_count
                  FROM case_plan_step s
                  JOIN case_case c ON c.id = s.case_id
                  JOIN case_plan pl ON pl.id = s.plan_id AND pl.state != 'superseded'
                  LEFT JOIN case_plan_goal g ON g.id = s.goal_id
                 WHERE c.active
            )
            """
        )
