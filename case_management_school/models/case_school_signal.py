# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseSchoolSignal(models.Model):
    """An early signal a teacher or counsellor noticed about a pupil."""

    _name = "case.school.signal"
    _description = "Early Signal"
    _order = "date desc, id desc"

    pupil_id = fields.Many2one(
        "case.school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        related="pupil_id.partner_id", store=True, index=True, string="Child"
    )
    school_id = fields.Many2one(
        related="pupil_id.school_id", store=True, index=True, string="School"
    )
    company_id = fields.Many2one(
        related="pupil_id.company_id", store=True, index=True, string="Company"
    )
    type_id = fields.Many2one(
        "case.school.signal.type",
        string="Signal",
        required=True,
        index=True,
        # A used type is never deleted (see the type's unlink check; archive
        # it instead); cascade only lets the addon uninstall cleanly.
        ondelete="cascade",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    noticed_by_id = fields.Many2one(
        "res.users",
        string="Noticed By",
        default=lambda self: self.env.user,
        ondelete="set null",
    )
    note = fields.Text()
