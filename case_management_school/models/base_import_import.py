# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

WHOLE_FILE_MODELS = ("case.school.attendance", "case.school.result")


class BaseImportImport(models.TransientModel):
    _inherit = "base_import.import"

    def execute_import(self, fields, columns, options, dryrun=False):
        """Attendance and results files are imported in one transaction: the
        import dialog's batch limit (2,000 rows by default) would otherwise
        commit the first batches of a file whose later rows are refused."""
        if self.res_model in WHOLE_FILE_MODELS and options.get("limit"):
            options = dict(options, limit=None)
        return super().execute_import(fields, columns, options, dryrun=dryrun)

    def _handle_multi_mapping(self, import_fields, input_file_data):
        """Without two columns mapped on one field the generic merge returns
        the rows unchanged; skip its per-value loop for the school files."""
        mapped = [field for field in import_fields if field]
        if self.res_model in WHOLE_FILE_MODELS and len(set(mapped)) == len(mapped):
            return mapped, input_file_data
        return super()._handle_multi_mapping(import_fields, input_file_data)
