# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CaseSchoolData


@tagged("post_install", "-at_install", "case_school_performance")
class TestSchoolPerformance(CaseSchoolData):
    def test_watch_list_query_count(self):
        """The watch list of a school of 600 pupils costs the same bounded
        number of queries as that of a small school."""
        Partner = self.env["res.partner"]
        children = Partner.create([{"name": f"Žák {i}"} for i in range(600)])
        pupils = self.env["case.school.pupil"].create(
            [
                {
                    "partner_id": child.id,
                    "pupil_code": f"P{i}",
                    "class_id": self.class_a.id,
                }
                for i, child in enumerate(children)
            ]
        )
        pupils[::3].write({"is_watched": True, "watch_reasons": "x"})
        Pupil = self.env["case.school.pupil"].with_user(self.user_principal_a)
        spec = {
            name: {}
            for name in (
                "unexcused_30d",
                "excused_share_30d",
                "average_drop",
                "signal_count_60d",
                "watch_reasons",
                "watch_since",
                "is_nominated",
            )
        }
        spec["partner_id"] = {"fields": {"display_name": {}}}
        spec["class_id"] = {"fields": {"display_name": {}}}
        spec["school_id"] = {"fields": {"display_name": {}}}
        domain = [("is_watched", "=", True)]
        Pupil.web_search_read(domain, spec, limit=80)
        self.env.invalidate_all()
        with self.assertQueryCount(9):
            result = Pupil.web_search_read(domain, spec, limit=200)
        self.assertEqual(result["length"], 200)
        self.assertEqual(len(result["records"]), 200)
