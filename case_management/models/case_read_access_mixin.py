# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CaseReadAccessMixin(models.AbstractModel):
    """Check the read rules of a model in SQL, as Odoo does whenever a stored
    field is read (``fetch`` searches ``[('id', 'in', ids)]`` with the rules).

    Odoo checks a read of non-stored fields only (e.g. the display name of
    a case form's many2many tags or of its team) with ``filtered_domain``
    instead, in Python: the case-person rule on partners walks families,
    their cases and the cases' members, which costs about ten queries per
    read. The same rules in one query give the same answer; records the
    query does not return go to Odoo's own check, which then decides and
    builds the usual error.
    """

    _name = "case.read.access.mixin"
    _description = "Read Rules Checked in SQL"

    def _check_access(self, operation):
        ids = self._ids
        if (
            operation != "read"
            or self.env.su
            or not ids
            or not all(isinstance(id_, int) for id_ in ids)
            or not self.env["ir.model.access"].check(
                self._name, operation, raise_exception=False
            )
        ):
            return super()._check_access(operation)
        allowed = self.with_context(active_test=False)._search([("id", "in", ids)])
        if set(allowed) >= set(ids):
            return None
        return super()._check_access(operation)
