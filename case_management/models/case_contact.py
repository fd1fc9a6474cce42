# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

CONTACT_TYPE_SELECTION = [
    ("home_visit", "Home visit"),
    ("office", "Office"),
    ("phone", "Phone"),
    ("school", "At school"),
    ("online", "Online"),
    ("accompaniment", "Accompaniment"),
]


class CaseContact(models.Model):
    _name = "case.contact"
    _description = "Contact with the Family"
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    contact_type = fields.Selection(
        CONTACT_TYPE_SELECTION, string="Type", required=True, default="home_visit"
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "case_contact_partner_rel",
        "contact_id",
        "partner_id",
        string="With Whom",
    )
    state = fields.Selection(
        [("done", "Done"), ("missed", "Missed")],
        string="Status",
        default="done",
        required=True,
        help="Missed: the family was not at home or did not come. Repeated misses "
        "hint that the agreed contacts are too dense.",
    )
    note = fields.Text()
    user_id = fields.Many2one(
        "res.users",
        string="Worker",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    duration = fields.Float(string="Duration (hours)", default=1.0)
    summary = fields.Char(compute="_compute_summary")

    @api.depends("case_id.name", "contact_type")
    def _compute_summary(self):
        types = dict(self._fields["contact_type"]._description_selection(self.env))
        for contact in self:
            contact.summary = (
                f"{contact.case_id.name} – {types.get(contact.contact_type)}"
            )

    @api.depends("summary")
    def _compute_display_name(self):
        for contact in self:
            contact.display_name = contact.summary
