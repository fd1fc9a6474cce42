# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models

from ..cron_retry import cron_retry

FREQUENCY_SELECTION = [
    ("weekly", "Weekly"),
    ("biweekly", "Every 14 days"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("halfyearly", "Half-yearly"),
    ("on_event", "When it happens"),
]
FREQUENCY_DELTA = {
    "weekly": relativedelta(weeks=1),
    "biweekly": relativedelta(weeks=2),
    "monthly": relativedelta(months=1),
    "quarterly": relativedelta(months=3),
    "halfyearly": relativedelta(months=6),
}


class CaseAgreement(models.Model):
    _name = "case.agreement"
    _description = "Cooperation Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("valid", "Valid"),
            ("suspended", "Suspended"),
            ("ended", "Ended"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    date_from = fields.Date(
        string="Valid From", default=fields.Date.context_today, tracking=True
    )
    date_to = fields.Date(string="Valid To", tracking=True)
    setup_meeting_note = fields.Char(
        string="Agreed At",
        help="The joint setup meeting (ideally together with the first family "
        "plan, e.g. at OSPOD).",
    )
    party_ids = fields.Many2many(
        "case.participant",
        "case_agreement_participant_rel",
        "agreement_id",
        "participant_id",
        string="Parties",
        domain="[('case_id', '=', case_id)]",
    )
    line_ids = fields.One2many(
        "case.agreement.line", "agreement_id", string="Information Sharing"
    )
    channel_ids = fields.One2many(
        "case.agreement.channel", "agreement_id", string="Family ↔ Institution Channels"
    )
    principles = fields.Text()
    disagreement = fields.Text(string="On Disagreement")
    suspension = fields.Text(string="Suspending or Ending the Cooperation")
    evaluation = fields.Text(
        string="How the Cooperation Is Evaluated",
        help="How the quality of the cooperation itself is evaluated (rated at "
        "every plan review).",
    )
    meeting_interval = fields.Selection(
        [
            ("monthly", "Monthly"),
            ("bimonthly", "Every two months"),
            ("quarterly", "Quarterly"),
            ("halfyearly", "Half-yearly"),
            ("as_needed", "As needed"),
        ],
        string="Joint Meetings",
        default="monthly",
        tracking=True,
        help="Interval between joint meetings: the next within a month at "
        "first, longer later.",
    )
    signatory_ids = fields.Many2many(
        "res.partner",
        "case_agreement_signatory_rel",
        "agreement_id",
        "partner_id",
        string="Signed By",
    )
    signed_date = fields.Date()
    plan_ids = fields.One2many("case.plan", "agreement_id", string="Plans")

    @api.depends("case_id.name", "date_from")
    def _compute_name(self):
        for agreement in self:
            agreement.name = _(
                "%(case)s – cooperation agreement %(date)s",
                case=agreement.case_id.name or "",
                date=agreement.date_from or "",
            )

    def write(self, vals):
        self.env["case.rhythm.history"]._log_change(
            self, "meeting_interval", "meetings", vals
        )
        return super().write(vals)

    def action_validate(self):
        self.write({"state": "valid", "signed_date": fields.Date.context_today(self)})

    def action_suspend(self):
        self.write({"state": "suspended"})

    def action_end(self):
        self.write({"state": "ended", "date_to": fields.Date.context_today(self)})

    def action_share(self):
        """Send the agreement (PDF) to its parties through the consent gate."""
        self.ensure_one()
        partners = self.party_ids.partner_id
        pdf, _fmt = self.env["ir.actions.report"]._render_qweb_pdf(
            "case_management.action_report_case_agreement", self.ids
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self.name}.pdf",
                    "datas": base64.b64encode(pdf),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        allowed, refused = self.case_id._case_disclosure_check(
            partners, ["family_plan"]
        )
        if allowed:
            self.case_id._case_send_mail(
                allowed,
                ["family_plan"],
                _("Cooperation agreement %(name)s", name=self.name),
                _("Please find attached the cooperation agreement."),
                record=self,
                attachments=attachment,
                raise_if_refused=False,
            )
        if refused:
            self.message_post(
                body=_(
                    "Not shared (no consent): %(names)s",
                    names="; ".join(refused.values()),
                )
            )
        return True

    @api.model
    @cron_retry
    def _cron_sharing_reminders(self):
        """Remind the person responsible for each sharing line when it is due."""
        today = fields.Date.context_today(self)
        lines = self.env["case.agreement.line"].search(
            [
                ("agreement_id.state", "=", "valid"),
                ("next_due_date", "<=", today),
            ]
        )
        lines._remind()
        return len(lines)


class CaseAgreementLine(models.Model):
    _name = "case.agreement.line"
    _description = "Information Sharing Line of a Cooperation Agreement"
    _order = "agreement_id, sequence, id"

    agreement_id = fields.Many2one(
        "case.agreement", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(related="agreement_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    info_type = fields.Selection(
        [
            ("changes", "Changes"),
            ("progress", "Progress"),
            ("crises", "Crises"),
            ("needs", "Needs"),
            ("other", "Other"),
        ],
        string="What",
        required=True,
        default="progress",
    )
    description = fields.Char()
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("report", "Written report"),
            ("email", "E-mail"),
            ("meeting", "Joint meeting"),
            ("conference", "Case conference"),
        ],
        required=True,
        default="phone",
    )
    frequency = fields.Selection(FREQUENCY_SELECTION, required=True, default="monthly")
    from_partner_id = fields.Many2one("res.partner", string="From")
    to_partner_ids = fields.Many2many(
        "res.partner",
        "case_agreement_line_partner_rel",
        "line_id",
        "partner_id",
        string="To",
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        string="Responsible Colleague",
        domain="[('share', '=', False)]",
    )
    responsible_partner_id = fields.Many2one(
        "res.partner", string="Responsible Outside Professional"
    )
    last_done_date = fields.Date(string="Last Shared")
    next_due_date = fields.Date(
        compute="_compute_next_due_date", store=True, string="Next Due"
    )

    @api.depends("frequency", "last_done_date", "agreement_id.date_from")
    def _compute_next_due_date(self):
        for line in self:
            delta = FREQUENCY_DELTA.get(line.frequency)
            start = line.last_done_date or line.agreement_id.date_from
            line.next_due_date = start + delta if delta and start else False

    def write(self, vals):
        self.env["case.rhythm.history"]._log_change(self, "frequency", "sharing", vals)
        return super().write(vals)

    def action_mark_shared(self):
        self.write({"last_done_date": fields.Date.context_today(self)})

    def _remind(self):
        todo = self.env.ref("mail.mail_activity_data_todo")
        for line in self:
            agreement = line.agreement_id
            user = line.responsible_user_id or agreement.case_id.manager_id
            summary = _(
                "Share %(what)s (%(channel)s)",
                what=dict(
                    line._fields["info_type"]._description_selection(self.env)
                ).get(line.info_type),
                channel=dict(
                    line._fields["channel"]._description_selection(self.env)
                ).get(line.channel),
            )
            exists = agreement.activity_ids.filtered(
                lambda a, summary=summary, user=user: (
                    a.summary == summary and a.user_id == user
                )
            )
            if user and not exists:
                agreement.activity_schedule(
                    activity_type_id=todo.id,
                    date_deadline=line.next_due_date,
                    summary=summary,
                    user_id=user.id,
                )


class CaseAgreementChannel(models.Model):
    _name = "case.agreement.channel"
    _description = "Family ↔ Institution Information Channel"

    agreement_id = fields.Many2one(
        "case.agreement", required=True, index=True, ondelete="cascade"
    )
    case_id = fields.Many2one(related="agreement_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    family_partner_id = fields.Many2one("res.partner", string="Family Member")
    institution_id = fields.Many2one("res.partner", string="Institution")
    description = fields.Text(
        string="How Information Passes",
        help="E.g. the mother meets the class teachers on a separate date.",
    )
    date_from = fields.Date(default=fields.Date.context_today)
