# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

ORIENTATION_SELECTION = [
    ("supportive", "Supportive"),
    ("control", "Control-oriented"),
]


class CaseParticipantRole(models.Model):
    _name = "case.participant.role"
    _description = "Professional Role"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    orientation = fields.Selection(
        ORIENTATION_SELECTION,
        default="supportive",
        required=True,
        help="Supportive services help the family; control-oriented ones (OSPOD, "
        "youth curator, court) supervise it. A circle made only of control-oriented "
        "services is a warning sign.",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
