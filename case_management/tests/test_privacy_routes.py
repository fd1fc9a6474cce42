# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Route x role matrix: Odoo's own mail, calendar and contact routes around
the consent gate and the case scope (issue 11, items 1-3)."""

from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.mail.tests.common import MockEmail

from .common_consent import CaseConsentCommon

START = datetime(2027, 10, 29, 8, 0)


@tagged("post_install", "-at_install", "case_privacy")
class TestPrivacyRoutes(CaseConsentCommon, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # keep notification e-mails in the queue (tests send them explicitly)
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))
        cls.user_worker_out = new_test_user(
            cls.env,
            login="cm_worker_out",
            name="Pracovník Mimo",
            email="mimo@example.org",
            groups="base.group_user,case_management.case_management_group_worker",
        )
        cls.user_colleague = new_test_user(
            cls.env,
            login="cm_colleague",
            name="Kolega Interní",
            email="kolega@example.org",
            groups="base.group_user,case_management.case_management_group_worker",
        )
        cls.user_manager.email = "manazerka@example.org"
        cls.user_worker.email = "pracovnik@example.org"
        cls.stranger = cls.env["res.partner"].create(
            {"name": "Cizí Adresát", "email": "stranger@example.org"}
        )
        cls.mother_in.email = "jana@example.org"
        cls.venue = cls.env["case.meeting.venue"].create(
            {"name": "Klubovna Na Výsluní", "kind": "school", "address": "Most"}
        )
        cls.team_roles = {
            "manager": cls.user_manager,
            "worker": cls.user_worker,
            "coordinator": cls.user_coordinator,
        }
        cls.case_in.coordinator_user_id = cls.user_coordinator

    def setUp(self):
        super().setUp()
        # records of setUpClass carry its environment: keep the queue
        for name in ("case_in", "family_in", "mother_in", "ospod"):
            setattr(self, name, getattr(self, name).with_env(self.env))

    # ------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------

    def _mails_to(self, partner):
        return (
            self.env["mail.mail"].sudo().search([("recipient_ids", "in", partner.ids)])
        )

    def _notifications_to(self, partner):
        return (
            self.env["mail.notification"]
            .sudo()
            .search([("res_partner_id", "=", partner.id)])
        )

    def assertNothingFor(self, partner):
        self.assertFalse(self._mails_to(partner), "a mail was queued")
        self.assertFalse(self._notifications_to(partner), "a notification exists")

    def _meeting(self, partners):
        return (
            self.env["case.meeting"]
            .with_user(self.user_manager)
            .create(
                {
                    "case_id": self.case_in.id,
                    "meeting_format": "case_meeting",
                    "goal": "Domluvit docházku",
                    "start": START,
                    "venue_id": self.venue.id,
                    "location": "Klubovna Na Výsluní",
                    "user_id": self.user_manager.id,
                    "minute_taker_user_id": self.user_manager.id,
                    "attendee_ids": [
                        Command.create({"partner_id": p.id}) for p in partners
                    ],
                }
            )
        )

    # ------------------------------------------------------------
    # 1. mail around the gate
    # ------------------------------------------------------------

    def test_message_post_partner_ids_refused_for_every_role(self):
        for role, user in self.team_roles.items():
            with self.subTest(role=role):
                with self.assertRaisesRegex(UserError, "Cizí Adresát"):
                    self.case_in.with_user(user).message_post(
                        body="Jakub má ADHD",
                        partner_ids=self.stranger.ids,
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                    )
                self.assertNothingFor(self.stranger)

    def test_message_post_on_every_case_document(self):
        meeting = self._meeting(self.ospod)
        plan = self.env["case.plan"].search([("case_id", "=", self.case_in.id)])
        consent = self.make_consent(self.case_in, self.teacher, ["basic"])
        records = [self.case_in, self.family_in, meeting, consent, self.mother_in]
        records += [plan[:1]] if plan else []
        for record in records:
            with self.subTest(model=record._name):
                with self.assertRaises(UserError):
                    record.with_user(self.user_manager).message_post(
                        body="Důvěrné",
                        partner_ids=self.stranger.ids,
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                    )
                self.assertNothingFor(self.stranger)

    def test_message_post_allowed_logs_disclosure_and_rechecks(self):
        consent = self.make_consent(
            self.case_in, self.ospod, ["basic", "family_situation"]
        )
        self.case_in.with_user(self.user_worker).message_post(
            body="Krátká zpráva",
            partner_ids=self.ospod.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        mail = self._mails_to(self.ospod)
        self.assertEqual(len(mail), 1)
        disclosure = self.assertWentThroughGate(
            self.case_in, self.ospod, ["basic", "family_situation"], record=self.case_in
        )
        self.assertEqual(disclosure.mail_id, mail)
        self.assertEqual(disclosure.state, "pending")
        # the consent is withdrawn before the queue runs: nothing leaves
        consent.with_user(self.user_manager).action_withdraw(reason="Rodina nesouhlasí")
        with self.mock_mail_gateway():
            mail.send()
        self.assertEqual(mail.state, "cancel")
        self.assertIn("withdrawn", mail.failure_reason)
        self.assertEqual(disclosure.state, "cancelled")
        self.assertFalse(
            [m for m in self._mails if "ospod@example.org" in " ".join(m["email_to"])]
        )

    def test_message_post_allowed_is_sent_and_done(self):
        self.make_consent(self.case_in, self.ospod, ["basic", "family_situation"])
        self.case_in.with_user(self.user_worker).message_post(
            body="Krátká zpráva",
            partner_ids=self.ospod.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        mail = self._mails_to(self.ospod)
        with self.mock_mail_gateway():
            mail.send()
        self.assertEqual(mail.state, "sent")
        self.assertEqual(mail.case_disclosure_ids.state, "done")

    def test_composer_comment_and_mass_mail(self):
        for mode in ("comment", "mass_mail"):
            with self.subTest(mode=mode):
                composer = (
                    self.env["mail.compose.message"]
                    .with_user(self.user_worker)
                    .with_context(
                        default_model="case.case",
                        default_res_ids=self.case_in.ids,
                        default_composition_mode=mode,
                    )
                    .create(
                        {
                            "subject": "Jakub",
                            "body": "<p>Diagnóza</p>",
                            "partner_ids": [Command.set(self.stranger.ids)],
                        }
                    )
                )
                with self.assertRaisesRegex(UserError, "Cizí Adresát"):
                    composer._action_send_mail()
                self.assertNothingFor(self.stranger)

    def test_message_notify_refused(self):
        with self.assertRaisesRegex(UserError, "Cizí Adresát"):
            self.case_in.with_user(self.user_manager).message_notify(
                body="Důvěrné",
                partner_ids=self.stranger.ids,
                subject="Jakub",
            )
        self.assertNothingFor(self.stranger)

    def test_template_send_mail_recipient_ids_refused(self):
        meeting = self._meeting(self.ospod)
        template = self.env.ref("case_management.mail_template_case_meeting_invite")
        line = meeting.attendee_ids[:1]
        with self.assertRaisesRegex(UserError, "Cizí Adresát"):
            template.with_user(self.user_manager).send_mail(
                line.id,
                email_values={"recipient_ids": [Command.link(self.stranger.id)]},
            )
        self.assertNothingFor(self.stranger)

    def test_raw_address_refused(self):
        with self.assertRaisesRegex(UserError, "raw addresses"):
            # (a composer or a template creates it in sudo)
            self.env["mail.mail"].sudo().create(
                {
                    "subject": "Jakub",
                    "body_html": "<p>Diagnóza</p>",
                    "email_to": "stranger@example.org",
                    "model": "case.case",
                    "res_id": self.case_in.id,
                }
            )

    def test_external_follower_dropped_and_never_subscribed(self):
        for record in (self.case_in, self.family_in, self._meeting(self.ospod)):
            with self.subTest(model=record._name):
                record.with_user(self.user_manager).message_subscribe(
                    partner_ids=self.stranger.ids
                )
                self.assertNotIn(self.stranger, record.message_partner_ids)
        # a follower that got there around the API is dropped from notifications
        self.env["mail.followers"]._insert_followers(
            "case.case", self.case_in.ids, self.stranger.ids
        )
        self.case_in.with_user(self.user_manager).message_post(
            body="Pro tým", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertNothingFor(self.stranger)

    def test_send_time_recheck_of_notification_mail(self):
        """A mail queued by Odoo for a case record whose recipient lost the
        consent in between is cancelled at send time."""
        consent = self.make_consent(
            self.case_in, self.ospod, ["basic", "family_situation"]
        )
        self.case_in.with_user(self.user_manager).message_notify(
            body="Krátce", partner_ids=self.ospod.ids, subject="Info"
        )
        mail = self._mails_to(self.ospod)
        self.assertTrue(mail)
        consent.sudo().write({"state": "withdrawn", "withdrawn_date": "2026-01-01"})
        with self.mock_mail_gateway():
            self.env["mail.mail"].sudo().process_email_queue()
        self.assertEqual(mail.state, "cancel")

    # ------------------------------------------------------------
    # 2. case meetings on the calendar
    # ------------------------------------------------------------

    def test_event_carries_internal_users_only(self):
        meeting = self._meeting(
            self.ospod | self.mother_in | self.child_in | self.user_colleague.partner_id
        )
        event = meeting.sudo().event_id
        self.assertTrue(event)
        self.assertEqual(
            event.partner_ids,
            self.user_manager.partner_id | self.user_colleague.partner_id,
        )
        self.assertNotIn(self.ospod, event.message_partner_ids)
        self.assertNotIn(self.mother_in, event.attendee_ids.partner_id)
        self.assertEqual(len(meeting.attendee_ids), 4)

    def test_event_invisible_outside_the_team(self):
        meeting = self._meeting(self.ospod | self.mother_in)
        event = meeting.sudo().event_id
        for user in (self.user_worker_out, self.user_nogroup, self.user_manager2):
            with self.subTest(user=user.login):
                Event = self.env["calendar.event"].with_user(user)
                for domain in (
                    [("case_id", "=", self.case_in.id)],
                    [("partner_ids", "in", self.user_manager.partner_id.ids)],
                    [("location", "ilike", "Výsluní")],
                    [("name", "ilike", self.case_in.name)],
                    [("id", "=", event.id)],
                ):
                    self.assertFalse(Event.search(domain), domain)
                self.assertFalse(
                    self.env["calendar.attendee"]
                    .with_user(user)
                    .search([("event_id", "=", event.id)])
                )
                with self.assertRaises(AccessError):
                    event.with_user(user).read(["name"])
                self.assertFalse(
                    event.with_user(user).message_subscribe(
                        partner_ids=user.partner_id.ids
                    )
                )
                self.assertNotIn(user.partner_id, event.message_partner_ids)
                with self.assertRaises(AccessError):
                    self.env["mail.message"].with_user(user).search(
                        [("model", "=", "calendar.event"), ("res_id", "=", event.id)]
                    ).read(["body"])
                    event.with_user(user).message_ids.read(["body"])
        # the team sees it
        for user in (self.user_manager, self.user_worker, self.user_coordinator):
            self.assertEqual(
                self.env["calendar.event"]
                .with_user(user)
                .search([("case_id", "=", self.case_in.id)]),
                event,
            )

    def test_post_on_event_goes_through_gate(self):
        meeting = self._meeting(self.ospod | self.user_colleague.partner_id)
        event = meeting.sudo().event_id
        with self.assertRaisesRegex(UserError, "Cizí Adresát"):
            event.with_user(self.user_manager).message_post(
                body="Důvěrné",
                partner_ids=self.stranger.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        event.with_user(self.user_manager).message_subscribe(
            partner_ids=self.stranger.ids
        )
        self.assertNotIn(self.stranger, event.message_partner_ids)

    # ------------------------------------------------------------
    # 3. people of every household
    # ------------------------------------------------------------

    def test_family_members_scoped_like_cases(self):
        Partner = self.env["res.partner"]
        # the team reads its family
        for user in (self.user_manager, self.user_worker):
            Partner.with_user(user).browse(self.mother_in.id).read(["name"])
            with self.assertRaises(AccessError):
                Partner.with_user(user).browse(self.child_out.id).read(["name"])
            children = Partner.with_user(user).search([("is_child", "=", True)])
            self.assertIn(self.child_in, children)
            self.assertNotIn(self.child_out, children)
        # a worker outside the team sees none of them
        found = Partner.with_user(self.user_worker_out).search(
            [("name", "ilike", "Dvořák")]
        )
        self.assertFalse(found)
        with self.assertRaises(AccessError):
            Partner.with_user(self.user_worker_out).browse(self.child_in.id).read(
                ["name"]
            )
        # a plain internal user: no person, no birth date, no child search
        self.assertFalse(
            Partner.with_user(self.user_nogroup).search(
                [("id", "in", (self.child_in | self.child_out | self.mother_in).ids)]
            )
        )
        with self.assertRaises(AccessError):
            Partner.with_user(self.user_nogroup).search([("is_child", "=", True)])
        with self.assertRaises(AccessError):
            Partner.with_user(self.user_nogroup).search_read(
                [("birthdate", "!=", False)], ["birthdate"]
            )
        # coordinators read every person
        coordinator = Partner.with_user(self.user_coordinator)
        coordinator.browse((self.child_in | self.child_out).ids).read(["birthdate"])
        # ordinary contacts and users keep working for everyone
        for user in (self.user_nogroup, self.user_worker_out):
            Partner.with_user(user).browse(
                (self.teacher | self.school | self.user_manager.partner_id).ids
            ).read(["name", "email"])

    @mute_logger("odoo.models.unlink")
    def test_family_member_created_by_team_is_readable(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.user_manager)
            .create(
                {
                    "name": "Nová Dvořáková",
                    "case_family_id": self.family_in.id,
                    "family_role": "other_adult",
                }
            )
        )
        partner.read(["name"])
        with self.assertRaises(AccessError):
            partner.with_user(self.user_worker_out).read(["name"])

    def test_form_of_case_still_opens(self):
        # the case form (with the family members' names) still works for the team
        with Form(self.case_in.with_user(self.user_worker)) as form:
            self.assertTrue(form.family_id)

    def test_external_cannot_be_added_to_case_event(self):
        meeting = self._meeting(self.ospod)
        event = meeting.sudo().event_id
        with self.assertRaisesRegex(ValidationError, "internal users only"):
            event.with_user(self.user_manager).write(
                {"partner_ids": [Command.link(self.ospod.id)]}
            )

    def test_internal_colleague_outside_team_is_not_notified(self):
        """A colleague outside the team (e.g. given an activity) is left out
        of the notification instead of breaking the flow."""
        colleague = self.user_colleague.partner_id
        self.case_in.with_user(self.user_manager).message_notify(
            body="Úkol", partner_ids=colleague.ids, subject="Úkol"
        )
        self.assertNothingFor(colleague)
        # a team member is notified as usual
        self.case_in.with_user(self.user_manager).message_notify(
            body="Úkol", partner_ids=self.user_worker.partner_id.ids, subject="Úkol"
        )
        self.assertTrue(self._notifications_to(self.user_worker.partner_id))
