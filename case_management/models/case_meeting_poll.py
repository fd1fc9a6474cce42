# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Availability poll for external invitees, whose calendars we cannot see.

Each invitee receives, through the consent gate, a link to a public page
(``controllers/poll.py``) listing the candidate slots; they answer yes / if
need be / no per slot without logging in. The link carries a random token;
only its HMAC (keyed with ``database.secret``) is stored, and the controller
compares it in constant time. The page and the e-mail show nothing but the
neutral title ("<case code> – <format>") and the slots.
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq, format_datetime

from odoo.addons.base.models.res_partner import _tz_get

ANSWERS = [("yes", "Yes"), ("if_need_be", "If need be"), ("no", "No")]
FORMATS = [
    ("case_meeting", "Case meeting"),
    ("case_conference", "Case conference"),
    ("child_conference", "Child-involved case conference"),
    ("review_meeting", "Review meeting"),
    ("introductory", "Introductory meeting"),
    ("individual", "Individual meeting"),
    ("home_visit", "Home visit"),
]
POLL_DAYS = 14


class CaseMeetingPoll(models.Model):
    _name = "case.meeting.poll"
    _description = "Availability Poll"
    _order = "create_date desc, id desc"

    name = fields.Char(
        string="Title",
        compute="_compute_name",
        store=True,
        help="Neutral title shown to the invitees: case code and format only.",
    )
    case_id = fields.Many2one(
        "case.case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    meeting_id = fields.Many2one(
        "case.meeting",
        string="Meeting",
        ondelete="set null",
        index=True,
        help="The picked slot becomes this meeting's time.",
    )
    meeting_format = fields.Selection(
        FORMATS, string="Format", required=True, default="case_conference"
    )
    tz = fields.Selection(
        _tz_get,
        string="Time Zone",
        required=True,
        default=lambda self: self.env.user.tz or "Europe/Prague",
    )
    duration = fields.Float(default=1.5, help="Length of the meeting in hours.")
    deadline = fields.Datetime(
        string="Answers Until",
        required=True,
        default=lambda self: fields.Datetime.now() + timedelta(days=POLL_DAYS),
        help="The links stop working after this moment.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent"),
            ("done", "Slot Picked"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Organiser", default=lambda self: self.env.user
    )
    slot_ids = fields.One2many("case.meeting.poll.slot", "poll_id", string="Slots")
    invitee_ids = fields.One2many(
        "case.meeting.poll.invitee", "poll_id", string="Invitees"
    )
    answer_ids = fields.One2many("case.meeting.poll.answer", "poll_id")
    summary_html = fields.Html(
        string="Answers", compute="_compute_summary_html", sanitize=False
    )
    picked_slot_id = fields.Many2one("case.meeting.poll.slot", readonly=True)
    event_id = fields.Many2one("calendar.event", string="Event", readonly=True)

    @api.depends("case_id.name", "meeting_format", "meeting_id.name")
    def _compute_name(self):
        labels = dict(self._fields["meeting_format"]._description_selection(self.env))
        for poll in self:
            if poll.meeting_id:
                poll.name = poll.meeting_id.name
                continue
            poll.name = _(
                "%(code)s – %(format)s",
                code=poll.case_id.name or "",
                format=labels.get(poll.meeting_format, ""),
            )

    @api.depends("slot_ids.start", "invitee_ids.partner_id", "answer_ids.answer", "tz")
    def _compute_summary_html(self):
        symbols = {"yes": "✔", "if_need_be": "(✔)", "no": "✘"}
        labels = dict(
            self.env["case.meeting.poll.answer"]
            ._fields["answer"]
            ._description_selection(self.env)
        )
        for poll in self:
            if not poll.slot_ids:
                poll.summary_html = False
                continue
            given = {
                (answer.slot_id.id, answer.invitee_id.id): answer.answer
                for answer in poll.answer_ids
            }
            head = Markup("").join(
                Markup("<th>%s</th>") % invitee.partner_id.display_name
                for invitee in poll.invitee_ids
            )
            rows = []
            for slot in poll.slot_ids:
                cells = Markup("").join(
                    Markup('<td class="text-center" title="%s">%s</td>')
                    % (
                        labels.get(given.get((slot.id, invitee.id)), ""),
                        symbols.get(given.get((slot.id, invitee.id)), "–"),
                    )
                    for invitee in poll.invitee_ids
                )
                css = ' class="table-success"' if slot == poll.picked_slot_id else ""
                rows.append(
                    Markup("<tr%s><td>%s</td>%s<td>%s</td><td>%s</td><td>%s</td></tr>")
                    % (
                        Markup(css),
                        slot.display_label,
                        cells,
                        slot.yes_count,
                        slot.maybe_count,
                        slot.no_count,
                    )
                )
            poll.summary_html = Markup(
                '<table class="table table-sm table-bordered o_case_poll_summary">'
                "<thead><tr><th>%s</th>%s<th>%s</th><th>%s</th><th>%s</th></tr>"
                "</thead><tbody>%s</tbody></table>"
            ) % (
                _("Slot"),
                head,
                _("Yes"),
                _("If need be"),
                _("No"),
                Markup("").join(rows),
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_send(self):
        """Send each invitee a fresh link through the consent gate."""
        for poll in self:
            if poll.state not in ("draft", "sent"):
                raise UserError(_("This poll is closed."))
            if not poll.slot_ids:
                raise UserError(_("Add at least one slot before sending the poll."))
            if not poll.invitee_ids:
                raise UserError(_("Add at least one invitee before sending the poll."))
            if poll.deadline <= fields.Datetime.now():
                raise UserError(_("The answer deadline has passed."))
            # Refuse the whole batch before any link is created.
            poll.case_id._case_disclosure_check(
                poll.invitee_ids.partner_id, ["basic"], raise_if_refused=True
            )
            for invitee in poll.invitee_ids:
                invitee._send_link()
            poll.state = "sent"
        return True

    def action_cancel(self):
        self.invitee_ids.sudo().write({"token_hash": False})
        self.state = "cancel"

    def action_reset_draft(self):
        self.filtered(lambda p: p.state == "cancel").state = "draft"

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _event_name(self):
        self.ensure_one()
        return self.name

    def _pick(self, slot):
        """Create the private calendar event for ``slot`` (or fill the
        meeting), close the poll and disable every link. Return the event or
        the meeting."""
        self.ensure_one()
        if self.state == "cancel":
            raise UserError(_("This poll is cancelled."))
        if self.meeting_id:
            self.meeting_id.write(
                {
                    "start": slot.start,
                    "duration": (slot.stop - slot.start).total_seconds() / 3600,
                }
            )
            self.invitee_ids.sudo().write({"token_hash": False})
            self.write({"picked_slot_id": slot.id, "state": "done"})
            return self.meeting_id
        attendees = (self.user_id | self.env.user).partner_id
        event = (
            self.env["calendar.event"]
            .with_context(no_mail_to_attendees=True, mail_create_nolog=True)
            .create(
                {
                    "name": self._event_name(),
                    "start": slot.start,
                    "stop": slot.stop,
                    "privacy": "private",
                    "user_id": self.env.uid,
                    "partner_ids": [fields.Command.set(attendees.ids)],
                    "res_model_id": self.env["ir.model"]._get_id("case.case"),
                    "res_id": self.case_id.id,
                    "case_id": self.case_id.id,
                }
            )
        )
        self.invitee_ids.sudo().write({"token_hash": False})
        self.write({"picked_slot_id": slot.id, "event_id": event.id, "state": "done"})
        return event


class CaseMeetingPollSlot(models.Model):
    _name = "case.meeting.poll.slot"
    _description = "Availability Poll Slot"
    _order = "start, id"
    _rec_name = "display_label"

    poll_id = fields.Many2one(
        "case.meeting.poll", required=True, ondelete="cascade", index=True
    )
    start = fields.Datetime(required=True)
    stop = fields.Datetime(required=True)
    display_label = fields.Char(string="Slot", compute="_compute_display_label")
    answer_ids = fields.One2many("case.meeting.poll.answer", "slot_id")
    yes_count = fields.Integer(string="Yes", compute="_compute_counts")
    maybe_count = fields.Integer(string="If Need Be", compute="_compute_counts")
    no_count = fields.Integer(string="No", compute="_compute_counts")

    _sql_constraints = [
        ("stop_after_start", "CHECK(stop > start)", "A slot must end after it starts.")
    ]

    @api.depends("start", "stop", "poll_id.tz")
    @api.depends_context("lang")
    def _compute_display_label(self):
        for slot in self:
            if not (slot.start and slot.stop):
                slot.display_label = False
                continue
            tz = slot.poll_id.tz or "Europe/Prague"
            start = format_datetime(
                self.env, slot.start, tz=tz, dt_format="EEEE d MMMM y, HH:mm"
            )
            stop = format_datetime(self.env, slot.stop, tz=tz, dt_format="HH:mm")
            slot.display_label = f"{start} – {stop}"

    @api.depends("answer_ids.answer")
    def _compute_counts(self):
        for slot in self:
            answers = slot.answer_ids.mapped("answer")
            slot.yes_count = answers.count("yes")
            slot.maybe_count = answers.count("if_need_be")
            slot.no_count = answers.count("no")

    def action_pick(self):
        self.ensure_one()
        record = self.poll_id._pick(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "target": "current",
        }


class CaseMeetingPollInvitee(models.Model):
    _name = "case.meeting.poll.invitee"
    _description = "Availability Poll Invitee"
    _rec_name = "partner_id"

    poll_id = fields.Many2one(
        "case.meeting.poll", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one("res.partner", string="Invitee", required=True)
    token_hash = fields.Char(copy=False, groups="base.group_system")
    expiry_date = fields.Datetime(string="Link Valid Until", readonly=True, copy=False)
    sent_date = fields.Datetime(string="Sent On", readonly=True, copy=False)
    answered_date = fields.Datetime(string="Answered On", readonly=True, copy=False)
    answer_ids = fields.One2many("case.meeting.poll.answer", "invitee_id")

    _sql_constraints = [
        (
            "partner_unique",
            "UNIQUE(poll_id, partner_id)",
            "Each person is invited only once to a poll.",
        )
    ]

    # ------------------------------------------------------------
    # TOKENS
    # ------------------------------------------------------------

    @api.model
    def _hash_token(self, token):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        return hmac.new(
            secret.encode(), f"case.meeting.poll:{token}".encode(), hashlib.sha256
        ).hexdigest()

    @api.model
    def _find_by_token(self, poll_id, token):
        """Return ``(invitee, status)``: status is ``ok``, ``expired`` or
        ``invalid``. Sudo: call it only from the public controller."""
        invitees = self.sudo().search([("poll_id", "=", poll_id)])
        if not invitees or not token or len(token) > 200:
            return self.browse(), "invalid"
        hashed = self._hash_token(token)
        found = self.browse()
        for invitee in invitees:
            # compare with every invitee so that timing says nothing
            if consteq(invitee.token_hash or "", hashed):
                found = invitee
        if not found:
            return found, "invalid"
        if (
            found.poll_id.state != "sent"
            or not found.expiry_date
            or found.expiry_date <= fields.Datetime.now()
        ):
            return found, "expired"
        return found, "ok"

    def _send_link(self):
        self.ensure_one()
        poll = self.poll_id
        token = secrets.token_urlsafe(32)
        self.sudo().write(
            {
                "token_hash": self._hash_token(token),
                "expiry_date": poll.deadline,
                "sent_date": fields.Datetime.now(),
            }
        )
        url = f"{poll.get_base_url()}/case/poll/{poll.id}/{token}"
        lang = self.partner_id.lang or self.env.lang
        poll_lang = poll.with_context(lang=lang)
        body = (
            self.env["ir.qweb"]
            .with_context(lang=lang)
            ._render(
                "case_management.case_meeting_poll_mail",
                {
                    "title": poll_lang.name,
                    "slots": poll_lang.slot_ids,
                    "url": url,
                    "deadline": format_datetime(
                        self.with_context(lang=lang).env,
                        poll.deadline,
                        tz=poll.tz,
                        dt_format="d MMMM y, HH:mm",
                    ),
                },
            )
        )
        return poll.case_id._case_send_mail(
            self.partner_id,
            ["basic"],
            poll_lang.name,
            body,
            record=poll,
            label=poll.name,
        )

    def _record_answers(self, answers):
        """``answers``: {slot id: 'yes' | 'if_need_be' | 'no'} (sudo env)."""
        self.ensure_one()
        valid = dict(ANSWERS)
        slots = self.poll_id.slot_ids
        existing = {answer.slot_id.id: answer for answer in self.answer_ids}
        to_create = []
        for slot in slots:
            value = answers.get(slot.id)
            if value not in valid:
                continue
            if slot.id in existing:
                if existing[slot.id].answer != value:
                    existing[slot.id].answer = value
            else:
                to_create.append(
                    {"invitee_id": self.id, "slot_id": slot.id, "answer": value}
                )
        self.env["case.meeting.poll.answer"].create(to_create)
        self.answered_date = fields.Datetime.now()


class CaseMeetingPollAnswer(models.Model):
    _name = "case.meeting.poll.answer"
    _description = "Availability Poll Answer"

    invitee_id = fields.Many2one(
        "case.meeting.poll.invitee", required=True, ondelete="cascade", index=True
    )
    slot_id = fields.Many2one(
        "case.meeting.poll.slot", required=True, ondelete="cascade", index=True
    )
    poll_id = fields.Many2one(
        related="slot_id.poll_id", store=True, index=True, string="Poll"
    )
    answer = fields.Selection(ANSWERS, required=True)

    _sql_constraints = [
        (
            "answer_unique",
            "UNIQUE(invitee_id, slot_id)",
            "One answer per invitee and slot.",
        )
    ]
