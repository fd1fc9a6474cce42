# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseSchoolOspodNotice(models.Model):
    """The school's notification to OSPOD about a pupil (A11 11.8)."""

    _name = "case.school.ospod.notice"
    _inherit = ["case.school.pupil.record.mixin"]
    _description = "School Notification to OSPOD"
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Text(required=True)
    legal_basis = fields.Char(
        required=True,
        default="§ 10 odst. 4 zákona č. 359/1999 Sb.",
        help="E.g. the school's duty to notify OSPOD under § 10(4) of Act "
        "No. 359/1999 Coll. on the social and legal protection of children.",
    )
    notified_by_id = fields.Many2one(
        "res.users", string="Notified By", default=lambda self: self.env.user
    )
