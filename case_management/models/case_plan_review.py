# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError

DECISION_SELECTION = [
    ("continue", "Continue with the plan"),
    ("adjust", "Adjust: new plan version"),
    ("plan_b", "Switch to plan B for named goals"),
    ("close", "Propose closure"),
]
VERDICT_SELECTION = [
    ("achieved", "Achieved"),
    ("partly", "Partly"),
    ("not_achieved", "Not achieved"),
]


class CasePlanReview(models.Model):
    _name = "case.plan.review"
    _description = "Review of a Family Plan"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    plan_id = fields.Many2one(
        "case.plan", string="Plan", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(
        related="plan_id.case_id", store=True, index=True, string="Case"
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, string="Company"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    mode = fields.Selection(
        [
            ("family", "Individually with the family"),
            ("sharing", "By sharing among the professionals"),
            ("conference", "At a case conference"),
            ("review_meeting", "At a review meeting"),
        ],
        required=True,
        default="family",
        help="A review is not always a meeting.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
    )
    goal_line_ids = fields.One2many(
        "case.plan.review.goal", "review_id", string="Goals"
    )
    step_line_ids = fields.One2many(
        "case.plan.review.step", "review_id", string="Steps"
    )
    overall_rating = fields.Selection(
        [
            ("very_well", "Very well"),
            ("well", "Well, with minor ups and downs"),
            ("partly", "Partly"),
            ("poorly", "Poorly"),
        ],
        string="How the Plan Was Met",
    )
    cooperation_quality = fields.Selection(
        [("1", "Poor"), ("2", "Fair"), ("3", "Good"), ("4", "Very good")],
        string="Quality of the Cooperation",
        help="How well the professionals cooperated, as agreed in the "
        "cooperation agreement.",
    )
    new_professionals = fields.Text(string="New Professionals Involved")
    summary = fields.Text()
    decision = fields.Selection(DECISION_SELECTION, tracking=True)
    decision_reason = fields.Text(
        help="Required when a plan B trigger is met and plan B is not started."
    )
    plan_b_goal_ids = fields.Many2many(
        "case.plan.goal",
        string="Goals Switching to Plan B",
        domain="[('plan_id', '=', plan_id)]",
    )
    trigger_met = fields.Boolean(
        compute="_compute_trigger_met", string="Plan B Trigger Met"
    )
    next_review_date = fields.Date()
    new_plan_id = fields.Many2one("case.plan", string="New Version", readonly=True)

    @api.depends("plan_id.name", "date")
    def _compute_name(self):
        for review in self:
            review.name = _(
                "Review of %(plan)s on %(date)s",
                plan=review.plan_id.name or "",
                date=review.date or "",
            )

    @api.depends("goal_line_ids.trigger_met")
    def _compute_trigger_met(self):
        for review in self:
            review.trigger_met = any(review.goal_line_ids.mapped("trigger_met"))

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        for review in reviews:
            if not review.goal_line_ids:
                review.goal_line_ids = [
                    Command.create({"goal_id": goal.id})
                    for goal in review.plan_id.goal_ids.filtered(
                        lambda g: g.state in ("open", "partly", "not_achieved")
                    )
                ]
            if not review.step_line_ids:
                review.step_line_ids = [
                    Command.create(
                        {
                            "step_id": step.id,
                            "outcome": "done" if step.state == "done" else False,
                        }
                    )
                    for step in review.plan_id.step_ids.filtered(
                        lambda s: s.state != "not_done"
                    )
                ]
            if not review.next_review_date:
                review.next_review_date = review.date + relativedelta(
                    months=review.plan_id.review_interval_months or 3
                )
        return reviews

    @api.constrains("decision", "decision_reason", "goal_line_ids", "plan_b_goal_ids")
    def _check_plan_b_decision(self):
        for review in self.filtered("decision"):
            if (
                review.trigger_met
                and review.decision != "plan_b"
                and not (review.decision_reason or "").strip()
            ):
                raise ValidationError(
                    _(
                        "A plan B trigger is met: start plan B, or write why the "
                        "plan continues without it."
                    )
                )

    def action_done(self):
        for review in self:
            if review.state != "draft":
                continue
            if not review.decision:
                raise UserError(_("Choose the decision of the review."))
            review._check_plan_b_decision()
            review._apply()
        return True

    def _apply(self):
        self.ensure_one()
        plan = self.plan_id
        for line in self.goal_line_ids.filtered("verdict"):
            line.goal_id.state = line.verdict
        for line in self.step_line_ids.filtered("outcome"):
            vals = {"state": line.outcome}
            if line.outcome == "not_done" and line.reason:
                vals["not_done_reason"] = line.reason
            line.step_id.write(vals)
        values = {"state": "done"}
        if self.decision == "adjust":
            new_plan = plan._create_next_version()
            new_plan.next_review_date = self.next_review_date
            values["new_plan_id"] = new_plan.id
        elif self.decision == "plan_b":
            goals = (
                self.plan_b_goal_ids
                or self.goal_line_ids.filtered("trigger_met").goal_id
            )
            if not goals:
                raise UserError(_("Name the goals that switch to plan B."))
            goals.write({"plan_b_active": True})
            plan.message_post(
                body=_(
                    "Plan B started for: %(goals)s",
                    goals=", ".join(goals.mapped("name")),
                )
            )
        elif self.decision == "close":
            plan.case_id.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("The review proposes to close the case"),
                user_id=plan.case_id.manager_id.id or self.env.uid,
            )
        if self.decision != "adjust" and self.next_review_date:
            plan.next_review_date = self.next_review_date
        self.write(values)
        plan.message_post(
            body=_(
                "Review of %(date)s recorded: %(decision)s",
                date=self.date,
                decision=dict(
                    self._fields["decision"]._description_selection(self.env)
                ).get(self.decision),
            )
        )

    def action_open_new_plan(self):
        self.ensure_one()
        return self.new_plan_id._get_form_action()


class CasePlanReviewGoal(models.Model):
    _name = "case.plan.review.goal"
    _description = "Review of a Goal"

    review_id = fields.Many2one(
        "case.plan.review", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(related="review_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    goal_id = fields.Many2one("case.plan.goal", required=True, ondelete="cascade")
    horizon = fields.Selection(related="goal_id.horizon")
    plan_b_trigger = fields.Char(related="goal_id.plan_b_trigger")
    verdict = fields.Selection(VERDICT_SELECTION)
    trigger_met = fields.Boolean(string="Plan B Trigger Met")
    comment = fields.Text()


class CasePlanReviewStep(models.Model):
    _name = "case.plan.review.step"
    _description = "Review of a Step"

    review_id = fields.Many2one(
        "case.plan.review", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(related="review_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="review_id.company_id", store=True)
    step_id = fields.Many2one("case.plan.step", required=True, ondelete="cascade")
    responsible_name = fields.Char(related="step_id.responsible_name")
    outcome = fields.Selection([("done", "Done"), ("not_done", "Not done")])
    reason = fields.Text(string="Why")
