# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "case_meeting")
class TestSchoolMeetingReasons(TransactionCase):
    def test_school_reasons_loaded(self):
        reasons = self.env["case.meeting.reason"].search(
            [
                (
                    "name",
                    "in",
                    [
                        "Attendance problems",
                        "Challenging behaviour",
                        "A sudden change in a pupil's behaviour",
                    ],
                )
            ]
        )
        self.assertEqual(len(reasons), 3)
        for xmlid in (
            "case_meeting_reason_attendance",
            "case_meeting_reason_challenging_behaviour",
            "case_meeting_reason_behaviour_change",
        ):
            reason = self.env.ref(f"case_management_school.{xmlid}")
            self.assertIn(reason, reasons)
            self.assertTrue(reason.active)
            self.assertFalse(reason.meeting_format)
