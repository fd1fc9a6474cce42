# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

HORIZON_SELECTION = [
    ("short", "Short term"),
    ("medium", "Medium term"),
    ("long", "Long term"),
]
GOAL_STATE_SELECTION = [
    ("open", "Open"),
    ("achieved", "Achieved"),
    ("partly", "Partly achieved"),
    ("not_achieved", "Not achieved"),
    ("dropped", "Dropped"),
]
AREA_SELECTION = [
    ("finances", "Finances and debts"),
    ("food", "Food and basic needs"),
    ("housing", "Housing"),
    ("school", "School"),
    ("health", "Health"),
    ("relationships", "Family relationships"),
    ("parenting", "Parenting and civic duties"),
    ("work", "Work"),
    ("other", "Other"),
]


class CasePlanGoal(models.Model):
    _name = "case.plan.goal"
    _description = "Goal of a Family Plan"
    _order = "plan_id, priority, sequence, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "case.plan", string="Plan", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(
        related="plan_id.case_id", store=True, index=True, string="Case"
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, string="Company"
    )
    sequence = fields.Integer(default=10)
    priority = fields.Integer(
        default=1,
        help="Order agreed with the family (at a child-involved conference, the "
        "child's ranking): 1 is tackled first.",
    )
    name = fields.Char(
        string="Goal",
        required=True,
        help="In the family's own words; say what to start doing, not only what "
        "to stop.",
    )
    horizon = fields.Selection(HORIZON_SELECTION, required=True, default="short")
    area = fields.Selection(AREA_SELECTION)
    origin = fields.Selection(
        [
            ("joint_meeting", "Joint meeting with the professionals"),
            ("cm_family", "Case manager with the family"),
            ("child", "The child's wish"),
        ],
        string="Set By",
        default="joint_meeting",
        help="Short-term goals are set at the joint meeting with the "
        "professionals; medium- and long-term goals afterwards by the case "
        "manager with the family.",
    )
    origin_note = fields.Char(
        string="Meeting / Decision",
        help="The meeting or decision where the goal was agreed.",
    )
    consequence = fields.Text(
        string="What Follows When Met",
        help="E.g. a motion to cancel institutional care.",
    )
    indicator = fields.Text(
        string="How We Will Know",
        help="How exactly will we know that the goal is met?",
    )
    baseline = fields.Char(string="Starting Point")
    target = fields.Char()
    target_date = fields.Date()
    actor_partner_ids = fields.Many2many(
        "res.partner",
        "case_plan_goal_partner_rel",
        "goal_id",
        "partner_id",
        string="Who Helps",
    )
    actor_user_ids = fields.Many2many(
        "res.users",
        "case_plan_goal_user_rel",
        "goal_id",
        "user_id",
        string="Colleagues Who Help",
        domain="[('share', '=', False)]",
    )
    plan_b = fields.Text()
    plan_b_trigger = fields.Char(help="The condition that starts plan B.")
    no_plan_b_needed = fields.Boolean()
    plan_b_active = fields.Boolean(string="Plan B Started", copy=False)
    state = fields.Selection(
        GOAL_STATE_SELECTION, default="open", required=True, copy=False
    )
    dissent_note = fields.Text(
        string="Dissent",
        help="A professional who disagrees with the verdict: recorded, the goal "
        "is not reopened.",
    )
    step_ids = fields.One2many("case.plan.step", "goal_id", string="Steps")
    origin_goal_id = fields.Many2one(
        "case.plan.goal", string="Carried Over From", copy=False, readonly=True
    )
    progress = fields.Float(compute="_compute_progress", string="Progress (%)")

    @api.depends("step_ids.state", "state")
    def _compute_progress(self):
        for goal in self:
            if goal.state == "achieved":
                goal.progress = 100.0
                continue
            steps = goal.step_ids
            done = len(steps.filtered(lambda s: s.state == "done"))
            goal.progress = 100.0 * done / len(steps) if steps else 0.0
