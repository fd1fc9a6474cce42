# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hostile input to the wizards, property-based (hypothesis).

The free-slot finder (weeks, duration, buffer, preferred time, time zone) and
the closure wizard (reason, date, summary, notify flag): whatever the case
manager types, creating and running the wizard either succeeds or raises
``ValidationError`` / ``UserError`` / ``AccessError`` with a readable message
-- never a psycopg2 error or another exception -- and a refused closure
leaves the case open (nothing half-written). Each example runs in a
savepoint; the example counts stay small so that the suite runs in seconds.

The same for the consent and its withdrawal wizard, the referral and any
sequence of its buttons, the meeting minutes (write, approve, distribute), the
reassign wizard and the plan share wizard: most examples spoil one or two
values of an otherwise sane input, so that both outcomes occur, and each
property asserts that some examples succeed and some are refused.

Found with it: a required date, selection or many2one given empty on create
(a consent without ``valid_from``, a referral without a category, a
withdrawal without a date) reached PostgreSQL's NOT NULL as an
``IntegrityError``; the scope guard now refuses it ("... cannot be empty.").
"""

from datetime import date, timedelta

import psycopg2
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_consent import SCAN, CaseConsentMixin
from .test_hostile_properties import ALLOWED, HOSTILE_TEXT, TEXT
from .test_meeting_minutes import MinutesCommon
from .test_plan import CasePlanCommon

# a date of any year, or empty (False)
DATE = st.none() | st.dates()
SANE_DATE = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
SANE_TEXT = st.sampled_from(
    ["Spolupráce se školou", "Jídlo na týden", "Dluhy a exekuce", "Matka nesouhlasí"]
)
BAD_TEXT = TEXT | HOSTILE_TEXT
# always refused: PostgreSQL cannot store NUL; longer than any text field allows
REFUSED_TEXT = st.sampled_from(["Poznámka\x00konec", "x" * 100000])
TZ = st.sampled_from(["Europe/Prague", "UTC", "", "Mars/Olympus", "x" * 300])
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


class HostileAttemptMixin:
    def _attempt(self, label, run):
        """Run ``run()`` in a savepoint: return True on success, False on a
        clean refusal; fail on anything else."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                run()
                self.env.flush_all()
            return True
        except ALLOWED as exc:
            message = str(exc.args[0] if exc.args else "")
            self.assertTrue(message.strip(), label)
            self.assertNotIn("Traceback", message)
            return False
        except psycopg2.Error as exc:
            self.fail(f"{label} reached PostgreSQL unchecked: {exc}")
        finally:
            self.env.invalidate_all()

    def _count(self, model, domain):
        return self.env[model].sudo().search_count(domain)


