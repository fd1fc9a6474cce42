# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseFactorCategory(models.Model):
    _name = "case.factor.category"
    _description = "Factor Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    kind_hint = fields.Selection(
        [
            ("protective", "Mostly protective"),
            ("risk", "Mostly risk"),
            ("both", "Both"),
        ],
        string="Usual Kind",
        default="both",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
