# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

RESTRICTION_REASON_SELECTION = [
    ("endangers", "Contact endangers the child"),
    ("no_parental_responsibility", "No parental responsibility"),
    ("court", "Court restriction"),
    ("own_wish", "The person does not wish to receive it"),
    ("other", "Other"),
]


class CaseFamilyRestriction(models.Model):
    """A family member who must not receive case information.

    The family's own papers (invitations, the family's copy of the minutes,
    the family plan, the closure letter) go to the persons in focus, their
    parents and legal representatives without a recipient consent. This
    record is the explicit exception: while it is in force the disclosure
    gate refuses the person with its reason, whatever the basis, and the
    conference warnings cite it.
    """

    _name = "case.family.restriction"
    _description = "Family Member Who Must Not Receive Case Information"
    _order = "case_id, date_from desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one(
        "case.case",
        string="Case",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, string="Company"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True
    )
    reason = fields.Selection(
        RESTRICTION_REASON_SELECTION, required=True, default="endangers"
    )
    date_from = fields.Date(
        string="From", required=True, default=fields.Date.context_today
    )
    date_to = fields.Date(string="Until", help="Leave empty while it lasts.")
    note = fields.Text(help="E.g. the court decision (file number, date).")
    recorded_by_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    is_active_today = fields.Boolean(
        string="In Force", compute="_compute_is_active_today"
    )

    def _compute_is_active_today(self):
        today = fields.Date.context_today(self)
        for restriction in self:
            restriction.is_active_today = restriction._is_active_on(today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for restriction in self:
            if restriction.date_to and restriction.date_to < restriction.date_from:
                raise ValidationError(
                    _(
                        "A restriction cannot end before it starts (%(partner)s).",
                        partner=restriction.partner_id.display_name,
                    )
                )

    @api.depends("partner_id", "reason")
    def _compute_display_name(self):
        labels = dict(self._fields["reason"]._description_selection(self.env))
        for restriction in self:
            restriction.display_name = "{} – {}".format(
                restriction.partner_id.display_name or "",
                labels.get(restriction.reason, ""),
            )

    def _is_active_on(self, day):
        self.ensure_one()
        return self.date_from <= day and (not self.date_to or self.date_to >= day)

    def _refusal_message(self):
        """The gate's message: who, why, since when."""
        self.ensure_one()
        labels = dict(self._fields["reason"]._description_selection(self.env))
        return _(
            "%(partner)s must not receive information about this case "
            "(%(reason)s, since %(date)s).",
            partner=self.partner_id.display_name,
            reason=labels.get(self.reason, ""),
            date=self.date_from,
        )
