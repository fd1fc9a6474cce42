# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models


class CasePlanShare(models.TransientModel):
    _name = "case.plan.share"
    _description = "Share a Family Plan"

    plan_id = fields.Many2one("case.plan", required=True, ondelete="cascade")
    case_id = fields.Many2one(related="plan_id.case_id")
    partner_ids = fields.Many2many(
        "res.partner",
        string="Recipients",
        help="The professionals covered by a consent for the family plan "
        "receive it; the parents and legal representatives always receive the "
        "family version; the others are named and refused.",
    )
    family_version = fields.Boolean(help="Send the plain-language family version.")
    note = fields.Text(string="Message")
    coverage = fields.Html(compute="_compute_coverage", sanitize=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        plan = self.env["case.plan"].browse(res.get("plan_id"))
        if plan and "partner_ids" in fields_list:
            partners = plan.case_id.participant_ids.filtered(
                lambda p: p.state == "active"
            ).partner_id
            # the family receives its own (family) version, no consent needed
            partners |= plan.case_id._case_family_invitees().filtered("email")
            res["partner_ids"] = [fields.Command.set(partners.ids)]
        return res

    @api.depends("partner_ids", "plan_id")
    def _compute_coverage(self):
        for wizard in self:
            if not wizard.plan_id or not wizard.partner_ids:
                wizard.coverage = False
                continue
            _allowed, refused = wizard.plan_id.case_id._case_disclosure_check(
                wizard.partner_ids._origin, ["family_plan"], family_version=True
            )
            wizard.coverage = (
                "<ul>{}</ul>".format(
                    "".join(f"<li>{msg}</li>" for msg in refused.values())
                )
                if refused
                else False
            )

    def action_send(self):
        self.ensure_one()
        mails, refused = self.plan_id._share_with(
            self.partner_ids, family_version=self.family_version, note=self.note
        )
        message = _("Sent to %(count)s recipients.", count=len(mails))
        if refused:
            message += " " + _(
                "Refused: %(names)s",
                names=", ".join(p.display_name for p in refused),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "warning" if refused else "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
