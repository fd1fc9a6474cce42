# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Issue 11, items 4 to 11: role fields, moved records, names across cases,
wizard drafts, the statutory path, header injection, public links, access
log, subject access and hostile input, per role."""

import base64
import json
import os
from datetime import timedelta
from email import message_from_string

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common_consent import CaseConsentMixin
from .test_meeting import CaseMeetingCommon
from .test_plan import CasePlanCommon


@tagged("post_install", "-at_install", "case_scope")
class TestScopeHardening(CasePlanCommon, CaseConsentMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a case worker who is in the team of case_in only
        cls.user_team = cls.env["res.users"].create(
            {
                "name": "Týmová Pracovnice",
                "login": "cm_team",
                "groups_id": [
                    Command.set(
                        [
                            cls.env.ref("base.group_user").id,
                            cls.env.ref(
                                "case_management.case_management_group_worker"
                            ).id,
                        ]
                    )
                ],
            }
        )
        cls.case_in.write({"team_user_ids": [Command.link(cls.user_team.id)]})
        cls.ospod.write(
            {
                "professional_role_id": cls.env.ref("case_management.role_ospod").id,
                "email": "ospod@example.org",
            }
        )

    # ------------------------------------------------------------
    # Item 4: role fields and the case code
    # ------------------------------------------------------------

    def test_worker_cannot_take_over_the_case(self):
        for user in (self.user_worker, self.user_team):
            case = self.case_in.with_user(user)
            for vals in (
                {"manager_id": user.id},
                {"key_worker_user_id": user.id},
                {"coordinator_user_id": user.id},
                {"team_user_ids": [Command.link(self.user_manager2.id)]},
                {"team_user_ids": [Command.unlink(self.user_worker.id)]},
            ):
                with self.subTest(user=user.login, vals=vals):
                    self.env.invalidate_all()
                    with self.assertRaisesRegex(AccessError, "case manager"):
                        case.write(vals)
        self.assertEqual(self.case_in.manager_id, self.user_manager)
        self.assertNotIn(self.user_manager2, self.case_in.team_user_ids)

    def test_manager_and_coordinator_change_roles_tracked(self):
        self.case_in.with_user(self.user_manager).write(
            {"team_user_ids": [Command.link(self.user_manager2.id)]}
        )
        self.assertIn(self.user_manager2, self.case_in.team_user_ids)
        self.case_in.with_user(self.user_coordinator).write(
            {"manager_id": self.user_manager2.id}
        )
        self.assertEqual(self.case_in.manager_id, self.user_manager2)
        tracked = self.case_in._track_get_fields()
        for fname in (
            "manager_id",
            "key_worker_user_id",
            "coordinator_user_id",
            "team_user_ids",
        ):
            self.assertIn(fname, tracked)
        # the former manager, now outside the case, can no longer hand it over
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.case_in.with_user(self.user_manager).write(
                {"manager_id": self.user_manager.id}
            )

    def test_case_code_never_writable(self):
        for user in (self.user_worker, self.user_manager, self.user_coordinator):
            with self.subTest(user=user.login):
                self.env.invalidate_all()
                with self.assertRaises(AccessError):
                    self.case_in.with_user(user).write({"name": "Jakub Dvořák – ADHD"})
        case = (
            self.env["case.case"]
            .with_user(self.user_manager)
            .create(
                {
                    "name": "Jakub Dvořák – ADHD",
                    "referral_source": "self",
                    "focus_partner_ids": [Command.set(self.child_in.ids)],
                }
            )
        )
        self.assertNotIn("Jakub", case.name)
        self.assertNotEqual(case.name, "New")

    def test_case_code_line_breaks(self):
        with self.assertRaises(ValidationError):
            self.case_in.write({"name": "C-1\r\nBcc: x@example.org"})

    def test_reassign_wizard_still_works(self):
        wizard = (
            self.env["case.reassign"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "from_user_id": self.user_worker.id,
                    "to_user_id": self.user_manager2.id,
                }
            )
        )
        wizard.action_reassign()
        self.assertEqual(self.case_in.key_worker_user_id, self.user_manager2)

    # ------------------------------------------------------------
    # Item 5: moving records into a case one cannot write
    # ------------------------------------------------------------

    def test_parent_fields_of_every_case_model(self):
        Base = self.env["base"]
        expected = {
            "case.factor": "case_id",
            "case.contact": "case_id",
            "case.participant": "case_id",
            "case.help": "case_id",
            "case.plan": "case_id",
            "case.plan.goal": "plan_id",
            "case.plan.step": "plan_id",
            "case.meeting": "case_id",
            "case.meeting.agenda": "meeting_id",
            "case.meeting.attendee": "meeting_id",
            "case.meeting.decision": "meeting_id",
            "case.consent": "case_id",
            "case.circle.notify": "case_id",
        }
        for model, fname in expected.items():
            with self.subTest(model=model):
                parents, _links = self.env[model]._case_scope_info()
                self.assertIn(fname, parents)
        self.assertIn(
            "origin_goal_id", self.env["case.plan.goal"]._case_scope_info()[1]
        )
        self.assertFalse(Base._case_is_scoped_model("res.partner"))

    def test_worker_cannot_move_records_out_of_scope(self):
        plan_in = self.make_plan(self.case_in)
        plan_out = self.make_plan(self.case_out)
        contact = self.env["case.contact"].create(
            {"case_id": self.case_in.id, "contact_type": "home_visit"}
        )
        goal = plan_in.goal_ids[:1]
        moves = [
            (self.factor_in, {"case_id": self.case_out.id}),
            (self.participant_in, {"case_id": self.case_out.id}),
            (contact, {"case_id": self.case_out.id}),
            (goal, {"plan_id": plan_out.id}),
        ]
        for user in (self.user_worker, self.user_team, self.user_manager):
            for record, vals in moves:
                with self.subTest(user=user.login, model=record._name):
                    self.env.invalidate_all()
                    with (
                        self.assertRaises(AccessError),
                        mute_logger("odoo.addons.base.models.ir_rule"),
                    ):
                        record.with_user(user).write(vals)
            with self.subTest(user=user.login, op="create"):
                self.env.invalidate_all()
                with (
                    self.assertRaises(AccessError),
                    mute_logger("odoo.addons.base.models.ir_rule"),
                ):
                    self.env["case.factor"].with_user(user).create(
                        {"case_id": self.case_out.id, "kind": "risk"}
                    )
        self.assertEqual(self.factor_in.case_id, self.case_in)
        self.assertEqual(goal.plan_id, plan_in)
        # inside the own case everything still works
        self.env["case.factor"].with_user(self.user_team).create(
            {"case_id": self.case_in.id, "kind": "protective"}
        )

    # ------------------------------------------------------------
    # Item 6: names across cases
    # ------------------------------------------------------------

    def test_same_case_on_cross_links(self):
        plan_in = self.make_plan(self.case_in)
        plan_out = self.make_plan(self.case_out)
        foreign_goal = plan_out.goal_ids[:1]
        goal = plan_in.goal_ids[:1]
        for user in (self.user_manager, self.user_coordinator):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(ValidationError, "same case") as error:
                    goal.with_user(user).write({"origin_goal_id": foreign_goal.id})
                self.assertNotIn(foreign_goal.name, str(error.exception))
        self.env.invalidate_all()
        self.assertFalse(goal.origin_goal_id)
        step = plan_in.step_ids[:1]
        with self.assertRaisesRegex(ValidationError, "same case"):
            step.with_user(self.user_manager).write({"goal_id": foreign_goal.id})

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_access_error_names_no_goal(self):
        plan_out = self.make_plan(self.case_out)
        goal = plan_out.goal_ids[:1]
        self.factor_out.description = "Otec recidivoval"
        for record in (goal, self.factor_out, self.participant_out):
            with self.subTest(model=record._name):
                self.env.invalidate_all()
                with self.assertRaises(AccessError) as error:
                    record.with_user(self.user_manager).read(["display_name"])
                message = str(error.exception)
                for secret in (goal.name, "Otec", "Amálka", "Nováková"):
                    self.assertNotIn(secret, message)

    # ------------------------------------------------------------
    # Item 7: wizard drafts
    # ------------------------------------------------------------

    @mute_logger("odoo.addons.base.models.ir_rule")
    def test_wizard_drafts_are_private(self):
        draft = (
            self.env["case.circle.notify"]
            .with_user(self.user_manager)
            .create(
                {
                    "case_id": self.case_in.id,
                    "subject": "Father relapsed",
                    "body": "<p>father relapsed</p>",
                }
            )
        )
        self.env.invalidate_all()
        for user in (self.user_manager2, self.user_coordinator, self.user_worker):
            with self.subTest(user=user.login):
                Notify = self.env["case.circle.notify"].with_user(user)
                self.assertFalse(Notify.search([("id", "=", draft.id)]))
                with self.assertRaises(AccessError):
                    Notify.browse(draft.id).read(["body"])
        self.assertEqual(draft.with_user(self.user_manager).subject, "Father relapsed")
        rules = self.env["ir.rule"].search(
            [("domain_force", "=", "[('create_uid', '=', user.id)]")]
        )
        wizards = {
            model
            for model in self.env.registry
            if model.startswith("case.") and self.env[model]._transient
        }
        self.assertTrue(wizards)
        self.assertEqual(
            {m for m in rules.model_id.mapped("model") if m.startswith("case.")},
            wizards,
        )

    # ------------------------------------------------------------
    # Item 8: the statutory path
    # ------------------------------------------------------------

    def test_statutory_path_closed_list(self):
        basis = self.env.ref("case_management.legal_basis_ospod_notification")
        vals = {
            "case_id": self.case_in.id,
            "partner_ids": [Command.set(self.ospod.ids)],
            "statutory": True,
            "legal_basis_id": basis.id,
            "subject": "Oznámení",
            "body": "<p>x</p>",
        }
        # a case worker cannot use it at all
        wizard = self.env["case.circle.notify"].with_user(self.user_worker).create(vals)
        with self.assertRaises(AccessError):
            wizard.action_send()
        with self.assertRaises(AccessError):
            self.case_in.with_user(self.user_worker)._case_statutory_check(
                basis, self.ospod
            )
        case = self.case_in.with_user(self.user_manager)
        # free text is not a legal basis
        with self.assertRaises(UserError):
            case._case_statutory_check("because I say so", self.ospod)
        # the basis allows OSPOD only
        _basis, refused = case._case_statutory_check(basis, self.ospod | self.teacher)
        self.assertEqual(list(refused), [self.teacher])
        wizard = (
            self.env["case.circle.notify"]
            .with_user(self.user_manager)
            .create(dict(vals, partner_ids=[Command.set(self.teacher.ids)]))
        )
        with self.assertRaises(UserError):
            wizard.action_send()
        wizard = (
            self.env["case.circle.notify"].with_user(self.user_manager).create(vals)
        )
        wizard.action_send()
        disclosure = self.env["case.disclosure"].search(
            [("case_id", "=", self.case_in.id), ("partner_id", "=", self.ospod.id)]
        )
        self.assertEqual(disclosure.legal_basis, basis.code)
        self.assertFalse(
            self.env["case.disclosure"].search(
                [
                    ("case_id", "=", self.case_in.id),
                    ("partner_id", "=", self.teacher.id),
                ]
            )
        )
        # an archived basis is refused
        basis.active = False
        with self.assertRaises(UserError):
            case._case_statutory_check(basis, self.ospod)

    def test_statutory_wizard(self):
        basis = self.env.ref("case_management.legal_basis_court_request")
        wizard = (
            self.env["case.circle.notify"]
            .with_user(self.user_manager)
            .create(
                {
                    "case_id": self.case_in.id,
                    "partner_ids": [Command.set(self.ospod.ids)],
                    "statutory": True,
                    "legal_basis_id": basis.id,
                    "subject": "Sdělení soudu",
                    "body": "<p>x</p>",
                }
            )
        )
        # OSPOD is not a court
        self.assertIn(self.ospod.name, wizard.refused_text)
        with self.assertRaises(UserError):
            wizard.action_send()

    # ------------------------------------------------------------
    # Item 9: CR/LF in headers
    # ------------------------------------------------------------

    def test_partner_name_line_breaks(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner"].create(
                {"name": "Eva\r\nReply-To: attacker@example.org\r\n\r\nfake body"}
            )
        with self.assertRaises(ValidationError):
            self.teacher.write({"name": "Karel\nBcc: x@example.org"})

    def test_mail_headers_on_one_line(self):
        message = self.env["ir.mail_server"].build_email(
            '"Eva\r\nReply-To: attacker@example.org" <eva@example.org>',
            ['"Karel\nBcc: x@example.org" <karel@example.org>'],
            "Pozvánka\r\nX-Injected: yes",
            "<p>body</p>",
            subtype="html",
        )
        parsed = message_from_string(message.as_string())
        # one Reply-To (Odoo's own: the sender), no injected header
        self.assertEqual(len(parsed.get_all("Reply-To")), 1)
        self.assertNotIn("attacker", parsed["Reply-To"].split("<")[-1])
        self.assertIsNone(parsed["X-Injected"])
        self.assertIsNone(parsed["Bcc"])

    # ------------------------------------------------------------
    # Item 11: access log, subject access, hostile input
    # ------------------------------------------------------------

    def test_rpc_read_is_logged(self):
        Log = self.env["case.access.log"].sudo()
        domain = [
            ("case_id", "=", self.case_in.id),
            ("user_id", "=", self.user_worker.id),
        ]
        before = Log.search_count(domain)
        self.case_in.with_user(self.user_worker).read(["health_notes"])
        self.assertEqual(Log.search_count(domain), before + 1)
        self.env["case.case"].with_user(self.user_worker).search_read(
            [("id", "=", self.case_in.id)], ["name"]
        )
        self.assertEqual(Log.search_count(domain), before + 2)
        # the form's web_read logs one row, not two
        self.case_in.with_user(self.user_worker).web_read({"name": {}})
        self.assertEqual(Log.search_count(domain), before + 3)

    def test_subject_access_of_a_professional_has_no_family_consent(self):
        self.make_consent(
            self.case_in, self.ospod, ["basic", "health"], signer_id=self.mother_in.id
        )
        wizard = (
            self.env["case.subject.access"]
            .with_user(self.user_coordinator)
            .create({"partner_id": self.ospod.id})
        )
        self.assertFalse(wizard._subject_records()["consents"])
        # the mother who signed still gets hers
        wizard = (
            self.env["case.subject.access"]
            .with_user(self.user_coordinator)
            .create({"partner_id": self.mother_in.id})
        )
        self.assertTrue(wizard._subject_records()["consents"])

    def test_hostile_numbers_and_dates(self):
        plan = self.make_plan(self.case_in)
        contact = self.env["case.contact"].create(
            {"case_id": self.case_in.id, "contact_type": "home_visit"}
        )
        user = self.user_manager
        cases = [
            (contact, {"duration": 1e12}),
            (contact, {"duration": -3}),
            (contact, {"date": "0001-01-01 10:00:00"}),
            (contact, {"date": "9999-12-31 10:00:00"}),
            (plan, {"review_interval_months": 2**40}),
            (plan, {"review_interval_months": -1}),
            (self.case_in, {"plan_review_interval_months": 2**40}),
            (self.case_in, {"start_date": "0001-01-01"}),
            (plan.goal_ids[:1], {"name": " "}),
            (plan.goal_ids[:1], {"name": "x" * 100000}),
            (self.factor_in, {"identified_on": "9999-01-01"}),
        ]
        for record, vals in cases:
            with (
                self.subTest(model=record._name, vals=str(vals)[:60]),
                self.assertRaises(ValidationError),
            ):
                record.with_user(user).write(vals)
        with self.assertRaises(ValidationError):
            self.env["case.contact"].with_user(user).create(
                {
                    "case_id": self.case_in.id,
                    "contact_type": "home_visit",
                    "duration": 1e12,
                }
            )

    def test_consent_scan_size_and_type(self):
        consent = self.make_consent(self.case_in, self.ospod, ["basic"], valid=False)
        self.env["ir.config_parameter"].set_param("case_management.upload_max_mb", 1)
        big = base64.b64encode(b"%PDF-1.4" + os.urandom(2 * 1024 * 1024))
        with self.assertRaisesRegex(ValidationError, "too large"):
            consent.with_user(self.user_manager).write({"scan": big})
        random_file = base64.b64encode(os.urandom(4096))
        with self.assertRaisesRegex(ValidationError, "PDF, PNG or JPEG"):
            consent.with_user(self.user_manager).write({"scan": random_file})
        pdf = base64.b64encode(b"%PDF-1.4 a signed consent")
        consent.with_user(self.user_manager).write({"scan": pdf})

    def test_case_attachment_size(self):
        """A file attached to a case record (chatter, documents) obeys the
        same cap as the scans, by ``datas`` or ``raw``, on create and write;
        files of other records are not concerned."""
        self.env["ir.config_parameter"].set_param("case_management.upload_max_mb", 1)
        Attachment = self.env["ir.attachment"].with_user(self.user_manager)
        big = os.urandom(2 * 1024 * 1024)
        with self.assertRaisesRegex(ValidationError, "too large"):
            Attachment.create(
                {
                    "name": "huge.pdf",
                    "datas": base64.b64encode(big),
                    "res_model": "case.case",
                    "res_id": self.case_in.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "too large"):
            Attachment.create(
                {
                    "name": "huge.pdf",
                    "raw": big,
                    "res_model": "case.case",
                    "res_id": self.case_in.id,
                }
            )
        small = Attachment.create(
            {
                "name": "small.pdf",
                "raw": b"%PDF-1.4 small",
                "res_model": "case.case",
                "res_id": self.case_in.id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "too large"):
            small.write({"raw": big})
        self.assertEqual(small.raw, b"%PDF-1.4 small")
        # not a case record: Odoo's own rules apply
        other = self.env["ir.attachment"].create(
            {"name": "other.bin", "raw": big, "res_model": "res.partner"}
        )
        self.assertEqual(other.file_size, len(big))


@tagged("post_install", "-at_install", "case_scope")
class TestPublicLinks(CaseMeetingCommon):
    def _invited_line(self):
        meeting = self._meeting()
        meeting.action_send_invitations()
        line = meeting.attendee_ids.filtered(
            lambda a: a.partner_id == self.school_teacher
        )
        token = line._rsvp_token()
        return meeting, line, token

    def test_rsvp_link_alive_only_while_it_should(self):
        Attendee = self.env["case.meeting.attendee"]
        _meeting, line, token = self._invited_line()
        self.assertEqual(Attendee._find_by_rsvp_token(line.id, token), line)
        # wrong id, wrong token, unknown id: nothing
        self.assertFalse(Attendee._find_by_rsvp_token(line.id + 1, token))
        self.assertFalse(Attendee._find_by_rsvp_token(line.id, token[:-2] + "00"))
        self.assertFalse(Attendee._find_by_rsvp_token(10**9, token))
        # lifetime
        self.env["ir.config_parameter"].set_param("case_management.public_link_days", 1)
        old = fields.Datetime.now() - timedelta(days=2)
        self.env.cr.execute(
            "UPDATE mail_mail SET create_date = %s WHERE id = %s",
            (old, line.invitation_mail_id.id),
        )
        self.env.invalidate_all()
        self.assertFalse(Attendee._find_by_rsvp_token(line.id, token))
        self.env["ir.config_parameter"].set_param(
            "case_management.public_link_days", 60
        )
        self.assertTrue(Attendee._find_by_rsvp_token(line.id, token))
        # refused by the gate
        line.sudo().invitation_state = "refused"
        self.assertFalse(Attendee._find_by_rsvp_token(line.id, token))
        line.sudo().invitation_state = "sent"
        # closed case
        closed = self.env["case.stage"].search([("is_closed", "=", True)], limit=1)
        self.case_in.sudo().write(
            {"stage_id": closed.id, "closure_reason": "goals_met"}
        )
        self.assertFalse(Attendee._find_by_rsvp_token(line.id, token))

    def test_rsvp_link_dies_with_cancelled_meeting(self):
        Attendee = self.env["case.meeting.attendee"]
        meeting, line, token = self._invited_line()
        meeting.sudo().state = "cancelled"
        self.assertFalse(Attendee._find_by_rsvp_token(line.id, token))

    def test_rate_limiter(self):
        Hit = self.env["case.public.link.hit"]
        key = {"token:test-limiter": 3}
        self.assertFalse(any(Hit._hit(key) for _i in range(3)))
        self.assertTrue(Hit._hit(key))


@tagged("post_install", "-at_install", "case_scope")
class TestDebugNames(CasePlanCommon, HttpCase):
    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_debug_mode_names_only_ids(self):
        """``?debug=1`` lists the forbidden records by id only: neither a
        name nor the case code (which would tie the ids to a case)."""
        plan_out = self.make_plan(self.case_out)
        goal = plan_out.goal_ids[:1]
        self.factor_out.description = "Otec recidivoval"
        self.authenticate("cm_manager", "cm_manager")
        for record in (goal, self.factor_out, plan_out.step_ids[:1] or goal):
            with self.subTest(model=record._name):
                response = self.url_open(
                    "/web/dataset/call_kw?debug=1",
                    data=json.dumps(
                        {
                            "jsonrpc": "2.0",
                            "method": "call",
                            "params": {
                                "model": record._name,
                                "method": "read",
                                "args": [record.ids, ["display_name"]],
                                "kwargs": {},
                            },
                        }
                    ),
                    headers={"Content-Type": "application/json"},
                )
                error = response.json()["error"]["data"]
                self.assertEqual(error["name"], "odoo.exceptions.AccessError")
                self.assertIn(f"- {record._name}: {record.id}", error["message"])
                for secret in (self.case_out.name, goal.name, "Otec", "Amálka"):
                    self.assertNotIn(secret, error["message"])
