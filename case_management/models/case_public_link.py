# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When a public link (RSVP, availability poll) still answers (issue 11,
item 10): the meeting is still invited and in the future, the poll is open,
the case is open, the invitee was not refused by the gate, and the link is
younger than the configured lifetime. Tokens are found through an indexed
hash column, never through the id in the URL, so that a wrong id and a wrong
token cost the same."""

import hashlib
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import consteq

DEFAULT_LINK_DAYS = 60


def _token_digest(token):
    return hashlib.sha256(str(token or "").encode()).hexdigest()


class CasePublicLinkMixin(models.AbstractModel):
    _name = "case.public.link.mixin"
    _description = "Public Link Lifetime"

    @api.model
    def _case_link_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("case_management.public_link_days", DEFAULT_LINK_DAYS)
        )
        try:
            return max(1, int(value))
        except (TypeError, ValueError):
            return DEFAULT_LINK_DAYS

    @api.model
    def _case_link_born_alive(self, born):
        """True while a link created at ``born`` is within its lifetime."""
        if not born:
            return False
        return born + timedelta(days=self._case_link_days()) > fields.Datetime.now()

    @api.model
    def _case_case_open(self, case):
        return bool(case) and case.active and not case.is_closed


class CaseMeetingAttendee(models.Model):
    _name = "case.meeting.attendee"
    _inherit = ["case.meeting.attendee", "case.public.link.mixin"]

    rsvp_token_digest = fields.Char(
        compute="_compute_rsvp_token_digest",
        store=True,
        index=True,
        copy=False,
        groups="base.group_system",
    )

    @api.depends("meeting_id.ical_uid", "partner_id")
    def _compute_rsvp_token_digest(self):
        for line in self:
            if isinstance(line.id, int) and line.meeting_id and line.partner_id:
                line.rsvp_token_digest = _token_digest(line._rsvp_token())
            else:
                line.rsvp_token_digest = False

    @api.model
    def _find_by_rsvp_token(self, attendee_id, token):
        """The attendee the link belongs to if it is alive, else an empty
        recordset. Sudo: call it only from the public controller. The same
        single indexed query runs whether or not ``attendee_id`` exists."""
        Attendee = self.sudo()
        token = str(token or "")[:200]
        line = Attendee.search(
            [("rsvp_token_digest", "=", _token_digest(token))], limit=1
        )
        expected = line._rsvp_token() if line else "-" * len(token)
        same = consteq(token, expected) and consteq(
            str(attendee_id), str(line.id or "")
        )
        if not same or not line._rsvp_link_alive():
            return Attendee.browse()
        return line

    def _rsvp_link_alive(self):
        self.ensure_one()
        meeting = self.meeting_id
        born = self.invitation_mail_id.create_date or self.create_date
        return bool(
            meeting.state == "invited"
            and meeting.start
            and meeting.start > fields.Datetime.now()
            and self.invitation_state != "refused"
            and self._case_case_open(meeting.case_id)
            and self._case_link_born_alive(born)
        )


class CaseMeetingPollInvitee(models.Model):
    _name = "case.meeting.poll.invitee"
    _inherit = ["case.meeting.poll.invitee", "case.public.link.mixin"]

    token_hash = fields.Char(index=True)

    def _find_by_token(self, poll_id, token):
        """Return ``(invitee, status)``; status ``ok``, ``expired`` or
        ``invalid``. One indexed lookup by the token's hash: the time does
        not depend on whether ``poll_id`` exists."""
        Invitee = self.sudo()
        if not token or len(token) > 200:
            return Invitee.browse(), "invalid"
        hashed = self._hash_token(token)
        found = Invitee.search([("token_hash", "=", hashed)], limit=1)
        if not found or not consteq(found.token_hash or "", hashed):
            return Invitee.browse(), "invalid"
        if not consteq(str(found.poll_id.id), str(poll_id)):
            return Invitee.browse(), "invalid"
        poll = found.poll_id
        if (
            poll.state != "sent"
            or not found.expiry_date
            or found.expiry_date <= fields.Datetime.now()
            or not self._case_case_open(poll.case_id)
            or not self._case_link_born_alive(found.sent_date)
        ):
            return found, "expired"
        return found, "ok"
