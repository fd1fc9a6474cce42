# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseLegalBasis(models.Model):
    """A legal basis for a statutory notification: the closed list a case
    manager chooses from when information leaves without the family's
    consent (e.g. the duty to notify OSPOD)."""

    _name = "case.legal.basis"
    _description = "Legal Basis of a Statutory Notification"
    _order = "sequence, id"

    code = fields.Char(
        required=True,
        help="The provision as it is cited in the disclosure log, e.g. "
        "'§10 odst. 4 ZSPOD'.",
    )
    name = fields.Char(string="Description", required=True, translate=True)
    role_ids = fields.Many2many(
        "case.participant.role",
        string="Allowed Recipient Roles",
        help="Only professionals in one of these roles may receive a notification "
        "on this basis. Leave empty for no restriction.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Organisation", index=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a legal basis must be unique."),
    ]

    def _compute_display_name(self):
        for basis in self:
            basis.display_name = f"{basis.code} – {basis.name}"
