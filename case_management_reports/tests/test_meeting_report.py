# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import CaseReportsCommon


@tagged("post_install", "-at_install", "security")
class TestMeetingReport(CaseReportsCommon):
    """Requirement 6.31: meetings counted by format, facilitator, venue and
    whether parents were present, without any case data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_worker = new_test_user(
            cls.env,
            login="reports_case_worker",
            name="Pracovník Reporty",
            groups="base.group_user,case_management.case_management_group_worker",
        )
        cls.user_coordinator = new_test_user(
            cls.env,
            login="reports_coordinator",
            name="Koordinátorka Reporty",
            groups="base.group_user,case_management.case_management_group_coordinator",
        )
        # Every meeting of this test is organised by this user: the report
        # is filtered on them, so other meetings in the database don't count.
        cls.organiser = new_test_user(
            cls.env,
            login="reports_organiser",
            name="Organizátorka Reporty",
            tz="Europe/Prague",
            groups="base.group_user,case_management.case_management_group_manager",
        )
        Partner = cls.env["res.partner"]
        family = cls.env["case.family"].create({"name": "Domácnost Reportových"})
        cls.mother = Partner.create(
            {
                "name": "Eva Reportová",
                "case_family_id": family.id,
                "family_role": "parent",
            }
        )
        cls.child = Partner.create(
            {
                "name": "Tomáš Report",
                "case_family_id": family.id,
                "family_role": "child",
                "birthdate": "2014-02-01",
            }
        )
        cls.teacher = Partner.create({"name": "Mgr. Učitelka Reportová"})
        cls.facilitator = Partner.create({"name": "Neutrální Facilitátorka"})
        cls.case = cls.env["case.case"].create(
            {
                "family_id": family.id,
                "focus_partner_ids": [Command.set(cls.child.ids)],
                "manager_id": cls.organiser.id,
            }
        )
        Venue = cls.env["case.meeting.venue"]
        cls.school = Venue.create({"name": "ZŠ Reportní", "kind": "school"})
        cls.online = Venue.create({"name": "Videohovor", "kind": "online"})
        cls.conference_school = cls._meeting(
            "case_conference",
            cls.school,
            {cls.mother: "present", cls.child: "present", cls.teacher: "present"},
            facilitator_user_id=cls.organiser.id,
            state="held",
        )
        cls.conference_online = cls._meeting(
            "case_conference",
            cls.online,
            {cls.mother: "absent", cls.teacher: "present"},
            facilitator_partner_id=cls.facilitator.id,
            is_extraordinary=True,
            extraordinary_reason="Crisis at school",
            state="held",
        )
        cls.child_conference = cls._meeting(
            "child_conference",
            cls.school,
            {cls.child: "present", cls.teacher: "present"},
            facilitator_user_id=cls.organiser.id,
            state="held",
        )
        cls.case_meeting = cls._meeting(
            "case_meeting",
            cls.online,
            {cls.teacher: False},
            # 23:30 UTC on 31 March is 1 April in Prague (summer time).
            start=datetime(2027, 3, 31, 23, 30),
        )
        cls.meetings = (
            cls.conference_school
            | cls.conference_online
            | cls.child_conference
            | cls.case_meeting
        )

    @classmethod
    def _meeting(cls, meeting_format, venue, attendance, start=None, **vals):
        values = {
            "case_id": cls.case.id,
            "meeting_format": meeting_format,
            "venue_id": venue.id,
            "user_id": cls.organiser.id,
            "start": start or datetime(2027, 3, 10, 8, 0),
            "attendee_ids": [
                Command.create({"partner_id": partner.id, "attendance": present})
                for partner, present in attendance.items()
            ],
        }
        values.update(vals)
        return cls.env["case.meeting"].create(values)

    def _counts(self, groupby, user=None):
        report = self.env["case.meeting.report"].with_user(
            user or self.user_coordinator
        )
        groups = report.read_group(
            [("user_id", "=", self.organiser.id)],
            ["meeting_count:sum", "invitee_count:sum", "present_count:sum"],
            [groupby],
            lazy=False,
        )
        return {g[groupby]: g for g in groups}

    def test_counts_by_format_venue_and_parents(self):
        """Counts per format, venue kind and parents present are the
        meetings created here; a child alone doesn't count as parents."""
        self.env.invalidate_all()
        by_format = self._counts("meeting_format")
        self.assertEqual(
            {key: g["meeting_count"] for key, g in by_format.items()},
            {"case_conference": 2, "child_conference": 1, "case_meeting": 1},
        )
        self.assertEqual(by_format["case_conference"]["invitee_count"], 5)
        self.assertEqual(by_format["case_conference"]["present_count"], 4)
        by_venue = self._counts("venue_kind")
        self.assertEqual(
            {key: g["meeting_count"] for key, g in by_venue.items()},
            {"school": 2, "online": 2},
        )
        by_parents = self._counts("parents_present")
        self.assertEqual(
            {key: g["meeting_count"] for key, g in by_parents.items()},
            {True: 1, False: 3},
        )
        by_external = self._counts("external_facilitator")
        self.assertEqual(by_external[True]["meeting_count"], 1)
        rows = {
            row["id"]: row
            for row in self.env["case.meeting.report"]
            .with_user(self.user_coordinator)
            .search_read(
                [("user_id", "=", self.organiser.id)],
                [
                    "parents_present",
                    "family_invited",
                    "facilitator_user_id",
                    "external_facilitator",
                    "is_extraordinary",
                    "invitee_count",
                    "present_count",
                    "date",
                    "state",
                    "minutes_state",
                ],
            )
        }
        school = rows[self.conference_school.id]
        self.assertTrue(school["parents_present"])
        self.assertEqual(school["facilitator_user_id"][0], self.organiser.id)
        self.assertEqual((school["invitee_count"], school["present_count"]), (3, 3))
        self.assertEqual(school["date"], date(2027, 3, 10))
        online = rows[self.conference_online.id]
        self.assertFalse(online["parents_present"])
        self.assertTrue(online["family_invited"])
        self.assertTrue(online["external_facilitator"])
        self.assertTrue(online["is_extraordinary"])
        child = rows[self.child_conference.id]
        self.assertFalse(child["parents_present"])
        self.assertTrue(child["family_invited"])
        professionals = rows[self.case_meeting.id]
        self.assertFalse(professionals["family_invited"])
        self.assertEqual(professionals["present_count"], 0)
        self.assertEqual(professionals["date"], date(2027, 4, 1))
        self.assertEqual(professionals["state"], "draft")
        self.assertEqual(professionals["minutes_state"], "none")
        by_month = self._counts("date:month")
        self.assertEqual(sorted(g["meeting_count"] for g in by_month.values()), [1, 3])

    def test_counts_follow_attendance(self):
        """Recording a parent as present moves the meeting across."""
        line = self.conference_online.attendee_ids.filtered(
            lambda a: a.partner_id == self.mother
        )
        line.attendance = "present"
        self.env.flush_all()
        self.env.invalidate_all()
        by_parents = self._counts("parents_present")
        self.assertEqual(by_parents[True]["meeting_count"], 2)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_officer_reads_neither_report_nor_meetings(self):
        """Issue 11 item 11: one row per meeting is too fine for the reporting
        officer, who gets only the suppressed programme report."""
        self.env.invalidate_all()
        report = self.env["case.meeting.report"].with_user(self.user_officer)
        with self.assertRaises(AccessError):
            report.search_count([])
        with self.assertRaises(AccessError):
            report.read_group([], ["meeting_count:sum"], ["meeting_format"])
        menus = self.env["ir.ui.menu"].with_user(self.user_officer)._visible_menu_ids()
        self.assertNotIn(
            self.env.ref("case_management_reports.case_meeting_report_menu").id, menus
        )
        self.assertIn(
            self.env.ref("case_management_reports.case_outcome_report_menu").id, menus
        )
        Meeting = self.env["case.meeting"].with_user(self.user_officer)
        with self.assertRaises(AccessError):
            Meeting.search([])
        with self.assertRaises(AccessError):
            self.conference_school.with_user(self.user_officer).read(["name"])

    def test_coordinator_reads_report(self):
        """Coordinators read it too, like the caseload analysis."""
        self.env.invalidate_all()
        by_format = self._counts("meeting_format", user=self.user_coordinator)
        self.assertEqual(by_format["case_conference"]["meeting_count"], 2)

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_case_worker_cannot_read_report(self):
        """Case workers work with their cases, not with the analysis."""
        self.env.invalidate_all()
        report = self.env["case.meeting.report"].with_user(self.user_worker)
        with self.assertRaises(AccessError):
            report.search([])
        with self.assertRaises(AccessError):
            report.read_group([], ["meeting_count:sum"], ["meeting_format"])
        menus = self.env["ir.ui.menu"].with_user(self.user_worker)._visible_menu_ids()
        self.assertNotIn(
            self.env.ref("case_management_reports.case_meeting_report_menu").id, menus
        )

    def test_no_identifying_fields(self):
        """No case, no title, no names: only aggregatable columns."""
        report = self.env["case.meeting.report"]
        self.assertNotIn("case_id", report._fields)
        self.assertNotIn("name", report._fields)
        for name, field in report._fields.items():
            if not field.store:  # display_name
                continue
            self.assertNotIn(field.type, ("char", "text", "html"), name)
            if field.type == "many2one":
                self.assertIn(field.comodel_name, ("res.company", "res.users"), name)
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'case_meeting_report'"
        )
        columns = {row[0] for row in self.env.cr.fetchall()}
        self.assertNotIn("case_id", columns)
        self.assertNotIn("name", columns)
        for view_type in ("pivot", "graph", "list", "search"):
            arch = report.get_view(view_type=view_type)["arch"]
            self.assertNotIn("case_id", arch, view_type)
