# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError


class CaseFundingPeriod(models.Model):
    """One stretch of a case paid by one programme. A case whose funder
    changed (a foundation's pilot taken over by the National Recovery Plan)
    has two periods; case-months, contacts and meetings count for the
    programme whose period covers their date."""

    _name = "case.funding.period"
    _description = "Funding Period of a Case"
    _order = "case_id, date_from, id"
    _check_company_auto = True

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    programme_id = fields.Many2one(
        "case.funding.programme",
        string="Programme",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    date_from = fields.Date(string="From", required=True, index=True)
    date_to = fields.Date(
        string="To", index=True, help="Empty: the programme still pays for the case."
    )

    @api.model_create_multi
    def create(self, vals_list):
        periods = super().create(vals_list)
        periods._link_programmes()
        return periods

    def write(self, vals):
        res = super().write(vals)
        if "programme_id" in vals:
            self._link_programmes()
        return res

    def _link_programmes(self):
        """Keep the case's list of funding programmes complete."""
        for programme in self.programme_id:
            cases = self.filtered(lambda p, pr=programme: p.programme_id == pr).case_id
            missing = cases.filtered(
                lambda c, pr=programme: pr not in c.funding_programme_ids
            )
            if missing:
                missing.write({"funding_programme_ids": [Command.link(programme.id)]})

    @api.constrains("date_from", "date_to", "programme_id", "case_id")
    def _check_dates(self):
        for period in self:
            if period.date_to and period.date_to < period.date_from:
                raise ValidationError(
                    self.env._("A funding period cannot end before it starts.")
                )
            overlapping = self.search_count(
                [
                    ("id", "!=", period.id),
                    ("case_id", "=", period.case_id.id),
                    ("programme_id", "=", period.programme_id.id),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", period.date_from),
                ]
                + ([("date_from", "<=", period.date_to)] if period.date_to else [])
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "The case already has a period of %(programme)s "
                        "overlapping these dates.",
                        programme=period.programme_id.name,
                    )
                )
