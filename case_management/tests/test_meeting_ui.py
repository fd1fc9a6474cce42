# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from zoneinfo import ZoneInfo

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.case_management.tests.common_consent import SCAN

UTC = ZoneInfo("UTC")
PRAGUE = ZoneInfo("Europe/Prague")


@tagged("post_install", "-at_install", "case_meeting")
class TestMeetingUi(HttpCase):
    """A case conference planned, held and minuted in the browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.resource_calendar_id = cls.env.ref(
            "resource.resource_calendar_std"
        )
        cls.manager = new_test_user(
            cls.env,
            login="tour_meeting_manager",
            name="Marta Manažerská",
            email="marta.tour@example.org",
            tz="Europe/Prague",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        # the colleague works Tuesday to Thursday, 9:00-13:00
        cls.colleague = new_test_user(
            cls.env,
            login="tour_meeting_colleague",
            name="Karel Kolega",
            email="karel.tour@example.org",
            tz="Europe/Prague",
            groups="base.group_user,case_management.case_management_group_worker",
        )
        hours = cls.env["resource.calendar"].create(
            {
                "name": "Karel: Tue-Thu mornings",
                "tz": "Europe/Prague",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9.0,
                            "hour_to": 13.0,
                            "day_period": "morning",
                        }
                    )
                    for day in (1, 2, 3)
                ],
            }
        )
        cls.env["resource.resource"].create(
            {
                "name": "Karel Kolega",
                "user_id": cls.colleague.id,
                "calendar_id": hours.id,
                "tz": "Europe/Prague",
            }
        )
        # ... and is busy for the next three days
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        cls.busy = (
            cls.env["calendar.event"]
            .with_context(no_mail_to_attendees=True)
            .create(
                {
                    "name": "Training",
                    "start": now,
                    "stop": now + timedelta(days=3),
                    "partner_ids": [Command.set(cls.colleague.partner_id.ids)],
                }
            )
        )
        Partner = cls.env["res.partner"]
        family = cls.env["case.family"].create({"name": "Domácnost Schůzkových"})
        cls.parent = Partner.create(
            {
                "name": "Lenka Schůzková",
                "case_family_id": family.id,
                "family_role": "parent",
            }
        )
        child = Partner.create(
            {
                "name": "Tomáš Schůzka",
                "case_family_id": family.id,
                "family_role": "child",
            }
        )
        cls.covered = Partner.create(
            {"name": "Mgr. Eva Pokrytá", "email": "eva.pokryta@example.org"}
        )
        cls.uncovered = Partner.create(
            {"name": "Bc. Jan Nekrytý", "email": "jan.nekryty@example.org"}
        )
        cls.case = cls.env["case.case"].create(
            {
                "family_id": family.id,
                "focus_partner_ids": [Command.set(child.ids)],
                "manager_id": cls.manager.id,
                "team_user_ids": [Command.set(cls.colleague.ids)],
                "referral_source": "school",
                "participant_ids": [
                    Command.create({"partner_id": partner.id})
                    for partner in (cls.covered, cls.uncovered)
                ],
            }
        )
        categories = cls.env["case.data.category"].search(
            [("code", "in", ("basic", "minutes"))]
        )
        cls.consent = cls.env["case.consent"].create(
            {
                "case_id": cls.case.id,
                "signer_id": cls.parent.id,
                "recipient_partner_ids": [Command.set(cls.covered.ids)],
                "category_ids": [Command.set(categories.ids)],
                "scan": SCAN,
                "scan_filename": "consent.pdf",
            }
        )
        cls.consent.action_validate()

    def test_case_meeting_tour(self):
        self.start_tour(
            f"/odoo/action-case_management.case_case_action/{self.case.id}",
            "case_meeting_tour",
            login="tour_meeting_manager",
        )
        meeting = self.env["case.meeting"].search([("case_id", "=", self.case.id)])
        self.assertEqual(len(meeting), 1)
        self.assertEqual(meeting.meeting_format, "case_conference")
        self.assertEqual(meeting.state, "held")
        self.assertIn("Tomáš gets to school", meeting.goal)
        self.assertEqual(meeting.user_id, self.manager)
        self.assertEqual(meeting.facilitator_user_id, self.colleague)
        self.assertEqual(meeting.minute_taker_user_id, self.manager)

        # the start is the first slot the finder proposed
        search = self.env["case.meeting.slot.search"].search(
            [("meeting_id", "=", meeting.id)]
        )
        self.assertEqual(len(search), 1)
        self.assertEqual(search.required_user_ids, self.manager | self.colleague)
        slot = search.line_ids[:1]
        self.assertTrue(slot.all_required)
        self.assertEqual((meeting.start, meeting.stop), (slot.start, slot.stop))
        self.assertEqual(meeting.duration, 2.0)
        self.assertEqual(meeting.event_id.start, meeting.start)
        self.assertEqual(meeting.event_id.privacy, "private")
        # after the colleague's busy time (and its buffer), in their hours
        # (Tue-Thu 9-13) and the organiser's (the company's 8-12)
        self.assertGreaterEqual(meeting.start, self.busy.stop + timedelta(minutes=15))
        start = meeting.start.replace(tzinfo=UTC).astimezone(PRAGUE)
        stop = meeting.stop.replace(tzinfo=UTC).astimezone(PRAGUE)
        self.assertIn(start.weekday(), (1, 2, 3))
        self.assertGreaterEqual((start.hour, start.minute), (9, 0))
        self.assertLessEqual((stop.hour, stop.minute), (12, 0))

        # invitations: only the covered professional gets an e-mail
        lines = {line.partner_id: line for line in meeting.attendee_ids}
        self.assertEqual(
            set(lines),
            {self.covered, self.uncovered, self.parent, self.colleague.partner_id},
        )
        expected = {
            self.covered: ("external", "sent", "present"),
            self.uncovered: ("external", "refused", "absent"),
            self.parent: ("family", "refused", "present"),
            self.colleague.partner_id: ("internal", "no_mail", "excused_written"),
        }
        for partner, values in expected.items():
            with self.subTest(partner=partner.name):
                line = lines[partner]
                self.assertEqual(
                    (line.kind, line.invitation_state, line.attendance), values
                )
        self.assertIn("Bc. Jan Nekrytý", lines[self.uncovered].invitation_note)
        invitations = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("case_id", "=", self.case.id),
                    ("attachment_ids.name", "=", "invite.ics"),
                ]
            )
        )
        self.assertEqual(invitations.recipient_ids, self.covered)

        # minutes: the summary, the decision, approved and distributed
        self.assertEqual(meeting.minutes_state, "distributed")
        self.assertEqual(meeting.minutes_approved_by_id, self.manager)
        self.assertEqual(len(meeting.minutes_item_ids), 5)
        item = meeting.minutes_item_ids.sorted("sequence")[0]
        self.assertEqual(item.topic, "Introductions and rules of the meeting")
        self.assertIn("the mother agreed", item.summary)
        decision = meeting.decision_ids
        self.assertEqual(decision.what, "Walk Tomáš to school for two weeks")
        self.assertEqual(
            (decision.responsible_type, decision.user_id),
            ("internal", self.colleague),
        )

        # one delivery row per outsider: queued for the covered one
        deliveries = {d.partner_id: d for d in meeting.delivery_ids.sudo()}
        self.assertEqual(set(deliveries), {self.covered, self.uncovered, self.parent})
        sent = deliveries[self.covered]
        self.assertIn(sent.state, ("queued", "sent"))
        self.assertEqual(sent.mail_id.recipient_ids, self.covered)
        self.assertTrue(
            sent.mail_id.attachment_ids.filtered(
                lambda a: a.mimetype == "application/pdf"
            )
        )
        for partner in (self.uncovered, self.parent):
            with self.subTest(partner=partner.name):
                refused = deliveries[partner]
                self.assertEqual(refused.state, "refused")
                self.assertFalse(refused.mail_id)
                self.assertIn(partner.name, refused.reason)
        self.assertTrue(deliveries[self.parent].family_copy)

        # the disclosure log: the invitation and the minutes, both under the
        # consent, for the covered professional only
        disclosures = (
            self.env["case.disclosure"].sudo().search([("case_id", "=", self.case.id)])
        )
        self.assertEqual(disclosures.partner_id, self.covered)
        self.assertEqual(
            sorted(
                (d.res_model, d.res_id, tuple(d.category_ids.mapped("code")))
                for d in disclosures
            ),
            [
                ("case.meeting", meeting.id, ("basic",)),
                ("case.meeting", meeting.id, ("minutes",)),
            ],
        )
        self.assertEqual(disclosures.consent_id, self.consent)
        self.assertEqual(set(disclosures.mapped("channel")), {"email"})
