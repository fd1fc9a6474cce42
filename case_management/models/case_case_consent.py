# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The disclosure gate: the one place that decides who may receive case content.

Public API for every feature that shares case information (invitations,
minutes, plans, closure letters...)::

    allowed, refused = case._case_disclosure_check(partners, ["school", "health"])
    disclosures = case._case_disclose(partners, ["school"], record=minutes,
                                      label="Minutes 2026-03-01", channel="printed")
    mails = case._case_send_mail(partners, ["minutes"], subject, body_html,
                                 record=minutes, attachments=pdf_attachment)
    # statutory notification (no consent, a legal basis instead):
    mails = case._case_send_mail(ospod, ["ospod"], subject, body,
                                 legal_basis="§10 odst. 4 z. 359/1999 Sb.")

``_case_send_mail`` queues one ``mail.mail`` per allowed recipient (explicit
``recipient_ids``, never followers) and writes one ``case.disclosure`` row per
recipient; ``mail.mail._send`` re-runs the gate right before the queue sends it.
"""

from markupsafe import Markup, escape

from odoo import _, api, fields, models
from odoo.exceptions import UserError

PARTICIPATION_BASIS_SELECTION = [
    ("voluntary", "Voluntary"),
    ("ordered", "Ordered by OSPOD under §12 ZSPOD"),
]


# pylint: disable=consider-merging-classes-inherited
# One file per feature keeps the consent and plan parts of the case readable.
class CaseCase(models.Model):
    _inherit = "case.case"

    consent_ids = fields.One2many("case.consent", "case_id", string="Consents")
    consent_count = fields.Integer(compute="_compute_counts")
    disclosure_ids = fields.One2many("case.disclosure", "case_id", string="Disclosures")
    disclosure_count = fields.Integer(compute="_compute_counts")
    service_contract_ids = fields.One2many(
        "case.service.contract", "case_id", string="Social-Service Contracts"
    )
    family_restriction_ids = fields.One2many(
        "case.family.restriction",
        "case_id",
        string="Must Not Receive Case Information",
    )
    incoming_report_ids = fields.One2many(
        "case.incoming.report", "case_id", string="Incoming Reports"
    )
    consent_matrix_html = fields.Html(
        string="Who May Receive What",
        compute="_compute_consent_matrix",
        sanitize=False,
    )
    consent_uncovered_partner_ids = fields.Many2many(
        "res.partner",
        string="Not Covered by Any Consent",
        compute="_compute_consent_matrix",
    )
    # Informed-client checklist (A3 3.2)
    participation_basis = fields.Selection(
        PARTICIPATION_BASIS_SELECTION,
        default="voluntary",
        tracking=True,
        help="Taking part is voluntary, or ordered by OSPOD under §12 ZSPOD.",
    )
    informed_cooperation = fields.Boolean(
        string="Informed How Cooperation Works",
        tracking=True,
        help="The client was told how the multidisciplinary cooperation works.",
    )
    informed_voluntary = fields.Boolean(
        string="Informed It Is Voluntary (or Ordered)", tracking=True
    )
    informed_rights = fields.Boolean(string="Informed of Their Rights", tracking=True)
    informed_date = fields.Date(string="Informed On", tracking=True)
    informed_by_id = fields.Many2one("res.users", string="Informed By", tracking=True)
    # Sudden-change protocol (A3 3.8)
    sudden_change_protocol = fields.Text(
        help="Agreed protocol: who informs whom at once when something acute "
        "happens (e.g. a panic attack at school).",
    )
    sudden_change_partner_ids = fields.Many2many(
        "res.partner",
        "case_case_sudden_change_partner_rel",
        "case_id",
        "partner_id",
        string="Inform at Once",
        help="Professionals to inform at once; the notification still goes "
        "through the consent gate.",
    )

    participant_needs_ospod_agreement = fields.Boolean(
        string="Circle Widened Without OSPOD",
        compute="_compute_participant_needs_ospod_agreement",
        help="A professional was added after OSPOD and no agreement with OSPOD "
        "is recorded yet.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "participant_ids.needs_ospod_agreement",
        "participant_ids.ospod_agreed",
        "participant_ids.state",
        "participant_ids.role_id",
    )
    def _compute_participant_needs_ospod_agreement(self):
        for case in self:
            case.participant_needs_ospod_agreement = any(
                case.participant_ids.mapped("needs_ospod_agreement")
            )

    def _case_stat_count_domains(self):
        return {
            **super()._case_stat_count_domains(),
            "consent_count": ("case.consent", []),
            "disclosure_count": ("case.disclosure", []),
        }

    def _compute_consent_matrix(self):
        # the categories and their names (the matrix's head) in one query
        categories = self.env["case.data.category"].search_fetch([], ["name"])
        labels = {
            "covered": _("covered"),
            "expired": _("expired / withdrawn"),
            "none": _("not covered"),
        }
        icons = {"covered": "✔", "expired": "⌛", "none": "✘"}
        classes = {
            "covered": "text-success",
            "expired": "text-warning",
            "none": "text-danger",
        }
        for case in self:
            participants = case.participant_ids.filtered(lambda p: p.state == "active")
            partners = participants.partner_id
            uncovered = self.env["res.partner"]
            rows = []
            for partner in partners:
                cells = []
                any_covered = False
                for category in categories:
                    status = case._case_coverage_status(partner, category)
                    any_covered = any_covered or status == "covered"
                    cells.append(
                        Markup('<td class="text-center %s" title="%s">%s</td>')
                        % (classes[status], labels[status], icons[status])
                    )
                if not any_covered:
                    uncovered |= partner
                rows.append(
                    Markup("<tr><th>%s</th>%s</tr>")
                    % (partner.display_name, Markup("").join(cells))
                )
            case.consent_uncovered_partner_ids = uncovered
            if not rows:
                case.consent_matrix_html = Markup("<p>%s</p>") % _(
                    "No professional in the circle yet."
                )
                continue
            head = Markup("").join(
                Markup("<th class='text-center'>%s</th>") % c.name for c in categories
            )
            legend = Markup(" · ").join(
                Markup("%s %s") % (icons[k], labels[k])
                for k in ("covered", "expired", "none")
            )
            case.consent_matrix_html = Markup(
                "<table class='table table-sm table-bordered o_case_consent_matrix'>"
                "<thead><tr><th>%s</th>%s</tr></thead><tbody>%s</tbody></table>"
                "<p class='text-muted small'>%s</p>"
            ) % (_("Professional"), head, Markup("").join(rows), legend)

    # ------------------------------------------------------------
    # CRUD: the access log
    # ------------------------------------------------------------

    def web_read(self, specification):
        result = super().web_read(specification)
        if (
            len(self) == 1
            and isinstance(self.id, int)
            and not self.env.context.get("case_no_access_log")
            # a case read nested in another record's form (readonly route)
            # is not an opening of the case file
            and not self.env.cr.readonly
        ):
            self._case_log_access("read")
        return result

    # Opening a case writes one access-log row: the web client must call
    # web_read on a read/write cursor (the core marks it @api.readonly).
    web_read._readonly = False

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        return super(
            CaseCase, self.with_context(case_no_access_log=True)
        ).web_search_read(
            domain,
            specification,
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )

    def web_save(self, vals, specification):
        return super(CaseCase, self.with_context(case_no_access_log=True)).web_save(
            vals, specification
        )

    def _case_log_access(self, operation):
        self.env["case.access.log"].sudo().create(
            [
                {
                    "case_id": case.id,
                    "company_id": case.company_id.id,
                    "user_id": self.env.uid,
                    "operation": operation,
                }
                for case in self
            ]
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_consents(self):
        return self._action_lines("case_management.case_consent_action")

    def action_view_disclosures(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "case_management.case_disclosure_action"
        )
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_open_circle_notify(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Notify the Circle"),
            "res_model": "case.circle.notify",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_open_sudden_change(self):
        self.ensure_one()
        action = self.action_open_circle_notify()
        action["name"] = _("Sudden Change")
        action["context"] = dict(action["context"], default_urgent=True)
        return action

    # ------------------------------------------------------------
    # THE DISCLOSURE GATE
    # ------------------------------------------------------------

    @api.model
    def _case_get_categories(self, category_codes):
        """Accept ``case.data.category`` records or a list of codes."""
        if isinstance(category_codes, models.BaseModel):
            return category_codes.sudo()
        codes = (
            [category_codes]
            if isinstance(category_codes, str)
            else list(category_codes)
        )
        categories = (
            self.env["case.data.category"]
            .sudo()
            .with_context(active_test=False)
            .search([("code", "in", codes)])
        )
        unknown = set(codes) - set(categories.mapped("code"))
        if unknown:
            raise UserError(
                _(
                    "Unknown data categories: %(codes)s",
                    codes=", ".join(sorted(unknown)),
                )
            )
        return categories

    def _case_coverage_status(self, partner, category):
        """'covered', 'expired' (only by an expired/withdrawn consent) or 'none'."""
        self.ensure_one()
        consents = self.sudo().consent_ids.filtered(
            lambda c: (
                c.consent_type == "consent"
                and category in c.category_ids
                and c._covers_partner(partner)
            )
        )
        if any(c._covers(partner, category) for c in consents):
            return "covered" if partner.active else "none"
        if consents.filtered(lambda c: c.state in ("withdrawn", "expired")):
            return "expired"
        return "none"

    def _case_consent_for(self, partner, categories, day=None):
        """Return (consent, refusal message): the consent covering ``partner``
        for every category, or False and a message naming the partner and the
        missing categories / the consent that was withdrawn or expired."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        name = partner.display_name
        if not partner.active:
            return False, _("%(partner)s is archived.", partner=name)
        consents = self.sudo().consent_ids.filtered(
            lambda c: c.consent_type == "consent" and c._covers_partner(partner)
        )
        full = consents.filtered(lambda c: c._covers(partner, categories, day))
        if full:
            return full.sorted("valid_from", reverse=True)[0], False
        active = consents.filtered(lambda c: c._is_active_on(day))
        covered = active.category_ids & categories
        if active and covered == categories:
            # Covered category by category by several consents.
            return active.sorted("valid_from", reverse=True)[0], False
        if active:
            return False, _(
                "%(partner)s: no valid consent covers %(categories)s.",
                partner=name,
                categories=", ".join((categories - covered).mapped("name")),
            )
        ended = consents.sorted("valid_from", reverse=True)
        for consent in ended:
            if consent.state == "withdrawn":
                return False, _(
                    "%(partner)s: consent %(consent)s was withdrawn on %(date)s.",
                    partner=name,
                    consent=consent.name,
                    date=consent.withdrawn_date,
                )
            if consent.state == "expired" or (
                consent.valid_to and consent.valid_to < day
            ):
                return False, _(
                    "%(partner)s: consent %(consent)s expired on %(date)s.",
                    partner=name,
                    consent=consent.name,
                    date=consent.valid_to,
                )
            if consent.state == "valid" and consent.valid_from > day:
                return False, _(
                    "%(partner)s: consent %(consent)s is valid only from %(date)s.",
                    partner=name,
                    consent=consent.name,
                    date=consent.valid_from,
                )
        return False, _(
            "%(partner)s is not covered by any valid consent for %(categories)s.",
            partner=name,
            categories=", ".join(categories.mapped("name")),
        )

    # ------------------------------------------------------------
    # DATA SUBJECTS: who the case is about and who represents them
    # ------------------------------------------------------------

    def _case_represents(self, partner, person):
        """``partner`` legally represents ``person`` (a parent with parental
        responsibility of a child of their household, a named legal
        representative, a guardian)."""
        partner = partner.sudo()
        person = person.sudo()
        if partner == person:
            return False
        if person in partner.legal_representative_of_ids:
            return True
        if person.guardian_partner_id == partner:
            return True
        if (
            partner.family_role in ("parent", "guardian")
            and partner.parental_responsibility
            and (person.is_child or person.family_role == "child")
        ):
            homes = partner.case_family_id | partner.second_family_id
            child_homes = person.case_family_id | person.second_family_id
            return bool(homes & child_homes)
        return False

    def _case_data_subject_role(self, partner, include_household=False):
        """How ``partner`` is a data subject of this case: ``focus`` (a
        person in focus), ``legal_representative`` / ``parent`` (of a person
        in focus), ``signer`` (signed the case's consent), with
        ``include_household`` also ``household`` (lives in the case's
        household, so the case holds data about them), else False.

        The one answer shared by the gate (the family's own papers) and the
        subject-access export (GDPR Art. 15)."""
        self.ensure_one()
        case = self.sudo()
        partner = partner.sudo()
        focus = case.focus_partner_ids
        if partner in focus:
            return "focus"
        for person in focus:
            if self._case_represents(partner, person):
                if partner.family_role == "parent" and not (
                    person in partner.legal_representative_of_ids
                    or person.guardian_partner_id == partner
                ):
                    return "parent"
                return "legal_representative"
        if (
            partner
            in case.consent_ids.filtered(
                lambda c: c.consent_type == "consent" and c.state != "draft"
            ).signer_id
        ):
            return "signer"
        if (
            include_household
            and case.family_id
            and (case.family_id in (partner.case_family_id | partner.second_family_id))
        ):
            return "household"
        return False

    @api.model
    def _case_data_subject_cases(self, partner):
        """Every case ``partner`` is a data subject of (same rule as
        ``_case_data_subject_role``), archived ones included."""
        partner = partner.sudo()
        Case = self.env["case.case"].sudo().with_context(active_test=False)
        homes = partner.case_family_id | partner.second_family_id
        represented = partner.legal_representative_of_ids | self.env[
            "res.partner"
        ].sudo().with_context(active_test=False).search(
            [("guardian_partner_id", "=", partner.id)]
        )
        domain = [
            "|",
            "|",
            "|",
            ("focus_partner_ids", "in", (partner | represented).ids),
            ("consent_ids.signer_id", "=", partner.id),
            ("family_id", "in", homes.ids),
            ("focus_partner_ids.case_family_id", "in", homes.ids),
        ]
        candidates = Case.search(domain)
        if homes:
            candidates |= Case.search(
                [("focus_partner_ids.second_family_id", "in", homes.ids)]
            )
        return candidates.filtered(
            lambda case: case._case_data_subject_role(partner, include_household=True)
        )

    def _case_family_invitees(self, with_children=False):
        """The parents and legal representatives of the persons in focus
        (each at their own address, whichever household they live in),
        with ``with_children`` the persons in focus too; never anyone with a
        restriction in force."""
        self.ensure_one()
        case = self.sudo()
        focus = case.focus_partner_ids
        Partner = self.env["res.partner"].sudo()
        candidates = (
            (focus.case_family_id | focus.second_family_id | case.family_id).member_ids
            | focus.guardian_partner_id
            | Partner.search([("legal_representative_of_ids", "in", focus.ids)])
        ) - focus
        invitees = candidates.filtered(
            lambda p: (
                case._case_data_subject_role(p) in ("parent", "legal_representative")
            )
        )
        if with_children:
            invitees |= focus
        return invitees.filtered(lambda p: not case._case_restriction_for(p))

    def _case_restriction_for(self, partner, day=None):
        """The restriction in force for ``partner`` on this case, or an empty
        recordset."""
        self.ensure_one()
        day = day or fields.Date.context_today(self)
        # Through the case's one2many: read once per case and kept in the
        # ORM cache while every recipient of a mail is decided (issue 15).
        return self.sudo().family_restriction_ids.filtered(
            lambda r: r.partner_id == partner and r._is_active_on(day)
        )[:1]

    def _case_sensitive_refusal(self, partner, categories, concerned_partners):
        """Special-category data (health) about one family member goes to
        another only under that person's own consent. Return the refusal
        message or False."""
        self.ensure_one()
        sensitive = categories.filtered("is_sensitive")
        if not sensitive:
            return False
        concerned = (
            concerned_partners
            if concerned_partners is not None
            else self.sudo().focus_partner_ids
        )
        day = fields.Date.context_today(self)
        for person in concerned.sudo():
            if person == partner or self._case_represents(partner, person):
                continue
            own = self.sudo().consent_ids.filtered(
                lambda c, person=person: (
                    c.signer_id == person and c._covers(partner, sensitive, day)
                )
            )
            if not own:
                return _(
                    "%(partner)s: %(categories)s about %(person)s goes to another "
                    "family member only under %(person)s's own consent.",
                    partner=partner.display_name,
                    categories=", ".join(sensitive.mapped("name")),
                    person=person.display_name,
                )
        return False

    def _case_share_decision(
        self,
        partner,
        categories,
        legal_basis=None,
        family_version=False,
        concerned_partners=None,
    ):
        """Decide one recipient. Return ``(basis, consent, role, message)``:
        ``basis`` is 'consent', 'data_subject' or 'statutory' when allowed
        (``message`` False), else False with the refusal ``message``."""
        self.ensure_one()
        name = partner.display_name
        if not partner.active:
            return False, False, False, _("%(partner)s is archived.", partner=name)
        if legal_basis:
            return "statutory", False, False, False
        restriction = self._case_restriction_for(partner)
        if restriction:
            return False, False, False, restriction._refusal_message()
        if family_version:
            role = self._case_data_subject_role(partner)
            if role:
                message = self._case_sensitive_refusal(
                    partner, categories, concerned_partners
                )
                if message:
                    return False, False, False, message
                return "data_subject", False, role, False
        consent, message = self._case_consent_for(partner, categories)
        if consent:
            message = self._case_ospod_agreement_refusal(partner)
        if message:
            return False, False, False, message
        return "consent", consent, False, False

    # ------------------------------------------------------------
    # THE GATE ITSELF
    # ------------------------------------------------------------

    def _case_disclosure_check(
        self,
        recipients,
        category_codes,
        raise_if_refused=False,
        legal_basis=None,
        family_version=False,
        concerned_partners=None,
    ):
        """The gate. Return ``(allowed, refused)``.

        :param recipients: ``res.partner`` recordset (decided per partner,
            never per e-mail address)
        :param category_codes: list of ``case.data.category`` codes, or records
        :param raise_if_refused: raise a ``UserError`` naming every refused
            recipient and what is missing (use it when the user picked them)
        :param legal_basis: statutory notification: no consent needed, but the
            recipient must still be active
        :param family_version: the content is the family's own version (an
            invitation, the family's copy of the minutes, the family plan,
            the closure letter): a data subject of the case (person in focus,
            parent or legal representative of one, signer of the consent)
            receives it without a recipient consent; everyone else still needs
            one
        :param concerned_partners: whose data a sensitive (health) category
            is about (default: the persons in focus); another family member
            receives it only under that person's own consent
        :return: (allowed ``res.partner`` recordset,
                  refused ``{partner: message}``)

        A recorded ``case.family.restriction`` refuses the person with its
        reason on every basis but a statutory one.
        """
        self.ensure_one()
        self.check_access("read")
        categories = self._case_get_categories(category_codes)
        decisions = self._case_share_decisions(
            recipients,
            categories,
            legal_basis=legal_basis,
            family_version=family_version,
            concerned_partners=concerned_partners,
        )
        allowed = self.env["res.partner"].sudo()
        refused = {}
        for partner, (basis, _consent, _role, message) in decisions.items():
            if basis:
                allowed |= partner
            else:
                refused[partner] = message
        if refused and raise_if_refused:
            raise UserError(
                _(
                    "Case %(case)s: these recipients may not receive this "
                    "information:\n%(details)s",
                    case=self.name,
                    details="\n".join(refused.values()),
                )
            )
        return allowed.with_env(self.env), refused

    def _case_share_decisions(
        self,
        recipients,
        categories,
        legal_basis=None,
        family_version=False,
        concerned_partners=None,
    ):
        """``_case_share_decision`` for every recipient, in their order:
        ``{partner (sudo): (basis, consent, role, message)}``. The case's
        consents, restrictions and circle are read once for all of them (ORM
        prefetch), so the gate costs the same for one recipient or twelve."""
        self.ensure_one()
        return {
            partner: self._case_share_decision(
                partner,
                categories,
                legal_basis=legal_basis,
                family_version=family_version,
                concerned_partners=concerned_partners,
            )
            for partner in recipients.sudo().with_context(active_test=False)
        }

    def _case_disclosure_vals(
        self,
        decisions,
        categories,
        record=None,
        label=None,
        channel="email",
        mails=None,
        legal_basis=None,
    ):
        """Values of one ``case.disclosure`` row per allowed recipient of
        ``decisions`` (see ``_case_share_decisions``), each naming its basis;
        ``mails``: ``{partner id: mail.mail}`` the share rides on."""
        self.ensure_one()
        vals_list = []
        for partner, (basis, consent, role, _message) in decisions.items():
            if not basis:
                continue
            mail = (mails or {}).get(partner.id)
            vals_list.append(
                {
                    "case_id": self.id,
                    "partner_id": partner.id,
                    "category_ids": [fields.Command.set(categories.ids)],
                    "res_model": record._name if record else False,
                    "res_id": record.id if record else False,
                    "label": label or (record.display_name if record else self.name),
                    "user_id": self.env.uid,
                    "basis": basis,
                    "data_subject_role": role or False,
                    "consent_id": consent.id if consent else False,
                    "legal_basis": legal_basis or False,
                    "channel": channel,
                    "mail_id": mail.id if mail else False,
                    "state": "pending" if mail else "done",
                }
            )
        return vals_list

    def _case_ospod_agreement_refusal(self, partner):
        """Widening the circle where OSPOD takes part (A3 3.4): a professional
        added after OSPOD receives nothing until an agreement with OSPOD is
        recorded on their line. Return the refusal message or False."""
        self.ensure_one()
        organisation = partner.commercial_partner_id
        lines = self.sudo().participant_ids.filtered(
            lambda p: (
                p.partner_id == partner
                or (p.partner_id == organisation and organisation.is_company)
            )
        )
        if not lines or not all(line._ospod_agreement_missing() for line in lines):
            return False
        return _(
            "%(partner)s: no recorded agreement with OSPOD to widen the circle "
            "(record it on the professional's line in the circle).",
            partner=partner.display_name,
        )

    def _case_disclose(
        self,
        recipients,
        category_codes,
        record=None,
        label=None,
        channel="email",
        mail=None,
        legal_basis=None,
        raise_if_refused=True,
        family_version=False,
        concerned_partners=None,
    ):
        """Check the gate and log one ``case.disclosure`` per allowed recipient.

        Use it for shares that do not go through ``_case_send_mail`` (printed,
        handed over, phone). Each row names its basis: the consent relied on,
        the data-subject role (``family_version``) or the statutory basis.
        Return the ``case.disclosure`` rows (sudo).
        """
        self.ensure_one()
        self.check_access("read")
        categories = self._case_get_categories(category_codes)
        allowed, _refused = self._case_disclosure_check(
            recipients,
            categories,
            raise_if_refused=raise_if_refused,
            legal_basis=legal_basis,
            family_version=family_version,
            concerned_partners=concerned_partners,
        )
        # the rows name the basis of the check above (decided again only for
        # the allowed recipients, from the ORM cache the check filled)
        decisions = self._case_share_decisions(
            allowed,
            categories,
            legal_basis=legal_basis,
            family_version=family_version,
            concerned_partners=concerned_partners,
        )
        vals_list = self._case_disclosure_vals(
            decisions,
            categories,
            record=record,
            label=label,
            channel=channel,
            mails={partner.id: mail for partner in allowed} if mail else None,
            legal_basis=legal_basis,
        )
        return self.env["case.disclosure"].sudo().create(vals_list)

    def _case_send_mail(
        self,
        recipients,
        category_codes,
        subject,
        body,
        record=None,
        label=None,
        attachments=None,
        legal_basis=None,
        email_from=None,
        raise_if_refused=True,
        family_version=False,
        concerned_partners=None,
    ):
        """Queue one e-mail per allowed recipient and log each disclosure.

        Recipients are explicit (``recipient_ids``, one per mail: nobody sees
        another recipient's address); nobody becomes a follower. The
        attachments are sent as files, never as download links: a mail above
        the server's maximum size is refused here with a ``UserError``.
        ``family_version`` / ``concerned_partners``: see
        ``_case_disclosure_check``; the queue re-checks with the same
        arguments. Return the queued ``mail.mail`` records (sudo).
        """
        self.ensure_one()
        self.check_access("read")
        categories = self._case_get_categories(category_codes)
        attachments = (attachments or self.env["ir.attachment"]).sudo()
        allowed, _refused = self._case_disclosure_check(
            recipients,
            categories,
            raise_if_refused=raise_if_refused,
            legal_basis=legal_basis,
            family_version=family_version,
            concerned_partners=concerned_partners,
        )
        no_email = allowed.filtered(lambda p: not p.email)
        if no_email:
            raise UserError(
                _(
                    "No e-mail address for: %(names)s",
                    names=", ".join(no_email.mapped("display_name")),
                )
            )
        # the basis of each allowed recipient (from the ORM cache the check
        # filled); a mail leaves only with its disclosure row
        decisions = self._case_share_decisions(
            allowed,
            categories,
            legal_basis=legal_basis,
            family_version=family_version,
            concerned_partners=concerned_partners,
        )
        allowed = allowed.filtered(lambda partner: decisions[partner][0])
        MailMail = self.env["mail.mail"].sudo()
        MailMail._case_check_size(body, attachments)
        email_from = (
            email_from
            or self.env.user.email_formatted
            or self.company_id.email_formatted
        )
        # Every mail of the batch has the same document, sender and so the
        # same reply-to: computed once (Odoo would look the alias up again
        # for each mail), exactly as mail.message would.
        reply_to = self.sudo()._notify_get_reply_to(default=email_from)[self.id]
        # One create for all the mails (one INSERT per table, not per mail).
        mails = MailMail.create(
            [
                {
                    "subject": subject,
                    "body_html": body,
                    "email_from": email_from,
                    "reply_to": reply_to,
                    "recipient_ids": [fields.Command.link(partner.id)],
                    "attachment_ids": [fields.Command.set(attachments.ids)],
                    "model": self._name,
                    "res_id": self.id,
                    "message_type": "email_outgoing",
                    "auto_delete": False,
                    "case_id": self.id,
                    "case_data_category_ids": [fields.Command.set(categories.ids)],
                    "case_legal_basis": legal_basis or False,
                    "case_family_version": bool(family_version),
                    "case_concerned_partner_ids": [
                        fields.Command.set(
                            concerned_partners.ids
                            if concerned_partners is not None
                            else []
                        )
                    ],
                    "case_concerned_set": concerned_partners is not None,
                }
                for partner in allowed
            ]
        )
        # One disclosure row per mail, each naming the basis the gate found
        # for its recipient, all in one create.
        self.env["case.disclosure"].sudo().create(
            self._case_disclosure_vals(
                decisions,
                categories,
                record=record,
                label=label or subject,
                channel="email",
                mails={
                    partner.id: mail
                    for partner, mail in zip(allowed, mails, strict=True)
                },
                legal_basis=legal_basis,
            )
        )
        if mails:
            # Sent by the mail queue within seconds, on a cron worker (the
            # consent re-check at send time included), not an hour later:
            # Odoo runs its queue hourly unless triggered.
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        return mails

    def _case_suggest_closure_on_withdrawal(self):
        """The last valid consent was withdrawn (A3 3.13): suggest closing the
        case for the reason "the family disagrees" (never close it here)."""
        for case in self:
            still_valid = case.sudo().consent_ids.filtered(
                lambda c: c.consent_type == "consent" and c.state == "valid"
            )
            if still_valid or case.is_closed:
                continue
            reason = dict(
                self._fields["closure_reason"]._description_selection(self.env)
            )["family_disagrees"]
            case.message_post(
                body=_(
                    "The last valid consent of this case was withdrawn: nothing "
                    "can be shared with the circle any more. If the family no "
                    "longer wants the cooperation, consider closing the case with "
                    'the closure reason "%(reason)s".',
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _case_notify_manager(self, summary, note):
        """Schedule a to-do for the case manager (e.g. a mail was stopped)."""
        for case in self.sudo():
            user = case.manager_id
            if not user:
                continue
            case.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=escape(note),
                user_id=user.id,
            )
