# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import datetime, timedelta

import icalendar

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail

from .common_consent import CaseConsentCommon

# Europe/Prague: summer time ends on 31 October 2027.
BEFORE_DST_END = datetime(2027, 10, 29, 8, 0)  # 10:00 CEST
AFTER_DST_END = datetime(2027, 11, 1, 8, 0)  # 09:00 CET


class CaseMeetingCommon(CaseConsentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_manager.write(
            {"email": "manazerka@example.org", "tz": "Europe/Prague"}
        )
        cls.venue = cls.env["case.meeting.venue"].create(
            {"name": "ZŠ Komenského, učebna 3", "kind": "school", "address": "Most"}
        )
        cls.make_consent_cls(cls.school_teacher)

    @classmethod
    def make_consent_cls(cls, partner):
        category = cls.env["case.data.category"].search([("code", "=", "basic")])
        consent = cls.env["case.consent"].create(
            {
                "case_id": cls.case_in.id,
                "signer_id": cls.mother_in.id,
                "recipient_partner_ids": [Command.set(partner.ids)],
                "category_ids": [Command.set(category.ids)],
                "scan": base64.b64encode(b"%PDF-1.4 scan"),
                "scan_filename": "consent.pdf",
            }
        )
        consent.action_validate()
        return consent

    def _meeting(self, start=BEFORE_DST_END, partners=None, **vals):
        values = {
            "case_id": self.case_in.id,
            "meeting_format": "case_meeting",
            "goal": "Agree who helps with school attendance",
            "start": start,
            "venue_id": self.venue.id,
            "user_id": self.user_manager.id,
            "minute_taker_user_id": self.user_manager.id,
            "attendee_ids": [
                Command.create({"partner_id": p.id})
                for p in (partners or (self.school_teacher | self.ospod))
            ],
        }
        values.update(vals)
        return self.env["case.meeting"].with_user(self.user_manager).create(values)

    def _ics(self, mail):
        attachment = mail.attachment_ids.filtered(lambda a: a.name.endswith(".ics"))
        self.assertEqual(len(attachment), 1)
        cal = icalendar.Calendar.from_ical(attachment.raw)
        return cal, cal.walk("VEVENT")[0]

    def _meeting_mails(self, meeting, partner):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("case_id", "=", meeting.case_id.id),
                    ("recipient_ids", "in", partner.ids),
                    ("attachment_ids.name", "=like", "%.ics"),
                ],
                order="id",
            )
        )


