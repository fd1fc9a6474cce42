# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseDataCategory(models.Model):
    """A category of case information (basic identification, school, health...).

    Consents list the categories they cover; every share of case content names
    the categories of what it carries. The gate (see ``case.case``
    ``_case_disclosure_check``) refuses a recipient unless one valid consent
    covers them for *every* category of the content.
    """

    _name = "case.data.category"
    _description = "Category of Case Information"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code used by the features that share case information "
        "(e.g. 'health', 'school').",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    is_sensitive = fields.Boolean(
        string="Special Category",
        help="Special-category data under GDPR Art. 9 (health, mental health): "
        "shared only with recipients whose consent names this category.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique (code)", "The code of a data category must be unique."),
    ]
