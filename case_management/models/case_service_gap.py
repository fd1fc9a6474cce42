# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A need no provider in the territory could meet (A9 9.4): evidence for
municipalities and funders. The link to the case is for the case team only."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError

GAP_REASON_SELECTION = [
    ("no_provider", "No provider in the territory"),
    ("no_capacity", "No capacity"),
    ("waiting", "Waiting too long"),
    ("target_group", "Client not in the target group"),
    ("refused", "Refused for another reason"),
]


class CaseServiceGap(models.Model):
    _name = "case.service.gap"
    _description = "Service Gap"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    # The case link: stored, but readable only through team_case_id (the
    # case team) and never by reports.
    case_id = fields.Many2one(
        "case.case",
        string="Case (technical)",
        index=True,
        ondelete="set null",
        groups="base.group_system",
    )
    team_case_id = fields.Many2one(
        "case.case",
        string="Case",
        compute="_compute_team_case_id",
        search="_search_team_case_id",
        help="Shown to the case team only.",
    )
    referral_id = fields.Many2one(
        "case.referral", string="Referral", ondelete="set null", readonly=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    category_id = fields.Many2one(
        "case.service.category",
        string="Service Category",
        required=True,
        index=True,
        tracking=True,
    )
    territory_id = fields.Many2one(
        "case.territory", string="Territory", index=True, tracking=True
    )
    orp_id = fields.Many2one(
        "case.territory",
        string="ORP",
        compute="_compute_orp_id",
        store=True,
        index=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    reason = fields.Selection(
        GAP_REASON_SELECTION, required=True, default="no_provider", index=True
    )
    description = fields.Text(help="The need, without names.")
    waited_days = fields.Integer(
        string="Days Waited", aggregator="avg", help="How long the family waited."
    )
    done_instead = fields.Text(string="What Was Done Instead")
    state = fields.Selection(
        [("open", "Open"), ("solved", "Solved"), ("persisting", "Persisting")],
        default="open",
        required=True,
        index=True,
        tracking=True,
    )
    count = fields.Integer(default=1, readonly=True, help="For pivot and graph views.")

    @api.depends("category_id.name", "territory_id.name", "date")
    def _compute_name(self):
        for gap in self:
            gap.name = " / ".join(
                filter(
                    None,
                    [
                        gap.category_id.name,
                        gap.territory_id.name,
                        fields.Date.to_string(gap.date) if gap.date else "",
                    ],
                )
            )

    @api.depends("territory_id", "territory_id.parent_id")
    def _compute_orp_id(self):
        for gap in self:
            gap.orp_id = gap.territory_id._orp() if gap.territory_id else False

    @api.depends_context("uid")
    def _compute_team_case_id(self):
        user = self.env.user
        for gap in self:
            case = gap.sudo().case_id
            in_team = case and user in case.member_user_ids
            gap.team_case_id = case.with_env(self.env) if in_team else False

    def _search_team_case_id(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(_("Unsupported search on the case of a service gap."))
        ids = [value] if isinstance(value, int) else list(value or [])
        user = self.env.user
        cases = (
            self.env["case.case"]
            .sudo()
            .search(
                [
                    ("id", "in", ids),
                    ("member_user_ids", "in", user.id),
                ]
            )
        )
        gaps = self.sudo().search([("case_id", "in", cases.ids)])
        return [("id", "in", gaps.ids)]

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        for vals in vals_list:
            case_id = vals.get("case_id") or self.env.context.get(
                "default_team_case_id"
            )
            if case_id:
                case = self.env["case.case"].browse(case_id)
                case.check_access("read")
                vals.setdefault("company_id", case.company_id.id)
                vals.setdefault("territory_id", case.territory_id.id)
                vals["case_id"] = case_id
        return super(CaseServiceGap, self.sudo()).create(vals_list).with_env(self.env)

    def action_solved(self):
        self.write({"state": "solved"})
        return True

    def action_persisting(self):
        self.write({"state": "persisting"})
        return True
