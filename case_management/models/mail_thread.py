# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One gate for every mail about a case, whatever Odoo route it takes.

Odoo sends mail about a record through a handful of routes that all meet at
two points, and the gate sits on both:

- ``_notify_get_recipients`` (every ``message_post``, the composer in comment
  mode, ``message_notify``, followers' notifications, scheduled messages):
  a recipient outside the case team must pass the case's disclosure gate;
  explicitly addressed partners who do not are refused with the gate's
  ``UserError`` (nothing is queued: the transaction rolls back); followers
  who do not are dropped;
- ``mail.mail`` creation (the notification e-mails of the route above, the
  composer in mass-mail mode, ``mail.template.send_mail``, any raw mail with
  ``model``/``res_id`` of a case record): the gate runs again per recipient,
  each allowed external recipient gets a ``case.disclosure`` row linked to the
  mail, and ``mail.mail._send`` re-checks right before sending.

A record "of a case" is any record whose model answers
``_case_mail_cases()`` with a (possibly empty) ``case.case`` recordset: the
case, every case document with a ``case_id`` many2one (meeting, plan, step,
review, consent, agreement, incoming report, ...), the household, a family
member's partner record and a calendar event of a case. Mails the product
sends itself (``case.case._case_send_mail``) carry ``case_id`` and are gated
and logged there already.
"""

from markupsafe import Markup

from odoo import _, api, models
from odoo.exceptions import UserError

from ..cron_retry import subscribe_followers

# Default data categories of what a document's chatter talks about. A
# recipient outside the case team must be covered for all of them.
CASE_MAIL_CATEGORIES = {
    "case.case": ("basic", "family_situation"),
    "case.family": ("basic", "family_situation"),
    "res.partner": ("basic", "family_situation"),
    "case.meeting": ("basic", "minutes"),
    "case.meeting.attendee": ("basic",),
    "calendar.event": ("basic", "minutes"),
    "case.plan": ("basic", "family_plan"),
    "case.plan.step": ("basic", "family_plan"),
    "case.plan.review": ("basic", "family_plan"),
    "case.agreement": ("basic", "family_plan"),
    "case.consent": ("basic",),
    "case.incoming.report": ("basic", "family_situation", "ospod"),
}
CASE_MAIL_DEFAULT_CATEGORIES = ("basic", "family_situation")


# pylint: disable=consider-merging-classes-inherited
# The mail gate stays in one file; res_users.py and case_meeting_mail.py
# extend the same models for other features.
class Base(models.AbstractModel):
    """Every model answers whether a record belongs to a case: mails can
    ride on models without a chatter too (e.g. a template rendered on an
    invitee line)."""

    _inherit = "base"

    # ------------------------------------------------------------
    # WHICH RECORDS BELONG TO A CASE
    # ------------------------------------------------------------

    @api.model
    def _case_mail_candidate(self):
        """Whether records of this model may belong to a case (cheap, no
        query): mails on other models skip the gate without reading."""
        if self._name in ("case.case", "case.family"):
            return True
        field = self._fields.get("case_id")
        return bool(
            field
            and field.type == "many2one"
            and field.comodel_name == "case.case"
            and self._name.startswith("case.")
        )

    def _case_mail_cases(self):
        """The cases (sudo) this record belongs to, or ``None`` when it is not
        a case record. An empty recordset means a case record without a case
        yet (e.g. a new household): only internal users may get its mail."""
        self.ensure_one()
        if self._name == "case.case":
            return self.sudo()
        if self._name == "case.family":
            return self.sudo().case_ids
        field = self._fields.get("case_id")
        if (
            field
            and field.type == "many2one"
            and field.comodel_name == "case.case"
            and self._name.startswith("case.")
        ):
            return self.sudo().case_id
        return None

    @api.model
    def _case_mail_categories(self):
        return list(CASE_MAIL_CATEGORIES.get(self._name, CASE_MAIL_DEFAULT_CATEGORIES))

    @api.model
    def _case_mail_team_partners(self, cases):
        """Partners of the internal users of the cases' teams."""
        users = cases.sudo().member_user_ids | cases.sudo().coordinator_user_id
        return users.filtered(lambda u: not u.share).partner_id

    def _case_mail_gate(self, partners, raise_if_refused=True, mail=None, log=False):
        """Run the disclosure gate for ``partners`` on this case record.

        Team members pass without consent. Everybody else must be covered on
        one of the record's cases for the model's categories.
        Return ``(allowed, refused)`` like ``_case_disclosure_check`` (the
        team not included); with ``log``, write one ``case.disclosure`` per
        allowed external recipient (``mail`` linked when given).
        """
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        cases = self._case_mail_cases()
        if cases is None:
            return partners, {}
        cases = cases.sudo()
        outsiders = partners.sudo() - self._case_mail_team_partners(cases)
        if not cases:
            # no case yet: internal users only
            internal = outsiders.filtered(
                lambda p: p.user_ids and not all(p.user_ids.mapped("share"))
            )
            outsiders -= internal
        categories = self._case_mail_categories()
        allowed = Partner
        refused = {}
        allowed_on = {}
        for partner in outsiders:
            messages = []
            for case in cases:
                ok, nok = case._case_disclosure_check(partner, categories)
                if ok:
                    allowed_on[partner] = case
                    break
                messages.extend(nok.values())
            if partner in allowed_on:
                allowed |= partner
            else:
                refused[partner] = "\n".join(messages) or _(
                    "%(partner)s: this record belongs to no case yet; only the "
                    "case team may receive it.",
                    partner=partner.display_name,
                )
        if refused and raise_if_refused:
            raise UserError(
                _(
                    "Case %(case)s: these recipients may not receive this "
                    "information:\n%(details)s",
                    case=", ".join(cases.mapped("name")) or self.display_name,
                    details="\n".join(refused.values()),
                )
            )
        if log:
            for partner, case in allowed_on.items():
                case._case_disclose(
                    partner,
                    categories,
                    record=self.sudo(),
                    label=(mail and mail.subject) or self.sudo().display_name,
                    channel="email",
                    mail=mail,
                )
        return allowed, refused


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    # ------------------------------------------------------------
    # NOTIFICATIONS (message_post, composer, message_notify, followers)
    # ------------------------------------------------------------

    def _notify_get_recipients(self, message, msg_vals, **kwargs):
        recipients = super()._notify_get_recipients(message, msg_vals, **kwargs)
        if (
            len(self) != 1
            or not recipients
            or not self._case_mail_candidate()
            or self._case_mail_cases() is None
        ):
            return recipients
        msg_vals = msg_vals or {}
        partners = self.env["res.partner"].sudo().browse([r["id"] for r in recipients])
        explicit_ids = (
            msg_vals["partner_ids"]
            if "partner_ids" in msg_vals
            else message.sudo().partner_ids.ids
        )
        explicit = self.env["res.partner"].sudo().browse(explicit_ids or [])
        # explicitly addressed externals: refuse the whole post
        internal = partners.filtered(
            lambda p: p.user_ids and not all(p.user_ids.mapped("share"))
        )
        self._case_mail_gate((partners & explicit) - internal)
        # followers, internal users outside the team (e.g. a colleague given
        # an activity): drop who may not receive it
        _allowed, refused = self._case_mail_gate(
            partners - (explicit - internal), raise_if_refused=False
        )
        if refused:
            refused_ids = {p.id for p in refused}
            recipients = [r for r in recipients if r["id"] not in refused_ids]
        return recipients

    # ------------------------------------------------------------
    # FOLLOWERS: never an external
    # ------------------------------------------------------------

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        if (
            partner_ids
            and self._case_mail_candidate()
            and any(rec._case_mail_cases() is not None for rec in self)
        ):
            partner_ids = self.env["case.case"]._filter_internal_partner_ids(
                partner_ids
            )
            if partner_ids and subtype_ids is None and self.ids:
                # Odoo reads the followers, then inserts the missing ones: a
                # job subscribing the same person at the same moment makes
                # that insert fail on the unique key, shown to the user.
                # Inserted here first, a concurrent row is skipped, or its
                # serialization failure makes Odoo retry the request.
                subscribe_followers(
                    self.env,
                    self._name,
                    [(rec_id, pid) for rec_id in self.ids for pid in partner_ids],
                )
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    # ------------------------------------------------------------
    # INBOUND MAIL: the upload cap without losing the mail
    # ------------------------------------------------------------

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        """A reply to a case mail lands on the case's record with its files.
        Files above the case upload limit would make the whole incoming mail
        fail (the attachment cap raises), and the mail server would hand it
        over again at every fetch. Instead the oversized files are left out
        and the message says which, so the case manager can ask for them
        another way; the rest of the mail is kept."""
        Attachment = self.env["ir.attachment"]
        if message_dict.get("attachments") and any(
            Attachment._case_is_scoped_model(route[0])
            for route in routes or ()
            if route and route[0]
        ):
            limit_mb = Attachment._case_upload_limit_mb()
            kept, dropped = [], []
            for attachment in message_dict["attachments"]:
                content = attachment[1] or b""
                size = len(content.encode() if isinstance(content, str) else content)
                if size > limit_mb * 1024 * 1024:
                    dropped.append((attachment[0], size))
                else:
                    kept.append(attachment)
            if dropped:
                note = self.env._(
                    "Not kept, above the limit of %(limit)s MB per file: %(files)s",
                    limit=limit_mb,
                    files=", ".join(
                        f"{name or '?'} ({size / 2**20:.1f} MB)"
                        for name, size in dropped
                    ),
                )
                message_dict = dict(
                    message_dict,
                    attachments=kept,
                    body=Markup("{}<p><em>{}</em></p>").format(
                        message_dict.get("body") or "", note
                    ),
                )
        return super()._message_route_process(message, message_dict, routes)
