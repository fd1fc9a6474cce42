# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup, escape

from odoo import fields, models
from odoo.exceptions import UserError

CASE_GROUP = "case_management.case_management_group_worker"


class CaseSchoolReferral(models.Model):
    """A school's nomination of a family, and the school's window on the case.

    School staff never read ``case.case``: what they may know of the case
    (code, stage, case manager, meetings they are invited to, the school's own
    plan steps and what the consent covers for the school) is exposed here,
    read through ``sudo`` field by field."""

    _name = "case.school.referral"
    _description = "School Nomination"
    _order = "nominated_on desc, id desc"
    _rec_name = "case_code"

    case_id = fields.Many2one(
        "case.case",
        string="Case",
        required=True,
        index=True,
        ondelete="cascade",
        groups=CASE_GROUP,
    )
    pupil_id = fields.Many2one(
        "case.school.pupil", string="Pupil", required=True, index=True
    )
    partner_id = fields.Many2one(
        related="pupil_id.partner_id", store=True, string="Child"
    )
    school_id = fields.Many2one(
        related="pupil_id.school_id", store=True, index=True, string="School"
    )
    company_id = fields.Many2one(
        related="pupil_id.company_id", store=True, index=True, string="Company"
    )
    nominated_by_id = fields.Many2one(
        "res.users", string="Nominated By", readonly=True, ondelete="set null"
    )
    nominated_on = fields.Date(required=True, readonly=True)
    reasons = fields.Text(required=True)
    signal_type_ids = fields.Many2many("case.school.signal.type", string="Signals")
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
        ],
        default="proposed",
        required=True,
        index=True,
    )
    decision_reason = fields.Text(string="Reason for the Decision", groups=CASE_GROUP)
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    decided_on = fields.Date(readonly=True)
    # The school's window on the case (read through sudo, see class doc).
    case_code = fields.Char(related="case_id.name", string="Case Code")
    case_stage = fields.Char(related="case_id.stage_id.name", string="Case Stage")
    case_manager_name = fields.Char(
        related="case_id.manager_id.name", string="Case Manager"
    )
    school_view_html = fields.Html(
        string="For the School",
        compute="_compute_school_view_html",
        sanitize=False,
    )

    def _compute_school_view_html(self):
        _ = self.env._
        for referral in self:
            case = referral.sudo().case_id
            school = referral.school_id
            parts = []
            # What the consent covers for the school
            categories = self.env["case.data.category"].sudo().search([])
            staff = school.sudo().school_staff_ids.partner_id | school
            covered = categories.filtered(
                lambda cat, case=case, staff=staff: any(
                    case._case_coverage_status(p, cat) == "covered" for p in staff
                )
            )
            parts.append(
                Markup("<p><strong>%s</strong> %s</p>")
                % (
                    _("The family's consent covers for the school:"),
                    ", ".join(covered.mapped("name")) or _("nothing yet"),
                )
            )
            # Plan steps owned by the school
            steps = (
                self.env["case.plan.step"]
                .sudo()
                .search(
                    [
                        ("case_id", "=", case.id),
                        ("organisation_id", "=", school.id),
                    ]
                )
            )
            if steps:
                items = Markup("").join(
                    Markup("<li>%s (%s)</li>") % (step.name, step.date_due or "")
                    for step in steps
                )
                parts.append(
                    Markup("<p><strong>%s</strong></p><ul>%s</ul>")
                    % (_("Steps the school owns:"), items)
                )
            # Meetings the current user is invited to
            meetings = (
                self.env["case.meeting"]
                .sudo()
                .search(
                    [
                        ("case_id", "=", case.id),
                        ("attendee_ids.partner_id", "=", self.env.user.partner_id.id),
                    ]
                )
            )
            if meetings:
                items = Markup("").join(
                    Markup("<li>%s</li>")
                    % escape(
                        fields.Datetime.context_timestamp(self, meeting.start).strftime(
                            "%d.%m.%Y %H:%M"
                        )
                        if meeting.start
                        else ""
                    )
                    for meeting in meetings
                )
                parts.append(
                    Markup("<p><strong>%s</strong></p><ul>%s</ul>")
                    % (_("Meetings you are invited to:"), items)
                )
            referral.school_view_html = Markup("").join(parts)

    def _check_can_decide(self):
        if not self.env.user.has_group("case_management.case_management_group_manager"):
            raise UserError(
                self.env._("Only a case manager accepts or declines a nomination.")
            )
        if self.filtered(lambda r: r.state != "proposed"):
            raise UserError(self.env._("This nomination has already been decided."))

    def action_accept(self):
        self._check_can_decide()
        today = fields.Date.context_today(self)
        for referral in self:
            referral.write(
                {
                    "state": "accepted",
                    "decided_by_id": self.env.user.id,
                    "decided_on": today,
                }
            )
            referral.case_id.message_post(
                body=self.env._(
                    "The school's nomination was accepted by %(user)s.",
                    user=self.env.user.name,
                )
            )

    def action_decline(self):
        self._check_can_decide()
        if self.filtered(lambda r: not (r.decision_reason or "").strip()):
            raise UserError(
                self.env._("Write the reason for declining the nomination first.")
            )
        today = fields.Date.context_today(self)
        for referral in self:
            referral.write(
                {
                    "state": "declined",
                    "decided_by_id": self.env.user.id,
                    "decided_on": today,
                }
            )
            referral.case_id.message_post(
                body=self.env._(
                    "The school's nomination was declined: %(reason)s",
                    reason=referral.decision_reason,
                )
            )
        self._school_close_declined()

    def _school_close_declined(self):
        """A declined nomination closes its intake case (reason "other", the
        decision reason as the closure note); accepted cases are untouched."""
        closed = self.env.ref("case_management.stage_closed")
        for referral in self.filtered(lambda r: r.state == "declined"):
            case = referral.case_id
            if case.stage_id == closed:
                continue
            # An intake that was never taken up has no plan, circle or letter:
            # the core closure wizard does not apply. The decision itself was
            # checked above (case managers only); core refuses a bare stage
            # change to anyone but the superuser, hence sudo.
            case.check_access("write")
            case.sudo().write(
                {
                    "stage_id": closed.id,
                    "closure_reason": "other",
                    "closure_note": referral.decision_reason,
                }
            )
