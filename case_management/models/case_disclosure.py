# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

DISCLOSURE_CHANNEL_SELECTION = [
    ("email", "E-mail"),
    ("printed", "Printed"),
    ("handed_over", "Handed over in person"),
    ("phone", "Phone"),
    ("subject_access", "Subject-access export"),
]
DISCLOSURE_STATE_SELECTION = [
    ("pending", "Queued"),
    ("done", "Disclosed"),
    ("cancelled", "Cancelled"),
]
DISCLOSURE_BASIS_SELECTION = [
    ("consent", "Consent"),
    ("data_subject", "Data subject / legal representative"),
    ("statutory", "Statutory notification"),
]
DATA_SUBJECT_ROLE_SELECTION = [
    ("focus", "Person in focus"),
    ("legal_representative", "Legal representative"),
    ("parent", "Parent with parental responsibility"),
    ("signer", "Signer of the case's consent"),
]
# The only fields the gate itself updates (through sudo) after the insert.
MUTABLE_FIELDS = {"state", "cancel_reason", "mail_id"}


class CaseDisclosure(models.Model):
    """One row per recipient of each share of case information.

    Written only by ``case.case._case_disclose`` (never by hand): the case, the
    recipient, the data categories, *what* was shared (model, record id and a
    short label, never the content), when, by whom, under which consent (or
    which statutory legal basis), the channel and the ``mail.mail`` it rides on.
    The log is append-only: nobody edits or deletes it; the gate may only move
    a queued row to ``done`` or ``cancelled``.
    """

    _name = "case.disclosure"
    _description = "Disclosure of Case Information"
    _order = "date desc, id desc"
    _rec_name = "label"

    case_id = fields.Many2one(
        "case.case", string="Case", required=True, index=True, ondelete="restrict"
    )
    # precomputed: part of the INSERT, not a second UPDATE of every row
    company_id = fields.Many2one(
        related="case_id.company_id",
        store=True,
        index=True,
        precompute=True,
        string="Company",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Recipient",
        required=True,
        index=True,
        ondelete="restrict",
    )
    category_ids = fields.Many2many(
        "case.data.category",
        "case_disclosure_category_rel",
        "disclosure_id",
        "category_id",
        string="Data Categories",
    )
    res_model = fields.Char(string="Shared Document Model")
    res_id = fields.Many2oneReference(
        string="Shared Document ID", model_field="res_model"
    )
    label = fields.Char(string="What Was Shared", required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Shared By",
        required=True,
        default=lambda self: self.env.user,
    )
    consent_id = fields.Many2one(
        "case.consent", string="Consent Relied On", index=True, ondelete="restrict"
    )
    legal_basis = fields.Char(
        help="Statutory notification without consent: the legal basis "
        "(e.g. §10 odst. 4 zákona 359/1999 Sb.).",
    )
    basis = fields.Selection(
        DISCLOSURE_BASIS_SELECTION,
        compute="_compute_basis",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="Why the recipient could receive it: a consent covering them, "
        "their own case (the person in focus, a parent or legal representative "
        "of the person in focus, the signer of the consent), or a statutory "
        "notification.",
    )
    data_subject_role = fields.Selection(
        DATA_SUBJECT_ROLE_SELECTION,
        string="Recipient's Role",
        help="For a data-subject share: how the recipient is concerned.",
    )
    channel = fields.Selection(
        DISCLOSURE_CHANNEL_SELECTION, required=True, default="email"
    )
    mail_id = fields.Many2one(
        "mail.mail", string="E-mail", ondelete="set null", index=True
    )
    state = fields.Selection(DISCLOSURE_STATE_SELECTION, default="done", required=True)
    cancel_reason = fields.Text()

    @api.depends("consent_id", "legal_basis")
    def _compute_basis(self):
        for disclosure in self:
            if disclosure.basis:
                continue
            disclosure.basis = "statutory" if disclosure.legal_basis else "consent"

    # ------------------------------------------------------------
    # CRUD: append-only
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                _("Disclosures are logged by the system when information is shared.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su or set(vals) - MUTABLE_FIELDS:
            raise UserError(_("The disclosure log cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("The disclosure log cannot be deleted."))

    def action_open_document(self):
        self.ensure_one()
        if not self.res_model or not self.res_id:
            return False
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }
