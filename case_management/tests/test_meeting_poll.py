# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Finding a date: the slot-search wizard over real calendar events and
working hours, and the availability poll for external invitees (consent
gate, hashed tokens, public page)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.case_management.tests.common_consent import CaseConsentCommon

# Monday 1 June 2026, 8:00 in Prague (CEST, UTC+2)
NOW = datetime(2026, 6, 1, 6, 0)
UTC = ZoneInfo("UTC")
LINK = re.compile(r"/case/poll/(\d+)/([A-Za-z0-9_-]+)")


class MeetingPollCommon(CaseConsentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.user_manager | cls.user_worker).write({"tz": "Europe/Prague"})
        cls.env.company.resource_calendar_id = cls.env.ref(
            "resource.resource_calendar_std"
        )
        cls.mother_in.email = "jana@example.org"

    def make_event(self, users, start, hours=1.0, **vals):
        values = {
            "name": "Private thing",
            "start": start,
            "stop": start + timedelta(hours=hours),
            "partner_ids": [Command.set(users.partner_id.ids)],
        }
        values.update(vals)
        return (
            self.env["calendar.event"]
            .with_context(no_mail_to_attendees=True)
            .create(values)
        )

    def make_poll(self, partners, slots=2):
        return self.env["case.meeting.poll"].create(
            {
                "case_id": self.case_in.id,
                "meeting_format": "case_conference",
                "tz": "Europe/Prague",
                "slot_ids": [
                    Command.create(
                        {
                            "start": NOW + timedelta(days=7 + day, hours=2),
                            "stop": NOW + timedelta(days=7 + day, hours=3),
                        }
                    )
                    for day in range(slots)
                ],
                "invitee_ids": [
                    Command.create({"partner_id": partner.id}) for partner in partners
                ],
            }
        )

    def sent_links(self, poll):
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "case.case"), ("res_id", "=", poll.case_id.id)])
        )
        links = {}
        for mail in mails:
            match = LINK.search(str(mail.body_html))
            if match and int(match.group(1)) == poll.id:
                links[mail.recipient_ids] = match.group(2)
        return mails, links


