# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models

HOUSING_SELECTION = [
    ("hostel", "Hostel (ubytovna)"),
    ("asylum_house", "Asylum house"),
    ("social_flat", "Social flat"),
    ("own_flat", "Own flat or house"),
    ("rented_flat", "Rented flat"),
    ("inadequate", "Inadequate housing"),
    ("other", "Other"),
]


class CaseFamily(models.Model):
    _name = "case.family"
    _description = "Family / Household"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"
    _check_company_auto = True
    _rec_names_search = ["name", "code"]
    # access errors name the household by its code only (see ir_rule.py)
    _case_code_only_errors = True

    name = fields.Char(
        required=True,
        tracking=True,
        help="How the team refers to the household, e.g. Domácnost Dvořákových.",
    )
    code = fields.Char(
        string="Reference", readonly=True, copy=False, index=True, default="/"
    )
    member_ids = fields.One2many("res.partner", "case_family_id", string="Members")
    second_member_ids = fields.One2many(
        "res.partner",
        "second_family_id",
        string="Members Living Here Part-time",
        help="Children in alternating custody whose main household is another one.",
    )
    member_count = fields.Integer(compute="_compute_member_count", string="# Members")
    case_ids = fields.One2many("case.case", "family_id", string="Cases")
    case_count = fields.Integer(compute="_compute_case_count", string="# Cases")
    housing_type = fields.Selection(HOUSING_SELECTION, string="Housing", tracking=True)
    landlord_id = fields.Many2one(
        "res.partner",
        string="Landlord",
        help="Owner or manager of the dwelling (hostel owner, municipality, ...).",
    )
    natural_resources = fields.Text(
        help="Relatives, neighbours, community: the family's own support network "
        "(přirozené zdroje).",
    )
    note = fields.Html(string="Notes")
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        default=lambda self: self.env.company,
        index=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    color = fields.Integer()

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("member_ids")
    def _compute_member_count(self):
        for family in self:
            family.member_count = len(family.member_ids)

    @api.depends("case_ids")
    def _compute_case_count(self):
        groups = self.env["case.case"]._read_group(
            [("family_id", "in", self.ids)], ["family_id"], ["__count"]
        )
        counts = {family.id: count for family, count in groups}
        for family in self:
            family.case_count = counts.get(family.id, 0)

    @api.depends("name", "code")
    @api.depends_context("case_code_only")
    def _compute_display_name(self):
        code_only = self.env.context.get("case_code_only")
        for family in self:
            if code_only:
                family.display_name = family.code or _("Household")
            else:
                family.display_name = family.name

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("code") or vals["code"] == "/":
                vals["code"] = (
                    self.env["ir.sequence"].sudo().next_by_code("case.family") or "/"
                )
        return super().create(vals_list)

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for family, vals in zip(self, vals_list, strict=False):
            vals["name"] = _("%(name)s (copy)", name=family.name)
        return vals_list

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "case_management.case_case_action"
        )
        action["domain"] = [("family_id", "=", self.id)]
        action["context"] = {
            "default_family_id": self.id,
            "default_focus_partner_ids": self.member_ids.filtered("is_child").ids,
        }
        return action

    def action_new_case(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.case",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {
                "default_family_id": self.id,
                "default_focus_partner_ids": self.member_ids.filtered("is_child").ids,
            },
        }

    def _log_member_moves(self, moves):
        """Post a note in each household's chatter about members who moved.

        :param moves: list of (partner, old_family, new_family)
        """
        for partner, old_family, new_family in moves:
            if old_family:
                if new_family:
                    body = _(
                        "%(member)s moved out to household %(family)s.",
                        member=partner.name,
                        family=new_family.code,
                    )
                else:
                    body = _("%(member)s left the household.", member=partner.name)
                old_family.sudo().message_post(
                    body=body,
                    message_type="notification",
                    subtype_xmlid="mail.mt_note",
                    author_id=self.env.user.partner_id.id,
                )
            if new_family:
                if old_family:
                    body = _(
                        "%(member)s moved in from household %(family)s.",
                        member=partner.name,
                        family=old_family.code,
                    )
                else:
                    body = _("%(member)s joined the household.", member=partner.name)
                new_family.sudo().message_post(
                    body=body,
                    message_type="notification",
                    subtype_xmlid="mail.mt_note",
                    author_id=self.env.user.partner_id.id,
                )
