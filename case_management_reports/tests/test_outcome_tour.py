# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import openpyxl

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestOutcomeTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="tour_officer",
            name="Tourová Referentka",
            groups="base.group_user,"
            "case_management_reports.case_management_reports_group_officer",
        )
        cls.programme = cls.env["case.funding.programme"].create(
            {"name": "Program Tour", "code": "TOUR-1"}
        )
        cls.env["case.report.indicator"].create(
            {
                "programme_id": cls.programme.id,
                "code": "T1",
                "name": "Rodiny",
                "measure": "families",
            }
        )
        cls.env.company.case_report_k = 5

    def test_officer_generates_and_downloads(self):
        self.start_tour("/odoo", "case_outcome_report_tour", login="tour_officer")
        wizard = self.env["case.outcome.report"].search(
            [("create_uid", "=", self.officer.id)]
        )
        self.assertEqual(len(wizard), 1)
        self.assertEqual(wizard.programme_id, self.programme)
        # A quarter: the default period is the previous calendar quarter.
        self.assertEqual(wizard.date_from.day, 1)
        self.assertIn(wizard.date_from.month, (1, 4, 7, 10))
        self.assertTrue(88 <= (wizard.date_to - wizard.date_from).days <= 91)
        self.assertEqual(
            wizard.xlsx_attachment_id.mimetype,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        book = openpyxl.load_workbook(io.BytesIO(wizard.xlsx_attachment_id.raw))
        self.assertIn("T1", book.sheetnames)
