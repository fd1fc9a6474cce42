# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A refused report or export answers a clean 403/404, never a server error
with a traceback (issue 11, item 11): ``/report/pdf/<report>/<foreign id>``
and ``/web/export/*`` over records the user may not read."""

from werkzeug.exceptions import Forbidden, NotFound

from odoo import http
from odoo.exceptions import AccessDenied, AccessError, MissingError, UserError
from odoo.http import request

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


class CaseReportController(ReportController):
    @http.route()
    def report_routes(self, reportname, docids=None, converter=None, **data):
        try:
            return super().report_routes(
                reportname, docids=docids, converter=converter, **data
            )
        except (AccessError, AccessDenied, MissingError, UserError) as error:
            refused = _refused(error)
            if isinstance(refused, Forbidden | NotFound):
                raise refused from None
            return refused


class CaseCSVExport(CSVExport):
    @http.route()
    def web_export_csv(self, data):
        try:
            return super().web_export_csv(data)
        except (AccessError, AccessDenied, MissingError, UserError) as error:
            refused = _refused(error)
            if isinstance(refused, Forbidden | NotFound):
                raise refused from None
            return refused


class CaseExcelExport(ExcelExport):
    @http.route()
    def web_export_xlsx(self, data):
        try:
            return super().web_export_xlsx(data)
        except (AccessError, AccessDenied, MissingError, UserError) as error:
            refused = _refused(error)
            if isinstance(refused, Forbidden | NotFound):
                raise refused from None
            return refused
