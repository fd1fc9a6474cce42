# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.suppression import label, rate_published, suppress_lines

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COORDINATOR_GROUP = "case_management.case_management_group_coordinator"


def _cell_key(population, filters, breakdown, value):
    """The link key of one cell: the same figure anywhere in the report.

    A cell of the setting (client type) breakdown of a table not filtered
    on the setting (client type) is the total of the same population
    filtered to that value, so it gets that table's ``total_key``."""
    setting, client_type = filters
    if breakdown == "setting" and not setting and value:
        return (population, (value, client_type))
    if breakdown == "client_type" and not client_type and value:
        return (population, (setting, value))
    return (population, filters, breakdown, value)


def _sum_lines(lines):
    """Unpublished lines telling the suppression how tables of one
    population filtered on a dimension (setting, client type) add up to the
    table not filtered on it: for each breakdown value, the unfiltered cell
    is the sum of the filtered cells and an unpublished rest; the rests add
    up to the rest of the population; the population is the filtered totals
    and that rest. Where a unit could fall in several filtered tables (a
    family with cases in two settings) the sums do not hold: each filtered
    cell is then only tied to the unfiltered one (it is at most the other).
    """
    cells = {}
    totals = {}
    for line in lines:
        totals[line["total_key"]] = sum(line["values"])
        for cell_key, value in zip(
            line.get("keys") or (), line["values"], strict=False
        ):
            if isinstance(cell_key, tuple) and len(cell_key) == 4:
                cells[cell_key] = value
    parents = {}
    for cell_key in cells:
        population, (setting, client_type), breakdown, _value = cell_key
        if not setting and not client_type:
            parents.setdefault((population, breakdown), []).append(cell_key)
    result = []
    for (population, breakdown), parent_keys in parents.items():
        parent_total_key = (population, (False, False))
        for dim in (0, 1):
            filters = sorted(
                {
                    key[1]
                    for key in cells
                    if key[0] == population
                    and key[2] == breakdown
                    and key[1][dim]
                    and not key[1][1 - dim]
                }
            )
            if not filters:
                continue

            def child(flt, parent_key, population=population, breakdown=breakdown):
                return (population, flt, breakdown, parent_key[3])

            rest_values = {
                pk: cells[pk] - sum(cells.get(child(f, pk), 0) for f in filters)
                for pk in parent_keys
            }
            if min(rest_values.values()) < 0:
                for pk in parent_keys:
                    for flt in filters:
                        value = cells.get(child(flt, pk), 0)
                        result.append(
                            {
                                "values": [value, cells[pk] - value],
                                "total_key": pk,
                                "keys": [child(flt, pk), None],
                                "unpublished": [1],
                            }
                        )
                continue
            rest_key = ("rest", population, breakdown, dim)
            for pk in parent_keys:
                result.append(
                    {
                        "values": [cells.get(child(f, pk), 0) for f in filters]
                        + [rest_values[pk]],
                        "total_key": pk,
                        "keys": [child(f, pk) for f in filters] + [(rest_key, pk)],
                        "unpublished": [len(filters)],
                    }
                )
            result.append(
                {
                    "values": [rest_values[pk] for pk in parent_keys],
                    "total_key": rest_key,
                    "keys": [(rest_key, pk) for pk in parent_keys],
                    "unpublished": list(range(len(parent_keys))),
                }
            )
            child_totals = [totals.get((population, f), 0) for f in filters]
            rest_total = sum(rest_values.values())
            if parent_total_key in totals and (
                totals[parent_total_key] == sum(child_totals) + rest_total
            ):
                result.append(
                    {
                        "values": child_totals + [rest_total],
                        "total_key": parent_total_key,
                        "keys": [(population, f) for f in filters] + [rest_key],
                        "unpublished": [len(filters)],
                    }
                )
    return result


def _previous_quarter(today):
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    start = first - relativedelta(months=3)
    return start, first - relativedelta(days=1)


