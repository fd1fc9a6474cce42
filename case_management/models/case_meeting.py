# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Case meetings and conferences (A6).

Time and place live on a linked ``calendar.event`` that is always private,
carries a neutral title (case code and format, never a name) and no
description. Invitations, updates and cancellations are iTIP messages
(``case_meeting_ical``) sent one recipient at a time through the disclosure
gate (``case.case._case_send_mail``).
"""

import base64
import uuid
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import consteq

from ..cron_retry import cron_retry
from . import case_meeting_ical as ical

MEETING_FORMAT_SELECTION = [
    ("case_meeting", "Case meeting (setkání nad případem)"),
    (
        "case_conference",
        "Case conference (případová konference / případové setkání)",
    ),
    ("child_conference", "Child-involved conference (interaktivní PK)"),
    ("review_meeting", "Review meeting (revizní setkání)"),
    ("introductory", "Introductory meeting with the family (úvodní schůzka)"),
    ("individual", "Individual meeting with one professional"),
    ("home_visit", "Home visit"),
]
# Per format: default duration (hours), whether the family is expected, and
# the agenda template.
FORMAT_DEFAULTS = {
    "case_meeting": {
        "duration": 1.5,
        "family": False,
        "agenda": [
            "What each professional sees as the problem",
            "Resources and risks",
            "Who does what by when",
        ],
    },
    "case_conference": {
        "duration": 2.0,
        "family": True,
        "agenda": [
            "Introductions and rules of the meeting",
            "The family's view",
            "Each professional's view",
            "Goals and steps",
            "Next meeting",
        ],
    },
    "child_conference": {
        "duration": 1.5,
        "family": True,
        "agenda": [
            "Welcome and rules for the child",
            "The child's wishes (book of wishes)",
            "The child ranks the priorities",
            "Agreed steps",
        ],
    },
    "review_meeting": {
        "duration": 1.5,
        "family": True,
        "agenda": ["What has changed", "Goals met and not met", "Plan adjustments"],
    },
    "introductory": {
        "duration": 1.0,
        "family": True,
        "agenda": ["How the cooperation works", "The family's request", "Consent"],
    },
    "individual": {"duration": 1.0, "family": False, "agenda": []},
    "home_visit": {"duration": 1.0, "family": True, "agenda": []},
}
FAMILY_FORMATS = ("case_conference", "child_conference")
STATE_SELECTION = [
    ("draft", "Draft"),
    ("invited", "Invited"),
    ("held", "Held"),
    ("cancelled", "Cancelled"),
]
CONVENER_KIND_SELECTION = [
    ("case_manager", "Case manager"),
    ("key_worker", "Key worker"),
    ("ospod", "OSPOD"),
    ("school", "School"),
    ("other", "Other outside body"),
]
ATTENDEE_KIND_SELECTION = [
    ("internal", "Internal user"),
    ("external", "External professional"),
    ("family", "Family member"),
    ("support", "Support person"),
]
RSVP_SELECTION = [
    ("needs_action", "No answer yet"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("tentative", "Tentative"),
]
ATTENDANCE_SELECTION = [
    ("present", "Present"),
    ("excused_written", "Excused, written input"),
    ("absent", "Absent"),
]
INVITATION_STATE_SELECTION = [
    ("not_sent", "Not sent"),
    ("sent", "Invited"),
    ("refused", "Refused by consent"),
    ("cancelled", "Cancellation sent"),
    ("no_mail", "Calendar only"),
    ("in_person", "Invited in person"),
]
CALENDAR_STATE = {
    "needs_action": "needsAction",
    "accepted": "accepted",
    "declined": "declined",
    "tentative": "tentative",
}
RSVP_TOKEN_SCOPE = "case.meeting.rsvp"


class CaseMeetingVenue(models.Model):
    _name = "case.meeting.venue"
    _description = "Meeting Venue"
    _order = "name"

    name = fields.Char(required=True)
    kind = fields.Selection(
        [
            ("school", "School"),
            ("organisation", "Our organisation"),
            ("ospod", "OSPOD"),
            ("family_home", "Family home"),
            ("municipal", "Municipal office"),
            ("online", "Online"),
            ("other", "Other"),
        ],
        required=True,
        default="school",
    )
    address = fields.Char()
    online_url = fields.Char(string="Online Link")
    note = fields.Text()
    company_id = fields.Many2one(
        "res.company", string="Company", default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    meeting_count = fields.Integer(compute="_compute_meeting_count")

    def _compute_meeting_count(self):
        counts = {
            venue.id: count
            for venue, count in self.env["case.meeting"]._read_group(
                [("venue_id", "in", self.ids)], ["venue_id"], ["__count"]
            )
        }
        for venue in self:
            venue.meeting_count = counts.get(venue.id, 0)

    def _location_text(self):
        self.ensure_one()
        if self.kind == "online" and self.online_url:
            return f"{self.name}: {self.online_url}"
        return ", ".join(filter(None, [self.name, self.address]))


class CaseMeetingAgenda(models.Model):
    _name = "case.meeting.agenda"
    _description = "Meeting Agenda Item"
    _order = "meeting_id, sequence, id"

    meeting_id = fields.Many2one(
        "case.meeting", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    duration_minutes = fields.Integer(string="Minutes")


class CaseMeetingAttendee(models.Model):
    _name = "case.meeting.attendee"
    _description = "Meeting Invitee"
    _order = "meeting_id, sequence, id"
    _rec_name = "partner_id"

    meeting_id = fields.Many2one(
        "case.meeting", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(related="meeting_id.case_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one("res.partner", string="Invitee", required=True)
    email = fields.Char(related="partner_id.email")
    kind = fields.Selection(
        ATTENDEE_KIND_SELECTION,
        compute="_compute_kind",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    expected_role = fields.Char(help="What this person is expected to bring.")
    participant_id = fields.Many2one(
        "case.participant",
        string="Circle Line",
        compute="_compute_participant_id",
        store=True,
    )
    orientation = fields.Selection(
        [("supportive", "Supportive"), ("control", "Control-oriented")],
        compute="_compute_orientation",
        store=True,
        readonly=False,
    )
    required = fields.Boolean(default=True)
    rsvp = fields.Selection(
        RSVP_SELECTION, string="Answer", default="needs_action", required=True
    )
    rsvp_date = fields.Datetime(string="Answered On", readonly=True)
    rsvp_note = fields.Text(
        string="Note on the Answer",
        help="How the need for the meeting was explained to a hesitant invitee.",
    )
    attendance = fields.Selection(ATTENDANCE_SELECTION)
    written_input = fields.Text(help="Written input of an invitee who cannot come.")
    invitation_state = fields.Selection(
        INVITATION_STATE_SELECTION, default="not_sent", required=True, readonly=True
    )
    invitation_note = fields.Text(readonly=True)
    invite_via_partner_id = fields.Many2one(
        "res.partner",
        string="Invitation Through",
        help="A child without an e-mail address is invited through a parent "
        "or legal representative: the invitation names the child and the "
        "calendar file goes to this person.",
    )
    invited_in_person = fields.Boolean(
        string="Invited in Person by the Key Worker",
        help="No e-mail: the key worker invites this person in person.",
    )
    invitation_mail_id = fields.Many2one(
        "mail.mail",
        string="Invitation E-mail",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_system",
    )
    when_text = fields.Char(string="When", compute="_compute_when_text")
    title = fields.Char(
        compute="_compute_title",
        help="The title this invitee sees: the neutral title, except the "
        "family's copy of a child-involved conference, which carries the "
        "child's first name.",
    )
    rsvp_accept_url = fields.Char(compute="_compute_rsvp_urls")
    rsvp_decline_url = fields.Char(compute="_compute_rsvp_urls")

    _sql_constraints = [
        (
            "partner_meeting_uniq",
            "unique(meeting_id, partner_id)",
            "Each person is invited once.",
        )
    ]

    @api.depends("partner_id", "meeting_id.case_id")
    def _compute_kind(self):
        for line in self:
            partner = line.partner_id
            case = line.meeting_id.case_id
            if not partner:
                line.kind = line.kind or "external"
            elif any(not user.share for user in partner.sudo().user_ids):
                line.kind = "internal"
            elif case and (
                partner in case.sudo().family_member_ids
                or partner in case.sudo().focus_partner_ids
                or case._case_data_subject_role(partner)
            ):
                line.kind = "family"
            elif not line.kind or line.kind in ("internal", "family"):
                line.kind = "external"

    def _is_child_line(self):
        self.ensure_one()
        partner = self.partner_id.sudo()
        return partner.is_child or partner.family_role == "child"

    def _invitation_recipient(self):
        """Who receives this line's invitation: the invitee, or for a child
        without an e-mail address the parent or legal representative it goes
        through (chosen on the line, else the first one invited to the same
        meeting, else the first one of the case)."""
        self.ensure_one()
        partner = self.partner_id
        if partner.email or not self._is_child_line():
            return partner
        if self.invite_via_partner_id:
            return self.invite_via_partner_id
        case = self.meeting_id.case_id
        representatives = (
            self.meeting_id.attendee_ids.partner_id | case._case_family_invitees()
        ).filtered(
            lambda p: (
                p != partner
                and p.email
                and case._case_represents(p, partner)
                and not case._case_restriction_for(p)
            )
        )
        return representatives[:1] or partner

    def _via_note(self, recipient):
        """The paragraph naming the children (``self``: the lines one
        invitation goes out for) when it goes to ``recipient`` as their
        parent, with each child's own answer links when the parent is
        invited too (the calendar file answers for the parent)."""
        children = self.filtered(lambda ln: ln.partner_id != recipient)
        if not children:
            return Markup("")
        env = self.with_context(lang=recipient.lang or self.env.lang).env
        names = ", ".join(children.partner_id.mapped("name"))
        if recipient not in self.partner_id:
            return Markup("<p><strong>%s</strong></p>") % env._(
                "This invitation is for %(child)s. You receive it as their "
                "parent or legal representative: please tell %(child)s about "
                "the meeting.",
                child=names,
            )
        note = Markup("<p><strong>%s</strong></p>") % env._(
            "This invitation is also for %(child)s. You receive it as their "
            "parent or legal representative: please tell %(child)s about the "
            "meeting.",
            child=names,
        )
        for child in children:
            if not child.id or not child.meeting_id.ical_uid:
                continue
            note += Markup('<p>%s <a href="%s">%s</a> | <a href="%s">%s</a></p>') % (
                env._("Answer for %(child)s:", child=child.partner_id.name),
                child._rsvp_url("accept"),
                env._("Accept"),
                child._rsvp_url("decline"),
                env._("Decline"),
            )
        return note

    def _group_by_recipient(self):
        """``{recipient: lines}``: one invitation per address (RFC 5546: one
        calendar object per UID to an attendee), covering the invitee and
        the children invited through them."""
        groups = {}
        for line in self:
            recipient = line._invitation_recipient()
            groups[recipient] = groups.get(recipient, self.browse()) | line
        return groups

    def _main_line(self, recipient):
        """Of the lines one invitation covers, the one its calendar file
        speaks for: the recipient's own line, else the first child's."""
        return self.filtered(lambda ln: ln.partner_id == recipient)[:1] or self[:1]

    @api.model
    def _case_invitation_blocked(self, mails):
        """The gate stopped these mails at send time (consent withdrawn or
        expired after queueing): the invitees never got them, so their lines
        say refused with the reason, and "Send Invitations" offers them again
        once a new consent is recorded."""
        lines = self.sudo().search(
            [("invitation_mail_id", "in", mails.ids), ("invitation_state", "=", "sent")]
        )
        for line in lines:
            line.write(
                {
                    "invitation_state": "refused",
                    "invitation_note": line.invitation_mail_id.failure_reason,
                }
            )

    @api.depends_context("lang")
    @api.depends("meeting_id.start", "meeting_id.stop", "partner_id.tz")
    def _compute_when_text(self):
        for line in self:
            meeting = line.meeting_id
            if not meeting.start:
                line.when_text = False
                continue
            tz = line.partner_id.tz or meeting._tz()
            begin = tools.format_datetime(
                self.env, meeting.start, tz=tz, dt_format="medium"
            )
            end = tools.format_time(self.env, meeting.stop, tz=tz, time_format="short")
            line.when_text = f"{begin} – {end} ({tz})"

    @api.depends_context("lang")
    @api.depends("kind", "meeting_id.name", "meeting_id.meeting_format")
    def _compute_title(self):
        for line in self:
            meeting = line.meeting_id
            child = meeting.case_id.sudo().focus_partner_ids[:1]
            if (
                line.kind == "family"
                and meeting.meeting_format == "child_conference"
                and child
            ):
                line.title = _("%(child)s's meeting", child=child.name.split()[0])
            else:
                line.title = meeting.name

    def _compute_rsvp_urls(self):
        for line in self:
            if not line.id or not line.meeting_id.ical_uid:
                line.rsvp_accept_url = line.rsvp_decline_url = False
                continue
            line.rsvp_accept_url = line._rsvp_url("accept")
            line.rsvp_decline_url = line._rsvp_url("decline")

    @api.depends("partner_id", "meeting_id.case_id")
    def _compute_participant_id(self):
        for line in self:
            line.participant_id = line.meeting_id.case_id.participant_ids.filtered(
                lambda p, partner=line.partner_id: p.partner_id == partner
            )[:1]

    @api.depends("participant_id.orientation", "kind")
    def _compute_orientation(self):
        for line in self:
            if line.participant_id.orientation:
                line.orientation = line.participant_id.orientation
            elif line.kind in ("family", "support"):
                line.orientation = False
            elif not line.orientation:
                line.orientation = "supportive"

    # ------------------------------------------------------------
    # RSVP
    # ------------------------------------------------------------

    def _rsvp_token(self):
        self.ensure_one()
        return tools.hmac(
            self.env(su=True),
            RSVP_TOKEN_SCOPE,
            (self.id, self.meeting_id.ical_uid, self.partner_id.id),
        )

    def _check_rsvp_token(self, token):
        self.ensure_one()
        return bool(token) and consteq(str(token), self._rsvp_token())

    def _rsvp_url(self, answer):
        self.ensure_one()
        base = self.get_base_url()
        return f"{base}/case/meeting/rsvp/{self.id}/{answer}/{self._rsvp_token()}"

    def _set_rsvp(self, answer, channel):
        """Record an answer (link, e-mail REPLY, Odoo calendar)."""
        labels = dict(RSVP_SELECTION)
        for line in self:
            if line.rsvp == answer:
                continue
            line.sudo().write({"rsvp": answer, "rsvp_date": fields.Datetime.now()})
            line.sudo()._sync_calendar_attendee()
            line.meeting_id.sudo()._message_log(
                body=_(
                    "%(partner)s answered: %(answer)s (%(channel)s)",
                    partner=line.partner_id.display_name,
                    answer=labels[answer],
                    channel=channel,
                )
            )

    def _sync_calendar_attendee(self):
        for line in self:
            event = line.meeting_id.event_id
            if not event:
                continue
            attendee = event.attendee_ids.filtered(
                lambda a, partner=line.partner_id: a.partner_id == partner
            )
            state = CALENDAR_STATE[line.rsvp]
            if attendee and attendee.state != state:
                attendee.with_context(case_meeting_sync=True).write({"state": state})

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def unlink(self):
        # Removing an invitee who already got the invitation sends them alone
        # a cancellation.
        # When the address still receives the meeting for someone else (the
        # mother, after her child is taken off), a cancellation with the same
        # UID would cancel her own: she gets the invitation again instead.
        resend = self.browse()
        for line in self.filtered(
            lambda ln: (
                ln.invitation_state == "sent" and ln.meeting_id.state == "invited"
            )
        ):
            recipient = line._invitation_recipient()
            staying = line.meeting_id.attendee_ids.filtered(
                lambda a, line=line, recipient=recipient: (
                    a not in self
                    and a.invitation_state == "sent"
                    and a.kind != "internal"
                    and a._invitation_recipient() == recipient
                )
            )
            if staying:
                resend |= staying
            else:
                line.meeting_id._case_send_itip(line, "CANCEL", bump=False)
        meetings = self.meeting_id
        res = super().unlink()
        meetings.exists()._sync_event()
        for meeting in resend.meeting_id:
            meeting._case_send_itip(
                resend.filtered(lambda a, m=meeting: a.meeting_id == m), "REQUEST"
            )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.meeting_id._sync_event()
        return lines


class CaseMeeting(models.Model):
    _name = "case.meeting"
    _description = "Case Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Title",
        compute="_compute_name",
        store=True,
        help="Neutral title: case code and format, never a name.",
    )
    case_id = fields.Many2one(
        "case.case",
        string="Case",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    meeting_format = fields.Selection(
        MEETING_FORMAT_SELECTION,
        string="Format",
        required=True,
        default="case_conference",
        tracking=True,
    )
    format_reason = fields.Text(
        string="Why This Format",
        help="Decided by the case manager together with the key worker.",
    )
    is_extraordinary = fields.Boolean(
        string="Extraordinary", help="Outside the agreed rhythm of meetings."
    )
    extraordinary_reason = fields.Text()
    goal = fields.Text(
        tracking=True,
        help="A realistic goal acceptable to all; required before invitations.",
    )
    agenda_ids = fields.One2many(
        "case.meeting.agenda", "meeting_id", string="Agenda", copy=True
    )
    venue_id = fields.Many2one("case.meeting.venue", string="Venue", tracking=True)
    location = fields.Char(compute="_compute_location", store=True)
    # Roles
    user_id = fields.Many2one(
        "res.users",
        string="Organiser",
        default=lambda self: self.env.user,
        required=True,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    convener_kind = fields.Selection(
        CONVENER_KIND_SELECTION,
        string="Convened By",
        default="case_manager",
        required=True,
    )
    convener_partner_id = fields.Many2one("res.partner", string="Convener")
    convened_externally = fields.Boolean(
        string="Convened by an Outside Body",
        help="Recorded only: the outside body sends the invitations, we send none.",
    )
    requested_by_partner_id = fields.Many2one(
        "res.partner",
        string="Requested By",
        help="E.g. the school asked the case manager to organise the meeting.",
    )
    facilitator_user_id = fields.Many2one(
        "res.users", string="Facilitator", domain="[('share', '=', False)]"
    )
    facilitator_partner_id = fields.Many2one(
        "res.partner",
        string="External Facilitator",
        help="A neutral facilitator from outside.",
    )
    facilitator_involved = fields.Boolean(
        string="Facilitator Personally Involved",
        help="The facilitator works directly with the family or is otherwise involved.",
    )
    minute_taker_user_id = fields.Many2one(
        "res.users", string="Minute-Taker", domain="[('share', '=', False)]"
    )
    minute_taker_partner_id = fields.Many2one(
        "res.partner", string="External Minute-Taker"
    )
    # Preparation checklist
    prep_family = fields.Boolean(string="Family Prepared")
    prep_participants = fields.Boolean(string="Participants Told the Purpose")
    prep_room = fields.Boolean(string="Room and Equipment Arranged")
    prep_child = fields.Boolean(string="Child Prepared")
    prep_child_date = fields.Date(string="Child Prepared On")
    wishes_book = fields.Binary(string="Book of Wishes", attachment=True)
    wishes_book_filename = fields.Char()
    # Time
    start = fields.Datetime(tracking=True)
    duration = fields.Float(
        string="Duration (hours)",
        compute="_compute_duration",
        store=True,
        readonly=False,
        precompute=True,
    )
    stop = fields.Datetime(compute="_compute_stop", store=True)
    state = fields.Selection(
        STATE_SELECTION, default="draft", required=True, tracking=True, copy=False
    )
    event_id = fields.Many2one(
        "calendar.event", string="Calendar Event", copy=False, readonly=True
    )
    attendee_ids = fields.One2many(
        "case.meeting.attendee", "meeting_id", string="Invitees", copy=True
    )
    attendee_count = fields.Integer(compute="_compute_attendee_stats")
    accepted_count = fields.Integer(compute="_compute_attendee_stats")
    # iTIP
    ical_uid = fields.Char(
        string="iCalendar UID",
        copy=False,
        readonly=True,
        index="btree_not_null",
        default=lambda self: self._new_ical_uid(),
    )
    ical_sequence = fields.Integer(string="iCalendar Sequence", copy=False, default=0)
    reminder_sent = fields.Boolean(copy=False, readonly=True)
    # Guards
    family_absent_reason = fields.Text(
        string="Why the Family Is Not Invited",
        help="E.g. the family's presence could endanger it or the child.",
    )
    warning_ids_text = fields.Text(string="Warnings", compute="_compute_warnings")
    warning_html = fields.Html(
        string="Warnings Before Sending", compute="_compute_warnings", sanitize=False
    )
    neutrality_warning = fields.Boolean(compute="_compute_warnings")

    _sql_constraints = [
        ("ical_uid_uniq", "unique(ical_uid)", "The iCalendar UID must be unique."),
    ]

    # ------------------------------------------------------------
    # DEFAULTS AND COMPUTES
    # ------------------------------------------------------------

    @api.model
    def _new_ical_uid(self):
        db_uuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid")
        return f"{uuid.uuid4()}@{db_uuid or 'odoo'}"

    @api.depends("case_id.name", "meeting_format")
    def _compute_name(self):
        # The title is shared by the whole team and stored: write it in the
        # organisation's language, not in the language of whoever created it.
        field = self._fields["meeting_format"]
        for meeting in self:
            lang = meeting.case_id.company_id.partner_id.lang or self.env.lang
            labels = dict(
                field._description_selection(self.with_context(lang=lang).env)
            )
            meeting.name = (
                f"{meeting.case_id.name or _('New')} – "
                f"{labels.get(meeting.meeting_format, '')}"
            )

    @api.depends("venue_id", "venue_id.name", "venue_id.address", "venue_id.online_url")
    def _compute_location(self):
        for meeting in self:
            meeting.location = (
                meeting.venue_id._location_text() if meeting.venue_id else False
            )

    @api.depends("meeting_format")
    def _compute_duration(self):
        for meeting in self:
            defaults = FORMAT_DEFAULTS.get(meeting.meeting_format, {})
            meeting.duration = defaults.get("duration", 1.0)

    @api.depends("start", "duration")
    def _compute_stop(self):
        for meeting in self:
            meeting.stop = (
                meeting.start + timedelta(hours=meeting.duration or 1.0)
                if meeting.start
                else False
            )

    @api.depends("attendee_ids.rsvp")
    def _compute_attendee_stats(self):
        for meeting in self:
            meeting.attendee_count = len(meeting.attendee_ids)
            meeting.accepted_count = len(
                meeting.attendee_ids.filtered(lambda a: a.rsvp == "accepted")
            )

    @api.depends(
        "meeting_format",
        "attendee_ids.kind",
        "attendee_ids.orientation",
        "attendee_ids.partner_id",
        "family_absent_reason",
        "minute_taker_user_id",
        "minute_taker_partner_id",
        "facilitator_user_id",
        "facilitator_partner_id",
        "facilitator_involved",
        "start",
        "goal",
        "case_id",
    )
    def _compute_warnings(self):
        for meeting in self:
            warnings, neutrality = meeting._case_meeting_warnings()
            meeting.neutrality_warning = neutrality
            meeting.warning_ids_text = "\n".join(warnings) or False
            meeting.warning_html = (
                Markup("<ul class='mb-0'>%s</ul>")
                % Markup("").join(Markup("<li>%s</li>") % w for w in warnings)
                if warnings
                else False
            )

    # ------------------------------------------------------------
    # GUARDS
    # ------------------------------------------------------------

    def _family_load(self, days):
        """Meetings of the family (all its cases) in the next ``days`` days,
        this one included, plus the contacts recorded in that window."""
        self.ensure_one()
        case = self.case_id.sudo()
        if not case:
            return 0
        now = fields.Datetime.now()
        end = now + timedelta(days=days)
        cases = case.family_id.case_ids if case.family_id else case
        meetings = (
            self.env["case.meeting"]
            .sudo()
            .search_count(
                [
                    ("case_id", "in", cases.ids),
                    ("state", "in", ("draft", "invited")),
                    ("start", ">=", now),
                    ("start", "<=", end),
                    ("attendee_ids.kind", "=", "family"),
                    ("id", "!=", self.id or 0),
                ]
            )
        )
        contacts = (
            self.env["case.contact"]
            .sudo()
            .search_count(
                [("case_id", "in", cases.ids), ("date", ">=", now), ("date", "<=", end)]
            )
        )
        own = 1 if self.start and now <= self.start <= end else 0
        return meetings + contacts + own

    def _case_restrictions_in_force(self):
        """The case's family members who must not receive case information."""
        self.ensure_one()
        if not self.case_id:
            return self.env["case.family.restriction"]
        today = fields.Date.context_today(self)
        return (
            self.env["case.family.restriction"]
            .sudo()
            .search([("case_id", "=", self.case_id.id)])
            .filtered(lambda r: r._is_active_on(today))
        )

    def _case_meeting_warnings(self):
        """Return (warnings, neutrality_warning): what the organiser sees
        before sending."""
        self.ensure_one()
        warnings = []
        lines = self.attendee_ids
        family = lines.filtered(lambda a: a.kind == "family")
        if not self.goal:
            warnings.append(_("No meeting goal yet: invitations cannot be sent."))
        if (
            self.meeting_format in FAMILY_FORMATS
            and not family
            and not self.family_absent_reason
        ):
            warnings.append(
                _(
                    "No family member is invited to this conference. Invite the "
                    "parents, or record why not (e.g. their presence could "
                    "endanger them or the child)."
                )
            )
        restrictions = self._case_restrictions_in_force()
        if restrictions and self.meeting_format in FAMILY_FORMATS:
            invited = restrictions.filtered(lambda r: r.partner_id in lines.partner_id)
            for restriction in restrictions:
                message = restriction._refusal_message()
                if restriction in invited:
                    warnings.append(
                        _(
                            "Invited although recorded: %(restriction)s",
                            restriction=message,
                        )
                    )
                elif not family:
                    warnings.append(
                        _("Family not invited: %(restriction)s", restriction=message)
                    )
        if self.meeting_format == "case_meeting" and family:
            warnings.append(
                _(
                    "A case meeting (setkání nad případem) is for professionals "
                    "only, but family members are invited."
                )
            )
        professionals = lines.filtered(lambda a: a.kind in ("external", "internal"))
        external = lines.filtered(lambda a: a.kind == "external")
        if (
            external
            and all(a.orientation == "control" for a in external)
            and not (
                lines.filtered(lambda a: a.kind == "support")
                or professionals.filtered(
                    lambda a: a.kind == "external" and a.orientation == "supportive"
                )
            )
        ):
            warnings.append(
                _(
                    "Only control-oriented professionals are invited (e.g. OSPOD, "
                    "police, court): no supportive service or support person."
                )
            )
        if family or self.meeting_format in FAMILY_FORMATS:
            company = self.company_id or self.env.company
            for days, limit in (
                (7, company.case_meeting_load_week or 3),
                (30, company.case_meeting_load_month or 8),
            ):
                load = self._family_load(days)
                if load > limit:
                    warnings.append(
                        _(
                            "The family already has %(count)s meetings or contacts "
                            "in the next %(days)s days (more than %(limit)s).",
                            count=load,
                            days=days,
                            limit=limit,
                        )
                    )
        if not (self.minute_taker_user_id or self.minute_taker_partner_id):
            warnings.append(_("No minute-taker."))
        neutrality = self._facilitator_not_neutral()
        if neutrality:
            warnings.append(
                _(
                    "The facilitator is not neutral: they work directly with the "
                    "family. Consider a neutral facilitator."
                )
            )
        return warnings, neutrality

    def _facilitator_not_neutral(self):
        self.ensure_one()
        case = self.case_id.sudo()
        if self.facilitator_involved:
            return True
        if case.coordination_model != "neutral":
            return False
        return bool(
            (
                self.facilitator_user_id
                and self.facilitator_user_id == case.key_worker_user_id
            )
            or (
                self.facilitator_partner_id
                and self.facilitator_partner_id == case.key_worker_partner_id
            )
        )

    # ------------------------------------------------------------
    # ONCHANGE
    # ------------------------------------------------------------

    @api.onchange("meeting_format")
    def _onchange_meeting_format(self):
        defaults = FORMAT_DEFAULTS.get(self.meeting_format, {})
        if not self.agenda_ids and defaults.get("agenda"):
            self.agenda_ids = [
                fields.Command.create({"sequence": i, "name": item})
                for i, item in enumerate(defaults["agenda"])
            ]

    @api.constrains("is_extraordinary", "extraordinary_reason")
    def _check_extraordinary(self):
        for meeting in self:
            if meeting.is_extraordinary and not meeting.extraordinary_reason:
                raise ValidationError(
                    _(
                        "An extraordinary meeting needs a reason (%(name)s).",
                        name=meeting.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        meetings = super(
            CaseMeeting, self.with_context(mail_create_nosubscribe=True)
        ).create(vals_list)
        for meeting in meetings:
            if not meeting.agenda_ids:
                meeting._onchange_meeting_format()
        meetings._sync_event()
        return meetings

    def write(self, vals):
        watched = {"start", "duration", "venue_id"}
        before = {}
        if watched & set(vals):
            before = {m.id: (m.start, m.stop, m.location) for m in self}
        res = super().write(vals)
        if {"start", "duration", "venue_id", "meeting_format", "user_id"} & set(vals):
            self._sync_event()
        for meeting in self.filtered(lambda m: m.id in before):
            if (
                meeting.state == "invited"
                and (meeting.start, meeting.stop, meeting.location)
                != before[meeting.id]
            ):
                meeting._case_send_update()
        return res

    def unlink(self):
        self.event_id.sudo().with_context(no_mail_to_attendees=True).unlink()
        return super().unlink()

    # ------------------------------------------------------------
    # CALENDAR EVENT
    # ------------------------------------------------------------

    def _event_partners(self):
        """The organiser and the internal users among the invitees."""
        self.ensure_one()
        invitees = self.sudo().attendee_ids.partner_id.filtered(
            lambda p: p.user_ids and not all(p.user_ids.mapped("share"))
        )
        return self.sudo().user_id.partner_id | invitees

    def _event_values(self):
        self.ensure_one()
        return {
            "name": self.name,
            "start": self.start,
            "stop": self.stop,
            "allday": False,
            "privacy": "private",
            "show_as": "busy",
            "description": False,
            "location": self.location or False,
            "user_id": self.user_id.id,
            # internal users only: external invitees live on our attendee
            # lines and get our iTIP mails, never a calendar.attendee
            "partner_ids": [fields.Command.set(self._event_partners().ids)],
            "case_id": self.case_id.id,
            "case_meeting_id": self.id,
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
        }

    def _sync_event(self):
        """Create or update the private calendar event (Odoo sends nothing)."""
        Event = (
            self.env["calendar.event"]
            .sudo()
            .with_context(
                no_mail_to_attendees=True,
                case_meeting_sync=True,
                mail_auto_subscribe_no_notify=True,
                mail_create_nolog=True,
                mail_notrack=True,
            )
        )
        for meeting in self:
            if not meeting.start:
                continue
            vals = meeting._event_values()
            if meeting.event_id:
                meeting.event_id.with_env(Event.env).write(vals)
            else:
                meeting.sudo().event_id = Event.create(vals)
            meeting.attendee_ids._sync_calendar_attendee()

    # ------------------------------------------------------------
    # iTIP SENDING
    # ------------------------------------------------------------

    def _organizer(self):
        self.ensure_one()
        user = self.user_id
        email = user.email or self.company_id.email
        if not email:
            raise UserError(
                _("The organiser %(user)s has no e-mail address.", user=user.name)
            )
        return email, user.name

    def _tz(self):
        return self.user_id.tz or "Europe/Prague"

    def _build_ics(self, line, method, recipient=None):
        self.ensure_one()
        recipient = recipient or line.partner_id
        email, name = self._organizer()
        status = "CANCELLED" if method == "CANCEL" else None
        return ical.build_itip(
            method,
            self.ical_uid,
            self.ical_sequence,
            self.start,
            self.stop,
            self._tz(),
            line.title,
            self.location,
            (email, name),
            [
                (
                    recipient.email,
                    recipient.name,
                    ical.RSVP_TO_PARTSTAT.get(line.rsvp, "NEEDS-ACTION"),
                )
            ],
            status=status,
        )

    def _template_for(self, method, kind):
        xmlid = {
            ("REQUEST", "invite"): "case_management.mail_template_case_meeting_invite",
            ("REQUEST", "update"): "case_management.mail_template_case_meeting_update",
            ("CANCEL", "cancel"): "case_management.mail_template_case_meeting_cancel",
            (None, "reminder"): "case_management.mail_template_case_meeting_reminder",
        }[(method, kind)]
        return self.env.ref(xmlid)

    def _render_for(self, line, template):
        if (line.partner_id.lang or "").startswith("cs"):
            self._case_meeting_template_translations()
        template = template.sudo()
        subject = template._render_field("subject", line.ids, compute_lang=True)[
            line.id
        ]
        body = template._render_field("body_html", line.ids, compute_lang=True)[line.id]
        return subject, body

    def _case_send_itip(self, lines, method, kind=None, bump=False):
        """Send one iTIP message per address through the disclosure gate: an
        invitee and the children invited through them share one message (one
        UID per address, RFC 5546), naming the children.

        Return ``refused`` ({partner: reason}). Internal users get the event in
        their Odoo calendar and no e-mail.
        """
        self.ensure_one()
        kind = kind or ("cancel" if method == "CANCEL" else "invite")
        if bump:
            self.sudo().ical_sequence += 1
        template = self._template_for(method, kind)
        refused = {}
        to_send = lines.browse()
        for line in lines:
            if line.kind == "internal":
                line.sudo().invitation_state = (
                    "cancelled" if method == "CANCEL" else "no_mail"
                )
                continue
            partner = line.partner_id
            if line.invited_in_person and not partner.email:
                line.sudo().write(
                    {
                        "invitation_state": (
                            "cancelled" if method == "CANCEL" else "in_person"
                        ),
                        "invitation_note": False,
                    }
                )
                continue
            recipient = line._invitation_recipient()
            _allowed, refused_here = self.case_id._case_disclosure_check(
                recipient, ["basic"], family_version=True
            )
            if not recipient.email and recipient not in refused_here:
                refused_here[recipient] = (
                    _(
                        "%(partner)s has no e-mail address: invite the child "
                        "through a parent, or mark them invited in person by "
                        "the key worker.",
                        partner=partner.display_name,
                    )
                    if line._is_child_line()
                    else _(
                        "%(partner)s has no e-mail address.",
                        partner=partner.display_name,
                    )
                )
            if refused_here:
                refused_here = {partner: refused_here[recipient]}
                refused.update(refused_here)
                if method == "REQUEST":
                    line.sudo().write(
                        {
                            "invitation_state": "refused",
                            "invitation_note": refused_here[partner],
                        }
                    )
                continue
            to_send |= line
        for recipient, group in to_send._group_by_recipient().items():
            covered = group
            if method == "REQUEST":
                # what the address already holds for this meeting stays in the
                # message that replaces it (same UID)
                covered |= self.attendee_ids.filtered(
                    lambda a, group=group, recipient=recipient: (
                        a not in group
                        and a.kind != "internal"
                        and a.invitation_state == "sent"
                        and a._invitation_recipient() == recipient
                    )
                )
            mail = self._case_send_itip_to(recipient, covered, method, template)
            group.sudo().write(
                {
                    "invitation_state": "cancelled" if method == "CANCEL" else "sent",
                    "invitation_note": False,
                }
            )
            (covered if method == "REQUEST" else group).sudo().write(
                {"invitation_mail_id": mail.id}
            )
        if refused:
            self._notify_refused(refused)
        return refused

    def _case_send_itip_to(self, recipient, lines, method, template):
        """Queue one iTIP message to ``recipient`` covering ``lines``; return
        the mail."""
        self.ensure_one()
        main = lines._main_line(recipient)
        ics = self._build_ics(main, method, recipient=recipient)
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": "invite.ics" if method == "REQUEST" else "cancel.ics",
                    "datas": base64.b64encode(ics),
                    # ir.mail_server.build_email turns this into the MIME
                    # part "text/calendar; method=...; charset=UTF-8"
                    # that mail clients need for Accept/Decline buttons.
                    "mimetype": ical.mimetype(method),
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        subject, body = self._render_for(main, template)
        body = lines._via_note(recipient) + body
        mails = self.case_id._case_send_mail(
            recipient,
            ["basic"],
            subject,
            body,
            record=self,
            label=subject,
            attachments=attachment,
            email_from=self.user_id.email_formatted or None,
            family_version=True,
        )
        return mails[:1]

    def _notify_refused(self, refused):
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            _("Not invited (the disclosure gate refused them):"),
            Markup("").join(Markup("<li>%s</li>") % r for r in refused.values()),
        )
        self._message_log(body=body)

    def _check_can_send(self):
        for meeting in self:
            if meeting.convened_externally:
                raise UserError(
                    _(
                        "%(name)s is convened by an outside body: it is recorded "
                        "only and we send no invitations.",
                        name=meeting.name,
                    )
                )
            if not meeting.goal:
                raise UserError(
                    _(
                        "Set the goal of %(name)s before sending invitations.",
                        name=meeting.name,
                    )
                )
            if not meeting.start:
                raise UserError(
                    _("Set the date and time of %(name)s first.", name=meeting.name)
                )
            if meeting.state in ("cancelled", "held"):
                raise UserError(
                    _("%(name)s is cancelled or already held.", name=meeting.name)
                )

    def action_send_invitations(self):
        """Invite everyone not invited yet; name those the gate refused."""
        self._check_can_send()
        refused_all = {}
        for meeting in self:
            meeting._sync_event()
            lines = meeting.attendee_ids.filtered(
                lambda a: a.invitation_state in ("not_sent", "refused", "cancelled")
            )
            refused_all.update(meeting._case_send_itip(lines, "REQUEST"))
            meeting.state = "invited"
        if refused_all:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": _("Some invitees were not invited"),
                    "message": "\n".join(refused_all.values()),
                    "type": "warning",
                    "sticky": True,
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return True

    def _case_send_update(self):
        """Time or place changed: same UID, SEQUENCE + 1, to all invited."""
        for meeting in self:
            lines = meeting.attendee_ids.filtered(
                lambda a: a.invitation_state in ("sent", "no_mail")
            )
            meeting._case_send_itip(lines, "REQUEST", kind="update", bump=True)

    def action_cancel(self):
        for meeting in self:
            if meeting.state == "invited" and not meeting.convened_externally:
                lines = meeting.attendee_ids.filtered(
                    lambda a: a.invitation_state in ("sent", "no_mail")
                )
                meeting._case_send_itip(lines, "CANCEL", bump=True)
            meeting.state = "cancelled"
            if meeting.event_id:
                meeting.event_id.sudo().with_context(
                    no_mail_to_attendees=True, case_meeting_sync=True
                ).write({"active": False})
        return True

    def action_mark_held(self):
        self.write({"state": "held"})
        return True

    def action_reset_draft(self):
        self.filtered(lambda m: m.state == "cancelled").write({"state": "draft"})
        return True

    def action_record_only(self):
        """Externally convened meeting: record it without any invitation."""
        self.write({"state": "invited"})
        return True

    def action_add_circle(self):
        """Invite the active circle of professionals (and, for family formats,
        the household's adults)."""
        for meeting in self:
            case = meeting.case_id
            partners = case.participant_ids.filtered(
                lambda p: p.state == "active"
            ).partner_id
            if FORMAT_DEFAULTS.get(meeting.meeting_format, {}).get("family"):
                partners |= case._case_family_invitees(
                    with_children=meeting.meeting_format == "child_conference"
                )
            meeting._add_attendee_partners(partners)
        return True

    def _add_attendee_partners(self, partners):
        """Invite ``partners`` not invited yet; return the new lines."""
        self.ensure_one()
        new = partners - self.attendee_ids.partner_id
        return self.env["case.meeting.attendee"].create(
            [{"meeting_id": self.id, "partner_id": p.id} for p in new]
        )

    # ------------------------------------------------------------
    # REMINDERS
    # ------------------------------------------------------------

    @api.model
    @cron_retry
    def _cron_send_reminders(self, days=None):
        """Before the meeting (the company's number of days, default 1): a
        reminder to every invitee who accepted or has not answered (the queue
        re-checks the consent at send time)."""
        now = fields.Datetime.now()
        horizon = days or max(
            self.env["res.company"]
            .sudo()
            .search([])
            .mapped("case_meeting_reminder_days")
            or [1]
        )
        meetings = self.search(
            [
                ("state", "=", "invited"),
                ("reminder_sent", "=", False),
                ("convened_externally", "=", False),
                ("start", ">", now),
                ("start", "<=", now + timedelta(days=horizon or 1)),
            ]
        )
        meetings = meetings.filtered(
            lambda m: (
                m.start
                <= now
                + timedelta(days=days or m.company_id.case_meeting_reminder_days or 1)
            )
        )
        for meeting in meetings:
            meeting._send_reminders()
        return meetings

    def _send_reminders(self):
        for meeting in self:
            template = meeting._template_for(None, "reminder").sudo()
            lines = meeting.attendee_ids.filtered(
                lambda a: (
                    a.kind != "internal"
                    and a.invitation_state == "sent"
                    and a.rsvp in ("accepted", "needs_action", "tentative")
                )
            )
            # one reminder per address, naming the children it covers
            for recipient, group in lines._group_by_recipient().items():
                allowed, _refused = meeting.case_id._case_disclosure_check(
                    recipient, ["basic"], family_version=True
                )
                if not allowed or not recipient.email:
                    continue
                subject, body = meeting._render_for(
                    group._main_line(recipient), template
                )
                meeting.case_id._case_send_mail(
                    recipient,
                    ["basic"],
                    subject,
                    group._via_note(recipient) + body,
                    record=meeting,
                    label=subject,
                    email_from=meeting.user_id.email_formatted or None,
                    family_version=True,
                )
            meeting.reminder_sent = True

    # ------------------------------------------------------------
    # iTIP REPLY (mail gateway)
    # ------------------------------------------------------------

    @api.model
    def _case_process_itip_reply(self, ics_bytes, sender_email):
        """Apply a METHOD:REPLY; return the meetings it concerns (an answer
        is applied only when the sender is the attendee it speaks for)."""
        answered = self.browse()
        sender = tools.email_normalize(sender_email or "") or ""
        for item in ical.parse_itip(ics_bytes):
            if item["method"] != "REPLY" or not item["uid"]:
                continue
            meeting = self.sudo().search([("ical_uid", "=", item["uid"])], limit=1)
            if not meeting:
                continue
            answered |= meeting
            for email, partstat in item["attendees"]:
                answer = ical.PARTSTAT_TO_RSVP.get(partstat)
                if not answer or (sender and email != sender):
                    continue
                lines = meeting.attendee_ids.filtered(
                    lambda a, email=email: (
                        tools.email_normalize(a.partner_id.email or "") == email
                    )
                )
                if not lines:
                    # the address got the calendar file for children invited
                    # through it: the answer is theirs
                    lines = meeting.attendee_ids.filtered(
                        lambda a, email=email: (
                            not a.partner_id.email
                            and a.invitation_state == "sent"
                            and tools.email_normalize(
                                a._invitation_recipient().email or ""
                            )
                            == email
                        )
                    )
                if lines:
                    lines._set_rsvp(answer, _("e-mail reply"))
        return answered

    # ------------------------------------------------------------
    # ACTIONS (buttons)
    # ------------------------------------------------------------

    def action_open_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
        }
