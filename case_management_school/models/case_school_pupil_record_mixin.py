# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseSchoolPupilRecordMixin(models.AbstractModel):
    """A record about one pupil (attendance, results, an early signal, a
    notification to OSPOD): the pupil, and the child, school and company
    stored from it, which the record rules and the lists filter on."""

    _name = "case.school.pupil.record.mixin"
    _description = "Record about a Pupil"

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
