# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .case_participant_role import ORIENTATION_SELECTION

PARTICIPANT_STATE_SELECTION = [
    ("active", "Active"),
    ("one_off_done", "One-off task done"),
    ("declined", "Declined coordination"),
    ("ended", "Ended"),
]


class CaseParticipant(models.Model):
    _name = "case.participant"
    _description = "Professional in the Circle of a Case"
    _order = "case_id, sequence, date_from, id"
    _check_company_auto = True

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner", string="Professional", required=True, index=True
    )
    organisation_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        compute="_compute_organisation_id",
        store=True,
        readonly=False,
    )
    role_id = fields.Many2one(
        "case.participant.role",
        string="Role",
        compute="_compute_role_id",
        store=True,
        readonly=False,
    )
    orientation = fields.Selection(
        ORIENTATION_SELECTION,
        compute="_compute_orientation",
        store=True,
        readonly=False,
        help="Supportive or control-oriented (OSPOD, youth curator, court).",
    )
    responsibilities = fields.Text(
        help="What this professional sees as the problem and how exactly they can help."
    )
    date_from = fields.Date(string="Active From", default=fields.Date.context_today)
    date_to = fields.Date(string="Active To")
    state = fields.Selection(
        PARTICIPANT_STATE_SELECTION, string="Status", default="active", required=True
    )
    reason = fields.Char(help="Why the professional was added to or left the circle.")
    is_user = fields.Boolean(
        string="Odoo User",
        compute="_compute_is_user",
        help="The professional has an internal user account in this database.",
    )
    phone = fields.Char(related="partner_id.phone", string="Phone")
    email = fields.Char(related="partner_id.email", string="Email")
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("partner_id")
    def _compute_organisation_id(self):
        for participant in self:
            partner = participant.partner_id
            if partner.parent_id:
                participant.organisation_id = partner.parent_id
            elif partner.is_company:
                participant.organisation_id = partner
            elif not participant.organisation_id:
                participant.organisation_id = False

    @api.depends("partner_id")
    def _compute_role_id(self):
        for participant in self:
            if participant.partner_id.professional_role_id and not participant.role_id:
                participant.role_id = participant.partner_id.professional_role_id

    @api.depends("role_id")
    def _compute_orientation(self):
        for participant in self:
            if participant.role_id:
                participant.orientation = participant.role_id.orientation
            elif not participant.orientation:
                participant.orientation = "supportive"

    @api.depends("partner_id")
    def _compute_is_user(self):
        for participant in self:
            participant.is_user = any(
                not user.share for user in participant.partner_id.sudo().user_ids
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for participant in self:
            if (
                participant.date_from
                and participant.date_to
                and participant.date_to < participant.date_from
            ):
                raise ValidationError(
                    _(
                        "A professional's participation in case %(code)s cannot end "
                        "before it starts.",
                        code=participant.case_id.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        participants = super(
            CaseParticipant, self.with_context(mail_create_nosubscribe=True)
        ).create(vals_list)
        for case, lines in participants.grouped("case_id").items():
            case._message_log(
                body=_(
                    "Added to the circle of professionals: %(names)s",
                    names=", ".join(lines._describe()),
                )
            )
        return participants

    def write(self, vals):
        res = super().write(vals)
        if {"state", "date_to", "active"} & set(vals):
            for case, lines in self.grouped("case_id").items():
                case._message_log(
                    body=_(
                        "Circle of professionals changed: %(names)s",
                        names=", ".join(lines._describe(with_state=True)),
                    )
                )
        return res

    def unlink(self):
        for case, lines in self.grouped("case_id").items():
            case._message_log(
                body=_(
                    "Removed from the circle of professionals: %(names)s",
                    names=", ".join(lines._describe()),
                )
            )
        return super().unlink()

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_end(self):
        self.write({"state": "ended", "date_to": fields.Date.context_today(self)})

    def action_reactivate(self):
        self.write({"state": "active", "date_to": False, "active": True})

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _describe(self, with_state=False):
        states = dict(self._fields["state"]._description_selection(self.env))
        descriptions = []
        for participant in self:
            text = participant.partner_id.display_name
            if participant.role_id:
                text = f"{text} ({participant.role_id.name})"
            if with_state:
                text = f"{text}: {states.get(participant.state)}"
                if participant.reason:
                    text = f"{text}, {participant.reason}"
            descriptions.append(text)
        return descriptions