class CaseOutcomeReport(models.TransientModel):
    """Programme + period (+ company) → the indicator tables, suppressed,
    as PDF and XLSX. Both files are rendered from :meth:`_get_report_data`,
    so they always hold the same figures."""

    _name = "case.outcome.report"
    _description = "Programme Outcome Report"

    programme_id = fields.Many2one(
        "case.funding.programme",
        string="Programme",
        required=True,
        domain="[('company_id', 'in', [company_id, False])]",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: _previous_quarter(fields.Date.context_today(self))[0],
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: _previous_quarter(fields.Date.context_today(self))[1],
    )
    k = fields.Integer(
        string="Minimum Cell Size",
        compute="_compute_k",
        help="Set per organisation by an administrator; never below 3.",
    )
    xlsx_attachment_id = fields.Many2one(
        "ir.attachment", string="XLSX", readonly=True, ondelete="set null"
    )

    @api.depends("company_id")
    def _compute_k(self):
        for wizard in self:
            wizard.k = wizard.company_id.sudo().case_report_k

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def _check_request(self):
        self.ensure_one()
        if self.company_id not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You can only report on your own organisations.")
            )
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period ends before it starts."))
        if not self.programme_id.indicator_ids:
            raise UserError(
                self.env._(
                    "The programme %(name)s has no indicators yet.",
                    name=self.programme_id.name,
                )
            )

    def _get_report_data(self):
        """Every table of the report, suppressed and ready to print."""
        self._check_request()
        _ = self.env._
        k = self.k
        may_see_managers = self.env.user.has_group(COORDINATOR_GROUP)
        indicators = self.programme_id.indicator_ids.sorted(
            lambda i: (i.sequence, i.id)
        )
        measures = self.env["case.report.indicator"]._get_measures()
        tables, lines, line_refs = [], [], []
        for indicator in indicators:
            measure = measures.get(indicator.measure)
            table = {
                "code": indicator.code,
                "name": indicator.name,
                "definition": indicator.definition or "",
                "measure": measure.label if measure else indicator.measure,
                "breakdown": dict(
                    indicator._fields["breakdown"]._description_selection(self.env)
                )[indicator.breakdown],
                "columns": [],
                "rows": [],
                "note": "",
            }
            tables.append(table)
            if (
                measure
                and measure.category
                and not callable(measure.category)
                and indicator.breakdown == "category"
            ):
                model, field = measure.category
                table["breakdown"] = (
                    self.env[model]._fields[field]._description_string(self.env)
                )
            if not measure:
                table["note"] = _("This measure is not available in this database.")
                continue
            if indicator.breakdown == "manager" and not may_see_managers:
                table["note"] = _("The breakdown by case manager is for coordinators.")
                continue
            rows, total = indicator._compute_raw(
                self.programme_id, self.company_id, self.date_from, self.date_to
            )
            keys = indicator._breakdown_labels(set(rows))
            if indicator.breakdown == "none":
                keys = []
            empty = {"n": 0, "num": 0, "val": 0.0, "median": None}
            data = [(lbl, rows.get(key, empty)) for key, lbl in keys]
            data.append((_("Total"), total))
            table["_data"] = data
            table["_kind"] = measure.kind
            table["_columns"] = measure.columns
            table["_show_total"] = measure.show_total
            filters = (indicator.filter_setting, indicator.filter_client_type)
            population = (measure.population, filters)
            values = [row["n"] for _lbl, row in data[:-1]] or [total["n"]]
            first = len(lines)
            cell_keys = [
                _cell_key(measure.population, filters, indicator.breakdown, key)
                for key, _lbl in keys
            ] or [population]
            lines.append({"values": values, "total_key": population, "keys": cell_keys})
            if measure.kind in ("rate", "intensity"):
                nums = [row["num"] for _lbl, row in data[:-1]] or [total["num"]]
                lines.append(
                    {"values": nums, "total_key": ("num", measure.code, filters)}
                )
            line_refs.append((table, first))
        lines += _sum_lines(lines)
        results = suppress_lines(lines, k) if lines else []
        for table, first in line_refs:
            self._fill_table(table, results, first, k)
        return {
            "tables": tables,
            "k": k,
            "programme": self.programme_id,
            "company": self.company_id,
            "date_from": self.date_from,
            "date_to": self.date_to,
        }

    def _fill_table(self, table, results, first, k):
        _ = self.env._
        data = table.pop("_data")
        kind = table.pop("_kind")
        columns = table.pop("_columns", None)
        show_total = table.pop("_show_total", True)
        n_status, n_total = results[first]
        if kind in ("rate", "intensity"):
            num_status, num_total = results[first + 1]
        single = len(data) == 1

        def status_of(statuses, total_status, index):
            if single or index == len(data) - 1:
                return statuses[0] if single else total_status
            return statuses[index]

        if kind == "count":
            table["columns"] = [_("Count")]
        elif kind == "rate":
            table["columns"] = list(
                columns or (_("Due"), _("Achieved"), _("Share (%)"))
            )
        elif kind == "median":
            table["columns"] = list(columns or (_("Cases"), _("Median (months)")))
        else:
            table["columns"] = [
                _("Cases"),
                _("Contacts"),
                _("Case-months"),
                _("Contacts per case-month"),
            ]
        for index, (row_label, row) in enumerate(data):
            st = status_of(n_status, n_total, index)
            cells = [label(row["n"], st, k)]
            if kind == "rate":
                nst = status_of(num_status, num_total, index)
                cells.append(label(row["num"], nst, k))
                cells.append(
                    round(100.0 * row["num"] / row["n"], 1)
                    if rate_published(row["num"], row["n"], nst, st, k)
                    else "–"
                )
            elif kind == "median":
                cells.append(
                    round(row["median"], 1)
                    if st is None and row["n"] >= k and row["median"] is not None
                    else "–"
                )
            elif kind == "intensity":
                nst = status_of(num_status, num_total, index)
                cells.append(label(row["num"], nst, k))
                published = rate_published(row["num"], row["n"], nst, st, k)
                cells.append(round(row["val"], 1) if st is None else "–")
                cells.append(
                    round(row["num"] / row["val"], 2)
                    if published and row["val"]
                    else "–"
                )
            if index == len(data) - 1 and not single and not show_total:
                continue  # units overlap (one case, several flags): no total
            table["rows"].append({"label": row_label, "cells": cells})

    def _methods_note(self, k):
        return self.env._(
            "Anonymous figures: no names, case codes, birth dates or free text. "
            "A person, family or case counts once per table, in the first "
            "breakdown value it falls into, and only for the days the programme "
            "paid for the case. Cells with fewer than %(k)s units are shown as "
            '"<%(k)s"; further cells marked "x" (and, where needed, totals) are '
            "hidden so that no hidden figure can be worked out from the totals "
            "or from another table of this report. Shares and averages are "
            "shown only when their numerator and denominator are both at least "
            "%(k)s.",
            k=k,
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_print_pdf(self):
        self._check_request()
        return self.env.ref(
            "case_management_reports.action_report_case_outcome"
        ).report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        content = self._render_xlsx()
        self.xlsx_attachment_id = self.env["ir.attachment"].create(
            {
                "name": f"{self._file_name()}.xlsx",
                "raw": content,
                "mimetype": XLSX_MIMETYPE,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.xlsx_attachment_id.id}?download=true",
            "target": "download",
        }

    def _file_name(self):
        self.ensure_one()
        code = (self.programme_id.code or "programme").replace("/", "-")
        return f"{code}_{self.date_from}_{self.date_to}"

    def _render_xlsx(self):
        """The workbook, through OCA ``report_xlsx`` (the XLSX report
        action of this wizard, also reachable on ``/report/xlsx/...`` for
        the wizard's creator only)."""
        self.ensure_one()
        content, _fmt = self.env["ir.actions.report"]._render_xlsx(
            "case_management_reports.action_report_case_outcome_xlsx", self.ids, None
        )
        return content

    def _write_xlsx(self, book):
        """Fill ``book`` (an xlsxwriter workbook): a cover sheet, one sheet
        per table (numbers as numbers, hidden cells as text), the
        definitions."""
        self.ensure_one()
        data = self._get_report_data()
        _ = self.env._
        bold = book.add_format({"bold": True})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        programme = data["programme"]
        cover = book.add_worksheet(_("Report")[:31])
        cover.set_column(0, 0, 28)
        cover.set_column(1, 1, 90)
        info = [
            (_("Organisation"), data["company"].name),
            (_("Programme"), programme.name),
            (_("Registration number"), programme.code or ""),
            (_("Funder"), programme.funder_id.name or ""),
            (_("Co-financing"), programme.cofinancing_label or ""),
            (
                _("Period"),
                (
                    f"{fields.Date.to_string(data['date_from'])} – "
                    f"{fields.Date.to_string(data['date_to'])}"
                ),
            ),
            (_("Minimum cell size"), data["k"]),
            (_("Note"), programme.report_note or ""),
            (_("Methods"), self._methods_note(data["k"])),
        ]
        for row, (key, value) in enumerate(info):
            cover.write(row, 0, key, bold)
            cover.write(row, 1, value, wrap)
        used = set()
        for table in data["tables"]:
            name = (table["code"] or "T")[:28].replace("/", "-")
            for bad in "[]:*?\\":
                name = name.replace(bad, "-")
            while name in used:
                name = name[:26] + "_"
            used.add(name)
            sheet = book.add_worksheet(name)
            sheet.set_column(0, 0, 40)
            sheet.set_column(1, 4, 16)
            sheet.write(0, 0, f"{table['code']} {table['name']}", bold)
            sheet.write(1, 0, table["measure"])
            if table["note"]:
                sheet.write(2, 0, table["note"])
                continue
            sheet.write(3, 0, table["breakdown"], bold)
            for col, title in enumerate(table["columns"], start=1):
                sheet.write(3, col, title, bold)
            for r, row in enumerate(table["rows"], start=4):
                sheet.write_string(r, 0, row["label"])
                for col, value in enumerate(row["cells"], start=1):
                    if isinstance(value, str):
                        sheet.write_string(r, col, value)
                    else:
                        sheet.write_number(r, col, value)
        defs = book.add_worksheet(_("Definitions")[:31])
        defs.set_column(0, 0, 12)
        defs.set_column(1, 1, 40)
        defs.set_column(2, 2, 90)
        for col, title in enumerate([_("Code"), _("Indicator"), _("Definition")]):
            defs.write(0, col, title, bold)
        for r, table in enumerate(data["tables"], start=1):
            defs.write_string(r, 0, table["code"])
            defs.write_string(r, 1, table["name"])
            defs.write_string(r, 2, table["definition"], wrap)