@tagged("post_install", "-at_install", "case_hostile")
class TestHostileWizards(HostileAttemptMixin, CasePlanCommon, CaseConsentMixin):
    def test_slot_finder(self):
        done = []

        @SETTINGS
        @given(
            weeks=st.integers(min_value=-(2**31), max_value=2**31 - 1),
            duration=st.floats(
                min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False
            ),
            buffer_minutes=st.integers(min_value=-(2**31), max_value=2**31 - 1),
            preferred=st.sampled_from(["any", "morning", "afternoon"]),
            tz=TZ,
        )
        @example(weeks=2, duration=1.5, buffer_minutes=15, preferred="any", tz="UTC")
        def prop(weeks, duration, buffer_minutes, preferred, tz):
            vals = {
                "case_id": self.case_in.id,
                "weeks": weeks,
                "duration": duration,
                "buffer_minutes": buffer_minutes,
                "preferred": preferred,
                "tz": tz,
                "required_user_ids": [Command.set(self.user_manager.ids)],
            }

            def run():
                wizard = (
                    self.env["case.meeting.slot.search"]
                    .with_user(self.user_manager)
                    .create(vals)
                )
                wizard.action_search()

            done.append(self._attempt(f"slot search {vals}", run))

        prop()
        self.assertTrue(any(done), "sane values find slots")
        self.assertFalse(all(done), "hostile values are refused")

    def test_closure(self):
        done = []
        reasons = [
            key
            for key, _label in self.env["case.case.close"]
            ._fields["closure_reason"]
            ._description_selection(self.env)
        ]

        @SETTINGS
        @given(
            reason=st.sampled_from(reasons),
            summary=TEXT | HOSTILE_TEXT,
            date=st.dates().map(lambda d: d.isoformat()),
            notify=st.booleans(),
        )
        def prop(reason, summary, date, notify):
            vals = {
                "closure_reason": reason,
                "summary": summary,
                "date": date,
                "notify_circle": notify,
                "letter_recipient_ids": [Command.set(self.mother_in.ids)],
            }

            def run():
                wizard = (
                    self.env["case.case.close"]
                    .with_user(self.user_manager)
                    .with_context(default_case_id=self.case_in.id)
                    .create(vals)
                )
                wizard.action_close()

            closed = self._attempt(f"closure {str(vals)[:200]}", run)
            done.append(closed)
            if not closed:
                self.assertFalse(self.case_in.is_closed, "nothing half-written")

        prop()
        self.assertEqual(len(done), 25)

    def test_consent(self):
        """Dates (any year, either order, empty), recipients, categories,
        texts, scan: each example spoils up to two of them. A refused consent
        leaves no row; a refused withdrawal (hostile reason or date) leaves
        the consent valid."""
        created, withdrawn = [], []
        categories = self.env["case.data.category"].search([], limit=3)
        people = self.ospod | self.teacher | self.mother_in
        on_case = [("case_id", "=", self.case_in.id)]
        fields_ = ["from", "to", "order", "categories", "recipients"]
        fields_ += ["purpose", "version", "scan"]

        @SETTINGS
        @given(
            start=SANE_DATE,
            span=st.none() | st.integers(min_value=0, max_value=2000),
            bad_from=DATE,
            bad_to=DATE,
            count=st.integers(min_value=1, max_value=3),
            sane=SANE_TEXT,
            bad=BAD_TEXT,
            spoil=st.sets(st.sampled_from(fields_), max_size=2),
            after=st.integers(min_value=0, max_value=400),
            spoil_withdrawal=st.sets(st.sampled_from(["reason", "date"]), max_size=1),
        )
        def prop(
            start,
            span,
            bad_from,
            bad_to,
            count,
            sane,
            bad,
            spoil,
            after,
            spoil_withdrawal,
        ):
            valid_from = bad_from if "from" in spoil else start
            valid_to = start + timedelta(days=span) if span is not None else None
            if "to" in spoil:
                valid_to = bad_to
            elif "order" in spoil:
                valid_to = start - timedelta(days=(span or 0) + 1)
            scan = "scan" not in spoil
            vals = {
                "case_id": self.case_in.id,
                "signer_id": self.mother_in.id,
                "valid_from": valid_from or False,
                "valid_to": valid_to or False,
                "category_ids": [
                    Command.set([] if "categories" in spoil else categories[:count].ids)
                ],
                "recipient_partner_ids": [
                    Command.set([] if "recipients" in spoil else people[:count].ids)
                ],
                "purpose": bad if "purpose" in spoil else sane,
                "text_version": bad if "version" in spoil else "1.0",
                "scan": SCAN if scan else False,
                "scan_filename": "souhlas.pdf" if scan else False,
            }
            label = f"consent {str(vals)[:300]}"
            before = self._count("case.consent", on_case)
            consent = self.env["case.consent"]

            def create():
                nonlocal consent
                consent = (
                    self.env["case.consent"].with_user(self.user_manager).create(vals)
                )
                consent.action_validate()

            ok = self._attempt(label, create)
            created.append(ok)
            if not ok:
                self.assertEqual(
                    self._count("case.consent", on_case), before, "no consent row"
                )
                return
            self.assertEqual(consent.state, "valid")
            reason = bad if "reason" in spoil_withdrawal else sane
            date = bad_to if "date" in spoil_withdrawal else start + timedelta(after)

            def withdraw():
                wizard = (
                    self.env["case.consent.withdraw"]
                    .with_user(self.user_manager)
                    .with_context(default_consent_id=consent.id)
                    .create({"date": date or False, "reason": reason})
                )
                wizard.action_withdraw()

            ok = self._attempt(f"withdraw {reason[:80]!r} {date}", withdraw)
            withdrawn.append(ok)
            self.assertEqual(consent.state, "withdrawn" if ok else "valid")
            if not ok:
                self.assertFalse(consent.withdrawn_date, "nothing half-written")

        prop()
        self.assertTrue(any(created), "sane consents are recorded")
        self.assertFalse(all(created), "hostile consents are refused")
        self.assertTrue(any(withdrawn), "sane withdrawals go through")
        self.assertFalse(all(withdrawn), "hostile withdrawals are refused")

    def test_referral(self):
        """Need, reason, dates, provider, category, shared data, channel,
        refusal reason (up to two spoiled per example) and any sequence of its
        buttons: a refused create leaves no row; a refused button changes
        nothing (no state change, no gap, no disclosure)."""
        created, pressed = [], []
        provider = self.env["res.partner"].create(
            {
                "name": "Dluhová poradna Most",
                "email": "poradna@example.org",
                "is_service_provider": True,
            }
        )
        service = self.env.ref("case_management.service_category_debt")
        shared = self.env["case.data.category"].search([], limit=1)
        buttons = [
            "action_send",
            "action_accept",
            "action_wait",
            "action_no_capacity",
            "action_refuse",
            "action_no_provider",
            "action_start",
            "action_step_down",
            "action_done",
            "action_revoke",
            "action_create_gap",
        ]
        fields_ = ["need", "reason", "date", "follow_up", "provider", "category"]

        @SETTINGS
        @given(
            start=SANE_DATE,
            sane=SANE_TEXT,
            bad=BAD_TEXT,
            bad_date=DATE,
            spoil=st.sets(st.sampled_from(fields_), max_size=2),
            share=st.booleans(),
            channel=st.sampled_from(["email", "printed", "phone"]),
            refusal=st.sampled_from([False, "target_group", "other"]),
            sequence=st.lists(st.sampled_from(buttons), min_size=1, max_size=5),
        )
        @example(
            start=date(2026, 1, 10),
            sane="Jídlo na týden",
            bad="",
            bad_date=None,
            spoil=set(),
            share=False,
            channel="phone",
            refusal=False,
            sequence=["action_send", "action_no_capacity", "action_create_gap"],
        )
        def prop(start, sane, bad, bad_date, spoil, share, channel, refusal, sequence):
            vals = {
                "case_id": self.case_in.id,
                "need": bad if "need" in spoil else sane,
                "reason": bad if "reason" in spoil else sane,
                "date": (bad_date if "date" in spoil else start) or False,
                "follow_up_date": (bad_date if "follow_up" in spoil else start)
                or False,
                "partner_id": False if "provider" in spoil else provider.id,
                "category_id": False if "category" in spoil else service.id,
                "data_category_ids": [Command.set(shared.ids if share else [])],
                "channel": channel,
                "refusal_reason": refusal,
            }
            on_case = [("case_id", "=", self.case_in.id)]
            before = self._count("case.referral", on_case)
            referral = self.env["case.referral"]

            def create():
                nonlocal referral
                referral = (
                    self.env["case.referral"].with_user(self.user_manager).create(vals)
                )

            ok = self._attempt(f"referral {str(vals)[:300]}", create)
            created.append(ok)
            if not ok:
                self.assertEqual(
                    self._count("case.referral", on_case), before, "no referral row"
                )
                return
            shared_log = [
                ("res_model", "=", "case.referral"),
                ("res_id", "=", referral.id),
            ]
            for button in sequence:
                state, gap = referral.state, referral.gap_id
                gaps = self._count("case.service.gap", on_case)
                disclosures = self._count("case.disclosure", shared_log)
                ok = self._attempt(f"{button} on {state}", getattr(referral, button))
                pressed.append(ok)
                if not ok:
                    self.assertEqual(referral.state, state, button)
                    self.assertEqual(referral.gap_id, gap, button)
                    self.assertEqual(
                        self._count("case.service.gap", on_case), gaps, button
                    )
                    self.assertEqual(
                        self._count("case.disclosure", shared_log), disclosures, button
                    )

        prop()
        self.assertTrue(any(created), "sane referrals are recorded")
        self.assertFalse(all(created), "hostile referrals are refused")
        self.assertTrue(any(pressed), "buttons in order work")
        self.assertFalse(all(pressed), "buttons out of order are refused")

    def test_reassign(self):
        """Any pair of users (the same one twice, users without cases or
        without access), closed cases or not, any reason, run by the
        coordinator (the wizard is the coordinator's): a refusal changes no
        case's roles; a success leaves the departing worker in none of the
        moved cases."""
        done = []
        users = (
            self.user_manager
            | self.user_manager2
            | self.user_worker
            | self.user_coordinator
            | self.user_nogroup
        )
        Case = self.env["case.case"].sudo()

        def roles():
            return {
                case.id: (
                    case.manager_id,
                    case.key_worker_user_id,
                    case.coordinator_user_id,
                    case.team_user_ids,
                )
                for case in Case.search([])
            }

        @SETTINGS
        @given(
            old=st.sampled_from(users.ids),
            new=st.sampled_from(users.ids),
            include_closed=st.booleans(),
            note=SANE_TEXT | BAD_TEXT,
        )
        @example(
            old=self.user_manager.id,
            new=self.user_manager2.id,
            include_closed=False,
            note="Odchod na mateřskou",
        )
        def prop(old, new, include_closed, note):
            vals = {
                "from_user_id": old,
                "to_user_id": new,
                "include_closed": include_closed,
                "note": note,
            }
            before = roles()
            moved = self.env["case.case"]

            def run():
                nonlocal moved
                wizard = (
                    self.env["case.reassign"]
                    .with_user(self.user_coordinator)
                    .create(vals)
                )
                moved = wizard.case_ids.sudo()
                wizard.action_reassign()

            ok = self._attempt(f"reassign {str(vals)[:200]}", run)
            done.append(ok)
            if ok:
                for case in moved:
                    self.assertNotIn(old, case.member_user_ids.ids, case.name)
            else:
                self.assertEqual(roles(), before, "no role moved")

        prop()
        self.assertTrue(any(done), "a real handover goes through")
        self.assertFalse(all(done), "a hostile handover is refused")

    def test_plan_share(self):
        """Any recipients (covered or not, the family, without an e-mail
        address), either version, any message: a refusal sends and logs
        nothing; a success logs one disclosure per mail."""
        done = []
        plan = self.make_plan()
        nomail = self.env["res.partner"].create({"name": "Bez e-mailu"})
        self.ospod.email = "ospod@example.org"
        self.mother_in.email = "matka@example.org"
        self.make_consent(self.case_in, self.ospod, ["family_plan"])
        people = self.ospod | self.teacher | self.mother_in | self.school | nomail
        # the gate queues the mails on the case
        mails_of = [("model", "=", "case.case"), ("res_id", "=", self.case_in.id)]
        logged = [("res_model", "=", "case.plan"), ("res_id", "=", plan.id)]

        @SETTINGS
        @given(
            chosen=st.lists(st.sampled_from(people.ids), max_size=4, unique=True),
            family_version=st.booleans(),
            note=SANE_TEXT | REFUSED_TEXT | BAD_TEXT,
        )
        @example(chosen=self.ospod.ids, family_version=True, note="Dobrý den")
        def prop(chosen, family_version, note):
            vals = {
                "partner_ids": [Command.set(chosen)],
                "family_version": family_version,
                "note": note,
            }
            mails = self._count("mail.mail", mails_of)
            disclosures = self._count("case.disclosure", logged)

            def run():
                wizard = (
                    self.env["case.plan.share"]
                    .with_user(self.user_manager)
                    .with_context(default_plan_id=plan.id)
                    .create(vals)
                )
                wizard.action_send()

            ok = self._attempt(f"plan share {str(vals)[:200]}", run)
            done.append(ok)
            sent = self._count("mail.mail", mails_of) - mails
            shared = self._count("case.disclosure", logged) - disclosures
            if ok:
                self.assertEqual(shared, sent, "one disclosure per mail")
            else:
                self.assertFalse(sent, "no mail after a refusal")
                self.assertFalse(shared, "no disclosure after a refusal")

        prop()
        self.assertTrue(any(done), "the plan is shared")
        self.assertFalse(all(done), "a hostile message is refused")


