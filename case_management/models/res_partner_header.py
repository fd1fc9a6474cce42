# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import ValidationError


# pylint: disable=consider-merging-classes-inherited
class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.constrains("name", "email")
    def _check_no_line_breaks(self):
        """A name or address with CR/LF would write its own headers into an
        outgoing mail (Reply-To, a fake body): refuse it (issue 11, item 9)."""
        for partner in self:
            for value in (partner.name, partner.email):
                if value and ("\r" in value or "\n" in value):
                    raise ValidationError(
                        self.env._(
                            "A contact's name or e-mail address cannot contain "
                            "line breaks."
                        )
                    )
