# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Find a date for a case meeting: the ORM side of ``models/slot_finder``.

Collects the busy times of the internal invitees (their calendar events,
recurring occurrences included: Odoo 18 stores every occurrence of a
``calendar.recurrence`` as a real ``calendar.event``), their working hours
(``res.users.resource_calendar_id``, else the company's) and ranks the
candidate slots. A slot becomes a private calendar event with a neutral
name, or the candidate slots of an availability poll for external invitees.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.slot_finder import Invitee, find_slots

UTC = ZoneInfo("UTC")
MAX_SLOTS = 10


def _aware(value):
    return value.replace(tzinfo=UTC)


def _naive(value):
    return value.astimezone(UTC).replace(tzinfo=None)


class CaseMeetingSlotSearch(models.TransientModel):
    _name = "case.meeting.slot.search"
    _description = "Find a Date for a Case Meeting"

    case_id = fields.Many2one("case.case", required=True, ondelete="cascade")
    meeting_id = fields.Many2one(
        "case.meeting",
        ondelete="cascade",
        help="The chosen slot becomes this meeting's time; its venue's other "
        "bookings are avoided.",
    )
    required_user_ids = fields.Many2many(
        "res.users",
        "case_meeting_slot_search_required_rel",
        "search_id",
        "user_id",
        string="Required",
        domain=[("share", "=", False)],
        help="Colleagues the meeting cannot do without.",
    )
    optional_user_ids = fields.Many2many(
        "res.users",
        "case_meeting_slot_search_optional_rel",
        "search_id",
        "user_id",
        string="Optional",
        domain=[("share", "=", False)],
    )
    weeks = fields.Integer(string="Next Weeks", default=2, required=True)
    duration = fields.Float(default=1.5, required=True, help="In hours.")
    buffer_minutes = fields.Integer(
        string="Buffer (minutes)",
        default=15,
        help="Free time each invitee needs before and after the meeting.",
    )
    preferred = fields.Selection(
        [("any", "Any Time"), ("morning", "Morning"), ("afternoon", "Afternoon")],
        string="Preferred Time",
        default="any",
        required=True,
    )
    tz = fields.Char(
        string="Time Zone",
        default=lambda self: self.env.user.tz or "Europe/Prague",
        required=True,
    )
    line_ids = fields.One2many(
        "case.meeting.slot.search.line", "search_id", string="Candidate Slots"
    )
    searched = fields.Boolean(readonly=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        meeting = self.env["case.meeting"].browse(values.get("meeting_id") or [])
        if meeting:
            values["case_id"] = meeting.case_id.id
            if meeting.duration:
                values["duration"] = meeting.duration
            internal = meeting.attendee_ids.filtered(
                lambda a: a.partner_id.user_ids.filtered(lambda u: not u.share)
            )
            required = (
                meeting.user_id | internal.filtered("required").partner_id.user_ids
            ).filtered(lambda u: not u.share)
            optional = (
                internal.filtered(lambda a: not a.required).partner_id.user_ids
            ).filtered(lambda u: not u.share) - required
            if required and "required_user_ids" in fields_list:
                values["required_user_ids"] = [fields.Command.set(required.ids)]
            if optional and "optional_user_ids" in fields_list:
                values["optional_user_ids"] = [fields.Command.set(optional.ids)]
        case = self.env["case.case"].browse(values.get("case_id") or [])
        if (
            case
            and "required_user_ids" in fields_list
            and not values.get("required_user_ids")
        ):
            users = case._get_role_users().filtered(lambda u: not u.share)
            values["required_user_ids"] = [fields.Command.set(users.ids)]
        return values

    @api.constrains("weeks", "duration")
    def _check_window(self):
        for wizard in self:
            if not 1 <= wizard.weeks <= 12:
                raise UserError(_("Search between 1 and 12 weeks ahead."))
            if not 0 < wizard.duration <= 12:
                raise UserError(_("A meeting lasts between a minute and 12 hours."))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_search(self):
        self.ensure_one()
        users = self.required_user_ids | self.optional_user_ids
        if not users:
            raise UserError(_("Choose at least one colleague to invite."))
        start = self._window_start()
        end = start + timedelta(weeks=self.weeks)
        slots = find_slots(
            start,
            end,
            self.tz,
            self._invitees(start, end),
            timedelta(hours=self.duration),
            buffer_before=timedelta(minutes=self.buffer_minutes),
            buffer_after=timedelta(minutes=self.buffer_minutes),
            venue_busy=self._venue_busy(start, end),
            preferred=self.preferred,
            max_results=MAX_SLOTS,
        )
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "start": _naive(slot.start),
                    "stop": _naive(slot.end),
                    "available_count": slot.available_count,
                    "invitee_count": len(users),
                    "all_required": slot.all_required,
                    "preferred": slot.preferred,
                    "busy_user_ids": [fields.Command.set(list(slot.unavailable))],
                }
            )
            for slot in slots
        ]
        self.searched = True
        return self._reopen()

    def action_create_poll(self):
        """Offer the found slots to external invitees in an availability poll."""
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_("Search for slots first."))
        meeting = self.meeting_id
        externals = meeting.attendee_ids.partner_id.filtered(
            lambda p: not p.user_ids.filtered(lambda u: not u.share)
        )
        poll = self.env["case.meeting.poll"].create(
            {
                "case_id": self.case_id.id,
                "meeting_id": meeting.id,
                "meeting_format": meeting.meeting_format or "case_conference",
                "invitee_ids": [
                    fields.Command.create({"partner_id": partner.id})
                    for partner in externals
                ],
                "tz": self.tz if self.tz in pytz.all_timezones_set else "Europe/Prague",
                "duration": self.duration,
                "slot_ids": [
                    fields.Command.create({"start": line.start, "stop": line.stop})
                    for line in self.line_ids
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.meeting.poll",
            "res_id": poll.id,
            "view_mode": "form",
            "target": "current",
        }

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Find a Date"),
        }

    def _venue_busy(self, start, end):
        """Other meetings booked at the meeting's venue (times only)."""
        venue = self.meeting_id.venue_id
        if not venue:
            return []
        meetings = (
            self.env["case.meeting"]
            .sudo()
            .search(
                [
                    ("venue_id", "=", venue.id),
                    ("id", "!=", self.meeting_id.id),
                    ("state", "!=", "cancelled"),
                    ("start", "<", _naive(end)),
                    ("stop", ">", _naive(start)),
                ]
            )
        )
        return [(_aware(m.start), _aware(m.stop)) for m in meetings if m.stop]

    def _window_start(self):
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        minutes = (-now.minute) % 15
        return _aware(now + timedelta(minutes=minutes))

    def _invitees(self, start, end):
        busy = self._busy_by_user(
            self.required_user_ids | self.optional_user_ids, start, end
        )
        invitees = []
        for user in self.required_user_ids | self.optional_user_ids:
            invitees.append(
                Invitee(
                    key=user.id,
                    busy=busy.get(user.id, []),
                    working_hours=self._working_hours(user),
                    required=user in self.required_user_ids,
                )
            )
        return invitees

    @api.model
    def _working_hours(self, user):
        """``(dayofweek, hour_from, hour_to)`` of the user's working calendar
        (their resource's, else their company's), or None when unknown."""
        user = user.sudo()
        calendar = user.resource_calendar_id or user.company_id.resource_calendar_id
        if not calendar:
            return None
        today = fields.Date.context_today(self)
        hours = []
        for attendance in calendar.attendance_ids:
            if attendance.display_type or attendance.day_period == "lunch":
                continue
            if attendance.date_to and attendance.date_to < today:
                continue
            hours.append(
                (int(attendance.dayofweek), attendance.hour_from, attendance.hour_to)
            )
        return hours

    @api.model
    def _busy_by_user(self, users, start, end):
        """``{user id: [(start, end), ...]}`` (aware UTC) of the events the
        users attend and have not declined, shown as busy. Sudo: only times
        are read, never names or descriptions of other people's events."""
        partner_user = {user.partner_id.id: user.id for user in users}
        margin = timedelta(days=1)
        attendees = (
            self.env["calendar.attendee"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", list(partner_user)),
                    ("state", "!=", "declined"),
                    ("event_id.active", "=", True),
                    ("event_id.show_as", "=", "busy"),
                    ("event_id.start", "<", _naive(end) + margin),
                    ("event_id.stop", ">", _naive(start) - margin),
                ]
            )
        )
        zone = ZoneInfo(self.tz or "UTC") if self else UTC
        busy = {}
        for attendee in attendees:
            event = attendee.event_id
            if event.allday:
                interval = (
                    datetime.combine(event.start_date, time(0), tzinfo=zone),
                    datetime.combine(
                        event.stop_date + timedelta(days=1), time(0), tzinfo=zone
                    ),
                )
            else:
                interval = (_aware(event.start), _aware(event.stop))
            busy.setdefault(partner_user[attendee.partner_id.id], []).append(interval)
        return busy


class CaseMeetingSlotSearchLine(models.TransientModel):
    _name = "case.meeting.slot.search.line"
    _description = "Candidate Slot"
    _order = "id"

    search_id = fields.Many2one(
        "case.meeting.slot.search", required=True, ondelete="cascade"
    )
    start = fields.Datetime(readonly=True)
    stop = fields.Datetime(string="End", readonly=True)
    available_count = fields.Integer(string="Available", readonly=True)
    invitee_count = fields.Integer(string="Invited", readonly=True)
    all_required = fields.Boolean(string="All Required Free", readonly=True)
    preferred = fields.Boolean(string="Preferred Time", readonly=True)
    busy_user_ids = fields.Many2many(
        "res.users",
        "case_meeting_slot_search_line_busy_rel",
        "line_id",
        "user_id",
        string="Busy",
        readonly=True,
    )

    def action_choose(self):
        """Book the slot: a private calendar event with a neutral name."""
        self.ensure_one()
        wizard = self.search_id
        case = wizard.case_id
        if wizard.meeting_id:
            wizard.meeting_id.write({"start": self.start, "duration": wizard.duration})
            return {
                "type": "ir.actions.act_window",
                "res_model": "case.meeting",
                "res_id": wizard.meeting_id.id,
                "view_mode": "form",
                "target": "current",
            }
        users = wizard.required_user_ids | wizard.optional_user_ids | self.env.user
        event = (
            self.env["calendar.event"]
            .with_context(no_mail_to_attendees=True, mail_create_nolog=True)
            .create(
                {
                    "name": _("%(code)s – meeting", code=case.name),
                    "start": self.start,
                    "stop": self.stop,
                    "privacy": "private",
                    "user_id": self.env.uid,
                    "partner_ids": [fields.Command.set(users.partner_id.ids)],
                    "res_model_id": self.env["ir.model"]._get_id("case.case"),
                    "res_id": case.id,
                    "case_id": case.id,
                }
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": event.id,
            "view_mode": "form",
            "target": "current",
        }
