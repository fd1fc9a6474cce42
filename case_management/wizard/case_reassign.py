# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CaseReassign(models.TransientModel):
    _name = "case.reassign"
    _description = "Reassign the Cases of a Worker"

    from_user_id = fields.Many2one(
        "res.users",
        string="Departing Worker",
        required=True,
        domain="[('share', '=', False)]",
    )
    to_user_id = fields.Many2one(
        "res.users",
        string="New Worker",
        required=True,
        domain="[('share', '=', False), ('id', '!=', from_user_id)]",
    )
    include_closed = fields.Boolean(
        string="Include Closed Cases",
        help="Also move the cases in a closing stage.",
    )
    case_ids = fields.Many2many(
        "case.case",
        string="Cases",
        compute="_compute_case_ids",
        store=True,
        readonly=False,
    )
    case_count = fields.Integer(compute="_compute_case_count", string="# Cases")
    note = fields.Text(
        string="Reason", help="Logged in each case's chatter, e.g. the worker left."
    )

    @api.depends("from_user_id", "include_closed")
    def _compute_case_ids(self):
        for wizard in self:
            if not wizard.from_user_id:
                wizard.case_ids = False
                continue
            wizard.case_ids = self.env["case.case"].search(
                wizard._get_case_domain(wizard.from_user_id)
            )

    @api.depends("case_ids")
    def _compute_case_count(self):
        for wizard in self:
            wizard.case_count = len(wizard.case_ids)

    def _get_case_domain(self, user):
        domain = [("member_user_ids", "in", user.id)]
        if not self.include_closed:
            domain = ["&", ("is_closed", "=", False), *domain]
        return domain

    def action_reassign(self):
        self.ensure_one()
        if self.from_user_id == self.to_user_id:
            raise UserError(_("Choose two different workers."))
        if not self.case_ids:
            raise UserError(_("The departing worker has no case to reassign."))
        old, new = self.from_user_id, self.to_user_id
        for case in self.case_ids:
            vals = {}
            roles = []
            if case.manager_id == old:
                vals["manager_id"] = new.id
                roles.append(_("case manager"))
            if case.key_worker_user_id == old:
                vals["key_worker_user_id"] = new.id
                roles.append(_("key worker"))
            if case.coordinator_user_id == old:
                vals["coordinator_user_id"] = new.id
                roles.append(_("coordinating user"))
            if old in case.team_user_ids:
                commands = [fields.Command.unlink(old.id)]
                if new not in case.team_user_ids:
                    commands.append(fields.Command.link(new.id))
                vals["team_user_ids"] = commands
                roles.append(_("team member"))
            if not vals:
                continue
            case.write(vals)
            body = _(
                "Reassigned from %(old)s to %(new)s (%(roles)s).",
                old=old.name,
                new=new.name,
                roles=", ".join(roles),
            )
            if self.note:
                body = _("%(body)s Reason: %(reason)s", body=body, reason=self.note)
            case.message_post(
                body=body, message_type="comment", subtype_xmlid="mail.mt_note"
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(count)s cases moved to %(user)s.",
                    count=len(self.case_ids),
                    user=new.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
