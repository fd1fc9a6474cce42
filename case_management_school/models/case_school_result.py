# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

TEMPLATES = "/case_management_school/static/xls"


class CaseSchoolResult(models.Model):
    """Results of a pupil in a term; imported like attendance (re-import of
    the same pupil and term replaces the stored row)."""

    _name = "case.school.result"
    _inherit = ["case.school.pupil.record.mixin"]
    _description = "School Results per Term"
    _order = "term_id desc, pupil_id"

    pupil_code = fields.Char(help="Import column: the pupil's code.")
    term_id = fields.Many2one(
        "case.school.term", string="Term", required=True, index=True
    )
    average = fields.Float(
        string="Average Grade", digits=(3, 2), help="1 (best) to 5 (fail)."
    )
    failing_subjects = fields.Integer()
    failing_subject_names = fields.Char(string="Subjects Failed")
    behaviour_grade = fields.Selection(
        [("1", "1 – good"), ("2", "2 – satisfactory"), ("3", "3 – unsatisfactory")],
    )
    activity_note = fields.Text(
        string="Teacher's Note", help="Activity in lessons, progress, effort."
    )

    _sql_constraints = [
        (
            "pupil_term_uniq",
            "unique(pupil_id, term_id)",
            "Results for this pupil and term are already recorded.",
        )
    ]

    @api.constrains("average", "failing_subjects", "term_id", "pupil_id")
    def _check_values(self):
        for result in self:
            if result.average and not 1.0 <= result.average <= 5.0:
                raise ValidationError(
                    self.env._("The average grade must be between 1 and 5.")
                )
            if result.failing_subjects < 0:
                raise ValidationError(
                    self.env._("Failing subjects cannot be negative.")
                )
            if result.term_id.year_id != result.pupil_id.year_id:
                raise ValidationError(
                    self.env._(
                        "Term %(term)s is not in the pupil's school year %(year)s.",
                        term=result.term_id.name,
                        year=result.pupil_id.year_id.name,
                    )
                )

    @api.model
    def _load_records_create(self, vals_list):
        if not self.env.context.get("import_file"):
            return super()._load_records_create(vals_list)
        _ = self.env._
        terms = self.env["case.school.term"].browse(
            {vals["term_id"] for vals in vals_list if vals.get("term_id")}
        )
        codes = [vals.get("pupil_code") for vals in vals_list if vals.get("pupil_code")]
        pupils = self.env["case.school.pupil"].search(
            [("pupil_code", "in", codes), ("year_id", "in", terms.year_id.ids)]
        )
        by_key = {(p.pupil_code, p.year_id.id): p for p in pupils}
        errors = []
        keys = []
        for index, vals in enumerate(vals_list, start=2):
            term = terms.browse(vals.get("term_id"))
            code = vals.get("pupil_code")
            pupil = vals.get("pupil_id") and pupils.browse(vals["pupil_id"])
            if not pupil:
                pupil = by_key.get((code, term.year_id.id))
            if not term:
                errors.append(
                    _(
                        "Row %(row)s (%(code)s): the term is missing",
                        row=index,
                        code=code or "?",
                    )
                )
                continue
            if not pupil:
                errors.append(
                    _(
                        "Row %(row)s (%(code)s): no pupil with this code in %(year)s",
                        row=index,
                        code=code or "?",
                        year=term.year_id.name,
                    )
                )
                continue
            average = vals.get("average") or 0.0
            if (
                average
                and not 1.0 <= average <= 5.0
                or (vals.get("failing_subjects") or 0) < 0
            ):
                errors.append(
                    _(
                        "Row %(row)s (%(code)s): impossible average or failing "
                        "subjects",
                        row=index,
                        code=code,
                    )
                )
                continue
            vals["pupil_id"] = pupil.id
            keys.append((pupil.id, term.id))
        if errors:
            raise UserError(
                _(
                    "The results file was not imported; nothing was written. Fix "
                    "these rows and import it again:\n%(rows)s",
                    rows="\n".join(errors),
                )
            )
        existing = self.search(
            [
                ("pupil_id", "in", [k[0] for k in keys]),
                ("term_id", "in", [k[1] for k in keys]),
            ]
        ).filtered(lambda r: (r.pupil_id.id, r.term_id.id) in set(keys))
        existing.unlink()
        return super()._load_records_create(vals_list)

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for School Results"),
                "template": f"{TEMPLATES}/case_school_result.xlsx",
            }
        ]
