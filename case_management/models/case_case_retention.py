# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Retention and anonymisation of closed cases.

A closed case is anonymised ``case_retention_years`` (per company) after its
end date unless a coordinator put it on legal hold. Anonymising keeps what
reports need (dates, stages, categories, states, counts, outcomes, territory,
programme, the pseudonymous case code) and removes the rest:

- every stored free-text field (Text / Html, not translatable) of the case,
  of the records pointing at it (``case_id``) and of their own lines (one
  level further, e.g. plan -> goal, meeting -> attendee);
- the messages, tracking and attachments of all those records and the case
  mails;
- the family members and persons in focus who have no other case that is
  open or still retained: name replaced, contact data removed, birth date
  reduced to the year.

The scheduled job works in batches committed one by one; the rows of a batch
are taken with ``FOR UPDATE SKIP LOCKED`` so two servers never work on the
same case; the wipe and the ``anonymised_date`` stamp are in the same
transaction, so a run killed mid-batch leaves that batch untouched and the
next run does it again (same end state, nothing done twice).
"""

import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.modules import module as odoo_module

from ..cron_retry import cron_retry

_logger = logging.getLogger(__name__)

COORDINATOR_GROUP = "case_management.case_management_group_coordinator"
PARTNER_WIPE = {
    "email": False,
    "phone": False,
    "mobile": False,
    "street": False,
    "street2": False,
    "zip": False,
    "website": False,
    "function": False,
    "comment": False,
    "communication_notes": False,
    "custody_pattern": False,
    "image_1920": False,
}
# Short free texts (Char) that may name people, besides every Text / Html
# field: erased too (a required one gets a placeholder).
RETENTION_CHAR_FIELDS = {
    "case.referral": ("need", "refusal_note"),
    "case.closure.recommendation": ("phone", "email"),
    "case.help": ("name",),
    "case.plan.goal": ("name", "origin_note", "baseline", "target", "plan_b_trigger"),
    "case.plan.step": ("name", "origin_note"),
    "case.participant": ("reason", "ospod_agreed_note"),
}


# pylint: disable=consider-merging-classes-inherited
class CaseCase(models.Model):
    _inherit = "case.case"

    legal_hold = fields.Boolean(
        tracking=True,
        copy=False,
        help="Excluded from anonymisation (e.g. court proceedings); set by a "
        "coordinator with a reason.",
    )
    legal_hold_reason = fields.Text(tracking=True, copy=False)
    retention_due_date = fields.Date(
        string="Anonymise On",
        compute="_compute_retention_due_date",
        store=True,
        index=True,
        copy=False,
    )
    anonymised_date = fields.Date(copy=False, readonly=True, index=True)

    @api.depends("is_closed", "end_date", "company_id.case_retention_years")
    def _compute_retention_due_date(self):
        for case in self:
            if case.is_closed and case.end_date:
                years = case.company_id.case_retention_years or 10
                case.retention_due_date = case.end_date + relativedelta(years=years)
            else:
                case.retention_due_date = False

    @api.constrains("legal_hold", "legal_hold_reason")
    def _check_legal_hold(self):
        for case in self:
            if case.legal_hold and not (case.legal_hold_reason or "").strip():
                raise UserError(
                    _(
                        "Case %(case)s: give the reason for the legal hold.",
                        case=case.name,
                    )
                )

    def write(self, vals):
        if (
            {"legal_hold", "legal_hold_reason"} & set(vals)
            and not self.env.su
            and not self.env.user.has_group(COORDINATOR_GROUP)
        ):
            raise AccessError(_("Only a coordinator can put a case on legal hold."))
        return super().write(vals)

    # ------------------------------------------------------------
    # CANDIDATES
    # ------------------------------------------------------------

    @api.model
    def _retention_domain(self, day=None):
        day = day or fields.Date.context_today(self)
        return [
            ("is_closed", "=", True),
            ("anonymised_date", "=", False),
            ("legal_hold", "=", False),
            ("retention_due_date", "<=", day),
        ]

    @api.model
    def action_retention_dry_run(self):
        """What the next run would anonymise (nothing is changed)."""
        if not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(_("Only a coordinator can review the retention run."))
        cases = self.search(self._retention_domain())
        return {
            "type": "ir.actions.act_window",
            "name": _("Due for Anonymisation (Dry Run)"),
            "res_model": "case.case",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", cases.ids)],
            "context": {"active_test": False},
        }

    # ------------------------------------------------------------
    # THE JOB
    # ------------------------------------------------------------

    @api.model
    @cron_retry
    def _cron_anonymise(self, batch_size=50, max_batches=20, dry_run=False):
        """Anonymise the cases that are due, ``batch_size`` at a time, one
        commit per batch. Return the ids processed (or, in a dry run, due)."""
        Case = self.sudo().with_context(active_test=False)
        today = fields.Date.context_today(self)
        if dry_run:
            due = Case.search(self._retention_domain(today))
            _logger.info("Retention dry run: %d case(s) due: %s", len(due), due.ids)
            return due.ids
        done = []
        for _batch in range(max_batches):
            self.env.cr.execute(
                """
                SELECT id FROM case_case
                 WHERE is_closed AND anonymised_date IS NULL
                   AND NOT coalesce(legal_hold, false)
                   AND retention_due_date <= %s
                 ORDER BY id
                 LIMIT %s
                 FOR UPDATE SKIP LOCKED
                """,
                (today, batch_size),
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            # all of a batch or nothing: a failure rolls the batch back
            try:
                with self.env.cr.savepoint():
                    stats = Case.browse(ids)._case_anonymise()
                    self._retention_after_batch(ids)
            except Exception:
                self.env.invalidate_all()
                raise
            done += ids
            _logger.info(
                "Retention: anonymised %d case(s) (ids %s): %s",
                len(ids),
                ids,
                ", ".join(f"{key}={value}" for key, value in sorted(stats.items())),
            )
            self._retention_commit()
        remaining = Case.search_count(self._retention_domain(today))
        self.env["ir.cron"]._notify_progress(done=len(done), remaining=remaining)
        return done

    @api.model
    def _retention_after_batch(self, ids):
        """Hook called after each batch, before its commit (tests)."""
        return ids

    @api.model
    def _retention_commit(self):
        # Tests run in one transaction: each batch is a savepoint there.
        if not odoo_module.current_test and not self.env.registry.in_test_mode():
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _case_anonymise(self):
        """Wipe the personal content of these cases (set-based SQL)."""
        cr = self.env.cr
        self.env.flush_all()
        stats = {}
        ids = list(self.ids)
        # 1. the records of the cases: the case, its lines, their lines
        records = {"case.case": ids}
        for model_name, field_name in self._retention_child_fields("case.case"):
            Model = self.env[model_name]
            cr.execute(
                f'SELECT id FROM "{Model._table}" WHERE "{field_name}" = ANY(%s)',
                (ids,),
            )
            child_ids = [row[0] for row in cr.fetchall()]
            if child_ids:
                records.setdefault(model_name, [])
                records[model_name] = sorted(set(records[model_name]) | set(child_ids))
        for model_name in list(records):
            if model_name == "case.case":
                continue
            for sub_model, sub_field in self._retention_child_fields(model_name):
                Sub = self.env[sub_model]
                cr.execute(
                    f'SELECT id FROM "{Sub._table}" WHERE "{sub_field}" = ANY(%s)',
                    (records[model_name],),
                )
                sub_ids = [row[0] for row in cr.fetchall()]
                if sub_ids:
                    records[sub_model] = sorted(
                        set(records.get(sub_model, [])) | set(sub_ids)
                    )
        # 2. free text
        for model_name, rec_ids in records.items():
            Model = self.env[model_name]
            columns = self._retention_text_columns(Model)
            if not columns:
                continue
            assignments = ", ".join(
                f'"{name}" = {"%s" if required else "NULL"}'
                for name, required in columns
            )
            params = [_("(anonymised)") for _name, required in columns if required]
            cr.execute(
                f'UPDATE "{Model._table}" SET {assignments} WHERE id = ANY(%s)',
                (*params, rec_ids),
            )
            stats[f"{model_name}.text"] = cr.rowcount
        # 3. messages, attachments, case mails
        for model_name, rec_ids in records.items():
            cr.execute(
                "DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)",
                (model_name, rec_ids),
            )
            stats["messages"] = stats.get("messages", 0) + cr.rowcount
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .search([("res_model", "=", model_name), ("res_id", "in", rec_ids)])
            )
            stats["attachments"] = stats.get("attachments", 0) + len(attachments)
            attachments.unlink()
        cr.execute("DELETE FROM mail_mail WHERE case_id = ANY(%s)", (ids,))
        # 4. people with no other living case
        stats["persons"] = self._retention_anonymise_persons()
        # 5. stamp (same transaction as the wipe)
        cr.execute(
            "UPDATE case_case SET anonymised_date = %s WHERE id = ANY(%s)",
            (fields.Date.context_today(self), ids),
        )
        self.env.invalidate_all()
        return stats

    def _retention_anonymise_persons(self):
        cases = self.sudo()
        persons = cases.focus_partner_ids | cases.family_id.member_ids
        if not persons:
            return 0
        others = (
            self.env["case.case"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "not in", cases.ids),
                    ("anonymised_date", "=", False),
                    "|",
                    ("focus_partner_ids", "in", persons.ids),
                    ("family_id.member_ids", "in", persons.ids),
                ]
            )
        )
        keep = others.focus_partner_ids | others.family_id.member_ids
        wipe = (persons - keep).with_context(active_test=False)
        if not wipe:
            return 0
        vals = dict(PARTNER_WIPE, name=_("Anonymised person"), active=False)
        wipe.write(vals)
        for partner in wipe.filtered("birthdate"):
            partner.birthdate = partner.birthdate.replace(month=1, day=1)
        families = cases.family_id.filtered(
            lambda f: not (f.member_ids.with_context(active_test=False) & keep)
        )
        for family in families:
            family.name = family.code or _("Anonymised household")
        return len(wipe)

    @api.model
    def _retention_child_fields(self, model_name):
        """(model, many2one field) of the stored records pointing at
        ``model_name`` with a cascade: the lines that belong to it."""
        result = []
        for name in self.env.registry:
            Model = self.env[name]
            if Model._transient or Model._abstract or not Model._auto:
                continue
            if name in (
                "mail.mail",
                "mail.message",
                "ir.attachment",
                "case.disclosure",
            ):
                continue
            for field in Model._fields.values():
                if (
                    field.type == "many2one"
                    and field.comodel_name == model_name
                    and field.store
                    and not field.related
                    and field.ondelete == "cascade"
                ):
                    result.append((name, field.name))
        return result

    @api.model
    def _retention_text_columns(self, Model):
        keep = {"name"} if Model._name == "case.case" else set()
        columns = []
        for field in Model._fields.values():
            if (
                field.type in ("text", "html")
                and field.store
                and not field.compute
                and not field.related
                and not field.translate
                and field.name not in keep
            ):
                columns.append((field.name, bool(field.required)))
        for name in RETENTION_CHAR_FIELDS.get(Model._name, ()):
            field = Model._fields.get(name)
            if field and field.store and not field.compute and not field.related:
                columns.append((name, bool(field.required)))
        return columns
