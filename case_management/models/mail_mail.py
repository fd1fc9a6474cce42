# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class MailMail(models.Model):
    """Case mails: the disclosure gate runs again when the queue sends them.

    A ``mail.mail`` with ``case_id`` carries case content. Right before the
    queue sends it, ``_send`` re-checks every recipient against the case's
    consents; a mail whose recipient is no longer covered (consent withdrawn
    or expired in between) is cancelled with a failure reason, its disclosure
    rows are marked cancelled and the case manager gets an activity. Case
    mails are never turned into download links (Odoo does that above the
    maximum e-mail size): they are refused instead.

    Any other mail about a case record (``model``/``res_id`` of a record of
    a case: composer, template, notification) is gated when it is created
    (see ``models/mail_thread.py``) and re-checked the same way at send time.
    """

    _inherit = "mail.mail"

    case_id = fields.Many2one(
        "case.case", string="Case", index="btree_not_null", ondelete="set null"
    )
    case_data_category_ids = fields.Many2many(
        "case.data.category",
        "mail_mail_case_data_category_rel",
        "mail_id",
        "category_id",
        string="Case Data Categories",
    )
    case_disclosure_ids = fields.One2many(
        "case.disclosure", "mail_id", string="Case Disclosures"
    )
    case_legal_basis = fields.Char(string="Statutory Legal Basis")
    case_family_version = fields.Boolean(
        string="Family's Own Version",
        help="The family's own version of a document: the data subjects of "
        "the case receive it without a recipient consent.",
    )
    case_concerned_partner_ids = fields.Many2many(
        "res.partner",
        "mail_mail_case_concerned_partner_rel",
        "mail_id",
        "partner_id",
        string="Whose Sensitive Data",
    )
    case_concerned_set = fields.Boolean()

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _case_max_size(self, mail_server=None):
        server = mail_server or self.env["ir.mail_server"]
        return server.sudo()._get_max_email_size() * 1024 * 1024

    @api.model
    def _case_check_size(self, body, attachments, mail_server=None, raise_error=True):
        """Refuse a case mail that Odoo would turn into download links."""
        size = self._estimate_email_size(
            {}, body, attachments.sudo().mapped("file_size")
        )
        limit = self._case_max_size(mail_server)
        if size <= limit:
            return False
        message = _(
            "This e-mail with its attachments (%(size).1f MB) is larger than the "
            "maximum e-mail size (%(limit).1f MB). Case documents are never sent "
            "as download links: send fewer or smaller attachments in several "
            "e-mails, or hand the documents over in person.",
            size=size / 1024 / 1024,
            limit=limit / 1024 / 1024,
        )
        if raise_error:
            raise UserError(message)
        return message

    # ------------------------------------------------------------
    # MAILS ABOUT A CASE RECORD THAT DO NOT COME FROM _case_send_mail
    # ------------------------------------------------------------

    def _case_thread_record(self):
        """The case record (sudo) this mail is about when it did not come
        from ``_case_send_mail`` (composer, template, notification), or
        ``None``."""
        self.ensure_one()
        if self.case_id or not self.model or not self.res_id:
            return None
        if (
            self.model not in self.env
            or not self.env[self.model]._case_mail_candidate()
        ):
            return None
        record = self.env[self.model].sudo().browse(self.res_id).exists()
        if not record or record._case_mail_cases() is None:
            return None
        return record

    def _case_gate_thread_mails(self):
        """Creation: refuse raw addresses and recipients the gate refuses;
        log one disclosure per allowed external recipient."""
        for mail in self.sudo():
            record = mail._case_thread_record()
            if record is None:
                continue
            if mail.email_to or mail.email_cc:
                raise UserError(
                    _(
                        "Mail about a case goes to partners whose consent is "
                        "checked, not to raw addresses (%(address)s).",
                        address=", ".join(filter(None, [mail.email_to, mail.email_cc])),
                    )
                )
            allowed, _refused = record._case_mail_gate(
                mail.recipient_ids, mail=mail, log=True
            )
            if allowed:
                # keep what left for an external (like _case_send_mail): the
                # disclosure row follows its mail to "done" or "cancelled"
                mail.auto_delete = False

    @api.model
    def _case_command_ids(self, commands):
        """Partner ids a ``recipient_ids`` value links (commands or ids)."""
        ids = []
        for command in commands or []:
            if isinstance(command, int):
                ids.append(command)
            elif command[0] == fields.Command.LINK:
                ids.append(command[1])
            elif command[0] == fields.Command.SET:
                ids = list(command[2])
        return ids

    @api.model
    def _case_gate_values(self, vals_list):
        """Before anything is queued: refuse what the gate refuses."""
        for vals in vals_list:
            if vals.get("case_id") or not vals.get("model") or not vals.get("res_id"):
                continue
            if (
                vals["model"] not in self.env
                or not self.env[vals["model"]]._case_mail_candidate()
            ):
                continue
            record = self.env[vals["model"]].sudo().browse(vals["res_id"]).exists()
            if not record or record._case_mail_cases() is None:
                continue
            if vals.get("email_to") or vals.get("email_cc"):
                raise UserError(
                    _(
                        "Mail about a case goes to partners whose consent is "
                        "checked, not to raw addresses (%(address)s).",
                        address=", ".join(
                            filter(None, [vals.get("email_to"), vals.get("email_cc")])
                        ),
                    )
                )
            partners = self.env["res.partner"].browse(
                self._case_command_ids(vals.get("recipient_ids"))
            )
            record._case_mail_gate(partners)

    @api.model_create_multi
    def create(self, vals_list):
        self._case_gate_values(vals_list)
        mails = super().create(vals_list)
        mails._case_gate_thread_mails()
        return mails

    def _case_recheck_before_send(self, mail_server=None):
        """Re-run the gate; cancel what may no longer leave. Return the
        cancelled mails."""
        blocked = self.browse()
        for mail in self.sudo():
            record = mail._case_thread_record()
            if record is not None:
                reasons = []
                if mail.email_to or mail.email_cc:
                    reasons.append(
                        _(
                            "Case mails go to partners whose consent is checked, "
                            "not to raw addresses (%(address)s).",
                            address=", ".join(
                                filter(None, [mail.email_to, mail.email_cc])
                            ),
                        )
                    )
                _allowed, refused = record._case_mail_gate(
                    mail.recipient_ids, raise_if_refused=False
                )
                reasons.extend(refused.values())
                if reasons:
                    blocked |= mail._case_block(reasons, record._case_mail_cases())
                continue
            case = mail.case_id
            reasons = []
            if mail.email_to or mail.email_cc:
                reasons.append(
                    _(
                        "Case mails go to partners whose consent is checked, "
                        "not to raw addresses (%(address)s).",
                        address=", ".join(filter(None, [mail.email_to, mail.email_cc])),
                    )
                )
            _allowed, refused = case._case_disclosure_check(
                mail.recipient_ids,
                mail.case_data_category_ids,
                legal_basis=mail.case_legal_basis,
                family_version=mail.case_family_version,
                concerned_partners=mail.case_concerned_partner_ids
                if mail.case_concerned_set
                else None,
            )
            reasons.extend(refused.values())
            size_message = self._case_check_size(
                mail.body_html, mail.attachment_ids, mail_server, raise_error=False
            )
            if size_message:
                reasons.append(size_message)
            if not reasons:
                continue
            blocked |= mail._case_block(reasons, case)
        if blocked:
            self.env["case.meeting.attendee"]._case_invitation_blocked(blocked)
        return blocked

    def _case_block(self, reasons, cases):
        """Cancel this mail and its disclosures; tell the case managers."""
        self.ensure_one()
        reason = _(
            "Not sent: the disclosure gate refused it at send time.\n%(reasons)s",
            reasons="\n".join(reasons),
        )
        self.write({"state": "cancel", "failure_reason": reason})
        self.case_disclosure_ids.write({"state": "cancelled", "cancel_reason": reason})
        for case in cases:
            case._case_notify_manager(
                _("A case e-mail was stopped: %(subject)s", subject=self.subject or ""),
                reason,
            )
            case.message_post(body=reason, subtype_xmlid="mail.mt_note")
        return self

    # ------------------------------------------------------------
    # SENDING
    # ------------------------------------------------------------

    def _send(
        self,
        auto_commit=False,
        raise_exception=False,
        smtp_session=None,
        alias_domain_id=False,
        mail_server=False,
        post_send_callback=None,
    ):
        case_mails = self.filtered(
            lambda m: (
                m.state == "outgoing"
                and (m.case_id or m.sudo()._case_thread_record() is not None)
            )
        )
        blocked = case_mails._case_recheck_before_send(mail_server)
        to_send = self - blocked
        res = super(MailMail, to_send)._send(
            auto_commit=auto_commit,
            raise_exception=raise_exception,
            smtp_session=smtp_session,
            alias_domain_id=alias_domain_id,
            mail_server=mail_server,
            post_send_callback=post_send_callback,
        )
        sent = (
            (case_mails - blocked).exists().sudo().filtered(lambda m: m.state == "sent")
        )
        sent.case_disclosure_ids.filtered(lambda d: d.state == "pending").write(
            {"state": "done"}
        )
        return res

    def _prepare_outgoing_list(
        self, mail_server=False, recipients_follower_status=None
    ):
        # Last line of defence: never let Odoo replace case attachments by links.
        if self.case_id:
            self._case_check_size(self.body_html, self.attachment_ids, mail_server)
        return super()._prepare_outgoing_list(
            mail_server=mail_server,
            recipients_follower_status=recipients_follower_status,
        )
