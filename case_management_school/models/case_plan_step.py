# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CasePlanStep(models.Model):
    _inherit = "case.plan.step"

    school_measure_type = fields.Selection(
        [
            ("psychiatrist", "Support following a psychiatrist's recommendation"),
            ("therapy_room", "A room for therapy at school"),
            ("application", "Help with the secondary-school application"),
            ("career", "Career guidance"),
            ("confidence", "A role that builds self-confidence"),
            ("class_talk", "The class teacher explains the situation to the class"),
            ("other", "Other school support"),
        ],
        string="School Support Measure",
        help="A support measure the school owns (A11 11.9); set the school as "
        "the responsible organisation.",
    )
