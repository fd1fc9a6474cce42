# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Minutes of a case meeting (A6): per-item summaries, the child's wishes,
decisions that can become plan steps, approval, distribution through the
disclosure gate (category "minutes") with a delivery log, signatures."""

import base64
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

MINUTES_CATEGORY = "minutes"
MINUTES_STATE_SELECTION = [
    ("none", "Not started"),
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("distributed", "Distributed"),
]
DELIVERY_STATE_SELECTION = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("failed", "Failed"),
    ("refused", "Refused by consent"),
    ("cancelled", "Cancelled at send time"),
]
MAIL_STATE_TO_DELIVERY = {
    "outgoing": "queued",
    "sent": "sent",
    "received": "sent",
    "exception": "failed",
    "cancel": "cancelled",
}
APPROVAL_DELAY_DAYS = 3


class CaseMeetingMinutesItem(models.Model):
    _name = "case.meeting.minutes.item"
    _description = "Meeting Minutes Item"
    _order = "meeting_id, sequence, id"

    meeting_id = fields.Many2one(
        "case.meeting", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    topic = fields.Char(required=True)
    summary = fields.Text()


class CaseMeetingDecision(models.Model):
    _name = "case.meeting.decision"
    _description = "Meeting Decision"
    _order = "meeting_id, sequence, id"
    _rec_name = "what"

    meeting_id = fields.Many2one(
        "case.meeting", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(related="meeting_id.case_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    what = fields.Char(required=True)
    responsible_type = fields.Selection(
        [
            ("internal", "Colleague"),
            ("external", "Outside professional"),
            ("family", "Family member"),
        ],
        string="Responsible",
        required=True,
        default="internal",
    )
    user_id = fields.Many2one(
        "res.users", string="Colleague", domain="[('share', '=', False)]"
    )
    partner_id = fields.Many2one("res.partner", string="Person / Organisation")
    date_due = fields.Date(string="Due Date")
    plan_step_id = fields.Many2one(
        "case.plan.step", string="Plan Step", ondelete="set null", copy=False
    )
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")],
        default="open",
        required=True,
    )

    @api.onchange("responsible_type")
    def _onchange_responsible_type(self):
        if self.responsible_type == "internal":
            self.partner_id = False
        else:
            self.user_id = False

    def _who(self):
        self.ensure_one()
        if self.responsible_type == "internal":
            return self.user_id.name or ""
        return self.partner_id.name or ""

    def action_add_to_plan(self):
        """Turn the decision into a step of the case's active plan."""
        for decision in self:
            if decision.plan_step_id:
                continue
            plan = decision.meeting_id.case_id.active_plan_id
            if not plan:
                raise UserError(
                    _(
                        "Case %(case)s has no active plan: activate a plan "
                        "before adding decisions to it.",
                        case=decision.meeting_id.case_id.name,
                    )
                )
            step = self.env["case.plan.step"].create(
                {
                    "plan_id": plan.id,
                    "name": decision.what,
                    "responsible_type": decision.responsible_type,
                    "user_id": decision.user_id.id
                    if decision.responsible_type == "internal"
                    else False,
                    "partner_id": decision.partner_id.id
                    if decision.responsible_type != "internal"
                    else False,
                    "date_due": decision.date_due,
                    "origin_note": decision.meeting_id.name,
                }
            )
            decision.plan_step_id = step
        return True


