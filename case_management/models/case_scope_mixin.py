# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One guard for every ``case.*`` model (issue 11, items 5, 6, 9 and 11).

Record rules are checked on the row as it is, never on the row as it will be:
a user who may write their own contact could move it into a case they cannot
see by writing its ``case_id``. This hook runs on every ``create`` and
``write`` of a ``case.*`` model (wizards included) and checks the values
themselves:

* parent links (``case_id``, ``plan_id``, ``meeting_id``, ``goal_id``, ... :
  every many2one to a case-scoped model that is required, cascades or is the
  ``case_id``): the target must be writable by the user;
* every many2one to a case-scoped model (parent or cross link such as
  ``origin_goal_id`` or a decision's ``plan_step_id``) must point into the same
  case, otherwise a ``ValidationError`` that names nothing;
* hostile values: dates outside 1900-2200, integers and floats outside a sane
  range (negative durations and intervals), empty required fields, overlong
  texts, CR/LF in names and codes, uploads that are too big or neither PDF nor
  an image.

The lists are derived from the fields once per registry, so a new ``case.*``
model is covered without touching this file. A model may name its parent
fields itself with ``_case_parent_fields``.
"""

import base64
import binascii
import math

from odoo import api, fields, models
from odoo.exceptions import MissingError, UserError, ValidationError

SCOPE_CACHE = "_case_scope_info"
# required fields whose empty value (False/None) is NULL in PostgreSQL; booleans
# and numbers store False as false/0
EMPTY_CHECKED_TYPES = (
    "char",
    "text",
    "html",
    "selection",
    "date",
    "datetime",
    "many2one",
    "many2one_reference",
    "reference",
)
MIN_YEAR = 1900
MAX_YEAR = 2200
INT_LIMIT = 2**31 - 1
# names of integer/float fields that count something: never negative, never huge
COUNT_WORDS = (
    "duration",
    "interval",
    "days",
    "months",
    "weeks",
    "hours",
    "minutes",
    "limit",
    "after",
    "lifetime",
    "size",
)
COUNT_MAX = 100000
NAME_FIELDS = ("name", "code", "subject")
NAME_MAX = 256
CHAR_MAX = 2000
TEXT_MAX = 1000000
DEFAULT_SCAN_MB = 10
# signed paper scanned in: PDF or an image, recognised by its first bytes
SCAN_FIELDS = ("scan", "signature_sheet")
MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)


# pylint: disable=consider-merging-classes-inherited
class Base(models.AbstractModel):
    _inherit = "base"

    # Names of the fields that attach a record to its parent in a case (None:
    # derived from the fields, see _case_scope_info).
    _case_parent_fields = None

    # ------------------------------------------------------------
    # What is scoped
    # ------------------------------------------------------------

    @api.model
    def _case_is_scoped_model(self, model_name):
        """A model whose rows belong to one case: the case itself, or a model
        with a stored ``case_id`` many2one to ``case.case``."""
        if model_name == "case.case":
            return True
        model = self.env.get(model_name)
        if model is None or not model_name.startswith("case."):
            return False
        field = model._fields.get("case_id")
        return bool(
            field
            and field.type == "many2one"
            and field.comodel_name == "case.case"
            and field.store
        )

    @api.model
    def _case_scope_info(self):
        """``(parent_fields, link_fields)`` of this model: the many2one fields
        to case-scoped models, split into parent links (write access needed on
        the target) and cross links (same case only)."""
        cache = self.pool.__dict__.setdefault(SCOPE_CACHE, {})
        if self._name in cache:
            return cache[self._name]
        parents, links = [], []
        if self._name.startswith("case."):
            declared = self._case_parent_fields
            for name, field in self._fields.items():
                if (
                    field.type != "many2one"
                    or field.related
                    or not self._case_is_scoped_model(field.comodel_name)
                ):
                    continue
                if declared is not None:
                    is_parent = name in declared
                else:
                    is_parent = (
                        name == "case_id"
                        or field.required
                        or field.ondelete == "cascade"
                    )
                (parents if is_parent else links).append(name)
        cache[self._name] = (tuple(parents), tuple(links))
        return cache[self._name]

    def _case_of_record(self):
        """The case a record belongs to (sudo), or an empty recordset."""
        if not self:
            return self.env["case.case"].sudo()
        self.ensure_one()
        record = self.sudo()
        if record._name == "case.case":
            return record
        if "case_id" in record._fields:
            case = record.case_id
            if case._name == "case.case":
                return case
        return self.env["case.case"].sudo()

    # ------------------------------------------------------------
    # CRUD hooks
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if self._name.startswith("case.") and not self._abstract:
            for vals in vals_list:
                self._case_check_input(vals)
                self._case_check_people(vals)
                self._case_check_parents(vals)
                self.browse()._case_check_same_case(vals)
                self.browse()._case_check_not_closed(vals)
            return super().create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if self._name.startswith("case.") and not self._abstract:
            self._case_check_input(vals)
            self._case_check_people(vals)
            self._case_check_parents(vals)
            for record in self:
                record._case_check_same_case(vals)
                record._case_check_not_closed(vals)
            return super().write(vals)
        return super().write(vals)

    # ------------------------------------------------------------
    # People: only those the user may see
    # ------------------------------------------------------------

    def _case_check_people(self, vals):
        """A person linked to a case document must be one the user may read.

        Odoo checks no read access on the target of a many2one or a
        many2many link, and a person linked to a case (in focus, in the
        circle, a recipient...) becomes visible to its team: a hostile user
        writing guessed ids into their own case would see other families.
        Links created by the system (sudo) are not checked."""
        if self.env.su:
            return
        ids = set()
        for name, value in vals.items():
            field = self._fields.get(name)
            if (
                not field
                or field.comodel_name != "res.partner"
                or field.type not in ("many2one", "many2many", "one2many")
                or not value
            ):
                continue
            if field.type == "many2one":
                if isinstance(value, int):
                    ids.add(value)
                continue
            for command in value if isinstance(value, (list, tuple)) else ():
                if isinstance(command, int):
                    ids.add(command)
                elif isinstance(command, (list, tuple)) and command:
                    if command[0] == 4 and len(command) > 1:
                        ids.add(command[1])
                    elif command[0] == 6 and len(command) > 2:
                        ids.update(command[2] or ())
        ids = sorted(id_ for id_ in ids if isinstance(id_, int) and id_)
        if ids:
            self.env["res.partner"].browse(ids).check_access("read")

    # ------------------------------------------------------------
    # Issue 12: a closed case is read-only for workers and managers, its
    # lines included (contacts, circle, plan, meetings ...). The case itself
    # and its referrals carry their own rule (case_case_closure.py,
    # case_referral.py); logs written by the gate and the access log, and
    # what the closure and the retention job write (sudo) are not lines the
    # user edits. Coordinators may correct a closed file (they can reopen it).
    # ------------------------------------------------------------

    _CASE_CLOSED_EXEMPT = frozenset(
        {
            "case.case",
            "case.referral",
            "case.access.log",
            "case.disclosure",
            "case.meeting.delivery",
            "case.service.gap",
        }
    )

    def _case_check_not_closed(self, vals):
        if (
            self.env.su
            or self._transient
            or self._name in self._CASE_CLOSED_EXEMPT
            or "case.case" not in self.env
        ):
            return
        case = self._case_expected_case(vals)
        if self and not case:
            case = self._case_of_record()
        if not case or not case.is_closed:
            return
        if self.env.user.has_group("case_management.case_management_group_coordinator"):
            return
        raise UserError(
            self.env._(
                "Case %(case)s is closed and cannot be changed. A coordinator "
                "can reopen it.",
                case=case.name,
            )
        )

    # ------------------------------------------------------------
    # Item 5: the parent link may only point where the user may write
    # ------------------------------------------------------------

    def _case_check_parents(self, vals):
        if self.env.su:
            return
        parents, _links = self._case_scope_info()
        for name in parents:
            value = vals.get(name)
            if not value or not isinstance(value, int):
                continue
            target = self.env[self._fields[name].comodel_name].browse(value)
            # raises the (code-only) AccessError when the target is foreign
            target.check_access("write")

    # ------------------------------------------------------------
    # Item 6: cross-record links stay inside one case
    # ------------------------------------------------------------

    def _case_expected_case(self, vals):
        """The case the record belongs to once ``vals`` are written (sudo):
        the ``case_id`` in ``vals``, else the case of a parent in ``vals``,
        else the record's own case."""
        Case = self.env["case.case"].sudo()
        if self._name == "case.case":
            return self.sudo()
        field = self._fields.get("case_id")
        if field and not field.related and vals.get("case_id"):
            return Case.browse(vals["case_id"])
        parents, _links = self._case_scope_info()
        for name in parents:
            if name != "case_id" and vals.get(name):
                target = self.env[self._fields[name].comodel_name].sudo()
                return target.browse(vals[name])._case_of_record()
        return self._case_of_record() if self else Case

    def _case_check_same_case(self, vals):
        """Before writing: every many2one to a case-scoped model in ``vals``
        points into the record's case. The error names nothing."""
        parents, links = self._case_scope_info()
        names = [n for n in parents + links if vals.get(n) and isinstance(vals[n], int)]
        if not names:
            return
        own_case = self._case_expected_case(vals)
        if not own_case:
            return
        for name in names:
            target = self.env[self._fields[name].comodel_name].sudo().browse(vals[name])
            if target._name == "case.case":
                if target == own_case or not target.exists():
                    continue
                target_case = target
            else:
                # Reading the target's case tests that it exists: no query
                # when it is already in the cache (many mails of one meeting).
                try:
                    target_case = target._case_of_record()
                except MissingError:
                    continue
            if target_case and target_case != own_case:
                raise ValidationError(
                    self.env._(
                        "%(field)s must belong to the same case as the record "
                        "you are editing.",
                        field=self._fields[name]._description_string(self.env),
                    )
                )

    # ------------------------------------------------------------
    # Items 9 and 11: hostile values
    # ------------------------------------------------------------

    def _case_field_label(self, field):
        return field._description_string(self.env)

    def _case_check_input(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None or value is None or value is False:
                if (
                    field is not None
                    and field.required
                    and field.type in EMPTY_CHECKED_TYPES
                    and field.store
                    and not field.compute
                ):
                    # a required field emptied (write) or given empty
                    # (create): PostgreSQL's NOT NULL would refuse it with
                    # an IntegrityError instead of a readable message
                    self._case_raise_empty(field)
                continue
            checker = getattr(self, f"_case_check_input_{field.type}", None)
            if checker:
                checker(field, value)

    def _case_raise_empty(self, field):
        raise ValidationError(
            self.env._(
                "%(field)s cannot be empty.", field=self._case_field_label(field)
            )
        )

    def _case_check_input_char(self, field, value):
        if not isinstance(value, str):
            return
        label = self._case_field_label(field)
        self._case_check_nul(field, value)
        if field.required and not value.strip():
            self._case_raise_empty(field)
        limit = NAME_MAX if field.name in NAME_FIELDS else CHAR_MAX
        if len(value) > limit:
            raise ValidationError(
                self.env._(
                    "%(field)s is too long (at most %(limit)s characters).",
                    field=label,
                    limit=limit,
                )
            )
        if field.name in NAME_FIELDS and ("\r" in value or "\n" in value):
            raise ValidationError(
                self.env._("%(field)s cannot contain line breaks.", field=label)
            )

    def _case_check_nul(self, field, value):
        # PostgreSQL text cannot hold NUL; psycopg2 would raise a bare ValueError.
        if "\x00" in value:
            raise ValidationError(
                self.env._(
                    "%(field)s contains an invalid control character.",
                    field=self._case_field_label(field),
                )
            )

    def _case_check_input_text(self, field, value):
        if not isinstance(value, str):
            return
        self._case_check_nul(field, value)
        if field.required and not value.strip():
            self._case_raise_empty(field)
        if len(value) > TEXT_MAX:
            raise ValidationError(
                self.env._(
                    "%(field)s is too long (at most %(limit)s characters).",
                    field=self._case_field_label(field),
                    limit=TEXT_MAX,
                )
            )

    def _case_check_input_html(self, field, value):
        self._case_check_input_text(field, value)

    def _case_check_number(self, field, value):
        label = self._case_field_label(field)
        try:
            number = float(value)
        except (TypeError, ValueError, OverflowError):
            number = math.inf
        counts = any(word in field.name for word in COUNT_WORDS)
        low, high = (0, COUNT_MAX) if counts else (-INT_LIMIT, INT_LIMIT)
        if not math.isfinite(number) or not low <= number <= high:
            raise ValidationError(
                self.env._(
                    "%(field)s must be between %(low)s and %(high)s.",
                    field=label,
                    low=low,
                    high=high,
                )
            )

    def _case_check_input_integer(self, field, value):
        self._case_check_number(field, value)

    def _case_check_input_float(self, field, value):
        self._case_check_number(field, value)

    def _case_check_input_monetary(self, field, value):
        self._case_check_number(field, value)

    def _case_check_year(self, field, value):
        if not value:
            return
        try:
            parsed = (
                fields.Datetime.to_datetime(value)
                if field.type == "datetime"
                else fields.Date.to_date(value)
            )
        except (TypeError, ValueError, OverflowError):
            parsed = None
        if not parsed or not MIN_YEAR <= parsed.year <= MAX_YEAR:
            raise ValidationError(
                self.env._(
                    "%(field)s must be a date between the years %(low)s and %(high)s.",
                    field=self._case_field_label(field),
                    low=MIN_YEAR,
                    high=MAX_YEAR,
                )
            )

    def _case_check_input_date(self, field, value):
        self._case_check_year(field, value)

    def _case_check_input_datetime(self, field, value):
        self._case_check_year(field, value)

    def _case_check_input_binary(self, field, value):
        if not value or not field.attachment:
            return
        raw = value.encode() if isinstance(value, str) else value
        label = self._case_field_label(field)
        limit_mb = self._case_upload_limit_mb()
        # base64: 4 characters carry 3 bytes
        if len(raw) * 3 // 4 > limit_mb * 1024 * 1024:
            raise ValidationError(
                self.env._(
                    "%(field)s is too large (at most %(limit)s MB).",
                    field=label,
                    limit=limit_mb,
                )
            )
        try:
            head = base64.b64decode(raw[:64] + b"=" * (-len(raw[:64]) % 4))
        except (binascii.Error, ValueError):
            head = b""
        if field.name in SCAN_FIELDS and not any(
            head.startswith(magic) for magic, _kind in MAGIC
        ):
            raise ValidationError(
                self.env._(
                    "%(field)s must be a PDF, PNG or JPEG file.",
                    field=label,
                )
            )

    @api.model
    def _case_upload_limit_mb(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("case_management.upload_max_mb", DEFAULT_SCAN_MB)
        )
        try:
            return max(1, int(value))
        except (TypeError, ValueError):
            return DEFAULT_SCAN_MB
