# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools

from odoo.addons.case_management.models.case_case import SETTING_SELECTION

# The school of a pupil: the one of the latest enrolment (by school year).
PUPIL_SCHOOL_SQL = """
    (SELECT sp.school_id FROM case_school_pupil sp
       LEFT JOIN case_school_year sy ON sy.id = sp.year_id
      WHERE sp.partner_id = {partner}
      ORDER BY sy.date_to DESC NULLS LAST, sp.id DESC
      LIMIT 1)"""


class CaseSchoolOutcomeReport(models.Model):
    """One row per pupil of a case: attendance and the term average before
    the case against the last term recorded since (A12 12.6), without any
    name or case code. Coordinators for their companies, case workers for
    their own cases; no access for reporting officers (they get the
    suppressed indicators) nor for school staff."""

    _name = "case.school.outcome.report"
    _description = "School Outcomes Analysis"
    _auto = False
    _order = "start_date desc"

    company_id = fields.Many2one("res.company", string="Organisation", readonly=True)
    manager_id = fields.Many2one("res.users", string="Case Manager", readonly=True)
    key_worker_user_id = fields.Many2one(
        "res.users", string="Key Worker", readonly=True
    )
    school_id = fields.Many2one("res.partner", string="School", readonly=True)
    setting = fields.Selection(SETTING_SELECTION, readonly=True)
    start_date = fields.Date(string="Case Start", readonly=True)
    last_term_end = fields.Date(string="Last Term Ended", readonly=True)
    unexcused_before = fields.Float(
        string="Unexcused Absence Before (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 1),
    )
    unexcused_after = fields.Float(
        string="Unexcused Absence Last Term (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 1),
    )
    unexcused_change = fields.Float(
        string="Change of Unexcused Absence (points)",
        readonly=True,
        aggregator="avg",
        digits=(5, 1),
    )
    average_before = fields.Float(
        string="Term Average Before", readonly=True, aggregator="avg", digits=(3, 2)
    )
    average_after = fields.Float(
        string="Term Average Last Term",
        readonly=True,
        aggregator="avg",
        digits=(3, 2),
    )
    average_change = fields.Float(
        string="Change of the Term Average",
        readonly=True,
        aggregator="avg",
        digits=(3, 2),
    )
    attendance_improved = fields.Boolean(readonly=True)
    average_improved = fields.Boolean(readonly=True)
    pupil_count = fields.Integer(string="# Pupils", readonly=True, aggregator="sum")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        school = PUPIL_SCHOOL_SQL.format(partner="b.partner_id")
        query = f"""
            CREATE OR REPLACE VIEW case_school_outcome_report AS (
                SELECT b.id AS id,
                       c.company_id,
                       c.manager_id,
                       c.key_worker_user_id,
                       {school} AS school_id,
                       c.setting,
                       c.start_date,
                       a.date_to AS last_term_end,
                       x.ub AS unexcused_before,
                       x.ua AS unexcused_after,
                       x.ua - x.ub AS unexcused_change,
                       x.ab AS average_before,
                       x.aa AS average_after,
                       x.aa - x.ab AS average_change,
                       COALESCE(x.ua < x.ub, FALSE) AS attendance_improved,
                       COALESCE(x.aa < x.ab, FALSE) AS average_improved,
                       1 AS pupil_count
                  FROM case_school_outcome b
                  JOIN case_case c ON c.id = b.case_id
                  LEFT JOIN LATERAL (
                       SELECT t.* FROM case_school_outcome t
                        WHERE t.case_id = b.case_id AND t.period = 'term'
                          AND t.partner_id IS NOT DISTINCT FROM b.partner_id
                        ORDER BY t.date_to DESC NULLS LAST, t.id DESC
                        LIMIT 1) a ON TRUE
                 CROSS JOIN LATERAL (
                       SELECT CASE WHEN b.lessons > 0
                                   THEN 100.0 * b.unexcused_hours / b.lessons
                              END AS ub,
                              CASE WHEN a.lessons > 0
                                   THEN 100.0 * a.unexcused_hours / a.lessons
                              END AS ua,
                              NULLIF(b.average, 0) AS ab,
                              NULLIF(a.average, 0) AS aa) x
                 WHERE b.period = 'before' AND c.active
            )
        """
        self.env.cr.execute(query)  # pylint: disable=sql-injection
