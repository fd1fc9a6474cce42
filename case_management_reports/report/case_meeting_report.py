# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools

from odoo.addons.case_management.models.case_meeting import (
    MEETING_FORMAT_SELECTION,
    STATE_SELECTION,
)
from odoo.addons.case_management.models.case_meeting_minutes import (
    MINUTES_STATE_SELECTION,
)


class CaseMeetingReport(models.Model):
    """One row per case meeting, without any identifying field (no case, no
    title, no invitee): pivot and graph views count meetings by format,
    facilitator, venue kind, month and whether parents were present.
    Reporting officers read this model only, never ``case.meeting`` itself."""

    _name = "case.meeting.report"
    _description = "Meeting Analysis"
    _auto = False
    _order = "date desc"

    company_id = fields.Many2one("res.company", string="Organisation", readonly=True)
    date = fields.Date(
        string="Meeting Date",
        readonly=True,
        help="Day of the meeting in the organiser's time zone.",
    )
    meeting_format = fields.Selection(
        MEETING_FORMAT_SELECTION, string="Format", readonly=True
    )
    state = fields.Selection(STATE_SELECTION, string="Status", readonly=True)
    is_extraordinary = fields.Boolean(string="Extraordinary", readonly=True)
    convened_externally = fields.Boolean(
        string="Convened by an Outside Body", readonly=True
    )
    venue_kind = fields.Selection(selection="_selection_venue_kind", readonly=True)
    facilitator_user_id = fields.Many2one(
        "res.users", string="Facilitator", readonly=True
    )
    external_facilitator = fields.Boolean(
        readonly=True,
        help="The meeting was facilitated by someone from outside.",
    )
    user_id = fields.Many2one("res.users", string="Organiser", readonly=True)
    family_invited = fields.Boolean(readonly=True)
    parents_present = fields.Boolean(
        readonly=True,
        help="At least one family member other than a child or the adult "
        "client was present.",
    )
    minutes_state = fields.Selection(
        MINUTES_STATE_SELECTION, string="Minutes", readonly=True
    )
    meeting_count = fields.Integer(string="# Meetings", readonly=True, aggregator="sum")
    invitee_count = fields.Integer(string="# Invitees", readonly=True, aggregator="sum")
    present_count = fields.Integer(string="# Present", readonly=True, aggregator="sum")

    @api.model
    def _selection_venue_kind(self):
        return (
            self.env["case.meeting.venue"]
            ._fields["kind"]
            ._description_selection(self.env)
        )

    def _select(self):
        return """
            SELECT m.id AS id,
                   m.company_id,
                   (m.start AT TIME ZONE 'UTC'
                        AT TIME ZONE COALESCE(NULLIF(op.tz, ''), 'Europe/Prague')
                   )::date AS date,
                   m.meeting_format,
                   m.state,
                   COALESCE(m.is_extraordinary, FALSE) AS is_extraordinary,
                   COALESCE(m.convened_externally, FALSE) AS convened_externally,
                   v.kind AS venue_kind,
                   m.facilitator_user_id,
                   (m.facilitator_partner_id IS NOT NULL) AS external_facilitator,
                   m.user_id,
                   COALESCE(a.family_invited, FALSE) AS family_invited,
                   COALESCE(a.parents_present, FALSE) AS parents_present,
                   m.minutes_state,
                   1 AS meeting_count,
                   COALESCE(a.invitee_count, 0) AS invitee_count,
                   COALESCE(a.present_count, 0) AS present_count
        """

    def _from(self):
        # "Parents present": a family member who is neither a child nor the
        # adult client in focus attended the meeting.
        return """
            FROM case_meeting m
            JOIN case_case c ON c.id = m.case_id
            LEFT JOIN case_meeting_venue v ON v.id = m.venue_id
            LEFT JOIN res_users ou ON ou.id = m.user_id
            LEFT JOIN res_partner op ON op.id = ou.partner_id
            LEFT JOIN (
                SELECT ma.meeting_id,
                       COUNT(*) AS invitee_count,
                       COUNT(*) FILTER (
                           WHERE ma.attendance = 'present'
                       ) AS present_count,
                       BOOL_OR(ma.kind = 'family') AS family_invited,
                       BOOL_OR(
                           ma.kind = 'family'
                           AND ma.attendance = 'present'
                           AND COALESCE(ap.family_role, '')
                               NOT IN ('child', 'client')
                       ) AS parents_present
                  FROM case_meeting_attendee ma
                  JOIN res_partner ap ON ap.id = ma.partner_id
                 GROUP BY ma.meeting_id
            ) a ON a.meeting_id = m.id
        """

    def _where(self):
        return "WHERE c.active"

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"CREATE OR REPLACE VIEW {self._table} AS ({self._select()} {self._from()} {self._where()})"  # noqa: E501
        )
