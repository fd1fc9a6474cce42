# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date, datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.case_management.models.case_case_retention import CaseCase

from .common import CaseManagementCommon


class RetentionInterrupted(Exception):
    pass


@tagged("post_install", "-at_install")
class TestRetention(CaseManagementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.case_retention_years = 10
        Partner = cls.env["res.partner"]
        cls.closed_stage = cls.env.ref("case_management.stage_closed")
        # a third and fourth household, each with its own old closed case
        cls.cases = cls.env["case.case"]
        cls.children = Partner
        for index, (name, end) in enumerate(
            [
                ("Dominik Novák", date(2012, 6, 30)),
                ("Honzík Malý", date(2013, 2, 1)),
                ("Anička Veselá", date(2014, 9, 1)),
            ]
        ):
            family = cls.env["case.family"].create({"name": f"Domácnost {index}"})
            child = Partner.create(
                {
                    "name": name,
                    "case_family_id": family.id,
                    "family_role": "child",
                    "birthdate": "2005-05-14",
                    "email": f"dite{index}@example.org",
                }
            )
            case = cls.env["case.case"].create(
                {
                    "family_id": family.id,
                    "focus_partner_ids": [Command.set(child.ids)],
                    "manager_id": cls.user_manager.id,
                    "start_date": end.replace(year=end.year - 1),
                    "family_request": f"Chceme, aby {name} chodil do školy.",
                    "health_notes": "<p>ADHD</p>",
                    "territory": "Most",
                }
            )
            cls.env["case.help"].create(
                {"case_id": case.id, "name": f"Balíček pro {name}"}
            )
            cls.env["case.contact"].create(
                {
                    "case_id": case.id,
                    "date": datetime(end.year - 1, 10, 1, 10, 0),
                    "note": f"{name} nebyl doma.",
                }
            )
            case.message_post(body=f"Poznámka o {name}")
            cls.env["ir.attachment"].create(
                {
                    "name": "zprava.pdf",
                    "datas": base64.b64encode(b"%PDF-1.4 zprava"),
                    "res_model": "case.case",
                    "res_id": case.id,
                }
            )
            case.write(
                {
                    "stage_id": cls.closed_stage.id,
                    "closure_reason": "goals_met",
                    "end_date": end,
                }
            )
            cls.cases |= case
            cls.children |= child
        # the mother of case_in is also the child's sibling's contact in an
        # old case: she keeps her name while case_in is alive
        cls.cases[0].focus_partner_ids |= cls.mother_in
        # case_in itself: closed two years ago, not due
        cls.case_in.write(
            {
                "start_date": date(2023, 1, 1),
                "stage_id": cls.closed_stage.id,
                "closure_reason": "moved_away",
                "end_date": date(2025, 1, 1),
                "family_request": "Pomoc se školou",
            }
        )
        # on legal hold: due but excluded
        cls.held = cls.cases[2]
        cls.held.write({"legal_hold": True, "legal_hold_reason": "Soudní řízení"})

    def _aggregate(self):
        Case = self.env["case.case"].with_context(active_test=False)
        by_reason = Case._read_group(
            [("id", "in", (self.cases | self.case_in).ids)],
            ["closure_reason", "territory"],
            ["__count", "support_days:sum", "start_date:min", "end_date:max"],
        )
        contacts = self.env["case.contact"]._read_group(
            [("case_id", "in", self.cases.ids)], ["contact_type", "state"], ["__count"]
        )
        return sorted(by_reason), sorted(contacts)

    def _snapshot(self):
        self.env.invalidate_all()
        cases = self.cases | self.case_in
        return {
            case.id: (
                bool(case.anonymised_date),
                case.family_request,
                case.sudo().health_notes,
                tuple(case.contact_ids.mapped("note")),
                tuple(
                    case.with_context(active_test=False).focus_partner_ids.mapped(
                        "name"
                    )
                ),
                self.env["mail.message"].search_count(
                    [("model", "=", "case.case"), ("res_id", "=", case.id)]
                ),
            )
            for case in cases
        }

    def test_anonymises_only_what_is_due(self):
        due = self.env["case.case"]._cron_anonymise(dry_run=True)
        self.assertEqual(sorted(due), sorted(self.cases[:2].ids))
        self.assertFalse(self.cases[0].anonymised_date, "a dry run changes nothing")
        before = self._aggregate()
        done = self.env["case.case"]._cron_anonymise(batch_size=1)
        self.assertEqual(sorted(done), sorted(self.cases[:2].ids))
        self.env.invalidate_all()
        for case, child in zip(self.cases[:2], self.children[:2], strict=True):
            self.assertTrue(case.anonymised_date)
            self.assertFalse(case.family_request)
            self.assertFalse(case.sudo().health_notes)
            self.assertEqual(case.contact_ids.mapped("note"), [False])
            self.assertEqual(case.help_ids.mapped("name"), [False])
            self.assertFalse(
                self.env["mail.message"].search(
                    [("model", "=", "case.case"), ("res_id", "=", case.id)]
                )
            )
            self.assertFalse(
                self.env["ir.attachment"].search(
                    [("res_model", "=", "case.case"), ("res_id", "=", case.id)]
                )
            )
            self.assertEqual(child.name, "Anonymised person")
            self.assertFalse(child.email)
            self.assertEqual(child.birthdate, date(2005, 1, 1))
            self.assertFalse(child.active)
            self.assertTrue(case.name.startswith("CM-"), "the case code stays")
        # the mother has a living case: she is kept
        self.assertEqual(self.mother_in.name, "Jana Dvořáková")
        # not due and on hold: untouched
        self.assertEqual(self.case_in.family_request, "Pomoc se školou")
        self.assertFalse(self.held.anonymised_date)
        self.assertEqual(self.children[2].name, "Anička Veselá")
        # reports see the same aggregates
        self.assertEqual(self._aggregate(), before)
        # rerun: nothing to do, nothing changes
        snapshot = self._snapshot()
        self.assertEqual(self.env["case.case"]._cron_anonymise(), [])
        self.assertEqual(self._snapshot(), snapshot)

    def test_interrupted_run_resumes_to_the_same_state(self):
        self.held.write({"legal_hold": False})
        calls = []

        def fail_on_second_batch(model, ids):
            calls.append(ids)
            if len(calls) == 2:
                raise RetentionInterrupted()
            return ids

        # (not assertRaises: Odoo's rolls everything back to a savepoint)
        interrupted = False
        with patch.object(CaseCase, "_retention_after_batch", fail_on_second_batch):
            try:
                self.env["case.case"]._cron_anonymise(batch_size=1)
            except RetentionInterrupted:
                interrupted = True
        self.assertTrue(interrupted)
        self.env.invalidate_all()
        anonymised = self.cases.filtered("anonymised_date")
        self.assertEqual(len(anonymised), 1, "the first batch stays done")
        second = self.env["case.case"].browse(calls[1])
        self.assertFalse(second.anonymised_date, "the failed batch rolled back")
        self.assertTrue(second.family_request)
        # rerun: the same end state as one uninterrupted run
        self.env["case.case"]._cron_anonymise(batch_size=1)
        state = self._snapshot()
        for case in self.cases:
            self.assertEqual(
                state[case.id][:4] + state[case.id][5:],
                (True, False, False, (False,), 0),
            )
            # the mother keeps her name: her own case is alive
            self.assertEqual(
                set(state[case.id][4]) - {"Jana Dvořáková"}, {"Anonymised person"}
            )
        self.assertFalse(state[self.case_in.id][0])

    def test_legal_hold_and_settings_rights(self):
        with self.assertRaises(AccessError):
            self.cases[0].with_user(self.user_manager).write(
                {"legal_hold": True, "legal_hold_reason": "x"}
            )
        self.cases[0].with_user(self.user_coordinator).write(
            {"legal_hold": True, "legal_hold_reason": "Trestní oznámení"}
        )
        self.assertNotIn(
            self.cases[0].id, self.env["case.case"]._cron_anonymise(dry_run=True)
        )
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.user_coordinator).create(
                {"case_retention_years": 1}
            )
        with self.assertRaises(AccessError):
            self.env["case.case"].with_user(self.user_worker).action_retention_dry_run()
