# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .case_school_outcome_report import PUPIL_SCHOOL_SQL

# The measures whose rows are pupils (a person id per row).
SCHOOL_MEASURES = ("school_unexcused_change", "school_average_change")


class CaseReportIndicator(models.Model):
    _inherit = "case.report.indicator"

    breakdown = fields.Selection(
        selection_add=[("school", "School (pupils' measures)")],
        ondelete={"school": "set default"},
    )

    def _breakdown_sql(self, measure):
        if self.breakdown == "school":
            return PUPIL_SCHOOL_SQL.format(partner="u.person_id") + "::text"
        return super()._breakdown_sql(measure)

    def _breakdown_labels_extra(self, keys):
        if self.breakdown != "school":
            return super()._breakdown_labels_extra(keys)
        ids = [int(k) for k in keys if k and k.isdigit()]
        schools = self.env["res.partner"].sudo().browse(ids).exists()
        return sorted(((str(s.id), s.name) for s in schools), key=lambda x: x[1])

    @api.constrains("measure", "breakdown")
    def _check_school_breakdown(self):
        for indicator in self:
            if (
                indicator.breakdown == "school"
                and indicator.measure not in SCHOOL_MEASURES
            ):
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s: the school breakdown applies to the "
                        "school measures only (change of the unexcused absence "
                        "rate, change of the term average).",
                        code=indicator.code,
                    )
                )
