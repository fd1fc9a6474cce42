# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseServiceCategory(models.Model):
    """What a provider offers and what a referral or a gap is about (A9 9.5,
    9.12): SAS, debt counselling, housing, psychiatry..."""

    _name = "case.service.category"
    _description = "Service Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short code, e.g. SAS, SVP, PPP.")
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    is_registered_service = fields.Boolean(
        string="Registered Social Service",
        help="A social service registered under Act 108/2006 Coll. (e.g. SAS).",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_uniq",
            "unique (code)",
            "The code of a service category must be unique.",
        ),
    ]
