# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

CASE_GROUP = "case_management.case_management_group_worker"


class CaseFactor(models.Model):
    _name = "case.factor"
    _description = "Protective or Risk Factor"
    _order = "is_current desc, identified_on desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    kind = fields.Selection(
        [("protective", "Protective"), ("risk", "Risk")],
        required=True,
        default="risk",
    )
    category_id = fields.Many2one(
        "case.factor.category", string="Category", ondelete="restrict"
    )
    summary = fields.Char(
        compute="_compute_summary",
        help="Kind and category of the factor (never its sensitive description).",
    )
    description = fields.Text(
        help="What the team observed, e.g. unread post with enforcement notices "
        "(exekuce).",
    )
    is_sensitive = fields.Boolean(
        string="Sensitive",
        help="Health, mental health or child-protection detail: write the "
        "description in the sensitive field, visible only to the case team.",
    )
    sensitive_description = fields.Text(groups=CASE_GROUP)
    severity = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")],
        default="medium",
    )
    identified_on = fields.Date(required=True, default=fields.Date.context_today)
    resolved_on = fields.Date()
    is_current = fields.Boolean(
        string="Current", compute="_compute_is_current", store=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Person Concerned",
        help="The family member this factor concerns, if any.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("resolved_on")
    def _compute_is_current(self):
        for factor in self:
            factor.is_current = not factor.resolved_on

    @api.depends("kind", "category_id")
    def _compute_summary(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for factor in self:
            parts = [kinds.get(factor.kind) or ""]
            if factor.category_id:
                parts.append(factor.category_id.name)
            factor.summary = " – ".join(part for part in parts if part)

    @api.depends("summary")
    def _compute_display_name(self):
        for factor in self:
            factor.display_name = factor.summary

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("identified_on", "resolved_on")
    def _check_dates(self):
        for factor in self:
            if (
                factor.identified_on
                and factor.resolved_on
                and factor.resolved_on < factor.identified_on
            ):
                raise ValidationError(
                    _(
                        "A factor of case %(code)s cannot be resolved before it was "
                        "identified.",
                        code=factor.case_id.name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_resolve(self):
        self.filtered("is_current").write(
            {"resolved_on": fields.Date.context_today(self)}
        )
