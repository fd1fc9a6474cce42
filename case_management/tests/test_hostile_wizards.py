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
"""

import psycopg2
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_consent import CaseConsentMixin
from .test_hostile_properties import ALLOWED, HOSTILE_TEXT, TEXT
from .test_plan import CasePlanCommon

TZ = st.sampled_from(["Europe/Prague", "UTC", "", "Mars/Olympus", "x" * 300])
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@tagged("post_install", "-at_install", "case_hostile")
class TestHostileWizards(CasePlanCommon, CaseConsentMixin):
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
