# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_school = fields.Boolean(
        string="Is a School",
        help="Schools and kindergartens that take part in cases: they can nominate "
        "families and their staff get the School Staff role.",
    )
    school_type = fields.Selection(
        [
            ("kindergarten", "Kindergarten"),
            ("primary", "Primary school"),
            ("secondary", "Secondary school"),
            ("special", "Special school"),
        ],
    )
    school_red_izo = fields.Char(
        string="RED IZO",
        size=9,
        help="The school's identifier in the register of schools (RED IZO).",
    )
    school_ico = fields.Char(
        string="School IČO", help="Company identification number (IČO)."
    )
    school_focus_case_ids = fields.Many2many(
        "case.case",
        "case_case_focus_partner_rel",
        "partner_id",
        "case_id",
        string="Cases in Focus (School Access)",
        groups="case_management.case_management_group_worker",
        help="Cases in which this person is in focus (the record rules of the "
        "school data use it to give case workers their own pupils).",
    )
    school_staff_ids = fields.One2many(
        "case.school.staff", "school_id", string="School Staff"
    )
    school_pupil_ids = fields.One2many(
        "case.school.pupil",
        "partner_id",
        string="School Enrolments",
        groups="case_management.case_management_group_worker,"
        "case_management_school.case_management_school_group_staff",
        help="The child's enrolments; the record rule on contacts uses them so "
        "that a pupil is readable only by the staff of their school, the team "
        "of their case and coordinators.",
    )
    school_case_manager_id = fields.Many2one(
        "res.users",
        string="Case Manager for Nominations",
        domain="[('share', '=', False)]",
        help="The case manager who receives the school's nominations (in the "
        "Chanov pilot the case manager worked inside the school).",
    )
    # Parent-school channel where there are no class meetings (A11 11.13)
    school_no_class_meetings = fields.Boolean(
        string="No Class Meetings",
        help="The school holds no class meetings (or is a boarding school where "
        "the parent meets only the principal at the weekly handover).",
    )
    school_parent_channel = fields.Text(
        string="Parent-School Channel",
        help="How information passes between parents and the school, e.g. the "
        "principal at the Friday handover, the teaching assistant's phone.",
    )
    # Thresholds of the watch list (per school)
    school_unexcused_limit = fields.Float(
        string="Unexcused Hours in 30 Days",
        default=10.0,
        help="A pupil with at least this many unexcused hours in the last 30 days "
        "goes on the watch list (0 = not used).",
    )
    school_excused_share_limit = fields.Float(
        string="Excused Absence Share (%)",
        default=25.0,
        help="A pupil absent (excused) for at least this share of lessons in the "
        "last 30 days goes on the watch list (0 = not used).",
    )
    school_average_drop_limit = fields.Float(
        string="Drop of the Term Average",
        default=0.5,
        help="A pupil whose term average is worse than the previous term's by at "
        "least this much goes on the watch list (0 = not used).",
    )
    school_signal_limit = fields.Integer(
        string="Signals in 60 Days",
        default=1,
        help="A pupil with at least this many early signals recorded in the last "
        "60 days goes on the watch list (0 = not used).",
    )