@tagged("post_install", "-at_install", "case_meeting")
class TestSlotSearchWizard(MeetingPollCommon):
    def wizard(self, **vals):
        values = {
            "case_id": self.case_in.id,
            "required_user_ids": [Command.set(self.user_manager.ids)],
            "optional_user_ids": [Command.set(self.user_worker.ids)],
            "weeks": 1,
            "duration": 1.0,
            "buffer_minutes": 0,
            "preferred": "morning",
            "tz": "Europe/Prague",
        }
        values.update(vals)
        return self.env["case.meeting.slot.search"].create(values)

    def test_default_invitees_are_the_case_team(self):
        wizard = (
            self.env["case.meeting.slot.search"]
            .with_context(default_case_id=self.case_in.id)
            .create({})
        )
        self.assertEqual(wizard.required_user_ids, self.user_manager | self.user_worker)

    @freeze_time(NOW)
    def test_busy_times_include_recurring_declined_and_free(self):
        recurring = self.make_event(
            self.user_manager,
            datetime(2026, 6, 1, 6, 0),
            hours=4,
            recurrency=True,
            rrule_type="weekly",
            interval=1,
            count=3,
            end_type="count",
            mon=True,
        )
        occurrences = recurring.recurrence_id.calendar_event_ids
        self.assertEqual(len(occurrences), 3)
        self.make_event(self.user_manager, datetime(2026, 6, 2, 6, 0), show_as="free")
        declined = self.make_event(self.user_manager, datetime(2026, 6, 3, 6, 0))
        declined.attendee_ids.do_decline()
        wizard = self.wizard()
        start = datetime(2026, 6, 1, 0, 0)
        busy = wizard._busy_by_user(
            self.user_manager | self.user_worker,
            start.replace(tzinfo=UTC),
            (start + timedelta(weeks=3)).replace(tzinfo=UTC),
        )
        starts = sorted(s.replace(tzinfo=None) for s, _e in busy[self.user_manager.id])
        self.assertEqual(
            starts,
            [datetime(2026, 6, day, 6, 0) for day in (1, 8, 15)],
        )
        self.assertNotIn(self.user_worker.id, busy)

    def test_working_hours_from_company_calendar(self):
        hours = self.env["case.meeting.slot.search"]._working_hours(self.user_manager)
        self.assertIn((0, 8.0, 12.0), hours)
        self.assertIn((4, 13.0, 17.0), hours)
        self.assertFalse([h for h in hours if h[0] in (5, 6)])
        # lunch breaks are not working time
        self.assertNotIn((0, 12.0, 13.0), hours)

    @freeze_time(NOW)
    def test_search_ranks_and_books_a_private_neutral_event(self):
        # the manager (required) is busy every Monday morning
        self.make_event(
            self.user_manager,
            datetime(2026, 6, 1, 6, 0),
            hours=4,
            recurrency=True,
            rrule_type="weekly",
            count=2,
            end_type="count",
            mon=True,
        )
        # the worker (optional) is busy on Tuesday at 8:00
        self.make_event(self.user_worker, datetime(2026, 6, 2, 6, 0))
        wizard = self.wizard()
        wizard.action_search()
        lines = wizard.line_ids
        self.assertTrue(lines)
        best = lines[0]
        # Tuesday 9:00 Prague: both free, in the morning
        self.assertEqual(best.start, datetime(2026, 6, 2, 7, 0))
        self.assertEqual(best.available_count, 2)
        self.assertTrue(best.all_required)
        self.assertFalse(best.busy_user_ids)
        monday = lines.filtered(lambda line: line.start.date() == NOW.date())
        self.assertTrue(all(line.start.hour >= 11 for line in monday))
        tuesday_8 = self.wizard(preferred="any")
        tuesday_8.action_search()
        self.assertFalse(
            tuesday_8.line_ids.filtered(
                lambda line: (
                    line.start == datetime(2026, 6, 2, 6, 0)
                    and line.available_count == 2
                )
            )
        )

        action = best.with_user(self.user_manager).action_choose()
        event = self.env["calendar.event"].browse(action["res_id"])
        self.assertEqual(event.name, f"{self.case_in.name} – meeting")
        self.assertEqual(event.privacy, "private")
        self.assertEqual(event.start, best.start)
        self.assertEqual(event.res_model, "case.case")
        self.assertEqual(event.res_id, self.case_in.id)
        self.assertEqual(
            event.partner_ids,
            (self.user_manager | self.user_worker).partner_id,
        )

    @freeze_time(NOW)
    def test_no_slot_found(self):
        self.make_event(self.user_manager, datetime(2026, 6, 1, 6, 0), hours=24 * 8)
        wizard = self.wizard(optional_user_ids=[Command.clear()])
        wizard.action_search()
        self.assertTrue(wizard.searched)
        self.assertFalse(wizard.line_ids)
        with self.assertRaises(UserError):
            wizard.action_create_poll()
        with self.assertRaises(UserError):
            self.wizard(
                required_user_ids=[Command.clear()],
                optional_user_ids=[Command.clear()],
            ).action_search()

    @freeze_time(NOW)
    def test_create_poll_from_found_slots(self):
        wizard = self.wizard()
        wizard.action_search()
        action = wizard.action_create_poll()
        poll = self.env["case.meeting.poll"].browse(action["res_id"])
        self.assertEqual(poll.case_id, self.case_in)
        self.assertEqual(
            poll.slot_ids.mapped("start"), sorted(wizard.line_ids.mapped("start"))
        )


