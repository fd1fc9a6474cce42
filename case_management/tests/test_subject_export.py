# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import json
import zipfile

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_consent import CaseConsentCommon


@tagged("post_install", "-at_install", "case_consent")
class TestSubjectExport(CaseConsentCommon):
    def test_export_contains_only_that_person(self):
        self.make_consent(
            self.case_in, self.ospod, ["basic"], signer_id=self.mother_in.id
        )
        self.make_consent(self.case_out, self.ospod, ["basic"])
        self.case_in._case_disclose(
            self.ospod, ["basic"], label="Invitation", channel="printed"
        )
        self.case_out._case_disclose(
            self.ospod, ["basic"], label="Other family", channel="printed"
        )
        wizard = (
            self.env["case.subject.access"]
            .with_user(self.user_coordinator)
            .create({"partner_id": self.mother_in.id})
        )
        action = wizard.action_export()
        self.assertIn("zip_file", action["url"])
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.zip_file)))
        self.assertEqual(set(archive.namelist()), {"summary.pdf", "data.json"})
        self.assertTrue(archive.read("summary.pdf").startswith(b"%PDF"))
        raw = archive.read("data.json").decode()
        data = json.loads(raw)
        self.assertEqual(data["person"]["name"], self.mother_in.name)
        self.assertEqual([c["name"] for c in data["cases"]], [self.case_in.name])
        self.assertTrue(data["consents"])
        self.assertIn("Invitation", raw)
        for foreign in (
            self.case_out.name,
            self.child_out.name,
            "Other family",
            "Horvát",
        ):
            self.assertNotIn(foreign, raw)
        # the export itself is logged
        self.assertTrue(
            self.env["case.disclosure"].search(
                [("case_id", "=", self.case_in.id), ("channel", "=", "subject_access")]
            )
        )
        self.assertTrue(
            self.env["case.access.log"].search(
                [("case_id", "=", self.case_in.id), ("operation", "=", "export")]
            )
        )

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_only_coordinators(self):
        with self.assertRaises(AccessError):
            self.env["case.subject.access"].with_user(self.user_manager).create(
                {"partner_id": self.mother_in.id}
            )
        wizard = self.env["case.subject.access"].create(
            {"partner_id": self.mother_in.id}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.user_manager).action_export()

    def test_export_includes_meetings_plans_and_the_childs_words(self):
        """Art. 15 covers the person's meetings, the tasks agreed for them,
        their family's plans and, for a child, their own words."""
        Meeting = self.env["case.meeting"]
        mine = Meeting.create(
            {
                "case_id": self.case_in.id,
                "meeting_format": "child_conference",
                "goal": "Dohodnout se na docházce",
                "attendee_ids": [
                    Command.create({"partner_id": self.mother_in.id}),
                    Command.create({"partner_id": self.child_in.id}),
                ],
                "decision_ids": [
                    Command.create(
                        {
                            "what": "Maminka zavolá do školy",
                            "responsible_type": "family",
                            "partner_id": self.mother_in.id,
                        }
                    )
                ],
                "child_priority_ids": [
                    Command.create({"wish": "Chci chodit na kroužek malování"})
                ],
            }
        )
        Meeting.create(
            {
                "case_id": self.case_out.id,
                "meeting_format": "case_meeting",
                "goal": "Cizí rodina",
                "decision_ids": [Command.create({"what": "Úkol cizí rodiny"})],
            }
        )
        plan = self.env["case.plan"].create(
            {
                "case_id": self.case_in.id,
                "goal_ids": [Command.create({"name": "Jakub chodí do školy"})],
            }
        )
        child_data = self._export(self.child_in)
        self.assertEqual(
            [p["wish"] for p in child_data["child_priorities"]],
            ["Chci chodit na kroužek malování"],
        )
        data = self._export(self.mother_in)
        self.assertEqual([m["meeting_id"][0]["id"] for m in data["meetings"]], mine.ids)
        self.assertEqual(
            [d["what"] for d in data["decisions"]], ["Maminka zavolá do školy"]
        )
        self.assertEqual([p["name"] for p in data["plans"]], [plan.name])
        self.assertEqual(
            [g["name"] for g in data["plans"][0]["goals"]], ["Jakub chodí do školy"]
        )
        raw = json.dumps(data, ensure_ascii=False)
        self.assertNotIn("Úkol cizí rodiny", raw)
        self.assertNotIn("Cizí rodina", raw)

    def _export(self, partner):
        wizard = (
            self.env["case.subject.access"]
            .with_user(self.user_coordinator)
            .create({"partner_id": partner.id})
        )
        wizard.action_export()
        archive = zipfile.ZipFile(io.BytesIO(base64.b64decode(wizard.zip_file)))
        return json.loads(archive.read("data.json").decode())
