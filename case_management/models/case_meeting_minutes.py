# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Minutes of a case meeting (A6): per-item summaries, the child's wishes,
decisions that can become plan steps, approval, distribution through the
disclosure gate (category "minutes") with a delivery log, signatures;
the follow-up of the action plan (6.26) and the child's ranking of the
priorities at a child-involved conference (6.27)."""

import base64
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..cron_retry import cron_retry

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
DECISION_STATE_SELECTION = [
    ("open", "Open"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# A decision turned into a plan step follows the step.
STEP_STATE_TO_DECISION = {
    "planned": "open",
    "in_progress": "in_progress",
    "done": "done",
    "not_done": "cancelled",
}
DECISION_STATE_TO_STEP = {value: key for key, value in STEP_STATE_TO_DECISION.items()}
# Someone has acted on the decision (started, finished or called it off).
DECISION_PROGRESSED_STATES = ("in_progress", "done", "cancelled")
# Minutes whose decisions are followed up.
FOLLOWED_MINUTES_STATES = ("approved", "distributed")
CHILD_PRIORITY_KIND_SELECTION = [
    ("wish", "Wish"),
    ("need", "Need"),
    ("proposal", "Proposal"),
]


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
        DECISION_STATE_SELECTION,
        compute="_compute_state",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Follows the plan step once the decision is in the plan.",
    )
    progressed = fields.Boolean(
        compute="_compute_progressed",
        help="Someone has acted on it: in progress, done or called off.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        help="Still open after its due date.",
    )

    @api.depends("plan_step_id.state")
    def _compute_state(self):
        for decision in self:
            step_state = decision.plan_step_id.state
            if step_state:
                decision.state = STEP_STATE_TO_DECISION.get(step_state, "open")
            elif not decision.state:
                decision.state = "open"

    @api.depends("state")
    def _compute_progressed(self):
        for decision in self:
            decision.progressed = decision.state in DECISION_PROGRESSED_STATES

    @api.depends("state", "date_due")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for decision in self:
            decision.is_overdue = bool(
                decision.state == "open"
                and decision.date_due
                and decision.date_due < today
            )

    @api.onchange("responsible_type")
    def _onchange_responsible_type(self):
        if self.responsible_type == "internal":
            self.partner_id = False
        else:
            self.user_id = False

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # a decision that is in the plan is followed there: keep the step
            # in line with a state set by hand
            step_state = DECISION_STATE_TO_STEP.get(vals["state"])
            steps = self.plan_step_id.filtered(lambda s: s.state != step_state)
            if step_state and steps:
                steps.write({"state": step_state})
            if vals["state"] in DECISION_PROGRESSED_STATES:
                self.meeting_id._stalled_alert_reset()
        return res

    def _set_state(self, state):
        """Move the decision; one in the plan moves through its step."""
        linked = self.filtered("plan_step_id")
        if linked:
            linked.plan_step_id.write({"state": DECISION_STATE_TO_STEP[state]})
            if state in DECISION_PROGRESSED_STATES:
                linked.meeting_id._stalled_alert_reset()
        (self - linked).write({"state": state})
        return True

    def action_start(self):
        return self._set_state("in_progress")

    def action_done(self):
        return self._set_state("done")

    def action_cancel(self):
        return self._set_state("cancelled")

    def action_reopen(self):
        return self._set_state("open")

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
                    "state": DECISION_STATE_TO_STEP.get(decision.state, "planned"),
                }
            )
            decision.plan_step_id = step
        return True


class CaseMeetingChildPriority(models.Model):
    _name = "case.meeting.child.priority"
    _description = "The Child's Priority"
    _order = "meeting_id, sequence, id"
    _check_company_auto = True

    meeting_id = fields.Many2one(
        "case.meeting", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(related="meeting_id.case_id", store=True, index=True)
    company_id = fields.Many2one(
        related="meeting_id.company_id", store=True, index=True, string="Company"
    )
    active_plan_id = fields.Many2one(
        related="case_id.active_plan_id", string="Active Plan"
    )
    sequence = fields.Integer(default=10)
    rank = fields.Integer(
        string="#",
        compute="_compute_rank",
        help="The child's ranking: 1 matters most to the child.",
    )
    kind = fields.Selection(
        CHILD_PRIORITY_KIND_SELECTION, required=True, default="wish"
    )
    wish = fields.Text(
        string="In the Child's Own Words",
        required=True,
        help="What the child wishes, needs or proposes, written down as the "
        "child said it.",
    )
    goal_id = fields.Many2one(
        "case.plan.goal",
        string="Plan Goal",
        ondelete="set null",
        check_company=True,
        domain="[('plan_id', '=', active_plan_id)]",
        help="The goal of the active plan this priority is about. Left empty, "
        "applying the ranking creates a new goal from the child's words.",
    )
    applied = fields.Boolean(
        string="In the Plan",
        readonly=True,
        copy=False,
        help="The ranking was applied to the plan's goals.",
    )

    @api.depends("sequence", "meeting_id.child_priority_ids.sequence")
    def _compute_rank(self):
        for line in self:
            siblings = line.meeting_id.child_priority_ids.sorted("sequence")
            ranks = {sibling.id: index for index, sibling in enumerate(siblings, 1)}
            line.rank = ranks.get(line.id, 0)

    @api.depends("rank", "wish")
    def _compute_display_name(self):
        for line in self:
            words = " ".join((line.wish or "").split())
            if len(words) > 60:
                words = words[:59] + "…"
            line.display_name = f"{line.rank}. {words}" if line.rank else words


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
    # precomputed: part of the INSERT, not a second UPDATE of every row
    state = fields.Selection(
        DELIVERY_STATE_SELECTION, compute="_compute_state", store=True, precompute=True
    )
    reason = fields.Text(compute="_compute_state", store=True, precompute=True)

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
    next_meeting_missing = fields.Boolean(
        compute="_compute_next_meeting_missing",
        help="Held, minutes not sent yet, and no date agreed for the next joint "
        "meeting (6.25).",
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
    # Follow-up of the action plan (6.26)
    stalled_alert_date = fields.Date(
        string="Stalled Alert Sent On",
        readonly=True,
        copy=False,
        help="The case manager was told that no action item has moved; no "
        "new alert until an item moves.",
    )
    stalled_decision_count = fields.Integer(
        string="Overdue Action Items",
        compute="_compute_stalled_decision_count",
        search="_search_stalled_decision_count",
        help="Overdue decisions of approved minutes when none of the "
        "meeting's decisions has moved.",
    )
    # The child's ranking (6.27)
    child_priority_ids = fields.One2many(
        "case.meeting.child.priority",
        "meeting_id",
        string="The Child's Priorities",
        copy=False,
    )
    case_active_plan_id = fields.Many2one(
        related="case_id.active_plan_id", string="Active Plan of the Case"
    )

    @api.depends("start")
    def _compute_next_meeting_date(self):
        for meeting in self:
            if meeting.start and not meeting.next_meeting_date:
                meeting.next_meeting_date = meeting.start.date() + relativedelta(
                    months=1
                )

    @api.depends("state", "minutes_state", "next_meeting_date", "next_meeting_id")
    def _compute_next_meeting_missing(self):
        for meeting in self:
            meeting.next_meeting_missing = (
                meeting.state == "held"
                and meeting.minutes_state in ("draft", "approved")
                and not meeting.next_meeting_date
                and not meeting.next_meeting_id
            )

    @api.depends("attendee_ids.signed", "attendee_ids.attendance")
    def _compute_signed(self):
        for meeting in self:
            signers = meeting._signature_lines()
            meeting.signed_count = len(signers.filtered("signed"))
            meeting.signed_text = _(
                "%(signed)s/%(total)s", signed=meeting.signed_count, total=len(signers)
            )

    @api.depends(
        "minutes_state",
        "state",
        "decision_ids.state",
        "decision_ids.date_due",
        "case_id.is_closed",
    )
    @api.depends_context("tz")
    def _compute_stalled_decision_count(self):
        for meeting in self:
            meeting.stalled_decision_count = len(meeting._stalled_decisions())

    def _search_stalled_decision_count(self, operator, value):
        if operator not in ("=", "!=", ">", ">=", "<", "<=") or not isinstance(
            value, int
        ):
            raise UserError(_("Unsupported search on the overdue action items."))
        candidates = self.search(self._stalled_candidate_domain())
        counts = {m.id: len(m._stalled_decisions()) for m in candidates}
        compare = {
            "=": lambda c: c == value,
            "!=": lambda c: c != value,
            ">": lambda c: c > value,
            ">=": lambda c: c >= value,
            "<": lambda c: c < value,
            "<=": lambda c: c <= value,
        }[operator]
        if compare(0):
            # meetings that are not candidates count 0 and match too
            return [("id", "not in", [i for i, c in counts.items() if not compare(c)])]
        return [("id", "in", [i for i, c in counts.items() if compare(c)])]

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
        # the report record, not its xmlid: Odoo would search it by name and
        # then by xmlid at each of its three look-ups while rendering
        report = self.env["ir.actions.report"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "case_management.action_report_case_meeting_minutes_family"
                if family_copy
                else "case_management.action_report_case_meeting_minutes"
            )
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
        """Every invitee outside the case team, present or absent: the team
        reads the minutes in Odoo; everyone else (professionals, the family,
        and colleagues with a login who are not in the team, e.g. school
        staff) receives them through the gate."""
        self.ensure_one()
        team = self._case_mail_team_partners(self.case_id)
        return self.attendee_ids.filtered(
            lambda a: a.kind != "internal" and a.partner_id not in team
        )

    def action_distribute_minutes(self):
        """Send the approved minutes (PDF) to every covered participant."""
        Delivery = self.env["case.meeting.delivery"].sudo()
        categories = self.env["case.case"]._case_get_categories([MINUTES_CATEGORY])
        for meeting in self:
            if meeting.minutes_state != "approved":
                raise UserError(
                    _(
                        "Approve the minutes of %(name)s before distributing them.",
                        name=meeting.name,
                    )
                )
            case = meeting.case_id
            refused = {}
            family_missing = family_sent = False
            delivery_vals = []
            lines = meeting._minutes_recipient_lines()
            # a child without an e-mail address: the family copy reaches the
            # child through the parents (who each get their own)
            via_parents = lines.filtered(
                lambda a, case=case: (
                    not a.partner_id.email
                    and a._is_child_line()
                    and case._case_data_subject_role(a.partner_id)
                )
            )
            lines -= via_parents
            family_partners = lines.filtered(
                lambda a, case=case: (
                    a.kind == "family"
                    or bool(case._case_data_subject_role(a.partner_id))
                )
            ).partner_id
            # One gate check, one PDF and one batch of mails per copy (the
            # family's copy and the professionals'), one create of the
            # delivery rows: the query count does not grow per recipient
            # beyond the mails themselves.
            for family_copy in (False, True):
                partners = (
                    (lines.partner_id & family_partners)
                    if family_copy
                    else (lines.partner_id - family_partners)
                )
                if not partners:
                    continue
                _allowed, refused_here = case._case_disclosure_check(
                    partners, categories, family_version=family_copy
                )
                for partner in partners:
                    if partner not in refused_here and not partner.email:
                        refused_here[partner] = _(
                            "%(partner)s has no e-mail address.",
                            partner=partner.display_name,
                        )
                refused.update(refused_here)
                if refused_here:
                    family_missing = family_missing or family_copy
                sendable = partners.filtered(lambda p, r=refused_here: p not in r)
                mail_of = {}
                if sendable:
                    subject = _("Minutes: %(name)s", name=meeting.name)
                    body = Markup("<p>%s</p>") % _(
                        "Please find attached the minutes of %(name)s.",
                        name=meeting.name,
                    )
                    mails = case._case_send_mail(
                        sendable,
                        categories,
                        subject,
                        body,
                        record=meeting,
                        label=subject,
                        attachments=meeting._minutes_pdf(family_copy),
                        email_from=meeting.user_id.email_formatted or None,
                        raise_if_refused=False,
                        family_version=family_copy,
                    )
                    family_sent = family_sent or family_copy
                    for mail in mails:
                        mail_of.setdefault(mail.recipient_ids[:1].id, mail.id)
                for partner in partners:
                    vals = {
                        "meeting_id": meeting.id,
                        "partner_id": partner.id,
                        "family_copy": family_copy,
                    }
                    if partner in refused_here:
                        vals["refused_reason"] = refused_here[partner]
                    else:
                        vals["mail_id"] = mail_of.get(partner.id, False)
                    delivery_vals.append(vals)
            Delivery.create(delivery_vals)
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
            if via_parents and not family_sent:
                family_missing = True
            worker = case.key_worker_user_id or case.manager_id
            family_lines = (lines | via_parents).filtered(lambda a: a.kind == "family")
            # the key worker hands the minutes over only where the family did
            # not get its own copy directly (not invited, refused, no e-mail)
            if worker and (not family_lines or family_missing):
                # the to-do is the notice (the worker's activities and bell),
                # no assignment e-mail on top of it
                meeting.sudo().with_context(
                    mail_activity_quick_update=True
                ).activity_schedule(
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

    def action_apply_child_ranking(self):
        """The child's ranking becomes the order of the plan's goals: linked
        goals get priority 1..n in the child's order, wishes without a goal
        become new goals of the active plan, the other goals follow."""
        self.check_access("write")
        Goal = self.env["case.plan.goal"]
        for meeting in self:
            if self.env.user not in (
                meeting.facilitator_user_id | meeting.case_id.manager_id
            ):
                raise UserError(
                    _(
                        "Only the facilitator or the case manager may apply the "
                        "child's ranking of %(name)s to the plan.",
                        name=meeting.name,
                    )
                )
            if meeting.meeting_format != "child_conference":
                raise UserError(
                    _(
                        "%(name)s is not a child-involved conference: the child "
                        "ranks the priorities only there.",
                        name=meeting.name,
                    )
                )
            lines = meeting.child_priority_ids.sorted("sequence")
            if not lines:
                raise UserError(
                    _(
                        "Record the child's priorities of %(name)s first.",
                        name=meeting.name,
                    )
                )
            plan = meeting.case_id.active_plan_id
            if not plan:
                raise UserError(
                    _(
                        "Case %(case)s has no active plan: activate a plan "
                        "before applying the child's ranking to it.",
                        case=meeting.case_id.name,
                    )
                )
            # check every line before changing anything
            resolved = []
            for line in lines:
                goal = line.goal_id
                if goal and goal.plan_id != plan:
                    # the plan got a new version: follow the carried-over goal
                    carried = Goal.search(
                        [("plan_id", "=", plan.id), ("origin_goal_id", "=", goal.id)],
                        limit=1,
                    )
                    if not carried:
                        raise UserError(
                            _(
                                "The child's priority %(rank)s is linked to the "
                                "goal %(goal)s of %(old)s, which is not the "
                                "active plan %(plan)s: link it to a goal of the "
                                "active plan or clear the link.",
                                rank=line.rank,
                                goal=goal.name,
                                old=goal.plan_id.display_name,
                                plan=plan.display_name,
                            )
                        )
                    goal = carried
                if goal and goal in [g for _line, g in resolved]:
                    raise UserError(
                        _(
                            "Two of the child's priorities point to the goal "
                            "%(goal)s: each goal can have one place in the "
                            "child's ranking.",
                            goal=goal.name,
                        )
                    )
                resolved.append((line, goal))
            ranked = Goal
            created = Goal
            for line, goal in resolved:
                if not goal:
                    goal = Goal.create(
                        {
                            "plan_id": plan.id,
                            "name": " ".join(line.wish.split()),
                            "horizon": "short",
                            "origin": "child",
                            "origin_note": meeting.name,
                        }
                    )
                    created |= goal
                ranked |= goal
                line.write({"goal_id": goal.id, "applied": True})
            others = (plan.goal_ids - ranked).sorted(
                lambda g: (g.priority, g.sequence, g.id)
            )
            for priority, goal in enumerate(ranked + others, 1):
                if goal.priority != priority:
                    goal.priority = priority
            plan.message_post(
                body=Markup("<p>%s</p><ol>%s</ol>")
                % (
                    _(
                        "The child's ranking from %(meeting)s is now the order "
                        "of the goals:",
                        meeting=meeting.name,
                    ),
                    Markup("").join(
                        Markup("<li>%s%s</li>")
                        % (
                            goal.name,
                            self.env._(" (new goal)") if goal in created else "",
                        )
                        for goal in ranked
                    ),
                ),
                subtype_xmlid="mail.mt_note",
            )
            meeting._message_log(
                body=_(
                    "The child's ranking was applied to %(plan)s.",
                    plan=plan.display_name,
                )
            )
        return True

    def _child_first_name(self):
        """The child's first name, for the family's copy only."""
        self.ensure_one()
        child = self.case_id.sudo().focus_partner_ids[:1]
        return child.name.split()[0] if child.name else ""

    # ------------------------------------------------------------
    # ACTION PLAN FOLLOW-UP
    # ------------------------------------------------------------

    def _stalled_decisions(self):
        """The overdue decisions when nothing agreed at the meeting has moved
        (approved minutes, open case); an empty recordset otherwise."""
        self.ensure_one()
        Decision = self.env["case.meeting.decision"]
        if (
            self.minutes_state not in FOLLOWED_MINUTES_STATES
            or self.state == "cancelled"
            or self.case_id.is_closed
        ):
            return Decision
        decisions = self.decision_ids
        if any(decision.progressed for decision in decisions):
            return Decision
        return decisions.filtered("is_overdue")

    def _stalled_candidate_domain(self):
        """Meetings that may have stalled decisions (see _stalled_decisions)."""
        return [
            ("minutes_state", "in", FOLLOWED_MINUTES_STATES),
            ("state", "!=", "cancelled"),
            ("decision_ids.date_due", "<", fields.Date.context_today(self)),
        ]

    def _stalled_alert_reset(self):
        """Something moved: close the alert and allow a new one later."""
        meetings = self.filtered("stalled_alert_date")
        if not meetings:
            return
        activity_type = self.env.ref(
            "case_management.mail_activity_type_action_plan_stalled",
            raise_if_not_found=False,
        )
        meetings.sudo().stalled_alert_date = False
        if activity_type:
            meetings.sudo().activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).action_feedback(feedback=_("An action item has moved."))

    def _stalled_alert_note(self, decisions):
        self.ensure_one()
        return Markup("<p>%s</p><ul>%s</ul>") % (
            _(
                "No action item agreed at %(name)s has moved since the meeting. "
                "Overdue:",
                name=self.name,
            ),
            Markup("").join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(what)s (%(who)s, due %(date)s)",
                    what=decision.what,
                    who=decision._who() or self.env._("nobody named"),
                    date=format_date(self.env, decision.date_due),
                )
                for decision in decisions
            ),
        )

    # ------------------------------------------------------------
    # CRON
    # ------------------------------------------------------------

    @api.model
    @cron_retry
    def _cron_check_stalled_decisions(self):
        """Approved minutes whose decisions are overdue while none of them
        has moved: one alert for the case manager, again only after an item
        has moved (6.26)."""
        activity_type = self.env.ref(
            "case_management.mail_activity_type_action_plan_stalled",
            raise_if_not_found=False,
        ) or self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        moved = self.search([("stalled_alert_date", "!=", False)])
        moved.filtered(lambda m: not m._stalled_decisions())._stalled_alert_reset()
        candidates = self.search(
            self._stalled_candidate_domain() + [("stalled_alert_date", "=", False)]
        )
        alerted = self.browse()
        for meeting in candidates:
            decisions = meeting._stalled_decisions()
            if not decisions:
                continue
            user = meeting.case_id.manager_id or meeting.user_id
            meeting.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=today,
                summary=_(
                    "Action plan stalled: %(count)s overdue", count=len(decisions)
                ),
                note=meeting._stalled_alert_note(decisions),
                user_id=user.id,
            )
            meeting.stalled_alert_date = today
            alerted |= meeting
        return alerted

    @api.model
    @cron_retry
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
