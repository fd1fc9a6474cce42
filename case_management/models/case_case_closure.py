# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Closing a case well (A10): one transaction that ends everything the case
still has running, the closure letter for the family and the closure notice
to the circle, both through the consent gate; length of support; the closed
case is read-only except for coordinators, who can reopen it."""

import base64

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

COORDINATOR_GROUP = "case_management.case_management_group_coordinator"
CLOSURE_CATEGORY = "basic"
# Fields the system may still write on a closed case (tracking, chatter,
# activities, computed caches, retention).
CLOSED_WRITABLE = {
    "message_main_attachment_id",
    "activity_ids",
    "message_follower_ids",
    "legal_hold",
    "legal_hold_reason",
}


# pylint: disable=consider-merging-classes-inherited
class CaseCase(models.Model):
    _name = "case.case"
    _inherit = ["case.case", "case.plain.language.mixin"]

    closure_reason = fields.Selection(
        selection_add=[
            ("moved_away", "Moved away"),
            ("handed_over", "Handed over to another service"),
            ("died", "The client died"),
            ("other",),
        ],
        ondelete={
            "moved_away": "set null",
            "handed_over": "set null",
            "died": "set null",
        },
    )
    closure_summary = fields.Text(
        string="Closing Summary",
        copy=False,
        help="What the cooperation achieved, in plain words: printed in the "
        "closure letter for the family.",
    )
    support_days = fields.Integer(
        string="Length of Support (Days)",
        compute="_compute_support_length",
        store=True,
        aggregator="avg",
    )
    support_length = fields.Char(
        string="Length of Support", compute="_compute_support_length", store=True
    )
    recommendation_ids = fields.One2many(
        "case.closure.recommendation", "case_id", string="Recommendations"
    )
    closure_letter_id = fields.Many2one(
        "ir.attachment", string="Closure Letter", copy=False, readonly=True
    )
    closed_by_id = fields.Many2one(
        "res.users", string="Closed By", copy=False, readonly=True
    )
    reopen_reason = fields.Text(
        string="Reason for Reopening", tracking=True, copy=False
    )
    reopened_date = fields.Date(tracking=True, copy=False, readonly=True)
    reopened_by_id = fields.Many2one(
        "res.users", string="Reopened By", tracking=True, copy=False, readonly=True
    )

    @api.depends("start_date", "end_date", "is_closed")
    def _compute_support_length(self):
        today = fields.Date.context_today(self)
        for case in self:
            if not case.start_date:
                case.support_days = 0
                case.support_length = False
                continue
            end = case.end_date if case.is_closed and case.end_date else today
            case.support_days = max((end - case.start_date).days, 0)
            delta = relativedelta(end, case.start_date)
            case.support_length = _(
                "%(years)s y %(months)s m %(days)s d",
                years=delta.years,
                months=delta.months,
                days=delta.days,
            )

    # ------------------------------------------------------------
    # PLAIN LANGUAGE (the closure letter)
    # ------------------------------------------------------------

    @api.depends(
        "closure_summary",
        "recommendation_ids.note",
        "recommendation_ids.partner_id",
        "company_id",
    )
    def _compute_plain_language(self):
        return super()._compute_plain_language()

    def _family_texts(self):
        """What report_case_closure_letter_document prints."""
        self.ensure_one()
        texts = [self.closure_summary or ""]
        for line in self.recommendation_ids:
            texts += [line.partner_id.name or "", line.note or ""]
        for goal in self._closure_goals():
            texts.append(goal.name or "")
        return texts

    def _closure_goals(self):
        self.ensure_one()
        plan = self.active_plan_id or self.plan_ids.sorted("id", reverse=True)[:1]
        return plan.goal_ids.filtered(lambda g: g.state != "dropped")

    def _closure_letter_lang(self):
        self.ensure_one()
        adults = self.family_member_ids.filtered(lambda p: not p.is_child)
        return adults[:1].lang or self.focus_partner_ids[:1].lang or self.env.lang

    # ------------------------------------------------------------
    # CRUD: a closed case is read-only
    # ------------------------------------------------------------

    def write(self, vals):
        # the closure and the reopening write through sudo() after their own
        # access checks; a context key could be forged over RPC
        if not self.env.su:
            if (
                set(vals) - CLOSED_WRITABLE
                and any(self.mapped("is_closed"))
                and (
                    "stage_id" in vals or not self.env.user.has_group(COORDINATOR_GROUP)
                )
            ):
                raise UserError(
                    _(
                        "Case %(case)s is closed and cannot be changed. A "
                        "coordinator can reopen it.",
                        case=", ".join(self.filtered("is_closed").mapped("name")),
                    )
                )
            if vals.get("stage_id"):
                stage = self.env["case.stage"].browse(vals["stage_id"])
                if stage.is_closed:
                    raise UserError(
                        _(
                            "Close a case with the Close Case button: it ends "
                            "the plan, the meetings and the circle and prepares "
                            "the letter for the family."
                        )
                    )
        return super().write(vals)

    # ------------------------------------------------------------
    # THE GATE: consent-based distribution stops at closure
    # ------------------------------------------------------------

    def _case_disclosure_check(
        self,
        recipients,
        category_codes,
        raise_if_refused=False,
        legal_basis=None,
        **kwargs,
    ):
        if (
            self.is_closed
            and not legal_basis
            and not self.env.context.get("case_closure_share")
        ):
            refused = {
                partner: _(
                    "%(partner)s: case %(case)s is closed; nothing more is "
                    "shared under the consent.",
                    partner=partner.display_name,
                    case=self.name,
                )
                for partner in recipients.sudo()
            }
            if refused and raise_if_refused:
                raise UserError("\n".join(refused.values()))
            return self.env["res.partner"], refused
        return super()._case_disclosure_check(
            recipients,
            category_codes,
            raise_if_refused=raise_if_refused,
            legal_basis=legal_basis,
            **kwargs,
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_open_close_wizard(self):
        self.ensure_one()
        if self.is_closed:
            raise UserError(_("Case %(case)s is already closed.", case=self.name))
        return {
            "type": "ir.actions.act_window",
            "name": _("Close Case"),
            "res_model": "case.case.close",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_open_reopen_wizard(self):
        self.ensure_one()
        self._check_can_reopen()
        return {
            "type": "ir.actions.act_window",
            "name": _("Reopen Case"),
            "res_model": "case.case.reopen",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_print_closure_letter(self):
        self.ensure_one()
        return (
            self.env.ref("case_management.action_report_case_closure_letter")
            .with_context(lang=self._closure_letter_lang())
            .report_action(self)
        )

    # ------------------------------------------------------------
    # CLOSING
    # ------------------------------------------------------------

    def _case_close(
        self,
        reason,
        date=None,
        summary=None,
        goal_states=None,
        continuing_referrals=None,
        letter_recipients=None,
        notify_circle=True,
    ):
        """Close the case and apply every effect in this transaction.

        :param goal_states: {case.plan.goal: final state}
        :param continuing_referrals: started referrals that go on after closure
        :param letter_recipients: family members who get the letter by e-mail
        :return: dict with the refused recipients {partner: message}
        """
        self.ensure_one()
        # ids are accepted too (RPC, data files)
        if isinstance(continuing_referrals, list):
            continuing_referrals = self.env["case.referral"].browse(
                continuing_referrals
            )
        if isinstance(letter_recipients, list):
            letter_recipients = self.env["res.partner"].browse(letter_recipients)
        date = self._closure_check(reason, fields.Date.to_date(date) if date else None)
        case = self
        now = fields.Datetime.now()
        # 1. queued case mails that are not sent yet
        case._closure_cancel_queued_mails()
        # 2. future meetings: cancelled, with an iTIP CANCEL to their invitees
        meetings = (
            self.env["case.meeting"]
            .sudo()
            .search(
                [
                    ("case_id", "=", self.id),
                    ("state", "in", ("draft", "invited")),
                    "|",
                    ("start", ">", now),
                    ("start", "=", False),
                ]
            )
        )
        meetings.with_env(self.env).action_cancel()
        # 3. goals: final verdict; open steps: cancelled
        for goal, state in (goal_states or {}).items():
            if state and goal.state != state:
                goal.state = state
        steps = self.env["case.plan.step"].search(
            [
                ("plan_id.case_id", "=", self.id),
                ("state", "in", ("planned", "in_progress")),
            ]
        )
        steps.write({"state": "cancelled"})
        # 4. referrals: the continuing ones stay started, the rest end
        continuing = continuing_referrals or self.env["case.referral"]
        ending = case.referral_ids.filtered(
            lambda r: r.is_active and r.referral_type != "handover"
        )
        for referral in ending - continuing:
            referral.state = "done" if referral.state == "started" else "revoked"
        for referral in continuing:
            if not self.recommendation_ids.filtered(
                lambda r, ref=referral: r.referral_id == ref
            ):
                self.env["case.closure.recommendation"].create(
                    {
                        "case_id": self.id,
                        "kind": "continuing",
                        "partner_id": referral.partner_id.id,
                        "referral_id": referral.id,
                        "note": referral.category_id.name,
                    }
                )
        # 5. the letter and the notice, through the gate (before the case is
        # closed, when the gate still lets them out)
        case.sudo().write(
            {"closure_summary": summary or case.closure_summary, "end_date": date}
        )
        refused = {}
        letter = case._closure_letter_pdf()
        for partner in letter_recipients or self.env["res.partner"]:
            # the letter is the family's own paper: a data subject of the
            # case receives it without a recipient consent
            _allowed, refused_here = case._case_disclosure_check(
                partner, [CLOSURE_CATEGORY], family_version=True
            )
            if not refused_here and not partner.email:
                refused_here = {
                    partner: _(
                        "%(partner)s has no e-mail address.",
                        partner=partner.display_name,
                    )
                }
            if refused_here:
                refused.update(refused_here)
                continue
            subject = _("Our cooperation has ended")
            body = Markup("<p>%s</p>") % _(
                "Please find attached our letter at the end of our cooperation, "
                "with the contacts you can turn to."
            )
            case._case_send_mail(
                partner,
                [CLOSURE_CATEGORY],
                subject,
                body,
                record=case,
                label=_("Closure letter %(case)s", case=case.name),
                attachments=letter,
                raise_if_refused=False,
                family_version=True,
            )
        if notify_circle:
            refused.update(case._closure_notify_circle(date))
        # 6. the circle ends, reminders stop
        case.participant_ids.filtered(lambda p: p.state == "active").write(
            {"state": "ended", "date_to": date}
        )
        case.sudo().activity_ids.unlink()
        # 7. the stage
        stage = self.env["case.stage"].search(
            [
                ("is_closed", "=", True),
                ("company_id", "in", [False, self.company_id.id]),
            ],
            limit=1,
        )
        if not stage:
            raise UserError(_("No closing stage is configured."))
        case.sudo().write(
            {
                "stage_id": stage.id,
                "closure_reason": reason,
                "end_date": date,
                "closed_by_id": self.env.uid,
                "closure_letter_id": letter.id,
            }
        )
        # mails queued by the closure still leave after it
        self.env["mail.mail"].sudo().search(
            [("case_id", "=", self.id), ("state", "=", "outgoing")]
        ).write({"case_closure_mail": True})
        body = Markup("<p>%s</p>") % _(
            "Case closed (%(reason)s) after %(length)s of support.",
            reason=dict(
                self._fields["closure_reason"]._description_selection(self.env)
            )[reason],
            length=case.support_length,
        )
        if refused:
            body += Markup("<p>%s</p><ul>%s</ul>") % (
                _("Not sent (the disclosure gate refused them):"),
                Markup("").join(Markup("<li>%s</li>") % m for m in refused.values()),
            )
        case.message_post(body=body, subtype_xmlid="mail.mt_note")
        return {"refused": refused, "letter": letter}

    def _closure_check(self, reason, date):
        """Refuse a closure that is not allowed; return the closure date."""
        self.check_access("write")
        if self.is_closed:
            raise UserError(_("Case %(case)s is already closed.", case=self.name))
        if not reason:
            raise UserError(_("Choose the closure reason."))
        if reason != "died" and not self.recommendation_ids.filtered(
            lambda r: r.kind == "crisis"
        ):
            raise UserError(
                _(
                    "Case %(case)s: add at least one crisis contact to the "
                    "recommendations for the family before closing.",
                    case=self.name,
                )
            )
        date = date or fields.Date.context_today(self)
        if date < self.start_date:
            raise UserError(_("The case cannot be closed before it started."))
        return date

    def action_refresh_closure_letter(self):
        """Render the closure letter again (e.g. a crisis contact changed its
        phone number); the previous version stays attached to the case."""
        for case in self:
            if not case.is_closed:
                raise UserError(_("Case %(case)s is not closed.", case=case.name))
            case.check_access("write")
            case.sudo().closure_letter_id = case._closure_letter_pdf()
        return True

    def _closure_cancel_queued_mails(self):
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("case_id", "=", self.id),
                    ("state", "in", ("outgoing", "exception")),
                ]
            )
        )
        if not mails:
            return mails
        reason = _("Not sent: the case was closed.")
        mails.write({"state": "cancel", "failure_reason": reason})
        mails.case_disclosure_ids.write({"state": "cancelled", "cancel_reason": reason})
        return mails

    def _closure_notify_circle(self, date):
        """A short neutral notice to the external professionals of the active
        circle; only those the consent covers receive it."""
        self.ensure_one()
        partners = self.participant_ids.filtered(
            lambda p: p.state == "active" and not p.is_user
        ).partner_id
        refused = {}
        allowed, refused_here = self._case_disclosure_check(
            partners, [CLOSURE_CATEGORY]
        )
        refused.update(refused_here)
        for partner in allowed:
            if not partner.email:
                refused[partner] = _(
                    "%(partner)s has no e-mail address.", partner=partner.display_name
                )
                continue
            subject = _("Case %(case)s: cooperation ended", case=self.name)
            body = Markup("<p>%s</p><p>%s</p>") % (
                _(
                    "The cooperation with the family in case %(case)s ended on "
                    "%(date)s. Thank you for your part in it.",
                    case=self.name,
                    date=fields.Date.to_string(date),
                ),
                _("Please contact the case manager if anything is still open."),
            )
            self._case_send_mail(
                partner,
                [CLOSURE_CATEGORY],
                subject,
                body,
                record=self,
                label=subject,
                raise_if_refused=False,
            )
        return refused

    def _closure_letter_pdf(self):
        self.ensure_one()
        lang = self._closure_letter_lang()
        report = self.env.ref("case_management.action_report_case_closure_letter")
        pdf, _fmt = (
            self.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_qweb_pdf(report, self.ids)
        )
        name = _("Closure letter %(case)s", case=self.name).replace("/", "-")
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{name}.pdf",
                    "datas": base64.b64encode(pdf),
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )

    # ------------------------------------------------------------
    # REOPENING
    # ------------------------------------------------------------

    def _check_can_reopen(self):
        if not self.env.su and not self.env.user.has_group(COORDINATOR_GROUP):
            raise AccessError(_("Only a coordinator can reopen a closed case."))

    def _case_reopen(self, reason, participants=None):
        self.ensure_one()
        self._check_can_reopen()
        if not self.is_closed:
            raise UserError(_("Case %(case)s is not closed.", case=self.name))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for reopening the case."))
        stage = self.env.ref("case_management.stage_active", raise_if_not_found=False)
        if not stage or stage.is_closed:
            stage = self.env["case.stage"].search([("is_closed", "=", False)], limit=1)
        self.sudo().write(
            {
                "stage_id": stage.id,
                "end_date": False,
                "reopen_reason": reason,
                "reopened_date": fields.Date.context_today(self),
                "reopened_by_id": self.env.uid,
            }
        )
        if isinstance(participants, list):
            participants = self.env["case.participant"].browse(participants)
        if participants:
            participants.action_reactivate()
        self.message_post(
            body=_("Case reopened: %(reason)s", reason=reason),
            subtype_xmlid="mail.mt_note",
        )
        return True


class CasePlanStep(models.Model):
    _inherit = "case.plan.step"

    state = fields.Selection(
        selection_add=[("cancelled", "Cancelled at closure")],
        ondelete={"cancelled": "set default"},
    )


class MailMail(models.Model):
    _inherit = "mail.mail"

    case_closure_mail = fields.Boolean(
        help="Queued by the closure of its case: still sent after the case is "
        "closed (the gate is re-run for it as for any case mail)."
    )

    def _case_recheck_before_send(self, mail_server=None):
        closure = self.filtered("case_closure_mail")
        blocked = super(
            MailMail, closure.with_context(case_closure_share=True)
        )._case_recheck_before_send(mail_server=mail_server)
        return blocked | super(MailMail, self - closure)._case_recheck_before_send(
            mail_server=mail_server
        )