@tagged("post_install", "-at_install", "case_hostile")
class TestHostileMinutes(HostileAttemptMixin, MinutesCommon):
    def test_minutes(self):
        """A held meeting of the case: any summaries, decisions (texts, due
        dates, responsible), child's wishes; approved by the case manager or by
        a worker who may not; then distributed. A refusal leaves the minutes'
        state unchanged and sends and logs nothing for the meeting."""
        written, approved = [], []
        decision = st.tuples(
            SANE_TEXT,
            st.sampled_from(["internal", "external", "family"]),
            st.none() | SANE_DATE,
            st.sampled_from(["nobody", "user", "partner"]),
        )
        spoilable = ["topic", "summary", "what", "due", "wishes"]

        @SETTINGS
        @given(
            items=st.lists(st.tuples(SANE_TEXT, SANE_TEXT), max_size=3),
            decisions=st.lists(decision, max_size=3),
            wishes=SANE_TEXT,
            bad=BAD_TEXT,
            bad_date=DATE,
            spoil=st.sets(st.sampled_from(spoilable), max_size=2),
            approver=st.sampled_from(["manager", "worker"]),
        )
        @example(
            items=[("Škola", "Docházka se zlepšila")],
            decisions=[("Zavolat matce", "external", date(2026, 6, 1), "partner")],
            wishes="Chci zůstat doma",
            bad="",
            bad_date=None,
            spoil=set(),
            approver="manager",
        )
        def prop(items, decisions, wishes, bad, bad_date, spoil, approver):
            if "topic" in spoil or "summary" in spoil:
                items = [
                    (
                        bad if "topic" in spoil else topic,
                        bad if "summary" in spoil else summary,
                    )
                    for topic, summary in items or [("", "")]
                ]
            if "what" in spoil or "due" in spoil:
                decisions = [
                    (
                        bad if "what" in spoil else what,
                        kind,
                        bad_date if "due" in spoil else due,
                        who,
                    )
                    for what, kind, due, who in decisions
                    or [("", "internal", None, "nobody")]
                ]
            wishes = bad if "wishes" in spoil else wishes
            meeting = self._held_meeting()
            meeting.action_start_minutes()
            mine = [("model", "=", "case.meeting"), ("res_id", "=", meeting.id)]
            logged = [("res_model", "=", "case.meeting"), ("res_id", "=", meeting.id)]
            mails = self._count("mail.mail", mine)
            agenda = meeting.minutes_item_ids
            as_manager = meeting.with_user(self.user_manager)
            vals = {
                "child_wishes": wishes,
                "minutes_item_ids": [
                    Command.create({"topic": topic, "summary": summary})
                    for topic, summary in items
                ],
                "decision_ids": [
                    Command.create(
                        {
                            "what": what,
                            "responsible_type": kind,
                            "date_due": due or False,
                            "user_id": self.user_worker.id if who == "user" else False,
                            "partner_id": self.school_teacher.id
                            if who == "partner"
                            else False,
                        }
                    )
                    for what, kind, due, who in decisions
                ],
            }
            ok = self._attempt(
                f"minutes {str(vals)[:300]}", lambda: as_manager.write(vals)
            )
            written.append(ok)
            if not ok:
                self.assertEqual(meeting.minutes_item_ids, agenda, "no summary added")
                self.assertFalse(meeting.decision_ids, "no decision written")
                return
            user = self.user_manager if approver == "manager" else self.user_worker

            def approve_and_send():
                mine = meeting.with_user(user)
                mine.action_approve_minutes()
                mine.action_distribute_minutes()

            ok = self._attempt(f"approve as {approver}", approve_and_send)
            approved.append(ok)
            if ok:
                self.assertEqual(meeting.minutes_state, "distributed")
                self.assertTrue(meeting.delivery_ids)
            else:
                self.assertEqual(meeting.minutes_state, "draft")
                self.assertEqual(self._count("mail.mail", mine), mails)
                self.assertFalse(self._count("case.disclosure", logged))
                self.assertFalse(meeting.sudo().delivery_ids)

        prop()
        self.assertTrue(any(written), "sane minutes are written")
        self.assertFalse(all(written), "hostile minutes are refused")
        self.assertTrue(any(approved), "the case manager distributes")
        self.assertFalse(all(approved), "a worker may not approve")