@tagged("post_install", "-at_install", "case_meeting")
class TestCaseMeeting(CaseMeetingCommon, MockEmail):
    def test_event_private_neutral(self):
        meeting = self._meeting()
        event = meeting.event_id
        self.assertTrue(event)
        self.assertEqual(event.privacy, "private")
        self.assertEqual(event.name, meeting.name)
        self.assertTrue(meeting.name.startswith(self.case_in.name + " – "))
        self.assertNotIn("Jakub", event.name)
        self.assertFalse(event.description)
        self.assertEqual(event.start, meeting.start)
        self.assertEqual(event.stop, meeting.start + timedelta(hours=1.5))
        # internal users only: the invitees stay on the meeting (issue 11)
        self.assertNotIn(self.school_teacher, event.partner_ids)
        self.assertEqual(event.partner_ids, self.user_manager.partner_id)
        # format defaults: agenda template and duration
        self.assertTrue(meeting.agenda_ids)
        self.assertEqual(meeting.duration, 1.5)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_access_team_only_and_busy(self):
        meeting = self._meeting()
        meeting.with_user(self.user_worker).read(["name"])  # key worker
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_manager2).read(["name"])
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_nogroup).read(["name"])
        # Odoo's calendar: others do not see the case's event at all
        # (issue 11: no name, venue, case or attendee outside the team)
        event = meeting.event_id.with_user(self.user_nogroup)
        with self.assertRaises(AccessError):
            event.read(["name"])
        meeting.event_id.invalidate_recordset()
        own = meeting.event_id.with_user(self.user_manager)
        self.assertEqual(own.name, meeting.name)
        # the key worker is no invitee but sees the team's meeting
        self.assertNotIn(self.user_worker.partner_id, meeting.event_id.partner_ids)
        meeting.event_id.invalidate_recordset()
        team = meeting.event_id.with_user(self.user_worker)
        self.assertEqual(team.name, meeting.name)
        self.assertEqual(team.display_name, meeting.name)
        # and the other case manager nothing either
        meeting.event_id.invalidate_recordset()
        other = meeting.event_id.with_user(self.user_manager2)
        with self.assertRaises(AccessError):
            other.read(["name"])

    def test_guards(self):
        meeting = self._meeting(
            meeting_format="case_conference",
            partners=self.ospod,
            minute_taker_user_id=False,
        )
        text = meeting.warning_ids_text
        self.assertIn("No family member", text)
        self.assertIn("Only control-oriented", text)
        self.assertIn("No minute-taker", text)
        meeting.family_absent_reason = "Presence could endanger the child"
        meeting.minute_taker_user_id = self.user_manager
        self.assertNotIn("No family member", meeting.warning_ids_text or "")
        self.assertNotIn("No minute-taker", meeting.warning_ids_text or "")
        meeting.attendee_ids = [Command.create({"partner_id": self.school_teacher.id})]
        self.assertNotIn("Only control-oriented", meeting.warning_ids_text or "")
        # family overload: N per week (default 3)
        self.env.company.case_meeting_load_week = 1
        meeting.attendee_ids = [Command.create({"partner_id": self.mother_in.id})]
        self.assertEqual(
            meeting.attendee_ids.filtered(
                lambda a: a.partner_id == self.mother_in
            ).kind,
            "family",
        )
        for days in (1, 2):
            self._meeting(
                start=fields.Datetime.now() + timedelta(days=days),
                partners=self.mother_in,
            )
        meeting.start = fields.Datetime.now() + timedelta(days=3)
        self.assertIn(
            "meetings or contacts in the next 7 days", meeting.warning_ids_text
        )
        # neutrality: the key worker facilitating in the neutral model
        self.case_in.coordination_model = "neutral"
        meeting.facilitator_user_id = self.user_worker
        self.assertTrue(meeting.neutrality_warning)

    def test_goal_required_and_external_convener(self):
        meeting = self._meeting(goal=False)
        with self.assertRaisesRegex(UserError, "goal"):
            meeting.action_send_invitations()
        meeting.write({"goal": "Goal", "convened_externally": True})
        with self.assertRaisesRegex(UserError, "outside body"):
            meeting.action_send_invitations()
        meeting.action_record_only()
        self.assertEqual(meeting.state, "invited")
        self.assertFalse(self._meeting_mails(meeting, self.school_teacher))

    def test_invite_update_cancel(self):
        meeting = self._meeting()
        meeting.action_send_invitations()
        self.assertEqual(meeting.state, "invited")
        teacher_line = meeting.attendee_ids.filtered(
            lambda a: a.partner_id == self.school_teacher
        )
        ospod_line = meeting.attendee_ids - teacher_line
        self.assertEqual(teacher_line.invitation_state, "sent")
        # OSPOD has no consent: named to the organiser, not invited
        self.assertEqual(ospod_line.invitation_state, "refused")
        self.assertIn("OSPOD", ospod_line.invitation_note)
        self.assertFalse(self._meeting_mails(meeting, self.ospod))
        self.assertIn("disclosure gate refused", meeting.message_ids[0].body)
        mail = self._meeting_mails(meeting, self.school_teacher)
        self.assertEqual(len(mail), 1)
        self.assertIn("method=request", mail.attachment_ids.mimetype.lower())
        self.assertWentThroughGate(
            self.case_in, self.school_teacher, ["basic"], record=meeting
        )
        cal, event = self._ics(mail)
        self.assertEqual(str(cal["method"]), "REQUEST")
        self.assertEqual(str(event["uid"]), meeting.ical_uid)
        self.assertEqual(int(event["sequence"]), 0)
        self.assertIn("dtstamp", event)
        self.assertEqual(str(event["summary"]), meeting.name)
        self.assertEqual(str(event["location"]), "ZŠ Komenského, učebna 3, Most")
        self.assertEqual(str(event["organizer"]), "mailto:manazerka@example.org")
        attendees = event["attendee"]
        attendees = attendees if isinstance(attendees, list) else [attendees]
        self.assertEqual([str(a) for a in attendees], ["mailto:eva.tridni@example.org"])
        self.assertEqual(attendees[0].params["PARTSTAT"], "NEEDS-ACTION")
        self.assertEqual(attendees[0].params["RSVP"], "TRUE")
        start = event.decoded("dtstart")
        self.assertEqual(str(start.tzinfo), "Europe/Prague")
        self.assertEqual(start.hour, 10)  # CEST
        self.assertTrue(cal.walk("VTIMEZONE"))
        # the mail's MIME part
        outgoing = mail._prepare_outgoing_list()
        msg = self.env["ir.mail_server"].build_email(
            "a@example.org",
            ["b@example.org"],
            "s",
            "<p>b</p>",
            subtype="html",
            attachments=outgoing[0]["attachments"],
        )
        parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
        self.assertEqual(len(parts), 1)
        self.assertEqual(parts[0].get_param("method"), "REQUEST")
        self.assertEqual(parts[0].get_content_charset(), "utf-8")

        # change of time across the DST end: same UID, SEQUENCE + 1
        meeting.start = AFTER_DST_END
        update = self._meeting_mails(meeting, self.school_teacher)[-1]
        self.assertNotEqual(update, mail)
        _cal, event2 = self._ics(update)
        self.assertEqual(str(event2["uid"]), meeting.ical_uid)
        self.assertEqual(int(event2["sequence"]), 1)
        self.assertEqual(event2.decoded("dtstart").hour, 9)  # CET
        self.assertTrue(update.subject.startswith("Changed"))
        self.assertEqual(meeting.event_id.start, AFTER_DST_END)

        # cancel: METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE + 1
        meeting.action_cancel()
        cancel = self._meeting_mails(meeting, self.school_teacher)[-1]
        self.assertIn("method=cancel", cancel.attachment_ids.mimetype.lower())
        cal3, event3 = self._ics(cancel)
        self.assertEqual(str(cal3["method"]), "CANCEL")
        self.assertEqual(str(event3["status"]), "CANCELLED")
        self.assertEqual(int(event3["sequence"]), 2)
        self.assertEqual(str(event3["uid"]), meeting.ical_uid)
        self.assertFalse(meeting.event_id.active)

    def test_remove_invitee_sends_them_a_cancellation(self):
        other = self.env["res.partner"].create(
            {"name": "Mgr. Terapeutka Nová", "email": "terapie@example.org"}
        )
        self.make_consent(self.case_in, other, ["basic"])
        meeting = self._meeting(partners=self.school_teacher | other)
        meeting.action_send_invitations()
        line = meeting.attendee_ids.filtered(lambda a: a.partner_id == other)
        line.unlink()
        cancel = self._meeting_mails(meeting, other)[-1]
        self.assertIn("method=cancel", cancel.attachment_ids.mimetype.lower())
        self.assertEqual(len(self._meeting_mails(meeting, self.school_teacher)), 1)
        self.assertEqual(meeting.ical_sequence, 0)
        self.assertNotIn(other, meeting.event_id.partner_ids)

    def test_no_odoo_invitation_mails(self):
        meeting = self._meeting()
        with self.mock_mail_gateway():
            meeting.start = AFTER_DST_END
            self.env["mail.mail"].sudo().process_email_queue()
        self.assertFalse(self._mails_sent_to("eva.tridni@example.org"))
        # nothing about the meeting reaches anyone (only the e-mail change
        # notice of the test set-up is in the queue)
        self.assertFalse(
            [m for m in self._mails if "Email Changed" not in (m["subject"] or "")]
        )

    def _mails_sent_to(self, address):
        return [m for m in self._mails if address in " ".join(m["email_to"])]

    def test_reply_through_mail_gateway(self):
        meeting = self._meeting()
        meeting.action_send_invitations()
        reply = icalendar.Calendar()
        reply.add("prodid", "-//Thunderbird//EN")
        reply.add("version", "2.0")
        reply.add("method", "REPLY")
        vevent = icalendar.Event()
        vevent.add("uid", meeting.ical_uid)
        vevent.add("sequence", 0)
        vevent.add("dtstamp", datetime(2027, 10, 1, 8, 0))
        attendee = icalendar.vCalAddress("mailto:Eva.Tridni@example.org")
        attendee.params["PARTSTAT"] = "ACCEPTED"
        vevent.add("attendee", attendee)
        reply.add_component(vevent)
        ics = reply.to_ical().decode()
        raw = (
            "From: Eva Třídní <eva.tridni@example.org>\r\n"
            "To: manazerka@example.org\r\n"
            "Subject: =?utf-8?q?P=C5=99ijato?=\r\n"
            "Message-ID: <reply-1@example.org>\r\n"
            "MIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
            "--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPřijato\r\n"
            "--XX\r\n"
            "Content-Type: text/calendar; method=REPLY; charset=UTF-8\r\n\r\n"
            f"{ics}\r\n--XX--\r\n"
        )
        result = self.env["mail.thread"].message_process("case.meeting", raw)
        self.assertEqual(result, meeting.id)
        line = meeting.attendee_ids.filtered(
            lambda a: a.partner_id == self.school_teacher
        )
        self.assertEqual(line.rsvp, "accepted")
        # an external invitee is never a calendar attendee (issue 11)
        cal_attendee = meeting.event_id.attendee_ids.filtered(
            lambda a: a.partner_id == self.school_teacher
        )
        self.assertFalse(cal_attendee)
        # a reply for someone else from another sender is ignored
        forged = raw.replace("eva.tridni@example.org>", "x@example.org>").replace(
            "reply-1", "reply-2"
        )
        line.rsvp = "needs_action"
        self.env["mail.thread"].message_process("case.meeting", forged)
        self.assertEqual(line.rsvp, "needs_action")

    def test_odoo_calendar_answer_flows_back(self):
        # an internal invitee answers in Odoo's calendar
        colleague = self.user_worker.partner_id
        meeting = self._meeting(partners=self.ospod | colleague)
        attendee = meeting.event_id.attendee_ids.filtered(
            lambda a: a.partner_id == colleague
        )
        attendee.do_decline()
        line = meeting.attendee_ids.filtered(lambda a: a.partner_id == colleague)
        self.assertEqual(line.rsvp, "declined")

    def test_reminder_day_before(self):
        start = fields.Datetime.now() + timedelta(hours=20)
        meeting = self._meeting(start=start)
        meeting.action_send_invitations()
        self.env["case.meeting"]._cron_send_reminders()
        self.assertTrue(meeting.reminder_sent)
        reminders = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("case_id", "=", self.case_in.id),
                    ("subject", "like", "Reminder"),
                ]
            )
        )
        self.assertEqual(reminders.recipient_ids, self.school_teacher)
        # a meeting in two days: only with a 2-day reminder setting
        far = self._meeting(start=fields.Datetime.now() + timedelta(hours=40))
        far.action_send_invitations()
        self.env["case.meeting"]._cron_send_reminders()
        self.assertFalse(far.reminder_sent)
        self.env.company.case_meeting_reminder_days = 2
        self.env["case.meeting"]._cron_send_reminders()
        self.assertTrue(far.reminder_sent)
        far.reminder_sent = True
        # declined invitees get none
        meeting2 = self._meeting(start=start + timedelta(hours=1))
        meeting2.action_send_invitations()
        meeting2.attendee_ids._set_rsvp("declined", "test")
        self.env["case.meeting"]._cron_send_reminders()
        self.assertEqual(
            self.env["mail.mail"]
            .sudo()
            .search_count(
                [("case_id", "=", self.case_in.id), ("subject", "like", "Reminder")]
            ),
            2,
        )

    def test_czech_invitation(self):
        self.env["res.lang"]._activate_lang("cs_CZ")
        self.school_teacher.lang = "cs_CZ"
        meeting = self._meeting()
        meeting.action_send_invitations()
        mail = self._meeting_mails(meeting, self.school_teacher)
        self.assertTrue(mail.subject.startswith("Pozvánka"), mail.subject)
        self.assertIn("Přijmout", mail.body_html)
        _cal, event = self._ics(mail)
        self.assertIn("–", str(event["summary"]))

    def test_child_conference_family_copy(self):
        """The family's invitation to a child-involved conference carries the
        child's first name; the professionals' copy stays neutral."""
        self.make_consent(self.case_in, self.mother_in, ["basic"])
        self.mother_in.email = "jana@example.org"
        meeting = self._meeting(
            meeting_format="child_conference",
            partners=self.school_teacher | self.mother_in,
        )
        meeting.action_send_invitations()
        _cal, family = self._ics(self._meeting_mails(meeting, self.mother_in))
        self.assertEqual(str(family["summary"]), "Jakub's meeting")
        teacher_mail = self._meeting_mails(meeting, self.school_teacher)
        _cal, professional = self._ics(teacher_mail)
        self.assertEqual(str(professional["summary"]), meeting.name)
        self.assertNotIn("Jakub", teacher_mail.subject + teacher_mail.body_html)
        self.assertNotIn("Jakub", meeting.event_id.name)
