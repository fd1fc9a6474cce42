# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..models.case_plan_goal import GOAL_STATE_SELECTION


class CaseCaseClose(models.TransientModel):
    """The closure wizard (A10): reason, summary, outcome per goal,
    recommendations for the family, continuing services, handover."""

    _name = "case.case.close"
    _description = "Close a Case"

    case_id = fields.Many2one("case.case", required=True, ondelete="cascade")
    family_id = fields.Many2one(related="case_id.family_id")
    closure_reason = fields.Selection(
        selection="_selection_closure_reason", required=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    summary = fields.Text(
        string="Closing Summary",
        help="What the cooperation achieved, in plain words for the family.",
    )
    goal_line_ids = fields.One2many(
        "case.case.close.goal", "wizard_id", string="Outcome per Goal"
    )
    open_goal_warning = fields.Char(compute="_compute_open_goal_warning")
    plain_language_terms = fields.Char(
        string="Unexplained Terms",
        compute="_compute_plain_language_terms",
        help="Terms of the glossary that the summary and the recommendations "
        "use without explaining them: the letter's glossary explains them, but "
        "plain words are better.",
    )
    recommendation_line_ids = fields.One2many(
        "case.case.close.contact", "wizard_id", string="Recommendations for the Family"
    )
    continuing_referral_ids = fields.Many2many(
        "case.referral",
        string="Services That Continue",
        domain="[('case_id', '=', case_id), ('state', '=', 'started')]",
    )
    handover_partner_id = fields.Many2one(
        "res.partner",
        string="Hand Over To",
        domain="[('is_service_provider', '=', True)]",
    )
    handover_category_id = fields.Many2one(
        "case.service.category", string="Handover Service"
    )
    letter_recipient_ids = fields.Many2many(
        "res.partner",
        string="Send the Letter To",
        help="Family members who receive the closure letter by e-mail; print it "
        "for the others.",
    )
    notify_circle = fields.Boolean(
        string="Notify the Circle",
        default=True,
        help="A short notice to the professionals of the circle whom the consent "
        "covers.",
    )

    @api.model
    def _selection_closure_reason(self):
        return (
            self.env["case.case"]
            ._fields["closure_reason"]
            ._description_selection(self.env)
        )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        case = self.env["case.case"].browse(res.get("case_id"))
        if not case:
            return res
        res["goal_line_ids"] = [
            Command.create(
                {
                    "goal_id": goal.id,
                    "state": goal.state if goal.state != "open" else False,
                }
            )
            for goal in case._closure_goals()
        ]
        started = case.referral_ids.filtered(lambda r: r.state == "started")
        res["continuing_referral_ids"] = [Command.set(started.ids)]
        res["recommendation_line_ids"] = [
            Command.create(
                {
                    "kind": line.kind,
                    "partner_id": line.partner_id.id,
                    "note": line.note,
                }
            )
            for line in case.recommendation_ids
        ]
        res["summary"] = case.closure_summary
        res["closure_reason"] = case.closure_reason or False
        return res

    @api.depends("goal_line_ids.state")
    def _compute_open_goal_warning(self):
        for wizard in self:
            missing = wizard.goal_line_ids.filtered(lambda g: not g.state)
            wizard.open_goal_warning = (
                _(
                    "These goals have no final evaluation: %(goals)s",
                    goals=", ".join(missing.goal_id.mapped("name")),
                )
                if missing
                else False
            )

    @api.depends("summary", "recommendation_line_ids.note")
    def _compute_plain_language_terms(self):
        Term = self.env["case.glossary.term"]
        for wizard in self:
            texts = [wizard.summary or ""] + [
                line.note or "" for line in wizard.recommendation_line_ids
            ]
            terms = Term._find_in(texts, wizard.case_id.company_id, unexplained=True)
            wizard.plain_language_terms = ", ".join(terms.mapped("name")) or False

    def action_close(self):
        self.ensure_one()
        case = self.case_id
        Recommendation = self.env["case.closure.recommendation"]
        case.recommendation_ids.filtered(lambda r: not r.referral_id).unlink()
        for line in self.recommendation_line_ids:
            Recommendation.create(
                {
                    "case_id": case.id,
                    "kind": line.kind,
                    "partner_id": line.partner_id.id,
                    "note": line.note,
                }
            )
        if self.handover_partner_id:
            category = (
                self.handover_category_id
                or self.handover_partner_id.service_category_ids[:1]
            )
            if not category:
                raise UserError(_("Choose the service the family is handed over to."))
            handover = self.env["case.referral"].create(
                {
                    "case_id": case.id,
                    "partner_id": self.handover_partner_id.id,
                    "category_id": category.id,
                    "referral_type": "handover",
                    "need": _("Handover at closure"),
                }
            )
            handover.action_send()
        result = case._case_close(
            self.closure_reason,
            date=self.date,
            summary=self.summary,
            goal_states={
                line.goal_id: line.state for line in self.goal_line_ids if line.state
            },
            continuing_referrals=self.continuing_referral_ids,
            letter_recipients=self.letter_recipient_ids,
            notify_circle=self.notify_circle,
        )
        if result["refused"]:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "title": _("Case closed; some recipients got nothing"),
                    "message": "\n".join(result["refused"].values()),
                    "type": "warning",
                    "sticky": True,
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return {"type": "ir.actions.act_window_close"}


class CaseCaseCloseGoal(models.TransientModel):
    _name = "case.case.close.goal"
    _description = "Outcome of a Goal at Closure"

    wizard_id = fields.Many2one("case.case.close", required=True, ondelete="cascade")
    goal_id = fields.Many2one("case.plan.goal", required=True, readonly=True)
    state = fields.Selection(
        [s for s in GOAL_STATE_SELECTION if s[0] != "open"], string="Outcome"
    )


class CaseCaseCloseContact(models.TransientModel):
    _name = "case.case.close.contact"
    _description = "Recommendation at Closure"

    wizard_id = fields.Many2one("case.case.close", required=True, ondelete="cascade")
    kind = fields.Selection(
        [
            ("crisis", "In a crisis"),
            ("continuing", "Service that continues"),
            ("other", "Other recommendation"),
        ],
        required=True,
        default="crisis",
    )
    partner_id = fields.Many2one("res.partner", string="Whom")
    note = fields.Text(string="Recommendation")


class CaseCaseReopen(models.TransientModel):
    _name = "case.case.reopen"
    _description = "Reopen a Case"

    case_id = fields.Many2one("case.case", required=True, ondelete="cascade")
    reason = fields.Text(required=True)
    participant_ids = fields.Many2many(
        "case.participant",
        string="Reactivate Professionals",
        domain="[('case_id', '=', case_id), ('state', '!=', 'active')]",
        context={"active_test": False},
    )

    def action_reopen(self):
        self.ensure_one()
        self.case_id._case_reopen(self.reason, participants=self.participant_ids)
        return {"type": "ir.actions.act_window_close"}