@tagged("post_install", "-at_install", "case_meeting")
class TestMeetingPoll(MeetingPollCommon):
    @freeze_time(NOW)
    def test_title_is_neutral(self):
        poll = self.make_poll(self.mother_in)
        self.assertEqual(poll.name, f"{self.case_in.name} – Case conference")
        self.assertNotIn("Dvoř", poll.name)

    @freeze_time(NOW)
    def test_send_refused_without_consent(self):
        poll = self.make_poll(self.mother_in | self.school_teacher)
        self.make_consent(self.case_in, self.mother_in, ["basic"])
        with self.assertRaises(UserError) as error:
            poll.with_user(self.user_manager).action_send()
        self.assertIn(self.school_teacher.name, str(error.exception))
        self.assertEqual(poll.state, "draft")
        self.assertFalse(poll.invitee_ids.sudo().mapped("token_hash")[0])
        mails, _links = self.sent_links(poll)
        self.assertFalse(mails)

    @freeze_time(NOW)
    def test_send_through_gate_with_hashed_token(self):
        poll = self.make_poll(self.mother_in | self.school_teacher)
        self.make_consent(self.case_in, self.mother_in | self.school_teacher, ["basic"])
        poll.with_user(self.user_manager).action_send()
        self.assertEqual(poll.state, "sent")
        mails, links = self.sent_links(poll)
        self.assertEqual(len(mails), 2)
        self.assertEqual(set(links), {self.mother_in, self.school_teacher})
        for mail in mails:
            self.assertEqual(mail.subject, poll.name)
            body = str(mail.body_html)
            for secret in ("Dvoř", "Jakub", "ADHD", "OSPOD"):
                self.assertNotIn(secret, body)
        for partner in (self.mother_in, self.school_teacher):
            self.assertWentThroughGate(self.case_in, partner, ["basic"], record=poll)
        invitees = poll.invitee_ids.sudo()
        for invitee in invitees:
            token = links[invitee.partner_id]
            self.assertNotEqual(invitee.token_hash, token)
            self.assertNotIn(token, invitee.token_hash)
            self.assertEqual(invitee.expiry_date, poll.deadline)
            found, status = self.env["case.meeting.poll.invitee"]._find_by_token(
                poll.id, token
            )
            self.assertEqual((found, status), (invitee, "ok"))
        Invitee = self.env["case.meeting.poll.invitee"]
        token = links[self.mother_in]
        self.assertEqual(Invitee._find_by_token(poll.id, token + "x")[1], "invalid")
        self.assertEqual(Invitee._find_by_token(poll.id + 1000, token)[1], "invalid")
        self.assertEqual(Invitee._find_by_token(poll.id, "")[1], "invalid")
        # the token is not readable by case workers (field restricted)
        with self.assertRaises(AccessError):
            poll.invitee_ids.with_user(self.user_manager).read(["token_hash"])

    @freeze_time(NOW)
    def test_answers_expiry_and_pick(self):
        poll = self.make_poll(self.mother_in | self.school_teacher)
        self.make_consent(self.case_in, self.mother_in | self.school_teacher, ["basic"])
        poll.with_user(self.user_manager).action_send()
        _mails, links = self.sent_links(poll)
        Invitee = self.env["case.meeting.poll.invitee"].sudo()
        mother = Invitee._find_by_token(poll.id, links[self.mother_in])[0]
        teacher = Invitee._find_by_token(poll.id, links[self.school_teacher])[0]
        first, second = poll.slot_ids
        mother._record_answers({first.id: "yes", second.id: "no"})
        teacher._record_answers({first.id: "if_need_be", second.id: "maybe?"})
        mother._record_answers({second.id: "if_need_be"})
        self.assertEqual(
            (first.yes_count, first.maybe_count, first.no_count), (1, 1, 0)
        )
        self.assertEqual(
            (second.yes_count, second.maybe_count, second.no_count), (0, 1, 0)
        )
        self.assertTrue(mother.answered_date)
        summary = str(poll.summary_html)
        self.assertIn(self.mother_in.name, summary)
        self.assertIn("✔", summary)

        with freeze_time(NOW + timedelta(days=15)):
            self.assertEqual(
                Invitee._find_by_token(poll.id, links[self.mother_in])[1], "expired"
            )

        action = first.with_user(self.user_manager).action_pick()
        event = self.env["calendar.event"].browse(action["res_id"])
        self.assertEqual(poll.state, "done")
        self.assertEqual(poll.event_id, event)
        self.assertEqual(event.privacy, "private")
        self.assertEqual(event.name, poll.name)
        self.assertEqual((event.start, event.stop), (first.start, first.stop))
        # the links die with the poll
        self.assertEqual(
            Invitee._find_by_token(poll.id, links[self.mother_in])[1], "invalid"
        )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.addons.base.models.ir_model")
    def test_access_only_case_team(self):
        poll = self.make_poll(self.mother_in)
        self.env.invalidate_all()
        poll.with_user(self.user_worker).read(["name"])
        poll.slot_ids.with_user(self.user_worker).read(["start"])
        for user in (self.user_manager2, self.user_nogroup):
            with self.assertRaises(AccessError):
                poll.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                poll.slot_ids.with_user(user).read(["start"])
        with self.assertRaises(AccessError):
            self.env["case.meeting.poll"].with_user(self.user_manager2).create(
                {"case_id": self.case_in.id}
            )


