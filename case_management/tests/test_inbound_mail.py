# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common_consent import CaseConsentCommon


@tagged("post_install", "-at_install", "case_consent")
class TestInboundMailUploadCap(CaseConsentCommon):
    """A reply by e-mail to a case mail obeys the upload cap without losing
    the mail: the oversized file is left out and named in the message."""

    def _reply(self, parent, message_id, files):
        mime = MIMEMultipart()
        mime["From"] = "Petra Nováková <petra.novakova@ospod.example.org>"
        mime["To"] = "case-management@example.org"
        mime["Subject"] = "Re: Pozvánka na případovou konferenci"
        mime["Message-ID"] = message_id
        mime["In-Reply-To"] = parent.message_id
        mime["References"] = parent.message_id
        mime.attach(MIMEText("Posílám zprávu ze šetření.", "plain", "utf-8"))
        for name, content in files:
            part = MIMEApplication(content, Name=name)
            part["Content-Disposition"] = f'attachment; filename="{name}"'
            mime.attach(part)
        return mime.as_bytes()

    def test_reply_with_an_oversized_file_keeps_the_mail(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "case_management.upload_max_mb", "1"
        )
        parent = self.case_in.message_post(
            body="Pozvánka", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        big = b"%PDF-1.4\n" + b"x" * (2 * 1024 * 1024)
        raw = self._reply(
            parent,
            "<reply-cap-1@ospod.example.org>",
            [("zprava.pdf", big), ("souhlas.pdf", b"%PDF-1.4\nsmall")],
        )
        thread_id = self.env["mail.thread"].message_process(None, raw)
        self.assertEqual(thread_id, self.case_in.id)
        reply = self.env["mail.message"].search(
            [("message_id", "=", "<reply-cap-1@ospod.example.org>")]
        )
        self.assertEqual(len(reply), 1)
        self.assertEqual((reply.model, reply.res_id), ("case.case", self.case_in.id))
        self.assertEqual(reply.attachment_ids.mapped("name"), ["souhlas.pdf"])
        self.assertIn("Posílám zprávu ze šetření.", reply.body)
        self.assertIn("zprava.pdf (2.0 MB)", reply.body)
        self.assertIn("1 MB", reply.body)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("name", "=", "zprava.pdf"), ("res_model", "=", "case.case")]
            )
        )
        # the same file uploaded directly is refused with the clear message
        with self.assertRaisesRegex(ValidationError, "at most 1 MB"):
            self.env["ir.attachment"].create(
                {
                    "name": "zprava.pdf",
                    "raw": big,
                    "res_model": "case.case",
                    "res_id": self.case_in.id,
                }
            )

    def test_reply_within_the_limit_keeps_every_file(self):
        parent = self.case_in.message_post(
            body="Pozvánka", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        raw = self._reply(
            parent,
            "<reply-cap-2@ospod.example.org>",
            [("zprava.pdf", b"%PDF-1.4\nsmall"), ("foto.jpg", b"\xff\xd8\xff")],
        )
        self.env["mail.thread"].message_process(None, raw)
        reply = self.env["mail.message"].search(
            [("message_id", "=", "<reply-cap-2@ospod.example.org>")]
        )
        self.assertEqual(
            sorted(reply.attachment_ids.mapped("name")), ["foto.jpg", "zprava.pdf"]
        )
        self.assertNotIn("Not kept", reply.body)
