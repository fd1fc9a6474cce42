# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A refused report or export answers a clean 403/404, never a server error
with a traceback (issue 11, item 11): ``/report/pdf/<report>/<foreign id>``
and ``/web/export/*`` over records the user may not read."""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessDenied, AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.base.models.ir_qweb import QWebException
from odoo.addons.web.controllers.export import CSVExport, ExcelExport
from odoo.addons.web.controllers.report import ReportController


def _refused(error):
    """The response for a refused call: the error's own message (it names
    nothing the user may not see), no traceback."""
    if isinstance(error, MissingError):
        status, exc = 404, NotFound
    elif isinstance(error, AccessError | AccessDenied):
        status, exc = 403, Forbidden
    else:
        status, exc = 400, None
    message = str(error.args[0] if error.args else error)
    response = request.make_response(
        message,
        headers=[
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Cache-Control", "no-store"),
        ],
        status=status,
    )
    if exc is not None:
        return exc(response=response)
    return response


def _cause(error):
    """The access or user error behind a QWeb rendering error, if any."""
    seen = error
    while seen is not None:
        if isinstance(seen, AccessError | AccessDenied | MissingError | UserError):
            return seen
        seen = seen.__cause__ or getattr(seen, "error", None)
        if seen is error:
            break
    return None


class CaseReportController(ReportController):
    @http.route()
    def report_routes(self, reportname, docids=None, converter=None, **data):
        try:
            ids = [int(i) for i in (docids or "").split(",") if i.isdigit()]
            if ids:
                # check the records before rendering: a foreign id is refused
                # cleanly instead of failing inside the template
                report = request.env["ir.actions.report"]._get_report(reportname)
                request.env[report.model].browse(ids).check_access("read")
            return super().report_routes(
                reportname, docids=docids, converter=converter, **data
            )
        except QWebException as error:
            cause = _cause(error)
            if cause is None:
                raise
            return _answer(cause)
        except (AccessError, AccessDenied, MissingError, UserError) as error:
            return _answer(error)


def _answer(error):
    """Raise a refusal as its HTTP error, or return the error response."""
    refused = _refused(error)
    if isinstance(refused, Forbidden | NotFound):
        raise refused from None
    return refused


def _export_or_refuse(controller, data):
    """Core wraps every export error, a refusal included, into a server
    error carrying the traceback: answer refusals here instead."""
    try:
        return controller.base(data)
    except (AccessError, AccessDenied, MissingError, UserError) as error:
        return _answer(error)


class CaseCSVExport(CSVExport):
    @http.route()
    def web_export_csv(self, data):
        return _export_or_refuse(self, data)


class CaseExcelExport(ExcelExport):
    @http.route()
    def web_export_xlsx(self, data):
        return _export_or_refuse(self, data)
