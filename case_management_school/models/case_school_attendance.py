# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import calendar
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

fields_date_from_string = fields.Date.from_string

PAYDAY_PARAM = "case_management_school.benefit_payday"
TEMPLATES = "/case_management_school/static/xls"
IMPORT_CONVERTERS = {
    "pupil_code": str,
    "school_year": str,
    "date": "date",
    "lesson_block": "int",
    "lessons": "int",
    "excused_hours": float,
    "unexcused_hours": float,
    "late_arrivals": "int",
    "mode": "mode",
}
MODE_SELECTION = [("in_person", "In person"), ("online", "Online")]


def days_before_payday(day, payday):
    """Days from ``day`` to the next benefit payment on day ``payday`` of a
    month (0 on the payday itself); short months pay on their last day."""
    if not payday:
        return False

    def pay_date(year, month):
        return date(year, month, min(payday, calendar.monthrange(year, month)[1]))

    this_month = pay_date(day.year, day.month)
    if day <= this_month:
        return (this_month - day).days
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return (pay_date(year, month) - day).days


class CaseSchoolAttendance(models.Model):
    """Attendance of a pupil on a day (lesson_block 0) or in a lesson block.

    Imported through Odoo's standard import (base_import). The file names the
    pupil by ``pupil_code`` and the school year by ``school_year``; rows are
    resolved in one query, checked all together (a refused file lists its bad
    rows and writes nothing) and replace the rows of the same pupil, day and
    block that are already stored."""

    _name = "case.school.attendance"
    _inherit = ["case.school.pupil.record.mixin"]
    _description = "School Attendance"
    _order = "date desc, pupil_id, lesson_block"

    pupil_code = fields.Char(
        help="Import column: the pupil's code in the school's records system."
    )
    school_year = fields.Char(
        string="School Year Name",
        help="Import column: the school year, e.g. 2025/2026.",
    )
    year_id = fields.Many2one(
        related="pupil_id.year_id", store=True, string="School Year"
    )
    date = fields.Date(required=True, index=True)
    lesson_block = fields.Integer(
        default=0, help="0 for the whole day, else the lesson (block) number."
    )
    lessons = fields.Integer(default=0, help="Lessons the pupil should have attended.")
    excused_hours = fields.Float()
    unexcused_hours = fields.Float()
    absent_hours = fields.Float(compute="_compute_absent_hours", store=True)
    late_arrivals = fields.Integer()
    mode = fields.Selection(MODE_SELECTION, default="in_person", required=True)
    days_before_payday = fields.Integer(
        compute="_compute_days_before_payday",
        store=True,
        help="Days until the next benefit payment (day of month in Settings).",
    )

    _sql_constraints = [
        (
            "pupil_day_uniq",
            "unique(pupil_id, date, lesson_block)",
            "Attendance for this pupil, day and lesson block is already recorded.",
        ),
        (
            "hours_positive",
            (
                "CHECK(excused_hours >= 0 AND unexcused_hours >= 0 AND lessons >= 0 "
                "AND late_arrivals >= 0)"
            ),
            "Hours, lessons and late arrivals cannot be negative.",
        ),
    ]

    @api.depends("excused_hours", "unexcused_hours")
    def _compute_absent_hours(self):
        for row in self:
            row.absent_hours = row.excused_hours + row.unexcused_hours

    @api.depends("date")
    def _compute_days_before_payday(self):
        payday = self._school_payday()
        for row in self:
            row.days_before_payday = (
                days_before_payday(row.date, payday) if row.date else False
            )

    @api.model
    def _school_payday(self):
        value = self.env["ir.config_parameter"].sudo().get_param(PAYDAY_PARAM, "15")
        try:
            payday = int(value)
        except ValueError:
            return 0
        return payday if 1 <= payday <= 31 else 0

    @api.constrains("excused_hours", "unexcused_hours", "lessons", "date", "pupil_id")
    def _check_values(self):
        for row in self:
            error = row._school_row_error(
                row.date,
                row.lessons,
                row.excused_hours,
                row.unexcused_hours,
                row.late_arrivals,
                row.pupil_id.year_id,
            )
            if error:
                raise ValidationError(error)

    def _school_row_error(self, day, lessons, excused, unexcused, late, year):
        _ = self.env._
        if min(lessons or 0, excused or 0, unexcused or 0, late or 0) < 0:
            return _("negative hours, lessons or late arrivals")
        if lessons and (excused or 0) + (unexcused or 0) > lessons:
            return _(
                "%(hours)s absent hours but only %(lessons)s lessons",
                hours=(excused or 0) + (unexcused or 0),
                lessons=lessons,
            )
        if year and day and not (year.date_from <= day <= year.date_to):
            return _(
                "%(date)s is not in school year %(year)s",
                date=day,
                year=year.name,
            )
        return False

    # ------------------------------------------------------------
    # IMPORT
    # ------------------------------------------------------------

    def _load_records(self, data_list, update=False, ignore_duplicates=False):
        # Keep the file's row numbers for the error message (header = row 1).
        rows = [
            (data.get("info") or {}).get("rows", {}).get("from") for data in data_list
        ]
        return super(
            CaseSchoolAttendance, self.with_context(case_school_import_rows=rows)
        )._load_records(data_list, update=update, ignore_duplicates=ignore_duplicates)

    @api.model
    def _load_records_create(self, vals_list):
        """Standard import: check every row first, then replace and insert the
        whole file in two statements (a school year of a school is ~100,000
        rows)."""
        if not self.env.context.get("import_file") and not self.env.context.get(
            "case_school_bulk"
        ):
            return super()._load_records_create(vals_list)
        self.check_access("create")
        rows, errors = self._school_resolve_rows(vals_list)
        if errors:
            raise UserError(self._school_refusal([message for _pos, message in errors]))
        return self.browse(self._school_bulk_upsert(rows))

    def _school_refusal(self, messages):
        return self.env._(
            "The attendance file was not imported; nothing was written. "
            "Fix these rows and import it again:\n%(rows)s",
            rows="\n".join(messages[:50]) + ("\n…" if len(messages) > 50 else ""),
        )

    @api.model
    def load(self, fields, data):
        """Standard import of the documented columns (base_import calls
        ``load``): read the plain values, check every row and write the file
        in two statements. Anything else (other columns, a batch limit,
        options to skip records) takes Odoo's generic path."""
        context = self.env.context
        if (
            not context.get("import_file")
            or context.get("_import_limit")
            or context.get("import_skip_records")
            or context.get("import_set_empty_fields")
            or not fields
            or "pupil_code" not in fields
            or not set(fields) <= set(IMPORT_CONVERTERS)
        ):
            return super().load(fields, data)
        self.check_access("create")
        _ = self.env._
        modes = {}
        for key, label in self._fields["mode"]._description_selection(self.env):
            modes[key] = modes[label.lower()] = key
        for key, label in MODE_SELECTION:
            modes[label.lower()] = key
        messages = []
        vals_list = []
        for index, row in enumerate(data):
            vals = {}
            for name, value in zip(fields, row, strict=False):
                if isinstance(value, str):
                    value = value.strip()
                if value in ("", None, False):
                    continue
                kind = IMPORT_CONVERTERS[name]
                try:
                    if kind == "mode":
                        vals[name] = modes[str(value).lower()]
                    elif kind == "date":
                        vals[name] = fields_date_from_string(value)
                    elif kind == "int":
                        number = float(value)
                        if number != int(number):
                            raise ValueError(value)
                        vals[name] = int(number)
                    else:
                        vals[name] = kind(value)
                except (ValueError, KeyError):
                    messages.append(
                        {
                            "type": "error",
                            "rows": {"from": index, "to": index},
                            "record": index,
                            "field": name,
                            "message": _(
                                "Row %(row)s: cannot read %(value)s as %(column)s",
                                row=index + 2,
                                value=value,
                                column=name,
                            ),
                        }
                    )
            vals_list.append(vals)
        if not messages:
            rows, errors = self.with_context(
                case_school_import_rows=list(range(len(vals_list)))
            )._school_resolve_rows(vals_list)
            if errors:
                messages = [
                    {
                        "type": "error",
                        "rows": {"from": position, "to": position},
                        "record": position,
                        "message": message,
                    }
                    for position, message in errors
                ]
                messages.insert(
                    0,
                    {
                        "type": "error",
                        "message": self._school_refusal(
                            [message for _pos, message in errors]
                        ),
                    },
                )
        if messages:
            return {"ids": False, "messages": messages, "nextrow": 0}
        return {"ids": self._school_bulk_upsert(rows), "messages": [], "nextrow": 0}

    def _school_resolve_rows(self, vals_list):
        """Resolve and check the rows of a file: ``(rows, errors)`` where rows
        are the column tuples of ``_school_bulk_upsert`` and errors
        ``(position, message)``. The pupils and years are read once; the loop
        works on plain tuples (a school year of a school is ~100,000 rows)."""
        _ = self.env._
        Year = self.env["case.school.year"].with_context(active_test=False)
        codes = {vals.get("pupil_code") for vals in vals_list if vals.get("pupil_code")}
        year_names = {
            vals.get("school_year") for vals in vals_list if vals.get("school_year")
        }
        years = {
            year.name: (year.id, year.name, year.date_from, year.date_to)
            for year in Year.search([("name", "in", list(year_names))])
        }
        Pupil = self.env["case.school.pupil"]
        pupils = Pupil.search_fetch(
            [("pupil_code", "in", list(codes))],
            ["pupil_code", "year_id", "school_id", "company_id", "partner_id"],
        )
        explicit = Pupil.browse(
            {vals["pupil_id"] for vals in vals_list if vals.get("pupil_id")}
        )

        def info(pupil):
            year = pupil.year_id
            return (
                pupil.id,
                pupil.pupil_code,
                year.name,
                pupil.partner_id.id,
                pupil.school_id.id,
                year.id,
                pupil.company_id.id,
                year.date_from,
                year.date_to,
            )

        by_key = {(p.pupil_code, p.year_id.id): info(p) for p in pupils}
        by_id = {p.id: info(p) for p in explicit}
        payday = self._school_payday()
        payday_cache = {}
        rows, errors = [], []
        seen = set()
        file_rows = self.env.context.get("case_school_import_rows") or []
        if len(file_rows) != len(vals_list):
            file_rows = [None] * len(vals_list)
        to_date = fields.Date.to_date
        for position, vals in enumerate(vals_list):
            code = vals.get("pupil_code")
            year_name = vals.get("school_year")
            day = to_date(vals.get("date"))

            def refuse(message, position=position, code=code, day=day):
                row = file_rows[position]
                prefix = _(
                    "Row %(row)s (%(code)s, %(date)s)",
                    row=(row if row is not None else position) + 2,
                    code=code or "?",
                    date=day or "?",
                )
                errors.append((position, f"{prefix}: {message}"))

            pupil = by_id.get(vals.get("pupil_id"))
            if not pupil:
                year = years.get(year_name)
                if not year:
                    refuse(_("unknown school year %(year)s", year=year_name or "?"))
                    continue
                pupil = by_key.get((code, year[0]))
                if not pupil:
                    refuse(_("no pupil with this code in %(year)s", year=year[1]))
                    continue
            if not day:
                refuse(_("the date is missing"))
                continue
            lessons = vals.get("lessons") or 0
            excused = vals.get("excused_hours") or 0.0
            unexcused = vals.get("unexcused_hours") or 0.0
            late = vals.get("late_arrivals") or 0
            if (
                min(lessons, excused, unexcused, late) < 0
                or (lessons and excused + unexcused > lessons)
                or not (pupil[7] <= day <= pupil[8])
            ):
                refuse(
                    self._school_row_error(
                        day,
                        lessons,
                        excused,
                        unexcused,
                        late,
                        self.env["case.school.year"].browse(pupil[5]),
                    )
                )
                continue
            block = vals.get("lesson_block") or 0
            key = (pupil[0], day, block)
            if key in seen:
                refuse(_("the same day and block twice in the file"))
                continue
            seen.add(key)
            if day not in payday_cache:
                payday_cache[day] = days_before_payday(day, payday) if payday else None
            rows.append(
                (
                    *pupil[:7],
                    day,
                    block,
                    lessons,
                    excused,
                    unexcused,
                    excused + unexcused,
                    late,
                    vals.get("mode") or "in_person",
                    payday_cache[day],
                )
            )
        return rows, errors

    def _school_bulk_upsert(self, rows):
        """Delete the stored rows of the same pupil, day and block, then insert
        all rows in one statement. Returns the new ids in file order."""
        if not rows:
            return []
        self.env.flush_all()
        columns = list(zip(*rows, strict=True))
        uid = self.env.uid
        self.env.cr.execute(
            SQL(
                """
            DELETE FROM case_school_attendance a
             USING unnest(%(pupils)s::int[], %(dates)s::date[], %(blocks)s::int[])
                   AS k(pupil_id, date, block)
             WHERE a.pupil_id = k.pupil_id AND a.date = k.date
               AND a.lesson_block = k.block
            """,
                pupils=list(columns[0]),
                dates=list(columns[7]),
                blocks=list(columns[8]),
            )
        )
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO case_school_attendance
                (pupil_id, pupil_code, school_year, partner_id, school_id, year_id,
                 company_id, date, lesson_block, lessons, excused_hours,
                 unexcused_hours, absent_hours, late_arrivals, mode,
                 days_before_payday, create_uid, write_uid, create_date, write_date)
            SELECT c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13,
                   c14, c15, %(uid)s, %(uid)s, now() at time zone 'UTC',
                   now() at time zone 'UTC'
              FROM unnest(%(c0)s::int[], %(c1)s::varchar[], %(c2)s::varchar[],
                          %(c3)s::int[], %(c4)s::int[], %(c5)s::int[], %(c6)s::int[],
                          %(c7)s::date[], %(c8)s::int[], %(c9)s::int[],
                          %(c10)s::float8[], %(c11)s::float8[], %(c12)s::float8[],
                          %(c13)s::int[], %(c14)s::varchar[], %(c15)s::int[])
                   WITH ORDINALITY AS t(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9,
                                        c10, c11, c12, c13, c14, c15, ord)
            ORDER BY ord
            RETURNING id
            """,
                uid=uid,
                **{f"c{i}": list(column) for i, column in enumerate(columns)},
            )
        )
        self.invalidate_model()
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for School Attendance"),
                "template": f"{TEMPLATES}/case_school_attendance.xlsx",
            },
            {
                "label": self.env._("Import Template for School Attendance (CSV)"),
                "template": f"{TEMPLATES}/case_school_attendance.csv",
            },
        ]
