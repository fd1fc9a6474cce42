# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        # In debug mode Odoo lists the display names of the forbidden records.
        # Models flagged with ``_case_code_only_errors`` show their pseudonymous
        # code there (context key ``case_code_only``), never a client's name.
        if getattr(records, "_case_code_only_errors", False):
            records = records.with_context(case_code_only=True)
        return super()._make_access_error(operation, records)
