# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""PDF rendering with WeasyPrint.

Debian's wkhtmltopdf is the unpatched build: no header/footer, text drawn as
paths (not extractable) and it fails on prints of several records. Unless the
patched build ("with patched qt") is installed, every ``qweb-pdf`` report is
rendered in-process by WeasyPrint: the Print menu, mail templates
(``report_template_ids``) and tests all go through
``_render_qweb_pdf_prepare_streams``, which is overridden here.

Each record is rendered separately (own HTML document, own page numbering) and
stored in ``collected_streams`` exactly like the standard implementation, so
the per-record attachments (``attachment`` / ``attachment_use``) and the
merging done by ``_render_qweb_pdf`` keep working.
"""

import base64
import io
import logging
import subprocess
from collections import OrderedDict
from urllib.parse import parse_qs, unquote, urlsplit

import lxml.html
from PIL import Image
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule

from odoo import api, models
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import root
from odoo.tools.mimetypes import guess_mimetype
from odoo.tools.misc import find_in_path
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

_logger = logging.getLogger(__name__)

# WeasyPrint reports every CSS property it does not know (Bootstrap has many)
# as a WARNING, logs its progress at import and while rendering, and fontTools
# logs its font subsetting; none of that is actionable for a report user (and
# the test run fails on any WARNING line). Set before importing WeasyPrint.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

try:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse
except ImportError:  # pragma: no cover - declared in external_dependencies
    weasyprint = None
    URLFetcher = object
    URLFetcherResponse = FontConfiguration = None

ENGINE_WKHTMLTOPDF = "wkhtmltopdf"
ENGINE_WEASYPRINT = "weasyprint"

# Result of the engine detection, computed once per process.
_ENGINE_CACHE = {}

# Default page when a report has no paper format at all: A4 portrait.
DEFAULT_PAGE = {
    "width": 210.0,
    "height": 297.0,
    "top": 40.0,
    "bottom": 20.0,
    "left": 7.0,
    "right": 7.0,
}

# Answer for resources that are refused (remote or unknown): valid but empty,
# so that WeasyPrint does not log an error for them.
EMPTY_CSS = (b"", "text/css")
EMPTY_IMAGE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
    "image/svg+xml",
)
FONT_EXTENSIONS = (".woff", ".woff2", ".ttf", ".otf", ".eot")


# The routes of the web client's /web/image and /web/content controllers
# (addons/web/controllers/binary.py), used to parse local image URLs.
BINARY_ROUTE_SUFFIXES = (
    "",
    "/<string:xmlid>",
    "/<string:xmlid>/<string:filename>",
    "/<string:xmlid>/<int:width>x<int:height>",
    "/<string:xmlid>/<int:width>x<int:height>/<string:filename>",
    "/<string:model>/<int:id>/<string:field>",
    "/<string:model>/<int:id>/<string:field>/<string:filename>",
    "/<string:model>/<int:id>/<string:field>/<int:width>x<int:height>",
    "/<string:model>/<int:id>/<string:field>/<int:width>x<int:height>/<string:filename>",
    "/<int:id>",
    "/<int:id>/<string:filename>",
    "/<int:id>/<int:width>x<int:height>",
    "/<int:id>/<int:width>x<int:height>/<string:filename>",
    "/<int:id>-<string:unique>",
    "/<int:id>-<string:unique>/<string:filename>",
    "/<int:id>-<string:unique>/<int:width>x<int:height>",
    "/<int:id>-<string:unique>/<int:width>x<int:height>/<string:filename>",
)
BINARY_ROUTES = Map(
    [
        Rule(f"/web/{endpoint}{suffix}", endpoint=endpoint)
        for endpoint in ("image", "content")
        for suffix in BINARY_ROUTE_SUFFIXES
    ],
    strict_slashes=False,
)
# What reading a local resource may raise: the resource is then refused.
FETCH_ERRORS = (
    AccessError,
    MissingError,
    UserError,
    HTTPException,
    OSError,
    ValueError,
)

# Stylesheet injected into the standard Odoo layouts (web.external_layout,
# web.internal_layout...): their div.header / div.footer become running
# elements shown in the page margins, and the span.page / span.topage
# placeholders (filled by JavaScript with wkhtmltopdf) become page counters.
STANDARD_LAYOUT_CSS = """
.o_wp_header { position: running(o_wp_header); }
.o_wp_footer { position: running(o_wp_footer); }
@page {
    @top-center { content: element(o_wp_header); width: 100%; vertical-align: bottom; }
    @bottom-center { content: element(o_wp_footer); width: 100%; vertical-align: top; }
}
.o_wp_header span.page::after, .o_wp_footer span.page::after { content: counter(page); }
.o_wp_header span.topage::after, .o_wp_footer span.topage::after {
    content: counter(pages);
}
.o_wp_article { break-before: page; }
body.o_css_margins .o_wp_header, body.o_css_margins .o_wp_footer {
    padding-left: 11mm;
    padding-right: 11mm;
}
"""


def _has_class(class_name):
    return (
        f"//div[contains(concat(' ', normalize-space(@class), ' '), ' {class_name} ')]"
    )


def _detect_engine():
    """The engine to use in this process (see ``_case_pdf_engine``)."""
    try:
        binary = find_in_path("wkhtmltopdf")
    except OSError:
        binary = None
    if binary:
        try:
            process = subprocess.run(
                [binary, "--version"],
                capture_output=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            process = None
        if process and b"with patched qt" in (process.stdout + process.stderr).lower():
            return ENGINE_WKHTMLTOPDF
    if weasyprint is not None:
        return ENGINE_WEASYPRINT
    # Nothing better: let the standard implementation do what it can.
    return ENGINE_WKHTMLTOPDF


class OdooUrlFetcher(URLFetcher):
    """WeasyPrint URL fetcher that never goes to the network.

    ``data:`` URIs are decoded; local Odoo URLs (asset bundles, ``/web/image``,
    ``/web/content``, the company logo, static files of installed modules) are
    read through the ORM with the access rights of the printing user (asset
    bundles are public attachments, read with sudo). Anything else is refused
    quietly with an empty stylesheet or image.
    """

    def __init__(self, env, local_netlocs):
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.env = env
        self.local_netlocs = {netloc for netloc in local_netlocs if netloc}
        self.cache = {}

    def fetch(self, url, headers=None):
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        if url not in self.cache:
            resolved = None
            try:
                resolved = self._resolve(url)
            except FETCH_ERRORS:
                _logger.debug("Report resource %s is not accessible", url)
            if not resolved:
                _logger.debug("Report resource %s refused (not local)", url)
                resolved = self._refusal(url)
            self.cache[url] = resolved
        body, mimetype = self.cache[url]
        return URLFetcherResponse(url, body, {"Content-Type": mimetype})

    @staticmethod
    def _refusal(url):
        path = urlsplit(url).path.lower()
        if path.endswith(FONT_EXTENSIONS):
            return b"", "application/octet-stream"
        if path.endswith(".css") or "css" in url.lower():
            return EMPTY_CSS
        return EMPTY_IMAGE

    def _resolve(self, url):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "") or (
            parts.netloc and parts.netloc not in self.local_netlocs
        ):
            return None
        path = unquote(parts.path)
        if path.lower().endswith(".eot"):
            return None  # font format WeasyPrint cannot read
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        if path.startswith("/web/assets/"):
            return self._resolve_asset(path)
        if path.startswith(("/web/image", "/web/content")):
            return self._resolve_binary(path, query)
        if path in ("/logo.png", "/logo", "/web/binary/company_logo"):
            return self._resolve_company_logo(query)
        static_path = root.get_static_file(path)
        if static_path:
            with open(static_path, "rb") as static_file:
                return static_file.read(), self._guess_mimetype(static_path)
        return None

    def _resolve_asset(self, path):
        """A CSS asset bundle (public attachment), generated when needed like
        the /web/assets controller does. JavaScript is never needed."""
        filename = path.rsplit("/", 1)[-1]
        if not filename.endswith(".css"):
            return None
        attachment = self._find_asset(self.env, path, filename)
        if attachment:
            return attachment.raw, "text/css"
        if self.env.cr.readonly:
            with self.env.registry.cursor() as rw_cr:
                raw = self._generate_asset(
                    api.Environment(rw_cr, self.env.uid, {}), filename
                )
        else:
            raw = self._generate_asset(self.env, filename)
        return (raw, "text/css") if raw is not None else None

    @staticmethod
    def _find_asset(env, path, filename):
        Attachment = env["ir.attachment"].sudo()
        domain = [
            ("public", "=", True),
            ("res_model", "=", "ir.ui.view"),
            ("res_id", "=", 0),
        ]
        attachment = Attachment.search(domain + [("url", "=", path)], limit=1)
        if not attachment:
            # Another version of the same bundle (the hash in the URL changed).
            attachment = Attachment.search(
                domain + [("url", "=like", "/web/assets/%/" + filename)],
                order="id desc",
                limit=1,
            )
        return attachment

    @staticmethod
    def _generate_asset(env, filename):
        bundle_name, rtl, asset_type = env["ir.asset"]._parse_bundle_name(
            filename, False
        )
        if asset_type != "css":
            return None
        bundle = env["ir.qweb"]._get_asset_bundle(
            bundle_name, css=True, js=False, rtl=rtl
        )
        if not bundle.stylesheets:
            return None
        return env["ir.attachment"].sudo().browse(bundle.css().id).raw

    def _resolve_binary(self, path, query):
        try:
            _endpoint, args = BINARY_ROUTES.bind("localhost").match(path)
        except HTTPException:
            return None
        args = {**query, **args}
        res_id = args.get("id")
        if res_id is not None:
            try:
                res_id = int(res_id)
            except ValueError:
                return None
        field_name = args.get("field", "raw")
        record = self.env["ir.binary"]._find_record(
            xmlid=args.get("xmlid"),
            res_model=args.get("model", "ir.attachment"),
            res_id=res_id,
            access_token=args.get("access_token"),
            field=field_name,
        )
        # Not ir.binary._get_stream_from: it needs an HTTP request.
        if record._name == "ir.attachment" and field_name in ("raw", "datas"):
            if record.type == "url":
                return None
            return record.raw, record.mimetype
        field = record._fields.get(field_name)
        if not field or field.type != "binary":
            return None
        record.check_field_access_rights("read", [field_name])
        value = record[field_name]
        if not value:
            return None
        raw = base64.b64decode(value)
        return raw, guess_mimetype(raw, default="application/octet-stream")

    def _resolve_company_logo(self, query):
        company = self.env.company
        if query.get("company", "").isdigit():
            company = self.env["res.company"].browse(int(query["company"])).exists()
        if not company or not company.logo:
            return None
        logo = base64.b64decode(company.logo)
        return logo, guess_mimetype(logo, default="image/png")

    @staticmethod
    def _guess_mimetype(path):
        extension = path.rsplit(".", 1)[-1].lower()
        return {
            "css": "text/css",
            "js": "text/javascript",
            "svg": "image/svg+xml",
            "png": "image/png",
            "jpg": "image/jpeg",
            "jpeg": "image/jpeg",
            "gif": "image/gif",
            "webp": "image/webp",
            "woff": "font/woff",
            "woff2": "font/woff2",
            "ttf": "font/ttf",
            "otf": "font/otf",
        }.get(extension, "application/octet-stream")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    # ------------------------------------------------------------------
    # Engine selection
    # ------------------------------------------------------------------

    @api.model
    def _case_pdf_engine(self):
        """Return the PDF engine of this process.

        ``'wkhtmltopdf'`` when the patched build of wkhtmltopdf is installed
        (its ``--version`` says "with patched qt"), else ``'weasyprint'`` when
        WeasyPrint is importable; the check runs once per process.
        """
        if "engine" not in _ENGINE_CACHE:
            _ENGINE_CACHE["engine"] = _detect_engine()
            _logger.info("PDF reports are rendered with %s", _ENGINE_CACHE["engine"])
        return _ENGINE_CACHE["engine"]

    @api.model
    def get_wkhtmltopdf_state(self):
        # The web client (reports/utils.js) only downloads a PDF when this
        # says 'ok' or 'upgrade', else it shows the report as HTML with a
        # warning. WeasyPrint runs in-process: no binary, no extra worker.
        if self._case_pdf_engine() == ENGINE_WEASYPRINT:
            return "ok"
        return super().get_wkhtmltopdf_state()

    def _pre_render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        # The standard implementation returns HTML in test mode because
        # wkhtmltopdf would need a second worker to fetch the assets;
        # WeasyPrint has no such need: produce the real PDF in tests too.
        report = self
        if self._case_pdf_engine() == ENGINE_WEASYPRINT:
            report = self.with_context(force_report_rendering=True)
        return super(IrActionsReport, report)._pre_render_qweb_pdf(
            report_ref, res_ids=res_ids, data=data
        )

    # ------------------------------------------------------------------
    # Rendering
    # ------------------------------------------------------------------

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        if self._case_pdf_engine() != ENGINE_WEASYPRINT:
            return super()._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=res_ids
            )
        if not data:
            data = {}
        data.setdefault("report_type", "pdf")
        data.setdefault("debug", False)

        # access the report details with sudo() but evaluation context as
        # current user (same as the standard implementation)
        report_sudo = self._get_report(report_ref)
        has_duplicated_ids = res_ids and len(res_ids) != len(set(res_ids))
        collected_streams = OrderedDict()

        # Reuse the stored attachments ('attachment_use'), as the parent does.
        if res_ids:
            for record in self.env[report_sudo.model].browse(res_ids):
                if record.id in collected_streams:
                    continue
                stream = attachment = None
                if (
                    not has_duplicated_ids
                    and report_sudo.attachment
                    and not self._context.get("report_pdf_no_attachment")
                ):
                    attachment = report_sudo.retrieve_attachment(record)
                    if attachment and report_sudo.attachment_use:
                        stream = self._case_attachment_stream(attachment)
                collected_streams[record.id] = {
                    "stream": stream,
                    "attachment": attachment,
                }

        renderer = self.with_context(debug=False)._case_weasyprint_renderer(report_sudo)
        if not res_ids:
            pdf = renderer(report_ref, res_ids, data)
            return {False: {"stream": io.BytesIO(pdf), "attachment": None}}
        if has_duplicated_ids:
            # Same as the standard: one document, no attachment.
            pdfs = [renderer(report_ref, [res_id], data) for res_id in res_ids]
            return {False: {"stream": self._case_merge(pdfs), "attachment": None}}
        for res_id, stream_data in collected_streams.items():
            if not stream_data["stream"]:
                pdf = renderer(report_ref, [res_id], data)
                stream_data["stream"] = io.BytesIO(pdf)
        return collected_streams

    @api.model
    def _case_attachment_stream(self, attachment):
        stream = io.BytesIO(attachment.raw)
        if attachment.mimetype.startswith("image"):
            # Same conversion as the standard: images are stored as PDF pages.
            with Image.open(stream) as img:
                new_stream = io.BytesIO()
                img.convert("RGB").save(new_stream, format="pdf")
            stream.close()
            stream = new_stream
        return stream

    @api.model
    def _case_merge(self, pdfs):
        writer = PdfFileWriter()
        for pdf in pdfs:
            writer.appendPagesFromReader(PdfFileReader(io.BytesIO(pdf)))
        stream = io.BytesIO()
        writer.write(stream)
        return stream

    def _case_weasyprint_renderer(self, report_sudo):
        """Return a function rendering ``(report_ref, res_ids, data)`` to PDF
        bytes. Resources and fonts are shared by all the documents of one
        print."""
        base_url = self._get_report_url()
        web_base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        fetcher = OdooUrlFetcher(
            self.env,
            {urlsplit(base_url or "").netloc, urlsplit(web_base_url or "").netloc},
        )
        font_config = FontConfiguration()

        def render(report_ref, res_ids, data):
            html = self._render_qweb_html(report_ref, res_ids, data=data)[0]
            return self._case_html_to_pdf(
                report_sudo, html, base_url, fetcher, font_config
            )

        return render

    def _case_html_to_pdf(self, report_sudo, html, base_url, fetcher, font_config):
        """Convert one rendered HTML document to PDF bytes with WeasyPrint."""
        root_node = lxml.html.fromstring(
            html, parser=lxml.html.HTMLParser(encoding="utf-8")
        )
        specific_args = {
            key: value
            for key, value in root_node.items()
            if key.startswith("data-report-")
        }
        page_css = self._case_page_css(report_sudo, specific_args)
        paperformat = report_sudo.get_paperformat()
        if paperformat.css_margins:
            # Same as web.minimal_layout for wkhtmltopdf: the side margins
            # are done by the layout's stylesheet.
            for body in root_node.xpath("//body"):
                body.set("class", (body.get("class", "") + " o_css_margins").strip())
        if root_node.get("data-case-report") is None:
            self._case_adapt_standard_layout(root_node)
        document = lxml.html.tostring(
            root_node, encoding="unicode", doctype="<!DOCTYPE html>"
        )
        stylesheets = [
            weasyprint.CSS(string=page_css, font_config=font_config),
        ]
        return weasyprint.HTML(
            string=document, base_url=base_url, url_fetcher=fetcher
        ).write_pdf(stylesheets=stylesheets, font_config=font_config)

    def _case_page_css(self, report_sudo, specific_args):
        """``@page`` rule from the report's paper format (user origin: the
        document's own stylesheet may still override it)."""
        page = dict(DEFAULT_PAGE)
        paperformat = report_sudo.get_paperformat()
        landscape = self._context.get("landscape")
        if landscape is None and specific_args.get("data-report-landscape"):
            landscape = specific_args["data-report-landscape"] not in ("False", "0")
        if paperformat:
            if paperformat.print_page_width and paperformat.print_page_height:
                page["width"] = paperformat.print_page_width
                page["height"] = paperformat.print_page_height
            page.update(
                top=paperformat.margin_top,
                bottom=paperformat.margin_bottom,
                left=paperformat.margin_left,
                right=paperformat.margin_right,
            )
        for side in ("top", "bottom"):
            value = specific_args.get(f"data-report-margin-{side}")
            if value:
                try:
                    page[side] = float(value)
                except ValueError:
                    _logger.debug("Ignored margin %r of the report", value)
        width, height = page["width"], page["height"]
        if landscape and width < height:
            width, height = height, width
        margins = " ".join(
            f"{page[side]}mm" for side in ("top", "right", "bottom", "left")
        )
        return f"@page {{ size: {width}mm {height}mm; margin: {margins}; }}"

    @api.model
    def _case_adapt_standard_layout(self, root_node):
        """Make the layouts of Odoo (``web.external_layout`` & co) printable
        by WeasyPrint: header/footer divs become running elements (moved
        before their article so that every page of the article shows them),
        each article starts on a new page."""
        for article in root_node.xpath(_has_class("article")):
            article.set("class", article.get("class", "") + " o_wp_article")
        for kind in ("header", "footer"):
            for node in root_node.xpath(_has_class(kind)):
                node.set("class", node.get("class", "") + f" o_wp_{kind}")
                previous_articles = node.xpath(
                    "preceding-sibling::div[contains(concat(' ', "
                    "normalize-space(@class), ' '), ' article ')]"
                )
                if previous_articles:
                    # A footer printed after its article: move it before.
                    previous_articles[-1].addprevious(node)
        heads = root_node.xpath("//head")
        style = lxml.html.Element("style")
        style.text = STANDARD_LAYOUT_CSS
        if heads:
            heads[0].append(style)
        else:
            root_node.insert(0, style)
