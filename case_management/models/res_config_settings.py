# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .case_public_link import DEFAULT_LINK_DAYS
from .case_scope_mixin import DEFAULT_SCAN_MB


# pylint: disable=consider-merging-classes-inherited
class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    case_public_link_days = fields.Integer(
        string="Public Link Lifetime (days)",
        config_parameter="case_management.public_link_days",
        default=DEFAULT_LINK_DAYS,
        help="RSVP and availability-poll links stop answering this many days "
        "after they were sent (and always when the meeting is cancelled or past, "
        "or the case is closed).",
    )
    case_upload_max_mb = fields.Integer(
        string="Largest Upload (MB)",
        config_parameter="case_management.upload_max_mb",
        default=DEFAULT_SCAN_MB,
        help="Largest signed scan or document that can be attached to a case "
        "record; scans must be PDF, PNG or JPEG.",
    )

    @api.constrains("case_public_link_days", "case_upload_max_mb")
    def _check_case_security_numbers(self):
        for settings in self:
            if not 1 <= settings.case_public_link_days <= 3650:
                raise ValidationError(
                    self.env._("The public link lifetime must be 1 to 3650 days.")
                )
            if not 1 <= settings.case_upload_max_mb <= 100:
                raise ValidationError(
                    self.env._("The largest upload must be 1 to 100 MB.")
                )
