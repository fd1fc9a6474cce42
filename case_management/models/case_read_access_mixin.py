# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# cursor cache key of the records whose read rules a query has just checked
# for a user, while a case form is read (case.case.web_read)
READ_VERIFIED_KEY = "case_read_verified"


def read_verified_key(records):
    """What the read rules of ``records`` depend on: their model, the user and
    the companies of the context (ir.rule._compute_domain_keys)."""
    env = records.env
    return (
        records._name,
        env.uid,
        tuple(env.context.get("allowed_company_ids") or ()),
    )


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

    While a case form is read, the lines its one query found with the same
    rules, and the records a fetch read with them, for the same user and
    companies, are not checked a second time (``READ_VERIFIED_KEY``,
    case.case.web_read).
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
        verified = self.env.cr.cache.get(READ_VERIFIED_KEY)
        if verified and verified.get(read_verified_key(self), set()) >= set(ids):
            return None
        allowed = self.with_context(active_test=False)._search([("id", "in", ids)])
        if set(allowed) >= set(ids):
            return None
        return super()._check_access(operation)

    def fetch(self, field_names):
        res = super().fetch(field_names)
        # Odoo's fetch() returns only once every record of self passed the
        # access rights and read rules (its search, or check_access), or
        # raises: while a case form is read, the same records need not be
        # checked again
        verified = self.env.cr.cache.get(READ_VERIFIED_KEY)
        if verified is not None and self._ids and field_names and not self.env.su:
            verified[read_verified_key(self)].update(
                id_ for id_ in self._ids if isinstance(id_, int)
            )
        return res
