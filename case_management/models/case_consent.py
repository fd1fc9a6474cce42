# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

CONSENT_STATE_SELECTION = [
    ("draft", "Draft"),
    ("valid", "Valid"),
    ("expired", "Expired"),
    ("withdrawn", "Withdrawn"),
]
CONSENT_TYPE_SELECTION = [
    ("consent", "Consent of the parent, guardian or adult client"),
    ("assent", "Child's own assent"),
]
EXPIRY_NOTICE_DAYS = 30


EXPIRY_CRON_BATCH = 500


class CaseConsent(models.Model):
    """Written consent to share case information (GDPR Art. 6/7/9, §100 ZSS).

    A consent covers a recipient when it is ``valid``, today lies within
    ``valid_from``..``valid_to``, the recipient (or the organisation it belongs
    to) is listed in ``recipient_partner_ids`` and the category is listed in
    ``category_ids``. Withdrawn and expired consents never cover anyone;
    withdrawal is not retroactive (earlier disclosures stay logged).

    Only ``consent_type == 'consent'`` authorises sharing; a child's assent is
    recorded next to it (``assent``) and shown in the matrix, but the legal
    basis is the consent of the parent, guardian or adult client.
    """

    _name = "case.consent"
    _description = "Consent to Share Case Information"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "case_id, valid_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        compute="_compute_name",
        store=True,
    )
    case_id = fields.Many2one(
        "case.case",
        string="Case",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    consent_type = fields.Selection(
        CONSENT_TYPE_SELECTION,
        string="Type",
        required=True,
        default="consent",
        tracking=True,
    )
    signer_id = fields.Many2one(
        "res.partner",
        string="Signed By",
        required=True,
        tracking=True,
        help="The parent, legal guardian or adult client who signed; for an "
        "assent, the child.",
    )
    signer_lang = fields.Selection(related="signer_id.lang", string="Signer Language")
    concerned_partner_ids = fields.Many2many(
        "res.partner",
        "case_consent_concerned_partner_rel",
        "consent_id",
        "partner_id",
        string="Persons Concerned",
        help="The persons the shared information is about.",
    )
    purpose = fields.Text(
        required=True,
        default=lambda self: _(
            "Coordinated support of the family by the professionals named below."
        ),
        tracking=True,
    )
    recipient_partner_ids = fields.Many2many(
        "res.partner",
        "case_consent_recipient_partner_rel",
        "consent_id",
        "partner_id",
        string="Recipients Covered",
        help="Specific persons and/or whole organisations. Listing an "
        "organisation covers everyone who belongs to it, including new "
        "colleagues.",
    )
    category_ids = fields.Many2many(
        "case.data.category",
        "case_consent_category_rel",
        "consent_id",
        "category_id",
        string="Data Categories Covered",
    )
    valid_from = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True
    )
    valid_to = fields.Date(tracking=True, help="Leave empty for an open-ended consent.")
    signed_date = fields.Date(string="Signed On", tracking=True)
    text_version = fields.Char(
        string="Consent Text Version",
        default="1.0",
        help="Version of the consent form text the family signed.",
    )
    scan = fields.Binary(string="Signed Scan", attachment=True, copy=False)
    scan_filename = fields.Char(copy=False)
    state = fields.Selection(
        CONSENT_STATE_SELECTION,
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    withdrawn_date = fields.Date(tracking=True, copy=False)
    withdrawn_by_id = fields.Many2one(
        "res.users", string="Withdrawal Recorded By", copy=False, tracking=True
    )
    withdrawn_reason = fields.Text(string="Withdrawal Reason", copy=False)
    replaced_by_id = fields.Many2one(
        "case.consent", string="Replaced By", copy=False, readonly=True
    )
    replaces_id = fields.Many2one(
        "case.consent", string="Replaces", copy=False, readonly=True
    )
    expiry_notified = fields.Boolean(copy=False, readonly=True)
    disclosure_ids = fields.One2many(
        "case.disclosure", "consent_id", string="Disclosures"
    )
    disclosure_count = fields.Integer(compute="_compute_disclosure_count")
    is_covering = fields.Boolean(
        string="Covers Today",
        compute="_compute_is_covering",
        help="Valid and within its dates today.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("case_id.name", "signer_id.name", "valid_from", "consent_type")
    def _compute_name(self):
        for consent in self:
            label = _("Assent") if consent.consent_type == "assent" else _("Consent")
            consent.name = _(
                "%(label)s %(case)s / %(date)s",
                label=label,
                case=consent.case_id.name or "",
                date=consent.valid_from or "",
            )

    def _compute_disclosure_count(self):
        counts = {
            consent.id: count
            for consent, count in self.env["case.disclosure"]._read_group(
                [("consent_id", "in", self.ids)], ["consent_id"], ["__count"]
            )
        }
        for consent in self:
            consent.disclosure_count = counts.get(consent.id, 0)

    def _compute_is_covering(self):
        today = fields.Date.context_today(self)
        for consent in self:
            consent.is_covering = consent._is_active_on(today)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("valid_from", "valid_to")
    def _check_dates(self):
        for consent in self:
            if consent.valid_to and consent.valid_to < consent.valid_from:
                raise ValidationError(
                    _(
                        "A consent cannot end before it starts (%(name)s).",
                        name=consent.name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        return super(
            CaseConsent, self.with_context(mail_create_nosubscribe=True)
        ).create(vals_list)

    def write(self, vals):
        frozen = {"case_id", "recipient_partner_ids", "category_ids", "signer_id"}
        if frozen & set(vals) and not self.env.context.get("case_consent_force"):
            for consent in self:
                if consent.state in ("withdrawn", "expired"):
                    raise UserError(
                        _(
                            "%(name)s is %(state)s and can no longer be changed; "
                            "record a new consent instead.",
                            name=consent.name,
                            state=dict(CONSENT_STATE_SELECTION)[consent.state],
                        )
                    )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        for consent in self:
            if consent.state != "draft" or consent.disclosure_ids:
                raise UserError(
                    _(
                        "Only a draft consent that was never used can be deleted "
                        "(%(name)s); withdraw it instead.",
                        name=consent.name,
                    )
                )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_validate(self):
        for consent in self:
            if consent.state != "draft":
                raise UserError(_("Only a draft consent can be marked as valid."))
            if not consent.recipient_partner_ids or not consent.category_ids:
                raise UserError(
                    _(
                        "%(name)s needs at least one recipient and one data category.",
                        name=consent.name,
                    )
                )
            if consent.consent_type == "consent" and not consent.scan:
                raise UserError(
                    _(
                        "Attach the signed scan of %(name)s before marking it valid: "
                        "the consent must be demonstrable.",
                        name=consent.name,
                    )
                )
        today = fields.Date.context_today(self)
        for consent in self:
            consent.write(
                {"state": "valid", "signed_date": consent.signed_date or today}
            )
        return True

    def action_open_withdraw(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Withdraw Consent"),
            "res_model": "case.consent.withdraw",
            "view_mode": "form",
            "target": "new",
            "context": {"default_consent_id": self.id},
        }

    def action_withdraw(self, date=None, reason=None):
        """Withdraw from ``date`` (default today). Not retroactive."""
        date = date or fields.Date.context_today(self)
        for consent in self:
            if consent.state not in ("valid", "draft"):
                raise UserError(
                    _("%(name)s cannot be withdrawn in its state.", name=consent.name)
                )
        self.write(
            {
                "state": "withdrawn",
                "withdrawn_date": date,
                "withdrawn_by_id": self.env.user.id,
                "withdrawn_reason": reason,
            }
        )
        for consent in self:
            consent.case_id.message_post(
                body=_(
                    "%(name)s was withdrawn on %(date)s. Reason: %(reason)s",
                    name=consent.name,
                    date=date,
                    reason=reason or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.case_id._case_suggest_closure_on_withdrawal()
        return True

    def action_replace(self):
        """Open a new draft consent copying the scope of this one."""
        self.ensure_one()
        new = self.copy(
            {
                "state": "draft",
                "replaces_id": self.id,
                "valid_from": fields.Date.context_today(self),
                "valid_to": False,
                "signed_date": False,
            }
        )
        self.with_context(case_consent_force=True).replaced_by_id = new
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.consent",
            "res_id": new.id,
            "view_mode": "form",
        }

    def action_view_disclosures(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "case_management.case_disclosure_action"
        )
        action["domain"] = [("consent_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_print(self):
        return self.env.ref("case_management.action_report_case_consent").report_action(
            self
        )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _is_active_on(self, day):
        self.ensure_one()
        return (
            self.state == "valid"
            and self.valid_from <= day
            and (not self.valid_to or self.valid_to >= day)
        )

    def _covers_partner(self, partner):
        """The partner is listed, or the organisation it belongs to is."""
        self.ensure_one()
        if partner in self.recipient_partner_ids:
            return True
        organisation = partner.commercial_partner_id
        return (
            organisation != partner
            and organisation.is_company
            and organisation in self.recipient_partner_ids
        )

    def _covers(self, partner, categories, day=None):
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        return (
            self.consent_type == "consent"
            and self._is_active_on(day)
            and self._covers_partner(partner)
            and not (categories - self.category_ids)
        )

    @api.model
    def _cron_lock_batch(self, condition, batch_size):
        """Ids of at most ``batch_size`` consents matching ``condition`` (an
        ``SQL`` on ``case_consent``), locked for this transaction; rows that
        another server's run has locked are skipped, never done twice."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM case_consent WHERE %s ORDER BY id LIMIT %s "
                "FOR UPDATE SKIP LOCKED",
                condition,
                batch_size,
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _cron_expire_consents(self, batch_size=EXPIRY_CRON_BATCH):
        """Expire and warn in batches: the cron runner commits after each
        batch and runs the job again while consents remain (ir.cron
        progress), so 100,000 cases never make one long transaction. Each
        batch is selected in SQL and locked (``SKIP LOCKED``), and its
        activities are created in one call, so the number of queries per
        batch does not grow with the batch and two servers running the job
        at once never warn twice."""
        today = fields.Date.context_today(self)
        soon_limit = today + relativedelta(days=EXPIRY_NOTICE_DAYS)
        expired_sql = SQL("state = 'valid' AND valid_to < %s", today)
        soon_sql = SQL(
            "state = 'valid' AND expiry_notified IS NOT TRUE "
            "AND valid_to IS NOT NULL AND valid_to <= %s",
            soon_limit,
        )
        self.flush_model(["state", "valid_to", "expiry_notified"])
        expired = self._cron_lock_batch(expired_sql, batch_size)
        expired.write({"state": "expired"})
        self.flush_model(["state"])
        soon = self._cron_lock_batch(soon_sql, batch_size)
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        for consent in soon:
            user = consent.case_id.manager_id
            if user:
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": consent.id,
                        "activity_type_id": todo.id,
                        "date_deadline": consent.valid_to,
                        "summary": _("Consent ends soon: renew it with the family"),
                        "note": _(
                            "%(name)s ends on %(date)s.",
                            name=consent.name,
                            date=consent.valid_to,
                        ),
                        "user_id": user.id,
                    }
                )
        # The activity is the notice (the manager's to-do list and bell):
        # no assignment e-mail per consent.
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            activities
        )
        soon.write({"expiry_notified": True})
        self.flush_model(["state", "expiry_notified"])
        self.env.cr.execute(
            SQL(
                "SELECT (SELECT count(*) FROM (SELECT 1 FROM case_consent "
                "WHERE %s LIMIT 1) e) + (SELECT count(*) FROM (SELECT 1 "
                "FROM case_consent WHERE %s LIMIT 1) s)",
                expired_sql,
                soon_sql,
            )
        )
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(
            done=len(expired) + len(soon), remaining=remaining
        )
        return True
