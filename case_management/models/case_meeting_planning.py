# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Planning a case meeting (A6 6.3-6.5, 6.28-6.30).

* why the meeting is held (selectable reasons) next to why this format;
* a hint to escalate to a child-involved conference when the last review of
  the plan found no improvement;
* the scanned signature sheet;
* the key worker's task to prepare the child for a child-involved conference;
* the typical participants of each format, taken from the circle.
"""

from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.tools import format_date

from .case_meeting import MEETING_FORMAT_SELECTION

# ------------------------------------------------------------
# Typical composition of each format (A6 6.30)
# ------------------------------------------------------------
# ``roles``: the roles of the circle (xml ids of case.participant.role) that
# typically sit at the table. The case's key worker is always invited; the
# SAS role counts as covered when the case has a key worker. ``family``: the
# parents and legal guardians of the household; ``child``: the persons in
# focus; ``support``: support persons recorded at earlier meetings of the case.
# A format not listed here (introductory meeting, individual meeting, home
# visit) brings the key worker only.
SAS_ROLE = "case_management.role_sas"
TYPICAL_PROFESSIONAL_ROLES = (
    SAS_ROLE,
    "case_management.role_ospod",
    "case_management.role_class_teacher",
    "case_management.role_school_counsellor",
    "case_management.role_therapist",
)
TYPICAL_COMPOSITION = {
    # setkání nad případem: professionals only
    "case_meeting": {"roles": TYPICAL_PROFESSIONAL_ROLES},
    "case_conference": {"roles": TYPICAL_PROFESSIONAL_ROLES, "family": True},
    "child_conference": {
        "roles": TYPICAL_PROFESSIONAL_ROLES,
        "family": True,
        "child": True,
        "support": True,
    },
    "review_meeting": {"roles": TYPICAL_PROFESSIONAL_ROLES, "family": True},
}
KEY_WORKER_ONLY = {"roles": ()}
FAMILY_ROLES = ("parent", "guardian")

# A review found no improvement when it rated the plan as met poorly, or when
# goals were judged and none was achieved, not even partly (A6 6.3).
NO_IMPROVEMENT_RATINGS = ("poorly",)
IMPROVEMENT_VERDICTS = ("achieved", "partly")

# The child's preparation before a child-involved conference (A6 6.29)
PREP_ACTIVITY = "case_management.mail_activity_type_case_meeting_prepare_child"
PREP_DAYS_BEFORE = 3
PREP_TRIGGERS = {"start", "meeting_format", "state", "case_id", "prep_child"}


def _review_found_no_improvement(review):
    if review.overall_rating in NO_IMPROVEMENT_RATINGS:
        return True
    verdicts = set(review.goal_line_ids.mapped("verdict")) - {False}
    return bool(verdicts) and not verdicts & set(IMPROVEMENT_VERDICTS)


class CaseMeetingReason(models.Model):
    _name = "case.meeting.reason"
    _description = "Reason for a Meeting"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    meeting_format = fields.Selection(
        MEETING_FORMAT_SELECTION,
        string="Only for Format",
        help="Suggest this reason only for meetings of this format; leave it "
        "empty to suggest it for every format.",
    )


# pylint: disable=consider-merging-classes-inherited


class CaseMeeting(models.Model):
    _inherit = "case.meeting"

    reason_ids = fields.Many2many(
        "case.meeting.reason",
        string="Why This Meeting",
        domain="['|', ('meeting_format', '=', False), "
        "('meeting_format', '=', meeting_format)]",
        help="When to hold a case conference: e.g. a fundamental decision in the "
        "child's life, serious problems, a family that seems not to cooperate.",
    )
    escalation_hint = fields.Boolean(
        string="Escalate to a Child-Involved Conference",
        compute="_compute_escalation_hint",
    )
    escalation_hint_text = fields.Char(compute="_compute_escalation_hint")
    # Signatures (A6 6.28)
    signature_sheet = fields.Binary(
        attachment=True,
        copy=False,
        help="Scan of the sheet on which the attendees confirmed the agreed plan.",
    )
    signature_sheet_filename = fields.Char(copy=False)
    # Typical participants (A6 6.30)
    missing_typical_role_names = fields.Char(
        string="Missing Typical Roles",
        compute="_compute_missing_typical_role_names",
        help="Roles that typically take part in a meeting of this format and that "
        "nobody in the case's circle holds.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("case_id", "meeting_format", "state")
    def _compute_escalation_hint(self):
        for meeting in self:
            text = False
            if meeting.meeting_format != "child_conference" and (
                meeting.state != "cancelled"
            ):
                text = meeting.case_id._origin._case_escalation_text()
            meeting.escalation_hint = bool(text)
            meeting.escalation_hint_text = text

    @api.depends(
        "meeting_format",
        "case_id.participant_ids.role_id",
        "case_id.participant_ids.state",
        "case_id.key_worker_user_id",
        "case_id.key_worker_partner_id",
    )
    def _compute_missing_typical_role_names(self):
        for meeting in self:
            missing = meeting._case_typical_roles() - meeting._case_circle_roles()
            meeting.missing_typical_role_names = (
                ", ".join(missing.sorted().mapped("name")) or False
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        meetings = super().create(vals_list)
        meetings.filtered("prep_child")._case_prep_child_done()
        meetings._case_prep_child_sync()
        return meetings

    def write(self, vals):
        res = super().write(vals)
        if vals.get("prep_child"):
            self.filtered("prep_child")._case_prep_child_done()
        if PREP_TRIGGERS & set(vals):
            self._case_prep_child_sync()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_plan_child_conference(self):
        self.ensure_one()
        return self.case_id.action_plan_child_conference()

    def action_add_typical_participants(self):
        """Invite whoever of the circle typically takes part in a meeting of
        this format (see ``TYPICAL_COMPOSITION``)."""
        for meeting in self:
            meeting._add_attendee_partners(meeting._case_typical_partners())
        return True

    # ------------------------------------------------------------
    # TYPICAL PARTICIPANTS
    # ------------------------------------------------------------

    def _case_typical_composition(self):
        self.ensure_one()
        return TYPICAL_COMPOSITION.get(self.meeting_format, KEY_WORKER_ONLY)

    def _case_typical_roles(self):
        self.ensure_one()
        roles = self.env["case.participant.role"]
        for xmlid in self._case_typical_composition()["roles"]:
            roles |= self.env.ref(xmlid, raise_if_not_found=False) or roles
        return roles

    def _case_circle_roles(self):
        """Roles held in the case's circle; the key worker covers SAS."""
        self.ensure_one()
        case = self.case_id
        roles = case.participant_ids.filtered(lambda p: p.state == "active").role_id
        if case.key_worker_user_id or case.key_worker_partner_id:
            roles |= self.env.ref(SAS_ROLE, raise_if_not_found=False) or roles
        return roles

    def _case_typical_partners(self):
        self.ensure_one()
        case = self.case_id
        composition = self._case_typical_composition()
        partners = case.key_worker_user_id.partner_id | case.key_worker_partner_id
        roles = self._case_typical_roles()
        partners |= case.participant_ids.filtered(
            lambda p: p.state == "active" and p.role_id in roles
        ).partner_id
        if composition.get("family"):
            partners |= case.family_member_ids.filtered(
                lambda p: p.family_role in FAMILY_ROLES
            )
        if composition.get("child"):
            partners |= case.focus_partner_ids
        if composition.get("support"):
            partners |= (
                self.env["case.meeting.attendee"]
                .search(
                    [
                        ("case_id", "=", case.id),
                        ("meeting_id", "!=", self.id),
                        ("kind", "=", "support"),
                    ]
                )
                .partner_id
            )
        return partners

    # ------------------------------------------------------------
    # CHILD'S PREPARATION
    # ------------------------------------------------------------

    def _case_prep_child_user(self):
        self.ensure_one()
        case = self.case_id
        return case.key_worker_user_id or case.manager_id or self.user_id

    def _case_prep_child_deadline(self):
        """Three days before the meeting (organiser's time zone), today at
        the earliest."""
        self.ensure_one()
        local_start = (
            pytz.utc.localize(self.start).astimezone(pytz.timezone(self._tz())).date()
        )
        return max(
            local_start - timedelta(days=PREP_DAYS_BEFORE),
            fields.Date.context_today(self),
        )

    def _case_prep_child_sync(self):
        """Keep one open "Prepare the child" activity per dated, planned
        child-involved conference whose child is not prepared yet."""
        for meeting in self:
            activities = meeting.activity_search([PREP_ACTIVITY])
            wanted = (
                meeting.meeting_format == "child_conference"
                and meeting.start
                and meeting.state in ("draft", "invited")
                and not meeting.prep_child
            )
            if not wanted:
                if meeting.state != "held":
                    activities.unlink()
                continue
            user = meeting._case_prep_child_user()
            deadline = meeting._case_prep_child_deadline()
            if activities:
                activities[1:].unlink()
                meeting.activity_reschedule(
                    [PREP_ACTIVITY], date_deadline=deadline, new_user_id=user.id
                )
                continue
            meeting.activity_schedule(
                PREP_ACTIVITY,
                date_deadline=deadline,
                summary=_("Prepare the child"),
                note=_(
                    "Prepare the child for the child-involved conference: "
                    "explain who will be there and what will happen, and fill "
                    "in the book of wishes together. Attach the book of wishes "
                    "on the Preparation tab of the meeting."
                ),
                user_id=user.id,
            )

    def _case_prep_child_done(self):
        today = fields.Date.context_today(self)
        for meeting in self:
            meeting.activity_feedback(
                [PREP_ACTIVITY], feedback=_("The child is prepared.")
            )
            if not meeting.prep_child_date:
                meeting.prep_child_date = today