@tagged("post_install", "-at_install", "case_meeting")
class TestMeetingPollPage(HttpCase, MeetingPollCommon):
    def setUp(self):
        super().setUp()
        self.poll = self.make_poll(self.mother_in | self.school_teacher)
        self.poll.deadline = datetime.now() + timedelta(days=3)
        self.make_consent(self.case_in, self.mother_in | self.school_teacher, ["basic"])
        self.poll.with_user(self.user_manager).action_send()
        _mails, self.links = self.sent_links(self.poll)
        self.url = f"/case/poll/{self.poll.id}/{self.links[self.mother_in]}"

    def test_page_shows_only_title_and_slots(self):
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.poll.name, response.text)
        for slot in self.poll.slot_ids:
            self.assertIn(f'name="slot_{slot.id}"', response.text)
        for secret in ("Dvoř", "Jakub", "ADHD", "OSPOD", self.school_teacher.name):
            self.assertNotIn(secret, response.text)
        self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")

    def test_answer_over_http(self):
        first, second = self.poll.slot_ids
        response = self.url_open(
            self.url,
            data={f"slot_{first.id}": "yes", f"slot_{second.id}": "if_need_be"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("your answers are saved", response.text)
        answers = self.env["case.meeting.poll.answer"].search(
            [("poll_id", "=", self.poll.id)]
        )
        self.assertEqual(
            {(a.slot_id, a.answer, a.invitee_id.partner_id) for a in answers},
            {
                (first, "yes", self.mother_in),
                (second, "if_need_be", self.mother_in),
            },
        )
        # the page shows the saved answer
        page = self.url_open(self.url).text
        self.assertRegex(page, rf'name="slot_{first.id}" value="yes" checked')

    def test_bad_and_expired_tokens_refused(self):
        bad = self.url_open(f"/case/poll/{self.poll.id}/{'A' * 43}")
        self.assertEqual(bad.status_code, 404)
        self.assertNotIn(self.poll.name, bad.text)
        other = self.url_open(
            f"/case/poll/{self.poll.id + 1000}/{self.links[self.mother_in]}"
        )
        self.assertEqual(other.status_code, 404)
        posted = self.url_open(
            f"/case/poll/{self.poll.id}/{'B' * 43}",
            data={f"slot_{self.poll.slot_ids[0].id}": "yes"},
        )
        self.assertEqual(posted.status_code, 404)
        self.assertFalse(
            self.env["case.meeting.poll.answer"].search(
                [("poll_id", "=", self.poll.id)]
            )
        )
        self.poll.invitee_ids.sudo().expiry_date = datetime.now() - timedelta(minutes=1)
        expired = self.url_open(self.url)
        # expired answers exactly like a wrong token (issue 11)
        self.assertEqual(expired.status_code, 404)
        self.assertNotIn(self.poll.name, expired.text)


@tagged("post_install", "-at_install", "case_meeting")
class TestMeetingLink(MeetingPollCommon):
    """With a ``case.meeting``, the chosen or picked slot becomes its time."""

    def make_meeting(self, **vals):
        values = {
            "case_id": self.case_in.id,
            "meeting_format": "case_conference",
            "attendee_ids": [
                Command.create(
                    {"partner_id": self.user_manager.partner_id.id, "required": True}
                ),
                Command.create(
                    {"partner_id": self.user_worker.partner_id.id, "required": False}
                ),
                Command.create({"partner_id": self.mother_in.id}),
            ],
        }
        values.update(vals)
        return self.env["case.meeting"].create(values)

    @freeze_time(NOW)
    def test_wizard_fills_the_meeting(self):
        venue = self.env["case.meeting.venue"].create(
            {"name": "Zasedačka", "kind": "organisation"}
        )
        meeting = self.make_meeting(venue_id=venue.id)
        # the venue is taken on Monday afternoon by another case's meeting
        self.env["case.meeting"].create(
            {
                "case_id": self.case_out.id,
                "meeting_format": "case_meeting",
                "venue_id": venue.id,
                "start": datetime(2026, 6, 1, 9, 0),
                "duration": 8.0,
            }
        )
        wizard = (
            self.env["case.meeting.slot.search"]
            .with_context(default_meeting_id=meeting.id)
            .create({"weeks": 1, "preferred": "afternoon", "buffer_minutes": 0})
        )
        self.assertEqual(wizard.case_id, self.case_in)
        self.assertIn(self.user_manager, wizard.required_user_ids)
        self.assertIn(self.user_worker, wizard.optional_user_ids)
        self.assertEqual(wizard.duration, meeting.duration)
        wizard.action_search()
        self.assertTrue(wizard.line_ids)
        monday = wizard.line_ids.filtered(lambda line: line.start.day == 1)
        self.assertFalse(monday.filtered(lambda line: line.start.hour >= 9))
        best = wizard.line_ids[0]
        action = best.action_choose()
        self.assertEqual(action["res_model"], "case.meeting")
        self.assertEqual(meeting.start, best.start)

        poll_action = wizard.action_create_poll()
        poll = self.env["case.meeting.poll"].browse(poll_action["res_id"])
        self.assertEqual(poll.meeting_id, meeting)
        self.assertEqual(poll.name, meeting.name)
        self.assertEqual(poll.invitee_ids.partner_id, self.mother_in)
        slot = poll.slot_ids[-1]
        poll.state = "sent"
        result = slot.action_pick()
        self.assertEqual(result["res_model"], "case.meeting")
        self.assertEqual(meeting.start, slot.start)
        self.assertEqual(poll.state, "done")
