# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from . import plan_quality

PLAN_STATE_SELECTION = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("superseded", "Superseded"),
]
FAMILY_PLAN_CATEGORY = "family_plan"


class CasePlan(models.Model):
    _name = "case.plan"
    _description = "Family Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "case_id, version desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    manager_id = fields.Many2one(related="case_id.manager_id", string="Case Manager")
    version = fields.Integer(default=1, readonly=True, copy=False)
    state = fields.Selection(
        PLAN_STATE_SELECTION,
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    previous_plan_id = fields.Many2one(
        "case.plan", string="Previous Version", readonly=True, copy=False
    )
    date_start = fields.Date(
        string="Valid From", default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(
        string="Planned End of Cooperation",
        tracking=True,
        help="The agreed total length of the cooperation: the plan is time-bounded "
        "at three levels (steps, goals, the whole cooperation).",
    )
    activated_date = fields.Date(readonly=True, copy=False)
    superseded_date = fields.Date(readonly=True, copy=False)
    # (1) the adverse situation
    situation = fields.Text(
        string="Adverse Situation",
        help="The adverse social situation: its causes and why support started.",
    )
    # (2) goals and everyone's expectations
    expectation_ids = fields.One2many(
        "case.plan.expectation", "plan_id", string="Expectations", copy=True
    )
    goal_ids = fields.One2many("case.plan.goal", "plan_id", string="Goals")
    # (3) steps
    step_ids = fields.One2many("case.plan.step", "plan_id", string="Steps")
    # (4) cooperation among professionals
    agreement_id = fields.Many2one(
        "case.agreement",
        string="Cooperation Agreement",
        domain="[('case_id', '=', case_id)]",
        check_company=True,
    )
    cooperation_note = fields.Text(string="How the Professionals Cooperate")
    # (6) review
    review_interval_months = fields.Integer(
        string="Review Every (months)",
        default=3,
        help="Typically three months; the default comes from the case.",
    )
    next_review_date = fields.Date(tracking=True)
    review_method = fields.Text(
        string="How the Plan Is Reviewed",
        help="With the family alone, by sharing among professionals, or at a "
        "case conference; how the steps are verified.",
    )
    review_ids = fields.One2many("case.plan.review", "plan_id", string="Reviews")
    review_count = fields.Integer(compute="_compute_counts")
    # (7) plan B
    plan_b = fields.Text(
        help="What happens when the plan is not met, e.g. more frequent visits, "
        "a motion for a preliminary measure.",
    )
    plan_b_trigger = fields.Text(
        help="When plan B starts: the condition checked at every review.",
    )
    plan_b_told_date = fields.Date(
        string="Family Told of Plan B On",
        help="Plan B is explained to the family in advance.",
    )
    plan_b_told_by_id = fields.Many2one(
        "res.users", string="Told By", domain="[('share', '=', False)]"
    )
    # (8) information sharing
    info_sharing_note = fields.Text(string="How Information Is Shared")
    consent_ids = fields.One2many(related="case_id.consent_ids", string="Consents")
    # participation and sign-off
    family_participated = fields.Boolean(string="Family Took Part in Setting the Goals")
    child_involved = fields.Boolean(
        string="Child-Involved Format",
        help="The plan comes from a child-involved conference: the child names "
        "wishes and decides the priorities.",
    )
    child_participated = fields.Boolean(string="The Child Took Part")
    signatory_ids = fields.One2many(
        "case.plan.signatory", "plan_id", string="Agreed By", copy=False
    )
    # IPOD
    ospod_involved = fields.Boolean(
        compute="_compute_ospod_involved",
        string="OSPOD Involved",
    )
    ipod_date = fields.Date(string="IPOD Date")
    ipod_reference = fields.Char(string="IPOD Reference")
    ipod_notes = fields.Text(string="IPOD Notes")
    ipod_checked = fields.Boolean(string="Checked Against IPOD", tracking=True)
    ipod_checked_by_id = fields.Many2one("res.users", string="Checked By", copy=False)
    ipod_checked_date = fields.Date(string="Checked On", copy=False)
    ipod_divergence = fields.Text(
        string="Where the Plan Differs from IPOD",
        help="Leave empty when the plan agrees with the IPOD.",
    )
    # quality
    quality_html = fields.Html(
        string="Quality Checklist", compute="_compute_quality", sanitize=False
    )
    quality_ok = fields.Boolean(
        string="Ready to Activate",
        compute="_compute_quality",
        help="All hard quality rules are met.",
    )
    quality_score = fields.Char(compute="_compute_quality", string="Quality")
    # progress
    progress = fields.Float(
        compute="_compute_progress", string="Progress (%)", aggregator="avg"
    )
    step_count = fields.Integer(compute="_compute_counts")
    goal_count = fields.Integer(compute="_compute_counts")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("case_id.name", "version")
    def _compute_name(self):
        for plan in self:
            plan.name = _(
                "%(case)s – plan v%(version)s",
                case=plan.case_id.name or "",
                version=plan.version,
            )

    def _compute_counts(self):
        for plan in self:
            plan.review_count = len(plan.review_ids)
            plan.step_count = len(plan.step_ids)
            plan.goal_count = len(plan.goal_ids)

    @api.depends("case_id.participant_ids.role_id")
    def _compute_ospod_involved(self):
        for plan in self:
            plan.ospod_involved = any(
                p.role_id.code in ("ospod", "youth_curator")
                for p in plan.case_id.sudo().participant_ids
            )

    @api.depends("goal_ids.state", "step_ids.state")
    def _compute_progress(self):
        for plan in self:
            items = [g.state for g in plan.goal_ids if g.state != "dropped"]
            items += [s.state for s in plan.step_ids]
            done = sum(1 for s in items if s in ("achieved", "done"))
            done += sum(0.5 for s in items if s == "partly")
            plan.progress = 100.0 * done / len(items) if items else 0.0

    @api.depends(
        "goal_ids",
        "goal_ids.name",
        "goal_ids.horizon",
        "goal_ids.indicator",
        "goal_ids.target_date",
        "goal_ids.plan_b",
        "goal_ids.no_plan_b_needed",
        "goal_ids.actor_partner_ids",
        "goal_ids.actor_user_ids",
        "step_ids",
        "step_ids.responsible_type",
        "step_ids.user_id",
        "step_ids.partner_id",
        "step_ids.date_due",
        "next_review_date",
        "date_end",
        "family_participated",
        "child_involved",
        "child_participated",
        "ipod_reference",
        "ipod_checked",
        "ipod_divergence",
    )
    def _compute_quality(self):
        for plan in self:
            results = plan_quality.check_plan(plan._quality_data())
            lang = self.env.lang or "en_US"
            rows = []
            for res in results:
                if res.passed:
                    icon, css = "fa-check-circle text-success", "case-rule-passed"
                elif res.level == plan_quality.HARD:
                    icon, css = "fa-times-circle text-danger", "case-rule-failed"
                else:
                    icon, css = "fa-exclamation-triangle text-warning", "case-rule-soft"
                details = ""
                if res.details and not res.passed:
                    details = Markup("<br/><small class='text-muted'>%s</small>") % (
                        ", ".join(res.details)
                    )
                rows.append(
                    Markup(
                        "<li class='%s' data-rule='%s'><i class='fa %s'></i> "
                        "<b>%s</b>%s<br/><small>%s</small>%s</li>"
                    )
                    % (
                        css,
                        res.code,
                        icon,
                        res.title._translate(lang),
                        Markup(" <span class='badge text-bg-light'>%s</span>")
                        % _("required")
                        if res.level == plan_quality.HARD
                        else "",
                        res.explanation._translate(lang),
                        details,
                    )
                )
            blocking = plan_quality.blocking_results(results)
            passed = sum(1 for r in results if r.passed)
            plan.quality_ok = not blocking
            plan.quality_score = f"{passed} / {len(results)}"
            plan.quality_html = Markup(
                "<div class='case-quality %s'><ul class='list-unstyled'>%s</ul></div>"
            ) % (
                "case-quality-ok" if not blocking else "case-quality-blocked",
                Markup("").join(rows),
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("state", "case_id")
    def _check_one_active(self):
        for plan in self.filtered(lambda p: p.state == "active"):
            others = self.search_count(
                [
                    ("case_id", "=", plan.case_id.id),
                    ("state", "=", "active"),
                    ("id", "!=", plan.id),
                ]
            )
            if others:
                raise ValidationError(
                    _(
                        "Case %(case)s already has an active plan.",
                        case=plan.case_id.name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for plan in self:
            if plan.date_start and plan.date_end and plan.date_end < plan.date_start:
                raise ValidationError(_("The plan cannot end before it starts."))

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            case = self.env["case.case"].browse(vals.get("case_id"))
            if case and "review_interval_months" not in vals:
                vals["review_interval_months"] = case.plan_review_interval_months or 3
            if case and "version" not in vals:
                vals["version"] = (
                    max(
                        case.sudo()
                        .with_context(active_test=False)
                        .plan_ids.mapped("version")
                        or [0]
                    )
                    + 1
                )
            if not vals.get("next_review_date") and vals.get("date_start"):
                start = fields.Date.to_date(vals["date_start"])
                vals["next_review_date"] = start + relativedelta(
                    months=vals.get("review_interval_months") or 3
                )
        return super().create(vals_list)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_activate(self):
        self._lock_plan_rows()
        for plan in self:
            if plan.state != "draft":
                raise UserError(_("Only a draft plan can be activated."))
            blocking = plan_quality.blocking_results(
                plan_quality.check_plan(plan._quality_data())
            )
            if blocking:
                lang = self.env.lang or "en_US"
                raise UserError(
                    _(
                        "The plan cannot be activated yet:\n%(rules)s",
                        rules="\n".join(
                            "- " + r.title._translate(lang) for r in blocking
                        ),
                    )
                )
            current = plan.case_id.plan_ids.filtered(
                lambda p, plan=plan: p.state == "active" and p != plan
            )
            current.write(
                {
                    "state": "superseded",
                    "superseded_date": fields.Date.context_today(self),
                }
            )
            plan.write(
                {"state": "active", "activated_date": fields.Date.context_today(self)}
            )
            plan.step_ids._sync_activities()
        return True

    def action_reset_draft(self):
        self.filtered(lambda p: p.state == "active").write({"state": "draft"})
        return True

    def action_new_version(self):
        """Create the next version as a draft: unfinished goals with their
        unfinished steps are copied; the current plan stays readable. A
        draft next version that exists already is opened instead: two
        colleagues clicking at once get one new version."""
        self.ensure_one()
        self._lock_plan_rows()
        new = (
            self.search(
                [("previous_plan_id", "=", self.id), ("state", "=", "draft")],
                order="id",
                limit=1,
            )
            or self._create_next_version()
        )
        return new._get_form_action()

    def _lock_plan_rows(self):
        """Write the rows of every plan of these plans' cases in this
        transaction, first thing, before looking at their states or for the
        draft (version or review) a colleague may have just made: a
        concurrent transaction doing the same waits for this one, then fails
        to serialise once it commits, and Odoo retries that request, which
        then sees what was done here. (A mere ``FOR UPDATE`` would not do:
        under REPEATABLE READ the second would go on with its old snapshot.)
        Taking all the rows at once, first, also keeps two activations from
        locking them in different orders (a deadlock). Not logged as a bad
        query: the retry is the expected outcome."""
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET write_date = write_date WHERE case_id = ANY(%s)",
                SQL.identifier(self._table),
                list(set(self.case_id.ids)),
            ),
            log_exceptions=False,
        )

    def _create_next_version(self, goals=None):
        self.ensure_one()
        goals = (
            self.goal_ids.filtered(
                lambda g: g.state in ("open", "partly", "not_achieved")
            )
            if goals is None
            else goals
        )
        today = fields.Date.context_today(self)
        new = self.copy(
            {
                "previous_plan_id": self.id,
                "date_start": today,
                "next_review_date": today
                + relativedelta(months=self.review_interval_months or 3),
                "state": "draft",
                "ipod_checked": False,
            }
        )
        for goal in goals:
            new_goal = goal.copy(
                {"plan_id": new.id, "state": "open", "origin_goal_id": goal.id}
            )
            for step in goal.step_ids.filtered(
                lambda s: s.state in ("planned", "in_progress", "not_done")
            ):
                step.copy(
                    {
                        "plan_id": new.id,
                        "goal_id": new_goal.id,
                        "state": "planned",
                    }
                )
        # steps without a goal
        for step in self.step_ids.filtered(
            lambda s: not s.goal_id and s.state in ("planned", "in_progress")
        ):
            step.copy({"plan_id": new.id})
        self.message_post(body=_("Version %(version)s created.", version=new.version))
        return new

    def action_record_review(self):
        """A new draft review of the plan, or the draft review in progress:
        two colleagues clicking at once get one review."""
        self.ensure_one()
        self._lock_plan_rows()
        Review = self.env["case.plan.review"]
        review = Review.search(
            [("plan_id", "=", self.id), ("state", "=", "draft")], order="id", limit=1
        ) or Review.create({"plan_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.plan.review",
            "res_id": review.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_view_reviews(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "case_management.case_plan_review_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id}
        return action

    def action_view_timeline(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "case_management.case_plan_step_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {
            "default_plan_id": self.id,
            "search_default_group_month": 1,
        }
        return action

    def action_mark_ipod_checked(self):
        self.write(
            {
                "ipod_checked": True,
                "ipod_checked_by_id": self.env.uid,
                "ipod_checked_date": fields.Date.context_today(self),
            }
        )

    def action_open_share(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.plan.share",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_plan_id": self.id,
            },
        }

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.plan",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _quality_data(self):
        self.ensure_one()
        goals = [
            plan_quality.GoalData(
                name=g.name or "",
                horizon=g.horizon,
                indicator=g.indicator or "",
                target_date=g.target_date,
                plan_b=g.plan_b or "",
                no_plan_b_needed=g.no_plan_b_needed,
                actor_count=len(g.actor_partner_ids) + len(g.actor_user_ids),
                state=g.state,
            )
            for g in self.goal_ids
            if g.state != "dropped"
        ]
        steps = [
            plan_quality.StepData(
                name=s.name or "",
                responsible_type=s.responsible_type,
                has_responsible=bool(s.user_id or s.partner_id),
                date_due=s.date_due,
                state=s.state,
            )
            for s in self.step_ids
        ]
        return plan_quality.PlanData(
            goals=goals,
            steps=steps,
            next_review_date=self.next_review_date,
            date_end=self.date_end,
            family_participated=self.family_participated,
            child_involved=self.child_involved,
            child_participated=self.child_participated,
            ospod_involved=self.ospod_involved,
            ipod_reference=self.ipod_reference or "",
            ipod_checked=self.ipod_checked,
            ipod_divergence=self.ipod_divergence or "",
        )

    def _render_pdf(self, family_version=False):
        self.ensure_one()
        report = (
            "case_management.action_report_case_plan_family"
            if family_version
            else "case_management.action_report_case_plan"
        )
        pdf, _fmt = self.env["ir.actions.report"]._render_qweb_pdf(report, self.ids)
        return pdf

    def _share_with(self, partners, family_version=False, note=None):
        """Send the plan (PDF) to ``partners`` through the consent gate
        (category "family plan"). The family's own members (persons in focus,
        their parents and legal representatives, the consent's signer) always
        get the family version, as a data-subject share without a recipient
        consent; the professionals get the version asked for, under their
        consent. The refused are named in the chatter; the others each get one
        mail and one logged disclosure. Return ``(mails, refused)``."""
        self.ensure_one()
        case = self.case_id
        family = partners.filtered(lambda p: case._case_data_subject_role(p))
        mails = self.env["mail.mail"]
        refused = {}
        for group, version, as_family in (
            (family, True, True),
            (partners - family, family_version, False),
        ):
            if not group:
                continue
            group_mails, group_refused = self._share_version(
                group, version, note, as_family
            )
            mails |= group_mails
            refused.update(group_refused)
        if refused:
            self.message_post(
                body=Markup("%s<ul>%s</ul>")
                % (
                    _("Not shared, no consent for the family plan:"),
                    Markup("").join(
                        Markup("<li>%s</li>") % escape(msg) for msg in refused.values()
                    ),
                )
            )
        return mails, refused

    def _share_version(self, partners, family_version, note, as_family):
        self.ensure_one()
        case = self.case_id
        allowed, refused = case._case_disclosure_check(
            partners, [FAMILY_PLAN_CATEGORY], family_version=as_family
        )
        mails = self.env["mail.mail"]
        if not allowed:
            return mails, refused
        pdf = self._render_pdf(family_version=family_version)
        filename = "{}.pdf".format((self.name or "plan").replace("/", "-"))
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename,
                    "datas": base64.b64encode(pdf),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        body = Markup("<p>%s</p>") % _(
            "Please find attached the family plan of case %(case)s.",
            case=case.name,
        )
        if note:
            body += Markup("<p>%s</p>") % note
        mails = case._case_send_mail(
            allowed,
            [FAMILY_PLAN_CATEGORY],
            _("Family plan %(plan)s", plan=self.name),
            body,
            record=self,
            attachments=attachment,
            raise_if_refused=False,
            family_version=as_family,
        )
        self.message_post(
            body=_(
                "Plan shared with: %(names)s",
                names=", ".join(allowed.mapped("display_name")),
            )
        )
        return mails, refused

    def _family_demand_steps(self):
        return self.step_ids.filtered(lambda s: s.responsible_type == "family")

    @api.model
    def _default_signatories(self, case):
        commands = []
        for partner in case.family_member_ids.filtered(lambda p: not p.is_child):
            commands.append(
                Command.create({"partner_id": partner.id, "kind": "family"})
            )
        return commands


class CasePlanExpectation(models.Model):
    _name = "case.plan.expectation"
    _description = "Expectation of a Plan Participant"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        "case.plan", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(related="plan_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one("res.partner", string="Who", required=True)
    expectation = fields.Text(required=True)


class CasePlanSignatory(models.Model):
    _name = "case.plan.signatory"
    _description = "Participant Who Agreed the Plan"
    _order = "plan_id, kind, id"

    plan_id = fields.Many2one(
        "case.plan", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(related="plan_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", string="Who", required=True)
    kind = fields.Selection(
        [
            ("family", "Family member"),
            ("child", "The child"),
            ("professional", "Professional"),
        ],
        required=True,
        default="family",
    )
    date = fields.Date(string="Agreed On", default=fields.Date.context_today)
    note = fields.Char()
