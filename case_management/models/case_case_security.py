# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Role fields, the case code, the RPC access log and the statutory path
(issue 11, items 4, 8, 9 and 11)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .case_case import COORDINATOR_GROUP

MANAGER_GROUP = "case_management.case_management_group_manager"
# Who holds the case: only its case manager or a coordinator changes them.
GUARDED_ROLE_FIELDS = (
    "manager_id",
    "key_worker_user_id",
    "coordinator_user_id",
    "team_user_ids",
)


# pylint: disable=consider-merging-classes-inherited
class CaseCase(models.Model):
    _inherit = "case.case"

    manager_id = fields.Many2one(tracking=True)
    team_user_ids = fields.Many2many(tracking=True)

    # ------------------------------------------------------------
    # Item 4: role fields and the case code
    # ------------------------------------------------------------

    def _case_may_change_roles(self):
        """Only the case manager of the case or a coordinator hands a case
        over or changes who works on it."""
        if self.env.su or self.env.user.has_group(COORDINATOR_GROUP):
            return True
        return all(case.manager_id == self.env.user for case in self)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                # the code comes from the sequence, never from the user
                vals.pop("name", None)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if "name" in vals and any(case.name != vals["name"] for case in self):
                raise AccessError(
                    self.env._(
                        "The case code is given by the system and cannot be changed."
                    )
                )
            changed = [fname for fname in GUARDED_ROLE_FIELDS if fname in vals]
            if changed and not self._case_may_change_roles():
                raise AccessError(
                    self.env._(
                        "Only the case manager of the case or a coordinator can "
                        "change the case manager, the key worker, the coordinating "
                        "user or the team."
                    )
                )
        return super().write(vals)

    @api.constrains("name")
    def _check_name_line_breaks(self):
        for case in self:
            if case.name and ("\r" in case.name or "\n" in case.name):
                raise ValidationError(
                    self.env._("The case code cannot contain line breaks.")
                )

    # ------------------------------------------------------------
    # Item 11: RPC reads are opened files too
    # ------------------------------------------------------------

    def _case_log_rpc_read(self):
        if (
            self.env.su
            or self.env.context.get("case_no_access_log")
            or self.env.context.get("case_read_logged")
            or self.env.cr.readonly
        ):
            return
        cases = self.filtered(lambda case: isinstance(case.id, int))
        if cases:
            cases._case_log_access("read")

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        self.browse([row["id"] for row in result])._case_log_rpc_read()
        return result

    read._readonly = False

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None):
        result = super(CaseCase, self.with_context(case_read_logged=True)).search_read(
            domain=domain, fields=fields, offset=offset, limit=limit, order=order
        )
        self.browse([row["id"] for row in result])._case_log_rpc_read()
        return result

    search_read._readonly = False

    def web_read(self, specification):
        # the form's web_read logs itself (case_case_consent); its inner read
        # must not log a second row
        return super(CaseCase, self.with_context(case_read_logged=True)).web_read(
            specification
        )

    web_read._readonly = False

    # ------------------------------------------------------------
    # Item 8: the statutory path
    # ------------------------------------------------------------

    def _case_statutory_check(self, legal_basis, recipients):
        """Check a statutory notification before it goes through the gate:
        only a case manager or a coordinator sends it, only on an active
        legal basis of the configured list, and only to recipients whose
        professional role (on the partner or on their line in this case's
        circle) the basis allows.

        :param legal_basis: a ``case.legal.basis`` record or its code
        :return: ``(basis, refused)`` with ``refused`` = ``{partner: message}``
        """
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a case manager or a coordinator can send a statutory "
                    "notification."
                )
            )
        if isinstance(legal_basis, models.BaseModel):
            basis = legal_basis.sudo()
        else:
            basis = (
                self.env["case.legal.basis"]
                .sudo()
                .search([("code", "=", legal_basis or "")], limit=1)
            )
        if not basis or not basis.active:
            raise UserError(
                self.env._(
                    "Unknown legal basis: choose one of the legal bases configured "
                    "for statutory notifications."
                )
            )
        refused = {}
        if basis.role_ids:
            lines = self.sudo().participant_ids
            for partner in recipients.sudo():
                roles = (
                    partner.professional_role_id
                    | lines.filtered(
                        lambda line, p=partner: (
                            line.partner_id in (p | p.commercial_partner_id)
                        )
                    ).role_id
                )
                if not roles & basis.role_ids:
                    refused[partner] = self.env._(
                        "%(partner)s: the legal basis %(basis)s allows only "
                        "recipients in the roles %(roles)s.",
                        partner=partner.display_name,
                        basis=basis.code,
                        roles=", ".join(basis.role_ids.mapped("name")),
                    )
        return basis, refused
