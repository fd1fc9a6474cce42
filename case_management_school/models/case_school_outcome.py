# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseSchoolOutcome(models.Model):
    """Attendance and results of a case's pupil before the case and in each
    following term (stored for the reports addon)."""

    _name = "case.school.outcome"
    _description = "School Outcome of a Case"
    _order = "case_id, date_from"

    case_id = fields.Many2one(
        "case.case", required=True, index=True, ondelete="cascade", string="Case"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    partner_id = fields.Many2one("res.partner", string="Pupil", index=True)
    period = fields.Selection(
        [("before", "Before the case"), ("term", "Term")], required=True
    )
    term_id = fields.Many2one("case.school.term", string="Term")
    date_from = fields.Date(string="From")
    date_to = fields.Date(string="To")
    lessons = fields.Integer()
    absent_hours = fields.Float()
    unexcused_hours = fields.Float()
    attendance_rate = fields.Float(string="Attendance (%)", digits=(5, 1))
    average = fields.Float(string="Term Average", digits=(3, 2))
    year_outcome = fields.Selection(
        [
            ("moved_up", "Completed, moves up a grade"),
            ("completed", "Completed the final grade"),
            ("repeating", "Repeats the grade"),
            ("left", "Left the school"),
        ],
        string="End of Year",
    )
