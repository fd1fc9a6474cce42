# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseSchoolSignal(models.Model):
    """An early signal a teacher or counsellor noticed about a pupil."""

    _name = "case.school.signal"
    _inherit = ["case.school.pupil.record.mixin"]
    _description = "Early Signal"
    _order = "date desc, id desc"

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
