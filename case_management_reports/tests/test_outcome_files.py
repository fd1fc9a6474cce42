# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import re

import openpyxl
from pypdf import PdfReader

from odoo.tests import tagged

from .common import Q1_FROM, Q1_TO, CaseOutcomeCommon


def normalise(text):
    return re.sub(r"\s+", " ", text).strip()


@tagged("post_install", "-at_install")
class TestOutcomeFiles(CaseOutcomeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.case_report_k = 3
        cls.indicator(
            cls.prog_p,
            "6 00 00",
            "persons",
            "gender",
            definition="Persons in focus of a case paid by the programme.",
        )
        cls.indicator(cls.prog_p, "6 01 00", "cases", "setting")
        cls.indicator(cls.prog_p, "6 02 00", "contacts", "category")
        cls.indicator(cls.prog_p, "6 03 00", "contact_intensity", "setting")
        cls.indicator(cls.prog_p, "6 04 00", "families")
        cls.wizard = (
            cls.env["case.outcome.report"]
            .with_user(cls.user_officer)
            .create(
                {
                    "programme_id": cls.prog_p.id,
                    "date_from": Q1_FROM,
                    "date_to": Q1_TO,
                }
            )
        )

    def _xlsx_rows(self):
        self.wizard.action_export_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(self.wizard.xlsx_attachment_id.raw))
        tables = {}
        for sheet in book.worksheets[1:-1]:
            rows = []
            for row in sheet.iter_rows(min_row=5, values_only=True):
                if row[0] is None:
                    continue
                rows.append(tuple(v for v in row if v is not None))
            tables[sheet.title] = rows
        return book, tables

    def test_pdf_and_xlsx_hold_the_same_figures(self):
        book, tables = self._xlsx_rows()
        self.assertEqual(book.sheetnames[0], "Report")
        self.assertEqual(book.sheetnames[-1], "Definitions")
        self.assertEqual(
            set(tables), {"6 00 00", "6 01 00", "6 02 00", "6 03 00", "6 04 00"}
        )
        # Typed cells: numbers as numbers, hidden cells as text.
        persons = {r[0]: r[1:] for r in tables["6 00 00"]}
        self.assertEqual(persons["Female"], (5,))
        self.assertEqual(persons["Male"], (3,))
        self.assertEqual(persons["Total"], (8,))
        cases = {r[0]: r[1:] for r in tables["6 01 00"]}
        self.assertEqual(cases["School"], (4,))
        self.assertEqual(cases["Asylum house"], ("<3",))
        self.assertEqual(cases["NGO family programme"], ("<3",))
        self.assertEqual(cases["Total"], (7,))
        self.assertEqual(tables["6 04 00"], [("Total", 6)])

        pdf_content, _type = (
            self.env["ir.actions.report"]
            .with_user(self.user_officer)
            ._render_qweb_pdf(
                "case_management_reports.action_report_case_outcome", self.wizard.ids
            )
        )
        text = normalise(
            " ".join(
                page.extract_text() for page in PdfReader(io.BytesIO(pdf_content)).pages
            )
        )
        self.assertIn("CZ.03.02.02/00/22_004/0001320", text)
        self.assertIn("Spolufinancováno Evropskou unií", text)
        self.assertIn("fewer than 3", text)
        self.assertIn("Persons in focus of a case paid by the programme.", text)
        self.assertRegex(text, r"Page 1 / \d|1 / \d")
        for code, rows in tables.items():
            self.assertIn(code, text)
            for row in rows:
                pattern = " ".join(
                    rf"{v}(\.0+)?" if isinstance(v, int) else re.escape(str(v))
                    for v in row
                )
                self.assertRegex(text, pattern, f"{code}: {row}")
        # No identifying data anywhere.
        for name in ("Dítě 1", "Klientka", self.case_a.name):
            self.assertNotIn(name, text)
