# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CaseSchoolNominate(models.TransientModel):
    """One step from the watch list to an intake case (A1 1.1, A11 11.1)."""

    _name = "case.school.nominate"
    _description = "Nominate a Family for Case Management"

    pupil_id = fields.Many2one("case.school.pupil", string="Pupil", required=True)
    school_id = fields.Many2one(related="pupil_id.school_id")
    watch_reasons = fields.Text(related="pupil_id.watch_reasons")
    signal_type_ids = fields.Many2many(
        "case.school.signal.type",
        string="Signals",
        help="The signals that prompted the nomination.",
    )
    reasons = fields.Text(
        required=True,
        help="Why the school proposes the family for case management.",
    )

    @api.onchange("pupil_id")
    def _onchange_pupil_id(self):
        if self.pupil_id and not self.reasons:
            self.reasons = self.pupil_id.watch_reasons
        if self.pupil_id and not self.signal_type_ids:
            signals = self.env["case.school.signal"].search(
                [("pupil_id.partner_id", "=", self.pupil_id.partner_id.id)]
            )
            self.signal_type_ids = signals.type_id

    def action_nominate(self):
        self.ensure_one()
        pupil = self.pupil_id
        # The school staff member must see the pupil (record rules by school).
        pupil.check_access("read")
        user = self.env.user
        is_staff = self.env["case.school.staff"].search_count(
            [
                ("school_id", "=", pupil.school_id.id),
                ("user_id", "=", user.id),
                (
                    "role",
                    "in",
                    ("principal", "counsellor", "prevention", "psychologist"),
                ),
            ]
        )
        if not is_staff and not user.has_group(
            "case_management.case_management_group_manager"
        ):
            raise UserError(
                self.env._(
                    "Only the principal or a school counsellor of %(school)s "
                    "can nominate a family.",
                    school=pupil.school_id.name,
                )
            )
        if pupil.sudo().is_nominated:
            raise UserError(
                self.env._(
                    "%(pupil)s has already been nominated.",
                    pupil=pupil.partner_id.name,
                )
            )
        referral = pupil._school_nominate(user, self.reasons, self.signal_type_ids)
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.school.referral",
            "res_id": referral.id,
            "view_mode": "form",
            "target": "current",
        }
