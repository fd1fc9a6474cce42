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
