# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hostile input to the case records' write, property-based (hypothesis).

For the case, its plan, goals and steps, contacts, factors and participants:
hypothesis picks any user-writable stored field and a value of that field's
type (hostile text: markup, line breaks, control characters, very long or
empty; extreme 32-bit numbers; dates from year 1 to 9999; every selection
key) and the case manager writes it. The write, flushed to PostgreSQL, either
succeeds or raises ``ValidationError`` / ``UserError`` / ``AccessError``
with a readable message -- never a psycopg2 error (a constraint the model
forgot to check) or another exception. Each example runs in a savepoint.

Not drawn, on purpose: values of the wrong type (a string for an integer,
an unknown selection key) -- Odoo's field layer refuses those with a
``ValueError`` before our code runs, as it does for a buggy client; integers
beyond 32 bits on fields without a range check (``color``, ``sequence``)
reach PostgreSQL's integer type (Odoo's generic behaviour).

Found with it: a NUL character in any text field made psycopg2 raise a bare
``ValueError`` (PostgreSQL text cannot hold NUL); the scope mixin's input
check now refuses it with a ``ValidationError``.
"""

import psycopg2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_consent import CaseConsentMixin
from .test_plan import CasePlanCommon

HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "Řádek 1\r\nBcc: cizi@example.org",
        "x" * 100000,
        "\\;,:\"'\t\x1f\x7f",
        "%(name)s %s {0}",
        "Poznámka\x00konec",
    ]
)
TEXT = st.text(max_size=80)
SKIP = {"active", "state", "company_id", "sequence", "color"}
ALLOWED = (ValidationError, UserError, AccessError)


def value_for(field):
    kind = field.type
    if kind in ("char", "text", "html"):
        return TEXT | HOSTILE_TEXT
    if kind == "integer":
        return st.integers(min_value=-(2**31), max_value=2**31 - 1)
    if kind in ("float", "monetary"):
        return st.floats(
            min_value=-1e15, max_value=1e15, allow_nan=False, allow_infinity=False
        )
    if kind == "boolean":
        return st.booleans()
    if kind == "date":
        return st.dates().map(lambda d: d.isoformat())
    if kind == "datetime":
        return st.datetimes().map(lambda d: d.strftime("%Y-%m-%d %H:%M:%S"))
    if kind == "selection" and isinstance(field.selection, list):
        keys = [key for key, _label in field.selection]
        return st.sampled_from(keys) if keys else None
    return None


@tagged("post_install", "-at_install", "case_hostile")
class TestHostileWrites(CasePlanCommon, CaseConsentMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.make_plan(cls.case_in)
        cls.goal = cls.plan.goal_ids[:1]
        cls.step = cls.goal.step_ids[:1] if "step_ids" in cls.goal else None
        cls.contact = cls.env["case.contact"].create(
            {"case_id": cls.case_in.id, "contact_type": "home_visit"}
        )

    def _writable(self, record):
        fields_ = []
        for name, field in sorted(record._fields.items()):
            if (
                name in SKIP
                or name.startswith(("message_", "activity_", "website_"))
                or not field.store
                or field.readonly
                or (field.compute and not field.inverse)
                or field.related
                or field.groups
            ):
                continue
            strategy = value_for(field)
            if strategy is not None:
                fields_.append((name, strategy))
        return fields_

    def _check(self, record, data):
        fields_ = self._writable(record)
        self.assertTrue(fields_, record._name)
        index = data.draw(st.integers(0, len(fields_) - 1))
        name, strategy = fields_[index]
        vals = {name: data.draw(strategy, label=name)}
        record = record.with_user(self.user_manager)
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                record.write(vals)
                self.env.flush_all()
        except ALLOWED as exc:
            message = exc.args[0] if exc.args else ""
            self.assertTrue(str(message).strip(), f"{record._name} {vals}")
            self.assertNotIn("Traceback", str(message))
        except psycopg2.Error as exc:
            self.fail(
                f"{record._name}.write({str(vals)[:120]}) reached PostgreSQL "
                f"unchecked: {exc}"
            )
        finally:
            self.env.invalidate_all()

    def _check_create(self, model, base, data):
        Model = self.env[model]
        fields_ = self._writable(Model)
        picks = data.draw(
            st.lists(
                st.sampled_from(fields_),
                min_size=1,
                max_size=4,
                unique_by=lambda f: f[0],
            )
        )
        vals = dict(
            base, **{name: data.draw(strategy, label=name) for name, strategy in picks}
        )
        before = Model.search_count([])
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                Model.with_user(self.user_manager).create(vals)
                self.env.flush_all()
        except ALLOWED as exc:
            message = exc.args[0] if exc.args else ""
            self.assertTrue(str(message).strip(), f"{model} {vals}")
            self.assertEqual(Model.search_count([]), before, "nothing half-written")
        except psycopg2.Error as exc:
            self.fail(f"{model}.create({str(vals)[:120]}) reached PostgreSQL: {exc}")
        finally:
            self.env.invalidate_all()

    def _property(self, check, max_examples):
        """Run ``check(data)`` as a derandomized hypothesis property."""

        @settings(
            max_examples=max_examples,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        @given(data=st.data())
        def prop(data):
            check(data)

        prop()

    def _run(self, record):
        self._property(lambda data: self._check(record, data), 30)

    def test_case(self):
        self._run(self.case_in)

    def test_plan(self):
        self._run(self.plan)

    def test_goal(self):
        self._run(self.goal)

    def test_step(self):
        self.assertTrue(self.step, "the plan fixture has a step")
        self._run(self.step)

    def test_contact(self):
        self._run(self.contact)

    def test_factor(self):
        self._run(self.factor_in)

    def test_participant(self):
        self._run(self.participant_in)

    def _run_create(self, model, base):
        self._property(lambda data: self._check_create(model, base, data), 25)

    def test_create_contact(self):
        self._run_create(
            "case.contact", {"case_id": self.case_in.id, "contact_type": "home_visit"}
        )

    def test_create_factor(self):
        self._run_create("case.factor", {"case_id": self.case_in.id, "kind": "risk"})

    def test_create_goal(self):
        self._run_create("case.plan.goal", {"plan_id": self.plan.id, "name": "Cíl"})