class CaseCase(models.Model):
    _inherit = "case.case"

    escalation_hint = fields.Boolean(
        string="Escalate to a Child-Involved Conference",
        compute="_compute_escalation_hint",
    )
    escalation_hint_text = fields.Char(compute="_compute_escalation_hint")

    def _compute_escalation_hint(self):
        for case in self:
            text = case._case_escalation_text()
            case.escalation_hint = bool(text)
            case.escalation_hint_text = text

    def _case_escalation_review(self):
        """The last done review of the case's plans if it found no
        improvement and no child-involved conference of the case was held or
        planned since; else an empty recordset."""
        Review = self.env["case.plan.review"].sudo()
        if len(self) != 1 or not self.id:
            return Review
        review = Review.search(
            [("case_id", "=", self.id), ("state", "=", "done")],
            order="date desc, id desc",
            limit=1,
        )
        if not review or not _review_found_no_improvement(review):
            return Review
        since = datetime.combine(review.date, time.min)
        conference = (
            self.env["case.meeting"]
            .sudo()
            .search_count(
                [
                    ("case_id", "=", self.id),
                    ("meeting_format", "=", "child_conference"),
                    ("state", "!=", "cancelled"),
                    "|",
                    ("start", "=", False),
                    ("start", ">=", since),
                ],
                limit=1,
            )
        )
        return Review if conference else review

    def _case_escalation_text(self):
        review = self._case_escalation_review()
        if not review:
            return False
        return _(
            "The review of %(date)s found no improvement. Consider a "
            "child-involved conference (interactive case conference): the child "
            "takes part and ranks the priorities.",
            date=format_date(self.env, review.date),
        )

    def action_plan_child_conference(self):
        """A new child-involved conference of this case, in a form."""
        self.ensure_one()
        review = self._case_escalation_review()
        context = {
            "default_case_id": self.id,
            "default_meeting_format": "child_conference",
        }
        if review:
            context["default_format_reason"] = _(
                "The review of %(date)s found no improvement: escalated to a "
                "child-involved conference.",
                date=format_date(self.env, review.date),
            )
        return {
            "type": "ir.actions.act_window",
            "name": _("Child-Involved Conference"),
            "res_model": "case.meeting",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": context,
        }