class CaseMeetingDelivery(models.Model):
    _name = "case.meeting.delivery"
    _description = "Meeting Minutes Delivery"
    _order = "meeting_id, id"
    _rec_name = "partner_id"

    meeting_id = fields.Many2one(
        "case.meeting", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one("res.partner", string="Recipient", required=True)
    mail_id = fields.Many2one(
        "mail.mail", string="E-mail", ondelete="set null", groups="base.group_system"
    )
    family_copy = fields.Boolean()
    refused_reason = fields.Text()
    state = fields.Selection(
        DELIVERY_STATE_SELECTION, compute="_compute_state", store=True
    )
    reason = fields.Text(compute="_compute_state", store=True)

    @api.depends("mail_id.state", "mail_id.failure_reason", "refused_reason")
    def _compute_state(self):
        for delivery in self:
            mail = delivery.mail_id.sudo()
            if delivery.refused_reason or not mail:
                delivery.state = "refused" if delivery.refused_reason else "cancelled"
                delivery.reason = delivery.refused_reason
                continue
            delivery.state = MAIL_STATE_TO_DELIVERY.get(mail.state, "queued")
            delivery.reason = mail.failure_reason or False


# pylint: disable=consider-merging-classes-inherited


class CaseMeetingAttendee(models.Model):
    _inherit = "case.meeting.attendee"

    signed = fields.Boolean(help="Signed the minutes.")


class CaseMeeting(models.Model):
    _inherit = "case.meeting"

    minutes_state = fields.Selection(
        MINUTES_STATE_SELECTION,
        default="none",
        required=True,
        tracking=True,
        copy=False,
    )
    minutes_item_ids = fields.One2many(
        "case.meeting.minutes.item", "meeting_id", string="Summaries", copy=False
    )
    child_wishes = fields.Text(
        string="The Child's Wishes",
        help="In the child's own words (child-involved conference).",
        copy=False,
    )
    decision_ids = fields.One2many(
        "case.meeting.decision", "meeting_id", string="Decisions", copy=False
    )
    next_meeting_date = fields.Date(
        compute="_compute_next_meeting_date",
        store=True,
        readonly=False,
        copy=False,
        help="Agreed date of the next meeting (within a month by default).",
    )
    next_meeting_id = fields.Many2one(
        "case.meeting", string="Next Meeting", copy=False, readonly=True
    )
    delivery_ids = fields.One2many(
        "case.meeting.delivery", "meeting_id", string="Minutes Deliveries"
    )
    minutes_approved_by_id = fields.Many2one(
        "res.users", string="Minutes Approved By", readonly=True, copy=False
    )
    minutes_approved_date = fields.Datetime(readonly=True, copy=False)
    signed_count = fields.Integer(compute="_compute_signed")
    signed_text = fields.Char(string="Signed By", compute="_compute_signed")

    @api.depends("start")
    def _compute_next_meeting_date(self):
        for meeting in self:
            if meeting.start and not meeting.next_meeting_date:
                meeting.next_meeting_date = meeting.start.date() + relativedelta(
                    months=1
                )

    @api.depends("attendee_ids.signed", "attendee_ids.attendance")
    def _compute_signed(self):
        for meeting in self:
            signers = meeting._signature_lines()
            meeting.signed_count = len(signers.filtered("signed"))
            meeting.signed_text = _(
                "%(signed)s/%(total)s", signed=meeting.signed_count, total=len(signers)
            )

    def _signature_lines(self):
        self.ensure_one()
        present = self.attendee_ids.filtered(lambda a: a.attendance == "present")
        return present or self.attendee_ids

    # ------------------------------------------------------------
    # FLOW
    # ------------------------------------------------------------

    def action_start_minutes(self):
        for meeting in self.filtered(lambda m: m.minutes_state == "none"):
            meeting.write(
                {
                    "minutes_state": "draft",
                    "minutes_item_ids": [
                        fields.Command.create(
                            {"sequence": item.sequence, "topic": item.name}
                        )
                        for item in meeting.agenda_ids
                    ],
                }
            )
        return True

    def action_approve_minutes(self):
        for meeting in self:
            user = self.env.user
            if user not in (meeting.facilitator_user_id | meeting.case_id.manager_id):
                raise UserError(
                    _(
                        "Only the facilitator or the case manager may approve "
                        "the minutes of %(name)s.",
                        name=meeting.name,
                    )
                )
            if meeting.minutes_state not in ("none", "draft"):
                raise UserError(
                    _(
                        "The minutes of %(name)s are already approved.",
                        name=meeting.name,
                    )
                )
            meeting.write(
                {
                    "minutes_state": "approved",
                    "minutes_approved_by_id": user.id,
                    "minutes_approved_date": fields.Datetime.now(),
                }
            )
            summary = _("Approve the minutes")
            meeting.activity_ids.filtered(
                lambda a, summary=summary: a.summary == summary
            ).sudo().unlink()
        return True

    def action_reset_minutes(self):
        self.filtered(lambda m: m.minutes_state == "approved").write(
            {"minutes_state": "draft", "minutes_approved_by_id": False}
        )
        return True

    def _minutes_pdf(self, family_copy=False):
        self.ensure_one()
        report = (
            "case_management.action_report_case_meeting_minutes_family"
            if family_copy
            else "case_management.action_report_case_meeting_minutes"
        )
        pdf, _fmt = self.env["ir.actions.report"]._render_qweb_pdf(report, self.ids)
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "{}.pdf".format(
                        (
                            _("Minutes %(name)s", name=self.name)
                            if not family_copy
                            else _("Our meeting %(name)s", name=self.name)
                        ).replace("/", "-")
                    ),
                    "datas": base64.b64encode(pdf),
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )

    def _minutes_recipient_lines(self):
        """Every invitee who is not an internal user, present or absent."""
        self.ensure_one()
        return self.attendee_ids.filtered(
            lambda a: (
                a.kind != "internal"
                and not any(not u.share for u in a.partner_id.sudo().user_ids)
            )
        )

    def action_distribute_minutes(self):
        """Send the approved minutes (PDF) to every covered participant."""
        Delivery = self.env["case.meeting.delivery"].sudo()
        for meeting in self:
            if meeting.minutes_state != "approved":
                raise UserError(
                    _(
                        "Approve the minutes of %(name)s before distributing them.",
                        name=meeting.name,
                    )
                )
            case = meeting.case_id
            attachments = {}
            refused = {}
            for line in meeting._minutes_recipient_lines():
                partner = line.partner_id
                family_copy = line.kind == "family"
                _allowed, refused_here = case._case_disclosure_check(
                    partner, [MINUTES_CATEGORY]
                )
                if not refused_here and not partner.email:
                    refused_here[partner] = _(
                        "%(partner)s has no e-mail address.",
                        partner=partner.display_name,
                    )
                if refused_here:
                    refused.update(refused_here)
                    Delivery.create(
                        {
                            "meeting_id": meeting.id,
                            "partner_id": partner.id,
                            "family_copy": family_copy,
                            "refused_reason": refused_here[partner],
                        }
                    )
                    continue
                if family_copy not in attachments:
                    attachments[family_copy] = meeting._minutes_pdf(family_copy)
                subject = _("Minutes: %(name)s", name=meeting.name)
                body = Markup("<p>%s</p>") % _(
                    "Please find attached the minutes of %(name)s.",
                    name=meeting.name,
                )
                mails = case._case_send_mail(
                    partner,
                    [MINUTES_CATEGORY],
                    subject,
                    body,
                    record=meeting,
                    label=subject,
                    attachments=attachments[family_copy],
                    email_from=meeting.user_id.email_formatted or None,
                    raise_if_refused=False,
                )
                Delivery.create(
                    {
                        "meeting_id": meeting.id,
                        "partner_id": partner.id,
                        "family_copy": family_copy,
                        "mail_id": mails[:1].id,
                    }
                )
            if refused:
                meeting._message_log(
                    body=Markup("<p>%s</p><ul>%s</ul>")
                    % (
                        _("Minutes not sent (the disclosure gate refused them):"),
                        Markup("").join(
                            Markup("<li>%s</li>") % r for r in refused.values()
                        ),
                    )
                )
            meeting.minutes_state = "distributed"
            worker = case.key_worker_user_id or case.manager_id
            if worker:
                meeting.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=_("Hand the minutes to the parents"),
                    note=_(
                        "Give the parents the family copy of the minutes of "
                        "%(name)s and go through it with them.",
                        name=meeting.name,
                    ),
                    user_id=worker.id,
                )
        return True

    def action_print_minutes(self):
        return self.env.ref(
            "case_management.action_report_case_meeting_minutes"
        ).report_action(self)

    def action_print_family_copy(self):
        return self.env.ref(
            "case_management.action_report_case_meeting_minutes_family"
        ).report_action(self)

    def action_propose_next_meeting(self):
        """A new draft meeting with the same circle, format and venue."""
        self.ensure_one()
        if self.next_meeting_id:
            new = self.next_meeting_id
        else:
            date = self.next_meeting_date or (
                fields.Date.context_today(self) + relativedelta(months=1)
            )
            clock = self.start.time() if self.start else time(8, 0)
            new = self.create(
                {
                    "case_id": self.case_id.id,
                    "meeting_format": self.meeting_format,
                    "venue_id": self.venue_id.id,
                    "user_id": self.user_id.id,
                    "facilitator_user_id": self.facilitator_user_id.id,
                    "facilitator_partner_id": self.facilitator_partner_id.id,
                    "minute_taker_user_id": self.minute_taker_user_id.id,
                    "minute_taker_partner_id": self.minute_taker_partner_id.id,
                    "goal": self.goal,
                    "start": datetime.combine(date, clock),
                    "attendee_ids": [
                        fields.Command.create(
                            {
                                "partner_id": line.partner_id.id,
                                "kind": line.kind,
                                "expected_role": line.expected_role,
                                "required": line.required,
                            }
                        )
                        for line in self.attendee_ids
                    ],
                }
            )
            self.next_meeting_id = new
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.meeting",
            "res_id": new.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    def _cron_minutes_approval_reminder(self):
        """Minutes not approved 3 days after a held meeting: a to-do for the
        minute-taker (once)."""
        limit = fields.Datetime.now() - timedelta(days=APPROVAL_DELAY_DAYS)
        meetings = self.search(
            [
                ("state", "=", "held"),
                ("minutes_state", "in", ("none", "draft")),
                ("stop", "<=", limit),
            ]
        )
        summary = _("Approve the minutes")
        for meeting in meetings:
            user = meeting.minute_taker_user_id or meeting.user_id
            if not user:
                continue
            if meeting.activity_ids.filtered(
                lambda a, user=user: a.user_id == user and a.summary == summary
            ):
                continue
            meeting.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=_(
                    "The minutes of %(name)s are not approved %(days)s days "
                    "after the meeting.",
                    name=meeting.name,
                    days=APPROVAL_DELAY_DAYS,
                ),
                user_id=user.id,
            )
        return meetings
