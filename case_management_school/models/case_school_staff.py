# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

SCHOOL_ROLE_SELECTION = [
    ("principal", "Principal"),
    ("class_teacher", "Class teacher"),
    ("counsellor", "School counsellor"),
    ("prevention", "Prevention methodologist"),
    ("psychologist", "School psychologist"),
    ("special_educator", "Special educator"),
    ("teaching_assistant", "Teaching assistant"),
    ("kindergarten", "Kindergarten staff"),
]


class CaseSchoolStaff(models.Model):
    _name = "case.school.staff"
    _description = "School Staff Member"
    _order = "school_id, role, id"

    school_id = fields.Many2one(
        "res.partner",
        string="School",
        required=True,
        index=True,
        domain="[('is_school', '=', True)]",
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, ondelete="restrict"
    )
    user_id = fields.Many2one(
        "res.users",
        string="User",
        index=True,
        domain="[('share', '=', False)]",
        help="The staff member's login; it gives access to the school's pupils "
        "with the School Staff role.",
    )
    role = fields.Selection(SCHOOL_ROLE_SELECTION, required=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "role_uniq",
            "unique(school_id, partner_id, role)",
            "This person already has this role at the school.",
        )
    ]
