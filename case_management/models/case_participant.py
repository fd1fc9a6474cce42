# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .case_participant_role import ORIENTATION_SELECTION

# Roles of the statutory body (OSPOD) whose agreement widens the circle (A3 3.4)
OSPOD_ROLE_CODES = ("ospod", "youth_curator")

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
    # Widening the circle where OSPOD is involved (A3 3.4)
    ospod_agreed = fields.Boolean(
        string="Agreed with OSPOD",
        copy=False,
        help="OSPOD agreed that this professional joins the circle. Where OSPOD "
        "takes part, nothing is shared with a professional added later until "
        "the agreement is recorded.",
    )
    ospod_agreed_date = fields.Date(string="Agreed with OSPOD On", copy=False)
    ospod_agreed_note = fields.Char(
        string="Agreement with OSPOD",
        copy=False,
        help="Who at OSPOD agreed, and how (meeting, phone, e-mail).",
    )
    needs_ospod_agreement = fields.Boolean(
        string="Needs Agreement with OSPOD",
        compute="_compute_needs_ospod_agreement",
        help="Added to the circle after OSPOD and no agreement with OSPOD is "
        "recorded yet: the disclosure gate shares nothing with this professional.",
    )

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

    @api.depends(
        "ospod_agreed",
        "state",
        "role_id.code",
        "partner_id",
        "case_id.participant_ids.role_id.code",
        "case_id.participant_ids.state",
        "case_id.participant_ids.partner_id",
    )
    def _compute_needs_ospod_agreement(self):
        for participant in self:
            participant.needs_ospod_agreement = (
                participant.state == "active" and participant._ospod_agreement_missing()
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
        for vals in vals_list:
            self._set_ospod_agreed_date(vals)
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
        self._set_ospod_agreed_date(vals)
        res = super().write(vals)
        if vals.get("ospod_agreed"):
            for case, lines in self.grouped("case_id").items():
                case._message_log(
                    body=_(
                        "Agreement with OSPOD to widen the circle recorded: %(names)s",
                        names=", ".join(lines._describe()),
                    )
                )
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

    @api.model
    def _set_ospod_agreed_date(self, vals):
        if vals.get("ospod_agreed") and not vals.get("ospod_agreed_date"):
            vals["ospod_agreed_date"] = fields.Date.context_today(self)

    def _is_ospod(self):
        """An active OSPOD / youth-curator line of the circle."""
        self.ensure_one()
        return (
            self.state == "active"
            and self.active
            and self.role_id.code in OSPOD_ROLE_CODES
        )

    def _ospod_agreement_missing(self):
        """Added to a circle after OSPOD joined it, is not OSPOD itself and no
        agreement with OSPOD is recorded (the participant's own state aside)."""
        self.ensure_one()
        if self.ospod_agreed or self.role_id.code in OSPOD_ROLE_CODES:
            return False
        ospod_lines = self.case_id.participant_ids.filtered(lambda p: p._is_ospod())
        if not ospod_lines or self.partner_id in ospod_lines.partner_id:
            return False
        first_ospod = min(ospod_lines.mapped(lambda p: p._origin.id or float("inf")))
        # a line not saved yet is being added now, i.e. after OSPOD
        return (self._origin.id or float("inf")) > first_ospod

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
