# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CaseSchoolClass(models.Model):
    _name = "case.school.class"
    _description = "School Class"
    _order = "year_id desc, grade, name"

    name = fields.Char(required=True, help="E.g. 4. A")
    school_id = fields.Many2one(
        "res.partner",
        string="School",
        required=True,
        index=True,
        domain="[('is_school', '=', True)]",
        ondelete="restrict",
    )
    year_id = fields.Many2one(
        "case.school.year",
        string="School Year",
        required=True,
        index=True,
        ondelete="restrict",
    )
    grade = fields.Integer(help="Grade (ročník), 0 for a kindergarten class.")
    teacher_user_id = fields.Many2one(
        "res.users", string="Class Teacher (User)", domain="[('share', '=', False)]"
    )
    teacher_partner_id = fields.Many2one("res.partner", string="Class Teacher")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    pupil_ids = fields.One2many("case.school.pupil", "class_id", string="Pupils")
    pupil_count = fields.Integer(compute="_compute_pupil_count")

    _sql_constraints = [
        (
            "name_uniq",
            "unique(school_id, year_id, name)",
            "This class already exists at the school in this school year.",
        )
    ]

    @api.depends("name", "year_id.name")
    def _compute_display_name(self):
        for school_class in self:
            school_class.display_name = (
                f"{school_class.name} ({school_class.year_id.name})"
                if school_class.year_id
                else school_class.name
            )

    def _compute_pupil_count(self):
        counts = dict(
            self.env["case.school.pupil"]._read_group(
                [("class_id", "in", self.ids)], ["class_id"], ["__count"]
            )
        )
        for school_class in self:
            school_class.pupil_count = counts.get(school_class, 0)
