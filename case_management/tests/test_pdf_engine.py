# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import logging
import time

from pypdf import PdfReader

from odoo.tests import TransactionCase, tagged

from odoo.addons.case_management.models.ir_actions_report import (
    ENGINE_WEASYPRINT,
    OdooUrlFetcher,
)

_logger = logging.getLogger(__name__)

PARTNER_TEMPLATE = """
<t t-name="case_management.test_pdf_partner_sheet">
    <t t-call="case_management.html_container">
        <t t-foreach="docs" t-as="doc">
            <t t-call="case_management.external_layout">
                <h1 t-out="doc.name"/>
                <p>Karta klienta</p>
                <t t-if="doc.comment">
                    <p t-foreach="range(40)" t-as="line">Řádek poznámky
                        <t t-out="line"/></p>
                </t>
                <img src="https://example.com/tracker.png" alt=""/>
            </t>
        </t>
    </t>
</t>
"""


def pdf_pages_text(pdf_content):
    """Text of each page of a PDF, extracted with pypdf, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(pdf_content))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@tagged("post_install", "-at_install")
class TestPdfEngine(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["ir.actions.report"]
        cls.company = cls.env.company
        cls.company.write(
            {
                "name": "Rodinné centrum Slunečnice z. s.",
                "street": "Náměstí Míru 12",
                "zip": "120 00",
                "city": "Praha",
                "phone": "+420 222 333 444",
                "email": "info@slunecnice.example.com",
            }
        )
        cls.env["ir.ui.view"].create(
            {
                "name": "test_pdf_partner_sheet",
                "type": "qweb",
                "key": "case_management.test_pdf_partner_sheet",
                "arch": PARTNER_TEMPLATE,
            }
        )
        cls.report = cls.Report.create(
            {
                "name": "Karta klienta",
                "model": "res.partner",
                "report_type": "qweb-pdf",
                "report_name": "case_management.test_pdf_partner_sheet",
                "print_report_name": "'Karta - %s' % object.name",
            }
        )
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": "Žofie Dvořáková", "email": "zofie@example.com"},
                # long enough to need two pages
                {"name": "Čeněk Šťastný", "comment": "<p>Dlouhá poznámka</p>"},
                {"name": "Řehoř Úlehla"},
            ]
        )

    def setUp(self):
        super().setUp()
        if self.Report._case_pdf_engine() != ENGINE_WEASYPRINT:
            self.skipTest("The patched wkhtmltopdf renders the PDFs here.")

    def _render(self, report, res_ids):
        start = time.perf_counter()
        with self.assertNoLogs(level="WARNING"):
            content, report_format = self.Report._render_qweb_pdf(report, res_ids)
        _logger.info(
            "PDF of %s for %s record(s) rendered in %.2f s",
            report.report_name,
            len(res_ids),
            time.perf_counter() - start,
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        return content

    def test_web_client_state(self):
        """The web client downloads a PDF only when the state is 'ok'."""
        self.assertEqual(self.Report.get_wkhtmltopdf_state(), "ok")

    def test_single_record(self):
        pages = pdf_pages_text(self._render(self.report, self.partners[0].ids))
        self.assertEqual(len(pages), 1)
        self.assertIn("Žofie Dvořáková", pages[0])
        self.assertIn("Karta klienta", pages[0])
        self.assertIn(self.company.name, pages[0])
        self.assertIn("Náměstí Míru 12", pages[0])
        self.assertIn("info@slunecnice.example.com", pages[0])
        self.assertIn("Page 1 / 1", pages[0])

    def test_several_records(self):
        pages = pdf_pages_text(self._render(self.report, self.partners.ids))
        # Čeněk's sheet takes two pages
        self.assertEqual(len(pages), 4)
        for text in pages:
            self.assertIn(self.company.name, text, "header on every page")
        names = self.partners.mapped("name")
        first_pages = {}
        for index, text in enumerate(pages):
            present = [name for name in names if name in text]
            self.assertLessEqual(len(present), 1, "one record per page")
            for name in present:
                first_pages.setdefault(name, index)
        self.assertEqual(first_pages, {names[0]: 0, names[1]: 1, names[2]: 3})
        # page numbering restarts with each record
        self.assertIn("Page 1 / 1", pages[0])
        self.assertIn("Page 1 / 2", pages[1])
        self.assertIn("Page 2 / 2", pages[2])
        self.assertIn("Řádek poznámky 39", pages[2])
        self.assertIn("Page 1 / 1", pages[3])

    def test_attachment_per_record(self):
        """One attachment per record, reused with attachment_use."""
        self.report.write(
            {"attachment": "'Karta-%s.pdf' % object.id", "attachment_use": True}
        )
        self._render(self.report, self.partners.ids)
        Attachment = self.env["ir.attachment"]
        for partner in self.partners:
            attachment = Attachment.search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", partner.id),
                    ("name", "=", f"Karta-{partner.id}.pdf"),
                ]
            )
            self.assertEqual(len(attachment), 1)
            text = "\n".join(pdf_pages_text(attachment.raw))
            self.assertIn(partner.name, text)
            others = self.partners - partner
            for other in others:
                self.assertNotIn(other.name, text)
        # the stored documents are reused
        self.partners[0].name = "Renamed Partner"
        pages = pdf_pages_text(self._render(self.report, self.partners[0].ids))
        self.assertIn("Žofie Dvořáková", pages[0])

    def test_mail_template_attachment(self):
        template = self.env["mail.template"].create(
            {
                "name": "Karta klienta",
                "model_id": self.env.ref("base.model_res_partner").id,
                "subject": "Karta {{ object.name }}",
                "email_to": "{{ object.email }}",
                "body_html": "<p>Dobrý den</p>",
                "report_template_ids": [(4, self.report.id)],
            }
        )
        with self.assertNoLogs(level="WARNING"):
            mail_id = template.send_mail(self.partners[0].id)
        mail = self.env["mail.mail"].browse(mail_id)
        self.assertEqual(len(mail.attachment_ids), 1)
        attachment = mail.attachment_ids
        self.assertEqual(attachment.name, "Karta - Žofie Dvořáková.pdf")
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertTrue(attachment.raw.startswith(b"%PDF"))
        self.assertIn("Žofie Dvořáková", pdf_pages_text(attachment.raw)[0])

    def test_standard_odoo_report(self):
        """Reports on web.external_layout (Bootstrap bundle) print too."""
        report = self.env.ref("web.action_report_externalpreview")
        pages = pdf_pages_text(self._render(report, self.company.ids))
        self.assertEqual(len(pages), 1)
        self.assertIn("This is a sample of an external report.", pages[0])
        self.assertIn("Náměstí Míru 12", pages[0], "company address in header")
        self.assertIn("Page 1 / 1", pages[0])

    def test_standard_internal_layout(self):
        report = self.env.ref("web.action_report_internalpreview")
        pages = pdf_pages_text(self._render(report, self.company.ids))
        self.assertTrue(pages)
        self.assertIn(self.company.name, pages[0])

    def test_url_fetcher_stays_local(self):
        fetcher = OdooUrlFetcher(self.env, {"odoo.example.com"})
        remote_css = fetcher.fetch("https://cdn.example.org/style.css")
        self.assertEqual(remote_css.content_type, "text/css")
        self.assertEqual(remote_css.read(), b"")
        remote_image = fetcher.fetch("https://cdn.example.org/pixel.png")
        self.assertEqual(remote_image.content_type, "image/svg+xml")
        logo = fetcher.fetch(
            f"https://odoo.example.com/web/image/res.company/{self.company.id}/logo"
        )
        self.assertTrue(logo.read())
        self.assertTrue(logo.content_type.startswith("image/"))
        static = fetcher.fetch("/web/static/img/placeholder.png")
        self.assertEqual(static.content_type, "image/png")
        self.assertTrue(static.read().startswith(b"\x89PNG"))
        forbidden = fetcher.fetch("/web/content/res.users/1/password")
        self.assertEqual(forbidden.content_type, "image/svg+xml")
