# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

STEP_STATE_SELECTION = [
    ("planned", "Planned"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("not_done", "Not done"),
]
RESPONSIBLE_TYPE_SELECTION = [
    ("internal", "Colleague"),
    ("external", "Outside professional"),
    ("family", "Family member"),
]


class CasePlanStep(models.Model):
    _name = "case.plan.step"
    _description = "Step of a Family Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_due, sequence, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "case.plan", string="Plan", required=True, index=True, ondelete="cascade"
    )
    plan_state = fields.Selection(related="plan_id.state", string="Plan Status")
    case_id = fields.Many2one(
        related="plan_id.case_id", store=True, index=True, string="Case"
    )
    company_id = fields.Many2one(
        related="plan_id.company_id", store=True, index=True, string="Company"
    )
    goal_id = fields.Many2one(
        "case.plan.goal",
        string="Goal",
        index=True,
        ondelete="set null",
        domain="[('plan_id', '=', plan_id)]",
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Action", required=True)
    responsible_type = fields.Selection(
        RESPONSIBLE_TYPE_SELECTION,
        string="Responsible",
        required=True,
        default="internal",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Colleague",
        domain="[('share', '=', False)]",
        index="btree_not_null",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Person / Organisation",
        help="The outside professional or organisation, or the family member.",
    )
    organisation_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        compute="_compute_organisation_id",
        store=True,
    )
    responsible_name = fields.Char(compute="_compute_responsible_name", string="Who")
    requested_by_id = fields.Many2one(
        "res.partner",
        string="Requested By",
        help="For steps asked of the family: which professional asks it.",
    )
    contradicts_step_id = fields.Many2one(
        "case.plan.step",
        string="Contradicts",
        domain="[('case_id', '=', case_id), ('id', '!=', id)]",
        help="Another demand on the family that cannot be met together with this one.",
    )
    is_contradictory = fields.Boolean(
        compute="_compute_is_contradictory", store=True, string="Contradictory"
    )
    means = fields.Text(string="Means and Methods")
    date_due = fields.Date(string="Due Date", index=True)
    date_done = fields.Date(copy=False)
    depends_on_id = fields.Many2one(
        "case.plan.step",
        string="After Step",
        domain="[('plan_id', '=', plan_id), ('id', '!=', id)]",
        help="This step starts only when that one is done.",
    )
    state = fields.Selection(
        STEP_STATE_SELECTION,
        default="planned",
        required=True,
        tracking=True,
        copy=False,
    )
    not_done_reason = fields.Text(copy=False)
    plan_b = fields.Text()
    origin_note = fields.Char(
        string="Decided At", help="The meeting decision that created this step."
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    followup_date = fields.Date(
        copy=False, help="When the case manager was last asked to follow up."
    )

    @api.depends("partner_id", "responsible_type")
    def _compute_organisation_id(self):
        for step in self:
            partner = step.partner_id
            step.organisation_id = (
                partner.parent_id or (partner if partner.is_company else False)
                if step.responsible_type == "external"
                else False
            )

    @api.depends("responsible_type", "user_id", "partner_id")
    def _compute_responsible_name(self):
        for step in self:
            who = (
                step.user_id if step.responsible_type == "internal" else step.partner_id
            )
            step.responsible_name = who.display_name or ""

    @api.depends("contradicts_step_id")
    def _compute_is_contradictory(self):
        for step in self:
            step.is_contradictory = bool(step.contradicts_step_id)

    @api.depends("date_due", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for step in self:
            step.is_overdue = bool(
                step.date_due
                and step.date_due < today
                and step.state in ("planned", "in_progress")
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise ValueError(_("Unsupported search on the overdue flag."))
        domain = [
            ("date_due", "<", fields.Date.context_today(self)),
            ("state", "in", ("planned", "in_progress")),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    @api.constrains("responsible_type", "user_id", "partner_id")
    def _check_responsible(self):
        for step in self:
            if (
                step.responsible_type == "internal"
                and step.partner_id
                and not step.user_id
            ):
                raise ValidationError(
                    _("Step %(step)s: choose the colleague.", step=step.name)
                )

    @api.onchange("responsible_type")
    def _onchange_responsible_type(self):
        if self.responsible_type == "internal":
            self.partner_id = False
        else:
            self.user_id = False

    @api.model_create_multi
    def create(self, vals_list):
        steps = super(CasePlanStep, self.with_context(mail_create_nolog=True)).create(
            vals_list
        )
        steps._sync_activities()
        return steps

    def write(self, vals):
        res = super().write(vals)
        if {"state", "user_id", "date_due", "responsible_type", "name"} & set(vals):
            if vals.get("state") == "done" and "date_done" not in vals:
                self.filtered(lambda s: not s.date_done).write(
                    {"date_done": fields.Date.context_today(self)}
                )
            self._sync_activities()
        return res

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_done(self):
        self.write({"state": "done"})

    def action_not_done(self):
        self.write({"state": "not_done"})

    def action_start(self):
        self.write({"state": "in_progress"})

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _activity_type(self):
        return self.env.ref("case_management.mail_activity_type_plan_step")

    def _sync_activities(self):
        """Steps of internal users in an active plan are to-dos (activities)
        of that user with the step's due date; everything else has none."""
        activity_type = self._activity_type()
        for step in self:
            existing = step.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
            wanted = (
                step.plan_id.state == "active"
                and step.responsible_type == "internal"
                and step.user_id
                and step.state in ("planned", "in_progress")
            )
            if not wanted:
                if existing:
                    if step.state == "done":
                        existing.action_feedback(feedback=_("Step done."))
                    else:
                        existing.unlink()
                continue
            date_due = step.date_due or fields.Date.context_today(step)
            if existing:
                existing.write(
                    {
                        "user_id": step.user_id.id,
                        "date_deadline": date_due,
                        "summary": step.name,
                    }
                )
            else:
                step.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=date_due,
                    summary=step.name,
                    user_id=step.user_id.id,
                )

    def _followup_overdue_external_vals(self):
        """Mark the steps that need a follow-up (``followup_date``, so never
        twice) and return the values of their activities, to be created by
        the caller in one create."""
        activity_type = self.env.ref("case_management.mail_activity_type_plan_followup")
        today = fields.Date.context_today(self)
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        todo = self.filtered(
            lambda s: (
                s.responsible_type in ("external", "family")
                and s.is_overdue
                and s.plan_id.state == "active"
                and not s.followup_date
                and s.case_id.manager_id
            )
        )
        for step in todo:
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": step.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "date_deadline": today,
                    "summary": _(
                        "Follow up: %(who)s – %(step)s",
                        who=step.responsible_name or "?",
                        step=step.name,
                    ),
                    "note": activity_type.default_note,
                    "user_id": step.case_id.manager_id.id,
                }
            )
        todo.write({"followup_date": today})
        return vals_list
