# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..cron_retry import cron_retry, lock_rows, subscribe_followers

CADENCE_SELECTION = [
    ("weekly", "Weekly"),
    ("biweekly", "Every 14 days"),
    ("monthly", "Monthly"),
    ("as_needed", "As the family needs (phone on demand)"),
]
CADENCE_DELTA = {
    "weekly": relativedelta(weeks=1),
    "biweekly": relativedelta(weeks=2),
    "monthly": relativedelta(months=1),
}
CRON_BATCH_SIZE = 200


class CaseRhythmHistory(models.Model):
    _name = "case.rhythm.history"
    _description = "Change of a Case Rhythm"
    _order = "date desc, id desc"

    case_id = fields.Many2one(
        "case.case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="case_id.company_id", store=True)
    rhythm = fields.Selection(
        [
            ("contact", "Contact with the family"),
            ("sharing", "Information sharing among professionals"),
            ("meetings", "Joint meetings"),
        ],
        required=True,
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    old_value = fields.Char(string="From")
    new_value = fields.Char(string="To")
    reason = fields.Char()

    @api.model
    def _log_change(self, records, field_name, rhythm, vals, reason=None):
        """One history row per record of ``records`` whose ``field_name`` changes
        in ``vals`` (called from ``write`` before the change is applied)."""
        if field_name not in vals:
            return
        rows = [
            {
                "case_id": (rec if rec._name == "case.case" else rec.case_id).id,
                "rhythm": rhythm,
                "old_value": rec[field_name] or "",
                "new_value": vals[field_name] or "",
                "reason": reason,
            }
            for rec in records
            if rec[field_name] != vals[field_name]
        ]
        if rows:
            self.create(rows)


# pylint: disable=consider-merging-classes-inherited
# One file per feature keeps the consent and plan parts of the case readable.
class CaseCase(models.Model):
    _inherit = "case.case"

    plan_ids = fields.One2many("case.plan", "case_id", string="Plans")
    plan_count = fields.Integer(compute="_compute_counts", string="# Plans")
    active_plan_id = fields.Many2one(
        "case.plan",
        compute="_compute_active_plan_id",
        store=True,
        string="Active Plan",
    )
    agreement_ids = fields.One2many(
        "case.agreement", "case_id", string="Cooperation Agreements"
    )
    plan_review_interval_months = fields.Integer(
        string="Plan Review Every (months)", default=3
    )
    review_reminder_days = fields.Integer(
        string="Remind Review Days Before", default=14
    )
    next_review_date = fields.Date(
        related="active_plan_id.next_review_date", string="Next Plan Review"
    )
    review_overdue = fields.Boolean(
        compute="_compute_review_overdue",
        search="_search_review_overdue",
    )
    # contact cadence (rhythm 1)
    contact_cadence = fields.Selection(
        CADENCE_SELECTION, default="weekly", required=True, tracking=True
    )
    cadence_lengthen_after = fields.Integer(
        string="Suggest Longer Cadence After",
        default=4,
        help="Number of contacts in a row done (and the short-term goals "
        "achieved) after which the case manager is asked to lengthen the "
        "cadence.",
    )
    cadence_missed_limit = fields.Integer(
        string="Warn After Missed Visits",
        default=2,
        help="Home visits missed in a row after which the cadence may be too dense.",
    )
    next_contact_due = fields.Date(
        compute="_compute_next_contact_due",
        store=True,
    )
    contact_overdue = fields.Boolean(
        compute="_compute_contact_overdue",
        search="_search_contact_overdue",
    )
    cadence_prompt = fields.Selection(
        [("lengthen", "Lengthen"), ("dense", "Too dense")],
        compute="_compute_cadence_prompt",
    )
    rhythm_history_ids = fields.One2many(
        "case.rhythm.history", "case_id", string="Rhythm History"
    )
    plan_cron_date = fields.Date(copy=False, readonly=True)
    review_reminded_date = fields.Date(copy=False, readonly=True)
    review_overdue_date = fields.Date(copy=False, readonly=True)
    contact_overdue_date = fields.Date(copy=False, readonly=True)
    cadence_prompt_sent = fields.Char(copy=False, readonly=True)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _case_stat_count_domains(self):
        return {
            **super()._case_stat_count_domains(),
            "plan_count": ("case.plan", []),
        }

    @api.depends("plan_ids.state")
    def _compute_active_plan_id(self):
        for case in self:
            case.active_plan_id = case.plan_ids.filtered(lambda p: p.state == "active")[
                :1
            ]

    @api.depends("next_review_date")
    def _compute_review_overdue(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.review_overdue = bool(
                case.next_review_date and case.next_review_date < today
            )

    def _search_review_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise ValueError(_("Unsupported search on the overdue flag."))
        domain = [
            ("active_plan_id.next_review_date", "<", fields.Date.context_today(self))
        ]
        return domain if (operator == "=") == bool(value) else ["!", *domain]

    @api.depends("last_contact_date", "contact_cadence", "start_date")
    def _compute_next_contact_due(self):
        for case in self:
            delta = CADENCE_DELTA.get(case.contact_cadence)
            start = (
                case.last_contact_date.date()
                if case.last_contact_date
                else case.start_date
            )
            case.next_contact_due = start + delta if delta and start else False

    @api.depends("next_contact_due", "is_closed")
    def _compute_contact_overdue(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.contact_overdue = bool(
                not case.is_closed
                and case.next_contact_due
                and case.next_contact_due < today
            )

    def _search_contact_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise ValueError(_("Unsupported search on the overdue flag."))
        domain = [
            ("is_closed", "=", False),
            ("next_contact_due", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == bool(value) else ["!", "&", *domain]

    @api.depends(
        "contact_ids.state",
        "contact_ids.date",
        "contact_cadence",
        "active_plan_id.goal_ids.state",
    )
    def _compute_cadence_prompt(self):
        for case in self:
            case.cadence_prompt = case._get_cadence_prompt()

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if "contact_cadence" in vals:
            self.env["case.rhythm.history"]._log_change(
                self,
                "contact_cadence",
                "contact",
                vals,
                reason=self.env.context.get("cadence_reason"),
            )
            vals = dict(vals, cadence_prompt_sent=False)
        return super().write(vals)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_plans(self):
        self.ensure_one()
        action = self._action_lines("case_management.case_plan_action")
        if self.active_plan_id:
            action.update(
                {
                    "res_id": self.active_plan_id.id,
                    "view_mode": "form",
                    "views": [(False, "form")],
                }
            )
        return action

    def action_view_plan_history(self):
        return self._action_lines("case_management.case_plan_action")

    def action_new_plan(self):
        self.ensure_one()
        plan = self.env["case.plan"].create(
            {
                "case_id": self.id,
                "situation": self.family_request or False,
                "signatory_ids": self.env["case.plan"]._default_signatories(self),
            }
        )
        return plan._get_form_action()

    def action_view_agreements(self):
        return self._action_lines("case_management.case_agreement_action")

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _get_cadence_prompt(self):
        """'dense' when the last home visits were missed in a row, 'lengthen'
        when the last contacts were all done and the short-term goals are
        achieved; False otherwise. Only a prompt: nothing changes by itself."""
        self.ensure_one()
        contacts = self.contact_ids.sorted(lambda c: (c.date, c.id), reverse=True)
        visits = contacts.filtered(lambda c: c.contact_type == "home_visit")
        limit = self.cadence_missed_limit or 2
        last_visits = visits[:limit]
        if len(last_visits) >= limit and all(c.state == "missed" for c in last_visits):
            return "dense"
        if self.contact_cadence in ("weekly", "biweekly"):
            needed = self.cadence_lengthen_after or 4
            last = contacts[:needed]
            short_goals = self.active_plan_id.goal_ids.filtered(
                lambda g: g.horizon == "short" and g.state != "dropped"
            )
            if (
                len(last) >= needed
                and all(c.state == "done" for c in last)
                and short_goals
                and all(g.state == "achieved" for g in short_goals)
            ):
                return "lengthen"
        return False

    def _plan_activity_vals(
        self, activity_type, summary, note=None, date_deadline=None
    ):
        """Values of a reminder for the case manager (False without one):
        the caller creates a batch of them in one create."""
        self.ensure_one()
        user = self.manager_id
        if not user:
            return False
        return {
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "automated": True,
            "date_deadline": date_deadline or fields.Date.context_today(self),
            "summary": summary,
            "note": note or activity_type.default_note,
            "user_id": user.id,
        }

    def _plan_cron_process(self):
        """Reminders of one batch of cases: review due soon / overdue, overdue
        steps of outside professionals, overdue contact, cadence prompts.

        Set-based (issue 15): the hits of the whole batch are gathered with
        one search per kind and the ORM's batch prefetch, every reminder of
        the batch is created in one ``mail.activity`` create without Odoo's
        assignment e-mail (the activity is the notice: the manager's to-do
        list and bell), and the marks that keep a reminder from coming twice
        (``review_reminded_date``, ``review_overdue_date``,
        ``contact_overdue_date``, ``cadence_prompt_sent``, the steps'
        ``followup_date``) are written with the batch, in the same
        transaction as the activities."""
        today = fields.Date.context_today(self)
        overdue_steps = self.env["case.plan.step"].search(
            [
                ("case_id", "in", self.ids),
                ("plan_id.state", "=", "active"),
                ("is_overdue", "=", True),
                ("responsible_type", "in", ("external", "family")),
                ("followup_date", "=", False),
            ]
        )
        activities = overdue_steps._followup_overdue_external_vals()
        review_type = self.env.ref("case_management.mail_activity_type_plan_review")
        contact_type = self.env.ref("case_management.mail_activity_type_case_contact")
        for case in self:
            review = case.next_review_date
            if review:
                remind_on = review - timedelta(days=case.review_reminder_days or 0)
                if remind_on <= today < review and case.review_reminded_date != review:
                    activities.append(
                        case._plan_activity_vals(
                            review_type,
                            _("Plan review due on %(date)s", date=review),
                            date_deadline=review,
                        )
                    )
                    case.review_reminded_date = review
                if review < today and case.review_overdue_date != review:
                    activities.append(
                        case._plan_activity_vals(
                            review_type,
                            _("Plan review overdue since %(date)s", date=review),
                        )
                    )
                    case.review_overdue_date = review
            due = case.next_contact_due
            if case.contact_overdue and case.contact_overdue_date != due:
                activities.append(
                    case._plan_activity_vals(
                        contact_type,
                        _("Contact with the family overdue since %(date)s", date=due),
                    )
                )
                case.contact_overdue_date = due
            prompt = case._get_cadence_prompt()
            if prompt and case.cadence_prompt_sent != prompt:
                if prompt == "dense":
                    summary = _("Home visits missed: is the contact cadence too dense?")
                else:
                    summary = _("The family manages: consider a longer contact cadence")
                activities.append(case._plan_activity_vals(contact_type, summary))
                case.cadence_prompt_sent = prompt
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [vals for vals in activities if vals]
        )
        self.write({"plan_cron_date": today})

    @api.model
    @cron_retry
    def _cron_plan_reminders(self, batch_size=CRON_BATCH_SIZE):
        """Process open cases in batches; the cron is re-triggered while
        cases remain (ir.cron progress). The batch's cases are locked first
        (skipping those a user or another server holds, left for the next
        batch), so two servers never remind about one case twice and a
        concurrent update is retried, not a failed job (cron_retry)."""
        today = fields.Date.context_today(self)
        domain = [
            ("is_closed", "=", False),
            "|",
            ("plan_cron_date", "=", False),
            ("plan_cron_date", "<", today),
        ]
        self.flush_model(["active", "is_closed", "plan_cron_date"])
        ids = lock_rows(
            self.env,
            SQL(
                """
            SELECT id FROM case_case
             WHERE active AND is_closed IS NOT TRUE
               AND (plan_cron_date IS NULL OR plan_cron_date < %(today)s)
             ORDER BY id
             LIMIT %(limit)s
               FOR NO KEY UPDATE SKIP LOCKED
            """,
                today=today,
                limit=batch_size,
            ),
        )
        cases = self.browse(ids)
        # the reminders are activities of the case manager, who becomes a
        # follower: subscribed here first, so that a user posting on the
        # case at the same moment cannot make the batch fail
        subscribe_followers(
            self.env,
            self._name,
            [(case.id, case.manager_id.partner_id.id) for case in cases],
        )
        cases._plan_cron_process()
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(cases), remaining=remaining)
        return len(cases)
