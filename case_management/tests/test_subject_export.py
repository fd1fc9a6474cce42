# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import json
import zipfile

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
