# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CaseAccessLog(models.Model):
    """Who opened which case file, when (one row per form open).

    Writes are already tracked by the chatter; this log covers reads. Rows are
    inserted by ``case.case.web_read`` (single record, i.e. the form view) as
    superuser; coordinators read them; nobody edits or deletes them.
    """

    _name = "case.access.log"
    _description = "Case Access Log"
    _order = "date desc, id desc"
    _log_access = False

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", string="Company", index=True)
    user_id = fields.Many2one(
        "res.users", string="User", required=True, index=True, ondelete="restrict"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    operation = fields.Selection(
        [("read", "Opened"), ("export", "Subject-access export")],
        default="read",
        required=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(_("The access log is written by the system."))
        return super().create(vals_list)

    def write(self, vals):
        if self:
            raise UserError(_("The access log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("The access log cannot be deleted."))
