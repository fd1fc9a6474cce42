# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A referral of a case to a service provider for a need (A9 9.1-9.12)."""

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

REFERRAL_STATE_SELECTION = [
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("waiting", "Waiting list"),
    ("refused", "Refused"),
    ("no_capacity", "No capacity"),
    ("started", "Started"),
    ("done", "Done"),
    ("revoked", "Revoked"),
]
# state -> states it may move to
REFERRAL_TRANSITIONS = {
    "draft": {"sent", "refused", "revoked", "started"},
    "sent": {"accepted", "waiting", "refused", "no_capacity", "revoked"},
    "waiting": {"accepted", "refused", "no_capacity", "started", "revoked"},
    "accepted": {"started", "revoked"},
    "started": {"done", "revoked"},
    "refused": set(),
    "no_capacity": set(),
    "done": set(),
    "revoked": set(),
}
ACTIVE_STATES = ("sent", "accepted", "waiting", "started")
CLOSED_STATES = ("refused", "no_capacity", "done", "revoked")
REFERRAL_TYPE_SELECTION = [
    ("referral", "Referral"),
    ("accompaniment", "Accompaniment"),
    ("one_off", "One-off task"),
    ("immediate", "Immediate help"),
    ("handover", "Handover at closure"),
]
REFUSAL_REASON_SELECTION = [
    ("target_group", "Client not in our target group"),
    ("no_provider", "No provider in the territory"),
    ("client_declined", "The client declined"),
    ("conditions", "Conditions of the service not met"),
    ("other", "Other"),
]


