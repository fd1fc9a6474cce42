# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CaseIncomingReport(models.Model):
    """A report received from an institution (A3 3.10, 3.11): source,
    sender, date, the family's response and the outcome of a clarification.
    The original statement is kept unchanged beside its corrected reading
    (e.g. "the mother does not cooperate" → "the mother so far heard only from
    the principal")."""

    _name = "case.incoming.report"
    _description = "Incoming Report from an Institution"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    name = fields.Char(string="Subject", required=True)
    source_id = fields.Many2one(
        "res.partner", string="Institution", help="e.g. the school"
    )
    sender_id = fields.Many2one(
        "res.partner", string="Received From", help="e.g. OSPOD forwarding it"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    category_ids = fields.Many2many(
        "case.data.category",
        "case_incoming_report_category_rel",
        "report_id",
        "category_id",
        string="Data Categories",
    )
    document = fields.Binary(attachment=True)
    document_filename = fields.Char()
    original_statement = fields.Text(
        help="The statement as the institution wrote it; kept unchanged."
    )
    corrected_reading = fields.Text(
        tracking=True, help="The clarified interpretation, kept beside the original."
    )
    family_view = fields.Text(string="The Family's View", tracking=True)
    clarification_outcome = fields.Text(tracking=True)
