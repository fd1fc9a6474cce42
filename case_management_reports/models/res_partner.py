# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

CASE_GROUP = "case_management.case_management_group_worker"

GENDER_SELECTION = [
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Other"),
]
LABOUR_STATUS_SELECTION = [
    ("employed", "Employed (incl. self-employed)"),
    ("unemployed", "Unemployed"),
    ("long_term_unemployed", "Long-term unemployed"),
    ("inactive", "Inactive"),
    ("education", "In education or training"),
]


class ResPartner(models.Model):
    """What the statutory and ESF+ summaries need about a person and the case
    file does not hold: gender and the participant's entry and exit."""

    _inherit = "res.partner"

    case_focus_case_ids = fields.Many2many(
        "case.case",
        "case_case_focus_partner_rel",
        "partner_id",
        "case_id",
        string="In Focus of Cases",
        readonly=True,
        groups=CASE_GROUP,
        help="The other side of the cases' persons in focus (for access rules).",
    )
    case_gender = fields.Selection(
        GENDER_SELECTION, string="Gender", groups=CASE_GROUP, index=True
    )
    participant_entry_date = fields.Date(
        string="Participant Entry",
        groups=CASE_GROUP,
        help="Date the person entered the co-financed project (ESF+ participant).",
    )
    participant_entry_status = fields.Selection(
        LABOUR_STATUS_SELECTION,
        string="Labour Market Status at Entry",
        groups=CASE_GROUP,
    )
    participant_exit_date = fields.Date(string="Participant Exit", groups=CASE_GROUP)
    participant_exit_status = fields.Selection(
        LABOUR_STATUS_SELECTION,
        string="Labour Market Status at Exit",
        groups=CASE_GROUP,
    )

    @api.constrains("participant_entry_date", "participant_exit_date")
    def _check_participant_dates(self):
        for partner in self:
            if (
                partner.participant_entry_date
                and partner.participant_exit_date
                and partner.participant_exit_date < partner.participant_entry_date
            ):
                raise ValidationError(
                    self.env._("A participant cannot leave before entering.")
                )
