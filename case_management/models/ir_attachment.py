# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Files attached to a case's records (chatter, documents) obey the same size
cap as the signed scans (``case_management.upload_max_mb``): a huge upload is
refused with a clear message instead of filling the filestore."""

from odoo import api, models
from odoo.exceptions import ValidationError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _case_check_upload_size(self, vals_list, records=None):
        for vals in vals_list:
            res_models = (
                {vals["res_model"]}
                if vals.get("res_model")
                else set((records or self.browse()).mapped("res_model"))
            )
            if not any(self._case_is_scoped_model(m) for m in res_models if m):
                continue
            if vals.get("raw"):
                raw = vals["raw"]
                size = len(raw.encode() if isinstance(raw, str) else raw)
            elif vals.get("datas"):
                datas = vals["datas"]
                size = len(datas) * 3 // 4
            else:
                continue
            limit_mb = self._case_upload_limit_mb()
            if size > limit_mb * 1024 * 1024:
                raise ValidationError(
                    self.env._(
                        "The file is too large (at most %(limit)s MB).",
                        limit=limit_mb,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._case_check_upload_size(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("raw") or vals.get("datas"):
            self._case_check_upload_size([vals], records=self)
        return super().write(vals)
