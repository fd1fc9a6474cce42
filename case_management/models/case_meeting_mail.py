# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Case meetings: the mail, calendar and case sides.

- ``mail.thread.message_process``: an e-mailed ``METHOD:REPLY`` (whatever
  alias or fallback model it reaches) updates the invitee's answer;
- ``calendar.event`` / ``calendar.attendee``: the meeting's event never sends
  Odoo's own (non-iTIP, all-attendees) invitations; answers and moves made in
  Odoo's calendar flow back to the meeting.
"""

import email
import email.policy
import logging
import xmlrpc.client

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from . import case_meeting_ical as ical

_logger = logging.getLogger(__name__)


# Czech texts of the case-meeting templates (the English ones are in
# data/case_meeting_mail_template_data.xml). Applied as translations of the
# template fields the first time a Czech invitee gets a mail.
_GREETING_CS = "<p>Dobrý den, <t t-out=\"object.partner_id.name or ''\">Jana</t>,</p>"
_WHAT_CS = (
    "<p><strong t-out=\"object.title or ''\">2026-0001 – PK</strong><br />"
    "<span t-out=\"object.when_text or ''\">1. 3. 2026 10:00 – 12:00</span><br />"
    "<span t-out=\"object.meeting_id.location or ''\">Škola</span></p>"
)
_ANSWER_CS = (
    '<p>Prosíme o odpověď: <a t-att-href="object.rsvp_accept_url">Přijmout</a> | '
    '<a t-att-href="object.rsvp_decline_url">Odmítnout</a></p>'
)
_SIGN_CS = (
    "<p>S pozdravem<br /><t t-out=\"object.meeting_id.user_id.name or ''\">"
    "Organizátor</t></p>"
)
TEMPLATE_TRANSLATIONS_CS = {
    "mail_template_case_meeting_invite": (
        "Pozvánka: {{ object.title }}",
        "<div>"
        + _GREETING_CS
        + "<p>zveme Vás na setkání.</p>"
        + _WHAT_CS
        + _ANSWER_CS
        + "<p>Odpovědět můžete i přímo v kalendáři (pozvánka je v příloze).</p>"
        + _SIGN_CS
        + "</div>",
    ),
    "mail_template_case_meeting_update": (
        "Změna: {{ object.title }}",
        "<div>"
        + _GREETING_CS
        + "<p>změnil se čas nebo místo setkání.</p>"
        + _WHAT_CS
        + _ANSWER_CS
        + _SIGN_CS
        + "</div>",
    ),
    "mail_template_case_meeting_cancel": (
        "Zrušeno: {{ object.title }}",
        "<div>"
        + _GREETING_CS
        + "<p>toto setkání se nekoná (nebo na něm již nejste očekáváni):</p>"
        + _WHAT_CS
        + _SIGN_CS
        + "</div>",
    ),
    "mail_template_case_meeting_reminder": (
        "Připomenutí: {{ object.title }}",
        "<div>"
        + _GREETING_CS
        + "<p>připomínáme zítřejší setkání:</p>"
        + _WHAT_CS
        + "<p>Pokud nemůžete přijít, dejte nám prosím vědět; můžete poslat i "
        "písemné vyjádření.</p>" + _SIGN_CS + "</div>",
    ),
}


class IrMailServer(models.Model):
    _inherit = "ir.mail_server"

    def build_email(self, email_from, email_to, subject, body, *args, **kwargs):
        # ir.attachment stores mimetypes in lower case; an iTIP part needs
        # "text/calendar; method=REQUEST; charset=UTF-8" (RFC 6047: the
        # method parameter equals the METHOD property).
        attachments = kwargs.get("attachments")
        if attachments:
            kwargs["attachments"] = [
                (name, content, ical.normalise_mimetype(mime))
                for name, content, mime in attachments
            ]
        return super().build_email(email_from, email_to, subject, body, *args, **kwargs)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def message_process(
        self,
        model,
        message,
        custom_values=None,
        save_original=False,
        strip_attachments=False,
        thread_id=None,
    ):
        raw = message
        if isinstance(raw, xmlrpc.client.Binary):
            raw = bytes(raw.data)
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        meeting_id = self.env["case.meeting"]._case_try_itip_reply(raw)
        if meeting_id:
            return meeting_id
        return super().message_process(
            model,
            message,
            custom_values=custom_values,
            save_original=save_original,
            strip_attachments=strip_attachments,
            thread_id=thread_id,
        )


class CaseMeetingGateway(models.Model):
    _inherit = "case.meeting"

    @api.model
    def _case_try_itip_reply(self, raw):
        """If ``raw`` (bytes of an RFC 822 message) holds a METHOD:REPLY for
        one of our meetings, apply it and return the meeting id."""
        try:
            msg = email.message_from_bytes(raw, policy=email.policy.default)
        except (TypeError, ValueError):
            return False
        parts = [
            part
            for part in msg.walk()
            if part.get_content_type() == "text/calendar"
            or (part.get_filename() or "").lower().endswith(".ics")
        ]
        if not parts:
            return False
        sender = email.utils.parseaddr(str(msg.get("From", "")))[1]
        for part in parts:
            payload = part.get_payload(decode=True)
            if not payload or b"REPLY" not in payload.upper():
                continue
            try:
                meetings = self._case_process_itip_reply(payload, sender)
            except ValueError as error:
                _logger.info("Ignored an unreadable iCalendar reply: %s", error)
                continue
            if meetings:
                return meetings[:1].id
        return False

    @api.model
    def _case_meeting_template_translations(self, force=False):
        """Store the Czech texts as translations of the templates (for every
        active Czech language) unless a translation is already there."""
        langs = [
            code
            for code, _name in self.env["res.lang"].get_installed()
            if code.startswith("cs")
        ]
        for xmlid, (subject, body) in TEMPLATE_TRANSLATIONS_CS.items():
            template = self.env.ref(
                f"case_management.{xmlid}", raise_if_not_found=False
            )
            if not template:
                continue
            template = template.sudo()
            for lang in langs:
                current = template.with_context(lang=lang).subject
                if not force and current != template.with_context(lang="en_US").subject:
                    continue
                template._update_field_translations("subject", {lang: subject})
                template._update_field_translations("body_html", {lang: body})
        return True


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    case_id = fields.Many2one(
        "case.case", string="Case", index="btree_not_null", ondelete="set null"
    )
    case_meeting_id = fields.Many2one(
        "case.meeting",
        string="Case Meeting",
        index="btree_not_null",
        ondelete="set null",
    )

    @api.model
    def _case_mail_candidate(self):
        return True

    def _case_mail_cases(self):
        # a case meeting's event (or a slot booked for a case) is a case record
        self.ensure_one()
        event = self.sudo()
        if not event.case_id and not event.case_meeting_id:
            return None
        return event.case_id | event.case_meeting_id.case_id

    @api.constrains("partner_ids", "case_id", "case_meeting_id")
    def _check_case_event_internal_only(self):
        for event in self.sudo().filtered(lambda e: e.case_id or e.case_meeting_id):
            externals = event.partner_ids.filtered(
                lambda p: not p.user_ids or all(p.user_ids.mapped("share"))
            )
            if externals:
                raise ValidationError(
                    _(
                        "A case's calendar event carries internal users only; "
                        "invite %(names)s on the case meeting instead.",
                        names=", ".join(externals.mapped("display_name")),
                    )
                )

    def _check_private_event_conditions(self):
        # The case team (case manager, key worker, team) sees its case
        # meetings in Odoo's calendar; everyone else sees "Busy".
        if self.case_meeting_id:
            case = self.sudo().case_meeting_id.case_id
            if self.env.user in case._get_role_users():
                return False
        return super()._check_private_event_conditions()

    def _skip_send_mail_status_update(self):
        if self.case_meeting_id:
            return True
        return super()._skip_send_mail_status_update()

    def write(self, vals):
        res = super().write(vals)
        if (
            not self.env.context.get("case_meeting_sync")
            and {"start", "stop"} & set(vals)
            and self.case_meeting_id
        ):
            for event in self.filtered("case_meeting_id"):
                meeting = event.case_meeting_id.sudo()
                if meeting.start != event.start or meeting.stop != event.stop:
                    meeting.write(
                        {
                            "start": event.start,
                            "duration": (event.stop - event.start).total_seconds()
                            / 3600.0,
                        }
                    )
        return res


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    def _send_mail_to_attendees(self, mail_template, force_send=False):
        # Case meetings send their own iTIP invitations through the consent
        # gate; Odoo's would list every attendee and show the title to all.
        others = self.filtered(lambda a: not a.event_id.case_meeting_id)
        if not others:
            return False
        return super(CalendarAttendee, others)._send_mail_to_attendees(
            mail_template, force_send=force_send
        )

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals and not self.env.context.get("case_meeting_sync"):
            reverse = {
                "needsAction": "needs_action",
                "accepted": "accepted",
                "declined": "declined",
                "tentative": "tentative",
            }
            answer = reverse.get(vals["state"])
            for attendee in self.filtered(lambda a: a.event_id.case_meeting_id):
                lines = attendee.event_id.case_meeting_id.sudo().attendee_ids.filtered(
                    lambda ln, partner=attendee.partner_id: ln.partner_id == partner
                )
                if answer and lines:
                    lines._set_rsvp(answer, _("Odoo calendar"))
        return res


# pylint: disable=consider-merging-classes-inherited
class CaseCase(models.Model):
    _inherit = "case.case"

    meeting_ids = fields.One2many("case.meeting", "case_id", string="Meetings")
    meeting_count = fields.Integer(compute="_compute_counts")

    def _case_stat_count_domains(self):
        return {
            **super()._case_stat_count_domains(),
            "meeting_count": ("case.meeting", []),
        }

    def action_view_meetings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "case_management.case_meeting_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id}
        return action


class ResCompany(models.Model):
    _inherit = "res.company"

    case_meeting_load_week = fields.Integer(
        string="Family Meetings per Week (Warning Above)", default=3
    )
    case_meeting_load_month = fields.Integer(
        string="Family Meetings per 30 Days (Warning Above)", default=8
    )
    case_meeting_reminder_days = fields.Integer(
        string="Meeting Reminder (Days Before)",
        default=1,
        help="Invitees who accepted or have not answered get a reminder this "
        "many days before the meeting.",
    )

    @api.constrains(
        "case_meeting_load_week",
        "case_meeting_load_month",
        "case_meeting_reminder_days",
    )
    def _check_case_meeting_settings(self):
        for company in self:
            if (
                min(
                    company.case_meeting_load_week,
                    company.case_meeting_load_month,
                    company.case_meeting_reminder_days,
                )
                < 1
            ):
                raise ValidationError(
                    _(
                        "%(company)s: the meeting warning limits and the reminder "
                        "must be at least 1.",
                        company=company.name,
                    )
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    case_meeting_load_week = fields.Integer(
        related="company_id.case_meeting_load_week", readonly=False
    )
    case_meeting_load_month = fields.Integer(
        related="company_id.case_meeting_load_month", readonly=False
    )
    case_meeting_reminder_days = fields.Integer(
        related="company_id.case_meeting_reminder_days", readonly=False
    )
