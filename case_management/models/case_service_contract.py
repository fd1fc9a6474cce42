# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseServiceContract(models.Model):
    """Contract for the provision of a social service (Smlouva o poskytování
    sociální služby, A3 3.5). It includes the consent to *process* personal
    data and is a separate document from the consent to *share* information
    (``case.consent``): it never opens the disclosure gate."""

    _name = "case.service.contract"
    _description = "Social-Service Contract"
    _order = "date_signed desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    service = fields.Char(
        required=True, help="e.g. Sociálně aktivizační služba pro rodiny s dětmi"
    )
    date_signed = fields.Date(string="Signed On", required=True)
    date_end = fields.Date(string="Ends On")
    signer_id = fields.Many2one("res.partner", string="Signed By", required=True)
    includes_data_processing = fields.Boolean(
        string="Includes Consent to Process Personal Data", default=True
    )
    document = fields.Binary(string="Signed Contract", attachment=True)
    document_filename = fields.Char()
    note = fields.Text()
