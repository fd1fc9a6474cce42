# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import Q1_FROM, Q1_TO, CaseOutcomeCommon

ALLOWED = {
    "case.funding.programme",
    "case.report.indicator",
    "case.outcome.report",
}


@tagged("post_install", "-at_install", "security")
class TestOutcomeAccess(CaseOutcomeCommon):
    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_officer_against_every_case_model(self):
        """Every ``case.*`` model but the programme, its indicators and the
        report wizard: search, read_group and name_search are refused."""
        names = [
            m
            for m in self.env.registry
            if m.startswith("case.")
            and m not in ALLOWED
            and not self.env[m]._abstract
            and not self.env[m]._transient
        ]
        self.assertIn("case.funding.period", names)
        self.assertIn("case.caseload.report", names)
        self.assertIn("case.referral.report", names)
        self.assertIn("case.service.gap.report", names)
        for name in names:
            model = self.env[name].with_user(self.user_officer)
            with self.subTest(model=name):
                with self.assertRaises(AccessError):
                    model.search([], limit=1)
                with self.assertRaises(AccessError):
                    model.read_group([], ["__count"], [])
                with self.assertRaises(AccessError):
                    model.name_search("")
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.c1.with_user(self.user_officer).read(["birthdate"])

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_case_worker_scope(self):
        """A case worker's caseload analysis holds their own cases only."""
        report = self.env["case.caseload.report"].with_user(self.user_worker)
        self.env.invalidate_all()
        rows = report.search_read([], ["manager_id", "case_count"])
        self.assertEqual(len(rows), 1)  # case B
        self.assertEqual(rows[0]["manager_id"][0], self.user_worker.id)
        contacts = self.env["case.contact.report"].with_user(self.user_worker)
        rows = contacts.search_read([], ["manager_id", "contact_type"])
        self.assertEqual([r["contact_type"] for r in rows], ["office"])  # B's
        coordinator = self.env["case.contact.report"].with_user(self.user_manager)
        self.assertEqual(
            coordinator.search_count([("manager_id", "=", self.user_manager.id)]), 6
        )
        with self.assertRaises(AccessError):
            self.env["case.outcome.report"].with_user(self.user_worker).create(
                {"programme_id": self.prog_p.id}
            )

    def test_manager_breakdown_for_coordinators_only(self):
        self.indicator(self.prog_p, "M", "cases", "manager")
        officer = (
            self.env["case.outcome.report"]
            .with_user(self.user_officer)
            .create(
                {"programme_id": self.prog_p.id, "date_from": Q1_FROM, "date_to": Q1_TO}
            )
        )
        table = officer._get_report_data()["tables"][0]
        self.assertFalse(table["rows"])
        self.assertTrue(table["note"])
        manager = (
            self.env["case.outcome.report"]
            .with_user(self.user_manager)
            .create(
                {"programme_id": self.prog_p.id, "date_from": Q1_FROM, "date_to": Q1_TO}
            )
        )
        labels = [r["label"] for r in manager._get_report_data()["tables"][0]["rows"]]
        self.assertIn(self.user_manager.name, labels)

    def test_officer_cannot_lower_k(self):
        with self.assertRaises(AccessError):
            self.company.with_user(self.user_officer).case_report_k = 3


@tagged("post_install", "-at_install", "security")
class TestOutcomeAccessHttp(HttpCase):
    """Over HTTP: the officer downloads the programme report, and gets no
    case data through /web/export or /report/pdf."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="http_officer",
            password="http_officer_pw1",
            groups="base.group_user,base.group_allow_export,"
            "case_management_reports.case_management_reports_group_officer",
        )
        partner = cls.env["res.partner"].create({"name": "Dítě HTTP"})
        cls.case = cls.env["case.case"].create(
            {
                "focus_partner_ids": [(6, 0, partner.ids)],
                "referral_source": "self",
                "manager_id": cls.env.user.id,
            }
        )
        cls.programme = cls.env["case.funding.programme"].create(
            {"name": "Program HTTP", "code": "HTTP-1"}
        )
        cls.env["case.report.indicator"].create(
            {
                "programme_id": cls.programme.id,
                "code": "H1",
                "name": "Rodiny",
                "measure": "families",
            }
        )

    def _officer_wizard(self):
        return (
            self.env["case.outcome.report"]
            .with_user(self.officer)
            .create(
                {
                    "programme_id": self.programme.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-03-31",
                }
            )
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_http_routes(self):
        self.authenticate("http_officer", "http_officer_pw1")
        payload = {
            "data": json.dumps(
                {
                    "model": "case.case",
                    "fields": [{"name": "name", "label": "Name"}],
                    "ids": self.case.ids,
                    "domain": [],
                    "import_compat": False,
                }
            )
        }
        res = self.url_open("/web/export/csv", data=payload)
        self.assertNotEqual(res.status_code, 200)
        self.assertNotIn(self.case.name, res.text)
        for model in ("case.referral.report", "case.service.gap.report"):
            payload = {
                "data": json.dumps(
                    {
                        "model": model,
                        "fields": [{"name": "date", "label": "Date"}],
                        "ids": False,
                        "domain": [],
                        "import_compat": False,
                    }
                )
            }
            res = self.url_open("/web/export/csv", data=payload)
            self.assertNotEqual(res.status_code, 200, model)
        res = self.url_open(
            f"/report/pdf/case_management.report_case_agreement/{self.case.id}"
        )
        self.assertNotEqual(res.status_code, 200)
        wizard = self._officer_wizard()
        res = self.url_open(
            f"/report/pdf/case_management_reports.report_case_outcome/{wizard.id}"
        )
        self.assertEqual(res.status_code, 200)
        self.assertTrue(res.content.startswith(b"%PDF"))

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_rule")
    def test_xlsx_route_for_the_creator_only(self):
        """OCA report_xlsx's ``/report/xlsx/...`` route: the officer who
        made the report downloads it; another officer guessing its id gets
        nothing of it."""
        wizard = self._officer_wizard()
        url = f"/report/xlsx/case_management_reports.case_outcome_xlsx/{wizard.id}"
        self.authenticate("http_officer", "http_officer_pw1")
        res = self.url_open(url)
        self.assertEqual(res.status_code, 200)
        self.assertTrue(res.content.startswith(b"PK"))
        book = openpyxl.load_workbook(io.BytesIO(res.content))
        self.assertIn("H1", book.sheetnames)
        new_test_user(
            self.env,
            login="http_officer2",
            password="http_officer2_pw1",
            groups="base.group_user,"
            "case_management_reports.case_management_reports_group_officer",
        )
        self.authenticate("http_officer2", "http_officer2_pw1")
        res = self.url_open(url)
        self.assertNotEqual(res.status_code, 200)
        self.assertNotIn(b"PK", res.content[:2])
        self.assertNotIn("Program HTTP", res.text)