class CaseReferral(models.Model):
    _name = "case.referral"
    _description = "Referral"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    territory_id = fields.Many2one(
        related="case_id.territory_id", store=True, index=True, string="Territory"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Provider",
        index=True,
        tracking=True,
        domain="[('is_service_provider', '=', True)]",
    )
    category_id = fields.Many2one(
        "case.service.category",
        string="Service Category",
        required=True,
        index=True,
        tracking=True,
    )
    need = fields.Char(help="The need in the family's words, e.g. food for the week.")
    reason = fields.Text(help="Why the family is referred.")
    referral_type = fields.Selection(
        REFERRAL_TYPE_SELECTION, string="Type", required=True, default="referral"
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    state = fields.Selection(
        REFERRAL_STATE_SELECTION,
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    state_date = fields.Date(
        string="Status Since", default=fields.Date.context_today, copy=False
    )
    data_category_ids = fields.Many2many(
        "case.data.category",
        string="Information Shared",
        help="What goes with the referral to the provider: checked against the "
        "family's consent when the referral is sent.",
    )
    channel = fields.Selection(
        [("email", "E-mail"), ("printed", "Handed over"), ("phone", "Phone")],
        default="phone",
        required=True,
        help="How the referral reaches the provider.",
    )
    refusal_reason = fields.Selection(REFUSAL_REASON_SELECTION, tracking=True)
    refusal_note = fields.Char()
    outcome = fields.Text()
    follow_up_date = fields.Date(
        help="When the case manager checks how the referral is going (an "
        "activity is scheduled)."
    )
    intensity = fields.Selection(
        [("full", "Full"), ("reduced", "Consultations only")],
        default="full",
        tracking=True,
        help="A service may step down to consultations only without ending.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Arranged By",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    waiting_days = fields.Integer(
        compute="_compute_waiting_days",
        help="Days since the referral was sent, while no service has started.",
    )
    gap_eligible = fields.Boolean(compute="_compute_waiting_days")
    duplicate_warning = fields.Char(compute="_compute_duplicate_warning")
    step_id = fields.Many2one(
        "case.plan.step",
        string="Plan Step",
        index="btree_not_null",
        ondelete="set null",
        domain="[('plan_id.case_id', '=', case_id)]",
    )
    gap_id = fields.Many2one(
        "case.service.gap", string="Service Gap", copy=False, readonly=True
    )
    help_ids = fields.One2many("case.help", "referral_id", string="Immediate Help")
    disclosure_ids = fields.One2many(
        "case.disclosure",
        compute="_compute_disclosure_ids",
        string="Disclosures",
    )
    is_active = fields.Boolean(
        compute="_compute_is_active", store=True, index=True, string="Active"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("case_id.name", "category_id.name", "partner_id.name")
    def _compute_name(self):
        for referral in self:
            referral.name = " / ".join(
                filter(
                    None,
                    [
                        referral.case_id.name,
                        referral.category_id.name,
                        referral.partner_id.name,
                    ],
                )
            )

    @api.depends("state")
    def _compute_is_active(self):
        for referral in self:
            referral.is_active = referral.state in ACTIVE_STATES

    @api.depends("state", "date", "state_date", "gap_id")
    def _compute_waiting_days(self):
        today = fields.Date.context_today(self)
        for referral in self:
            company = referral.company_id or self.env.company
            limit = company.case_referral_gap_days
            waiting = 0
            if referral.state in ("sent", "waiting", "accepted"):
                waiting = (today - (referral.date or today)).days
            referral.waiting_days = waiting
            referral.gap_eligible = not referral.gap_id and (
                referral.state in ("refused", "no_capacity")
                or (referral.state == "waiting" and waiting > limit)
            )

    @api.depends("case_id", "category_id", "state")
    def _compute_duplicate_warning(self):
        cases = self.case_id
        others = self.search(
            [
                ("case_id", "in", cases.ids),
                ("is_active", "=", True),
            ]
        )
        by_key = {}
        for other in others:
            key = (other.case_id.id, other.category_id.id)
            by_key[key] = by_key.get(key, self.browse()) | other
        for referral in self:
            same = (
                by_key.get(
                    (referral.case_id.id, referral.category_id.id), self.browse()
                )
                - referral
            )
            if referral.state in ACTIVE_STATES + ("draft",) and same:
                referral.duplicate_warning = _(
                    "Another active referral of this case provides %(category)s: "
                    "%(others)s. Check that the services do not duplicate each "
                    "other.",
                    category=referral.category_id.name,
                    others=", ".join(same.partner_id.mapped("name")) or "-",
                )
            else:
                referral.duplicate_warning = False

    def _compute_disclosure_ids(self):
        Disclosure = self.env["case.disclosure"]
        for referral in self:
            referral.disclosure_ids = Disclosure.search(
                [("res_model", "=", self._name), ("res_id", "=", referral.id)]
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("state", "refusal_reason")
    def _check_refusal_reason(self):
        for referral in self:
            if referral.state == "refused" and not referral.refusal_reason:
                raise ValidationError(
                    _(
                        "Give the reason why the referral %(name)s was refused.",
                        name=referral.name,
                    )
                )

    @api.constrains("state", "partner_id")
    def _check_provider(self):
        for referral in self:
            if referral.state not in ("draft", "refused", "revoked") and not (
                referral.partner_id
            ):
                raise ValidationError(
                    _(
                        "Choose the provider of the referral %(name)s first.",
                        name=referral.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        referrals = super().create(vals_list)
        referrals._check_case_open()
        referrals._schedule_follow_up()
        return referrals

    def write(self, vals):
        if "state" in vals:
            self._check_transition(vals["state"])
            vals = dict(vals, state_date=fields.Date.context_today(self))
        self._check_case_open()
        res = super().write(vals)
        if "follow_up_date" in vals:
            self._schedule_follow_up()
        return res

    # ------------------------------------------------------------
    # STATE MACHINE
    # ------------------------------------------------------------

    def _check_transition(self, new_state):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for referral in self:
            if referral.state == new_state:
                continue
            if new_state not in REFERRAL_TRANSITIONS[referral.state]:
                raise UserError(
                    _(
                        "Referral %(name)s cannot go from %(old)s to %(new)s.",
                        name=referral.name,
                        old=labels[referral.state],
                        new=labels[new_state],
                    )
                )

    def _check_case_open(self):
        if self.env.su:
            return
        for referral in self:
            if referral.case_id.is_closed:
                raise UserError(
                    _(
                        "Case %(case)s is closed: its referrals cannot change. "
                        "A coordinator can reopen the case.",
                        case=referral.case_id.name,
                    )
                )

    def action_send(self):
        """Send the referral: the information that goes with it passes the
        consent gate first (refused with the gate's message)."""
        for referral in self:
            referral._check_transition("sent")
            if not referral.partner_id:
                raise UserError(_("Choose the provider first."))
            if referral.data_category_ids:
                case = referral.case_id
                if referral.channel == "email":
                    subject = _(
                        "Referral %(case)s: %(category)s",
                        case=case.name,
                        category=referral.category_id.name,
                    )
                    body = Markup("<p>%s</p><p>%s</p>") % (
                        _(
                            "We refer to you the family of case %(case)s for: "
                            "%(need)s.",
                            case=case.name,
                            need=referral.need or referral.category_id.name,
                        ),
                        referral.reason or "",
                    )
                    case._case_send_mail(
                        referral.partner_id,
                        referral.data_category_ids,
                        subject,
                        body,
                        record=referral,
                        label=subject,
                    )
                else:
                    case._case_disclose(
                        referral.partner_id,
                        referral.data_category_ids,
                        record=referral,
                        label=_("Referral: %(name)s", name=referral.name),
                        channel=referral.channel,
                    )
            referral.state = "sent"
        return True

    def action_accept(self):
        self.write({"state": "accepted"})
        return True

    def action_wait(self):
        self.write({"state": "waiting"})
        return True

    def action_no_capacity(self):
        self.write({"state": "no_capacity"})
        return True

    def action_refuse(self):
        """Refusal: the reason is asked for in the form first."""
        for referral in self:
            if not referral.refusal_reason:
                raise UserError(
                    _(
                        "Fill in the refusal reason of %(name)s first.",
                        name=referral.name,
                    )
                )
        self.write({"state": "refused"})
        return True

    def action_no_provider(self):
        """No provider in the territory could take the need."""
        self.write({"state": "refused", "refusal_reason": "no_provider"})
        return True

    def action_start(self):
        self.write({"state": "started"})
        self._prompt_rhythm()
        return True

    def action_done(self):
        self.write({"state": "done"})
        return True

    def action_revoke(self):
        self.write({"state": "revoked"})
        return True

    def action_step_down(self):
        for referral in self:
            if referral.state != "started":
                raise UserError(
                    _("Only a started service can step down to consultations.")
                )
        self.write({"intensity": "reduced"})
        return True

    def action_create_gap(self):
        """One click: the referral's need becomes a service gap."""
        Gap = self.env["case.service.gap"]
        for referral in self:
            if not referral.gap_eligible:
                raise UserError(
                    _(
                        "Referral %(name)s is not a service gap: only a refused "
                        "referral, one without capacity or one waiting longer than "
                        "%(days)s days becomes a gap.",
                        name=referral.name,
                        days=referral.company_id.case_referral_gap_days,
                    )
                )
            gap = Gap.create(
                {
                    "case_id": referral.case_id.id,
                    "referral_id": referral.id,
                    "category_id": referral.category_id.id,
                    "territory_id": referral.case_id.territory_id.id,
                    "date": fields.Date.context_today(self),
                    "reason": {
                        "no_capacity": "no_capacity",
                        "waiting": "waiting",
                    }.get(referral.state)
                    or (
                        "target_group"
                        if referral.refusal_reason == "target_group"
                        else "no_provider"
                        if referral.refusal_reason == "no_provider"
                        else "refused"
                    ),
                    "waited_days": (
                        fields.Date.context_today(self) - referral.date
                    ).days,
                    "description": referral.need or referral.reason or False,
                }
            )
            referral.sudo().gap_id = gap
        if len(self) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "case.service.gap",
                "res_id": self.gap_id.id,
                "view_mode": "form",
                "target": "current",
            }
        return True

    def action_find_service(self):
        """The directory filtered on the referral's category and territory."""
        self.ensure_one()
        return self.case_id._case_directory_action(
            self.category_id, self.case_id.territory_id
        )

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _prompt_rhythm(self):
        """A service started (A8 8.8): ask the case manager to lengthen the
        family-contact cadence and switch to coordination only."""
        for referral in self:
            case = referral.case_id
            if not case.manager_id:
                continue
            case.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("Service started: lengthen the contact cadence?"),
                note=_(
                    "%(provider)s started (%(category)s). The family is now in "
                    "another service: consider lengthening the family-contact "
                    "cadence (now: %(cadence)s) and keeping a coordination-only "
                    "role.",
                    provider=referral.partner_id.name or "-",
                    category=referral.category_id.name,
                    cadence=dict(
                        case._fields["contact_cadence"]._description_selection(self.env)
                    ).get(case.contact_cadence),
                ),
                user_id=case.manager_id.id,
            )

    def _schedule_follow_up(self):
        summary = _("Referral follow-up")
        for referral in self.filtered("follow_up_date"):
            user = referral.case_id.manager_id or referral.user_id
            if not user:
                continue
            referral.activity_ids.filtered(lambda a: a.summary == summary).unlink()
            referral.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=referral.follow_up_date,
                summary=summary,
                note=_("How is the referral %(name)s going?", name=referral.name),
                user_id=user.id,
            )
