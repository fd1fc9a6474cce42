# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CaseCase(models.Model):
    _inherit = "case.case"

    school_id = fields.Many2one(
        "res.partner",
        string="School",
        domain="[('is_school', '=', True)]",
        compute="_compute_school_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="The school that takes part in the case; filled from the circle of "
        "professionals when one of them belongs to a school.",
    )

    @api.depends("participant_ids.organisation_id.is_school", "participant_ids.active")
    def _compute_school_id(self):
        for case in self:
            schools = case.participant_ids.filtered(
                lambda p: p.active and p.organisation_id.is_school
            ).organisation_id
            if case.school_id and case.school_id in schools:
                continue
            case.school_id = schools[:1] or case.school_id
