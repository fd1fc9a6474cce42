# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class CaseCircleNotify(models.TransientModel):
    """Notify the circle of a change (A3 3.7) or run the sudden-change
    protocol (3.8): a short, neutral update to consent-covered recipients,
    every share logged, through the disclosure gate."""

    _name = "case.circle.notify"
    _description = "Notify the Circle of a Change"

    case_id = fields.Many2one("case.case", required=True, ondelete="cascade")
    urgent = fields.Boolean(string="Sudden Change")
    partner_ids = fields.Many2many(
        "res.partner",
        string="Recipients",
        compute="_compute_partner_ids",
        store=True,
        readonly=False,
    )
    category_ids = fields.Many2many(
        "case.data.category",
        string="Data Categories",
        default=lambda self: self._default_category_ids(),
        help="What the message is about: every recipient needs a consent "
        "covering all of them.",
    )
    subject = fields.Char(
        required=True, default=lambda self: _("Change in the situation of the family")
    )
    body = fields.Html(required=True)
    statutory = fields.Boolean(
        string="Statutory Notification",
        help="A notification required by law (e.g. to OSPOD) that does not rest "
        "on the family's consent; it needs a legal basis and is logged like "
        "every other disclosure.",
    )
    legal_basis_id = fields.Many2one(
        "case.legal.basis",
        string="Legal Basis",
        help="Only the legal bases configured by a coordinator can be chosen; "
        "each allows only recipients in certain roles (e.g. OSPOD, a court).",
    )
    legal_basis = fields.Char(related="legal_basis_id.code", string="Provision")
    refused_text = fields.Text(string="Refused", compute="_compute_refused_text")

    @api.model
    def _default_category_ids(self):
        return self.env["case.data.category"].search([("code", "=", "basic")])

    @api.depends("case_id", "urgent")
    def _compute_partner_ids(self):
        for wizard in self:
            case = wizard.case_id
            if wizard.urgent and case.sudden_change_partner_ids:
                wizard.partner_ids = case.sudden_change_partner_ids
            else:
                wizard.partner_ids = case.participant_ids.filtered(
                    lambda p: p.state == "active"
                ).partner_id

    @api.depends(
        "case_id", "partner_ids", "category_ids", "statutory", "legal_basis_id"
    )
    def _compute_refused_text(self):
        for wizard in self:
            if not wizard.case_id or not wizard.category_ids:
                wizard.refused_text = False
                continue
            try:
                refused = {}
                basis = None
                if wizard.statutory and wizard.legal_basis_id:
                    basis, refused = wizard.case_id._case_statutory_check(
                        wizard.legal_basis_id._origin, wizard.partner_ids._origin
                    )
                _allowed, gate_refused = wizard.case_id._case_disclosure_check(
                    wizard.partner_ids._origin,
                    wizard.category_ids._origin,
                    legal_basis=basis.code if basis else None,
                )
                refused.update(gate_refused)
            except (AccessError, UserError) as error:
                wizard.refused_text = str(error)
                continue
            wizard.refused_text = "\n".join(refused.values()) or False

    def action_send(self):
        self.ensure_one()
        if self.statutory and not self.legal_basis_id:
            raise UserError(_("A statutory notification needs its legal basis."))
        legal_basis = None
        if self.statutory:
            basis, refused = self.case_id._case_statutory_check(
                self.legal_basis_id, self.partner_ids
            )
            if refused:
                raise UserError("\n".join(refused.values()))
            legal_basis = basis.code
        if not self.partner_ids:
            raise UserError(_("Choose at least one recipient."))
        mails = self.case_id._case_send_mail(
            self.partner_ids,
            self.category_ids,
            self.subject,
            self.body,
            label=self.subject,
            legal_basis=legal_basis,
        )
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        self.case_id.message_post(
            body=_(
                "%(subject)s: queued for %(names)s.",
                subject=self.subject,
                names=", ".join(mails.recipient_ids.mapped("display_name")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
