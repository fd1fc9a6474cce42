# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

from odoo.tests import tagged

from .common import CaseSchoolData

FIELDS = [
    "pupil_code",
    "school_year",
    "date",
    "lesson_block",
    "lessons",
    "excused_hours",
    "unexcused_hours",
    "late_arrivals",
    "mode",
]
HEADER = ",".join(FIELDS)


@tagged("post_install", "-at_install", "case_school_import")
class TestSchoolImport(CaseSchoolData):
    def _import(
        self,
        rows,
        user=None,
        model="case.school.attendance",
        fields=None,
        file_type="text/csv",
        content=None,
        **options,
    ):
        fields = fields or FIELDS
        if content is None:
            content = "\n".join([",".join(fields), *rows]).encode()
        wizard = (
            self.env["base_import.import"]
            .with_user(user or self.user_principal_a)
            .create(
                {
                    "res_model": model,
                    "file": content,
                    "file_name": "dochazka.csv"
                    if file_type == "text/csv"
                    else "dochazka.xlsx",
                    "file_type": file_type,
                }
            )
        )
        return wizard.execute_import(
            fields,
            fields,
            {
                "quoting": '"',
                "separator": ",",
                "has_headers": True,
                "date_format": "%Y-%m-%d",
                "float_decimal_separator": ".",
                "float_thousand_separator": ",",
                **options,
            },
        )

    def _count(self):
        return self.env["case.school.attendance"].search_count(
            [("pupil_id", "in", (self.pupil_a | self.pupil_a2 | self.pupil_b).ids)]
        )

    def test_good_file_and_reimport_replaces(self):
        rows = [
            "A1,2025/2026,2025-10-01,0,5,2,0,0,in_person",
            "A1,2025/2026,2025-10-02,0,5,0,3,1,in_person",
            "A2,2025/2026,2025-10-01,0,5,0,0,0,online",
        ]
        result = self._import(rows)
        self.assertFalse(
            [m for m in result["messages"] if m["type"] == "error"], result["messages"]
        )
        self.assertEqual(len(result["ids"]), 3)
        Attendance = self.env["case.school.attendance"]
        row = Attendance.search(
            [("pupil_id", "=", self.pupil_a.id), ("date", "=", date(2025, 10, 2))]
        )
        self.assertEqual(row.unexcused_hours, 3)
        self.assertEqual(row.absent_hours, 3)
        self.assertEqual(row.school_id, self.school_a)
        self.assertEqual(row.partner_id, self.child_a)
        self.assertEqual(row.late_arrivals, 1)
        online = Attendance.search([("pupil_id", "=", self.pupil_a2.id)])
        self.assertEqual(online.mode, "online")
        # payday 15: 1 October is 14 days before it
        self.assertEqual(online.days_before_payday, 14)
        # Re-import of the same days with corrected hours replaces them.
        rows[1] = "A1,2025/2026,2025-10-02,0,5,3,0,0,in_person"
        result = self._import(rows)
        self.assertEqual(len(result["ids"]), 3)
        self.assertEqual(self._count(), 3)
        row = Attendance.search(
            [("pupil_id", "=", self.pupil_a.id), ("date", "=", date(2025, 10, 2))]
        )
        self.assertEqual((row.excused_hours, row.unexcused_hours), (3, 0))

    def test_bad_rows_write_nothing(self):
        self._attendance(self.pupil_a, date(2025, 10, 1), excused=1)
        result = self._import(
            [
                "A1,2025/2026,2025-10-01,0,5,0,0,0,in_person",
                "A1,2025/2026,2025-10-03,0,5,-1,0,0,in_person",
                "A2,2025/2026,2025-10-03,0,4,3,3,0,in_person",
                "A2,2025/2026,2025-10-06,0,5,0,0,0,in_person",
            ]
        )
        self.assertFalse(result["ids"])
        errors = " ".join(m["message"] for m in result["messages"])
        self.assertIn("Row 3", errors)
        self.assertIn("negative", errors)
        self.assertIn("Row 4", errors)
        self.assertIn("6.0 absent hours but only 4 lessons", errors)
        self.assertNotIn("Row 2 ", errors)
        # nothing half-written: the stored row is unchanged, no new rows
        self.assertEqual(self._count(), 1)
        stored = self.env["case.school.attendance"].search(
            [("pupil_id", "=", self.pupil_a.id)]
        )
        self.assertEqual(stored.excused_hours, 1)

    def test_dialog_batch_limit_imports_the_whole_file(self):
        """The import dialog sends a batch limit (2,000 rows): the file is
        still checked and written as a whole, so a bad row near the end
        leaves the first rows unwritten too."""
        result = self._import(
            [
                "A1,2025/2026,2025-10-01,0,5,0,0,0,in_person",
                "A1,2025/2026,2025-10-02,0,5,0,0,0,in_person",
                "A1,2025/2026,2025-10-03,0,5,9,0,0,in_person",
            ],
            limit=1,
        )
        self.assertFalse(result["ids"])
        self.assertFalse(result.get("nextrow"))
        self.assertEqual(self._count(), 0)
        result = self._import(
            [
                "A1,2025/2026,2025-10-01,0,5,0,0,0,in_person",
                "A1,2025/2026,2025-10-02,0,5,0,0,0,Online",
            ],
            limit=1,
        )
        self.assertEqual(len(result["ids"]), 2, result["messages"])
        self.assertFalse(result.get("nextrow"))

    def test_unreadable_value(self):
        result = self._import(["A1,2025/2026,2025-10-01,0,5.5,0,0,0,in_person"])
        self.assertFalse(result["ids"])
        self.assertIn("cannot read 5.5 as lessons", result["messages"][0]["message"])

    def test_unknown_pupil(self):
        result = self._import(
            [
                "A1,2025/2026,2025-10-01,0,5,0,0,0,in_person",
                "ZZZ,2025/2026,2025-10-01,0,5,0,0,0,in_person",
            ]
        )
        self.assertFalse(result["ids"])
        errors = " ".join(m["message"] for m in result["messages"])
        self.assertIn(
            "Row 3 (ZZZ, 2025-10-01): no pupil with this code in 2025/2026", errors
        )
        self.assertEqual(self._count(), 0)

    def test_pupil_of_another_school_is_unknown(self):
        """A principal of school A cannot write attendance of school B's pupil."""
        result = self._import(["B1,2025/2026,2025-10-01,0,5,0,0,0,in_person"])
        self.assertFalse(result["ids"])
        self.assertIn(
            "no pupil with this code",
            " ".join(m["message"] for m in result["messages"]),
        )
        self.assertEqual(self._count(), 0)

    def test_wrong_school_year(self):
        result = self._import(
            [
                "A1,2024/2025,2025-03-01,0,5,0,0,0,in_person",
                "A1,2025/2026,2026-08-15,0,5,0,0,0,in_person",
            ]
        )
        self.assertFalse(result["ids"])
        errors = " ".join(m["message"] for m in result["messages"])
        self.assertIn("unknown school year 2024/2025", errors)
        self.assertIn("2026-08-15 is not in school year 2025/2026", errors)
        self.assertEqual(self._count(), 0)

    def test_xlsx_file(self):
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(FIELDS)
        sheet.append(["A1", "2025/2026", "2025-11-03", 0, 5, 0, 5, 0, "in_person"])
        buffer = io.BytesIO()
        book.save(buffer)
        result = self._import(
            None,
            content=buffer.getvalue(),
            file_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        self.assertEqual(
            self.env["case.school.attendance"].browse(result["ids"]).unexcused_hours, 5
        )

    def test_results_import_replaces(self):
        fields = [
            "pupil_code",
            "term_id",
            "average",
            "failing_subjects",
            "behaviour_grade",
            "activity_note",
        ]
        rows = ['A1,1. pololetí 2025/2026,2.5,0,1,"Aktivní v hodinách"']
        result = self._import(rows, model="case.school.result", fields=fields)
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        rows = ["A1,1. pololetí 2025/2026,3.1,1,2,Zhoršení"]
        result = self._import(rows, model="case.school.result", fields=fields)
        self.assertEqual(len(result["ids"]), 1, result["messages"])
        results = self.env["case.school.result"].search(
            [("pupil_id", "=", self.pupil_a.id)]
        )
        self.assertEqual(len(results), 1)
        self.assertEqual(results.average, 3.1)
        result = self._import(
            ["ZZ,1. pololetí 2025/2026,2,0,1,x", "A2,1. pololetí 2025/2026,7,0,1,x"],
            model="case.school.result",
            fields=fields,
        )
        self.assertFalse(result["ids"])
        self.assertEqual(
            self.env["case.school.result"].search_count(
                [("pupil_id", "in", (self.pupil_a | self.pupil_a2).ids)]
            ),
            1,
        )
