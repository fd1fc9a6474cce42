# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CaseOutcomeReportXlsx(models.AbstractModel):
    """The programme report as XLSX, through OCA ``report_xlsx``: the same
    figures as the PDF (both read ``_get_report_data`` of the wizard)."""

    _name = "report.case_management_reports.case_outcome_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Programme Report (XLSX)"

    def generate_xlsx_report(self, workbook, data, objs):
        objs.ensure_one()
        objs._write_xlsx(workbook)
