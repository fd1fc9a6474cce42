# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, sql

CASE_GROUP = "case_management.case_management_group_worker"

FAMILY_ROLE_SELECTION = [
    ("parent", "Parent"),
    ("guardian", "Legal guardian"),
    ("child", "Child"),
    ("other_adult", "Other adult"),
    ("client", "Adult client"),
]

LEGAL_CAPACITY_SELECTION = [
    ("full", "Full legal capacity"),
    ("application_filed", "Application to restrict filed"),
    ("restricted", "Restricted, guardian appointed"),
]

ADULT_AGE = 18
# links from a person to other persons: only to persons the user may read
CASE_PEOPLE_LINKS = ("guardian_partner_id", "legal_representative_of_ids")


class ResPartner(models.Model):
    _inherit = ["res.partner", "case.read.access.mixin"]
    _name = "res.partner"

    # Household
    case_family_id = fields.Many2one(
        "case.family",
        string="Household",
        index="btree_not_null",
        ondelete="set null",
        groups=CASE_GROUP,
        help="The household this person lives in. A person belongs to one "
        "household at a time; moves are logged in the households' chatter.",
    )
    second_family_id = fields.Many2one(
        "case.family",
        string="Second Household",
        index="btree_not_null",
        ondelete="set null",
        groups=CASE_GROUP,
        help="For a child in alternating custody (střídavá péče): the other "
        "parent's household.",
    )
    custody_pattern = fields.Char(
        groups=CASE_GROUP,
        help="How the child alternates between the households, e.g. week/week "
        "(týden/týden).",
    )
    family_role = fields.Selection(
        FAMILY_ROLE_SELECTION, string="Role in the Family", groups=CASE_GROUP
    )
    birthdate = fields.Date(string="Birth Date", groups=CASE_GROUP)
    case_age = fields.Integer(
        string="Age", compute="_compute_case_age", groups=CASE_GROUP
    )
    is_child = fields.Boolean(
        string="Child",
        groups=CASE_GROUP,
        compute="_compute_case_age",
        search="_search_is_child",
        help="Younger than 18 today.",
    )
    communication_notes = fields.Text(
        string="Communication Needs",
        groups=CASE_GROUP,
        help="Language, interpreter, literacy, preferred channel, best time to call...",
    )
    # Adult client: legal capacity track
    legal_capacity_state = fields.Selection(
        LEGAL_CAPACITY_SELECTION,
        string="Legal Capacity",
        groups=CASE_GROUP,
        help="Track of an application to restrict legal capacity (omezení "
        "svéprávnosti) and appoint a guardian.",
    )
    guardian_partner_id = fields.Many2one(
        "res.partner",
        string="Guardian (opatrovník)",
        groups=CASE_GROUP,
        help="Court-appointed guardian of an adult client; may sign consents "
        "for the client.",
    )
    # Who represents whom (the family's own papers, see case.case
    # _case_data_subject_role)
    parental_responsibility = fields.Boolean(
        default=True,
        groups=CASE_GROUP,
        help="For a parent: holds parental responsibility (rodičovská "
        "odpovědnost) for the children of the household. Untick it when a "
        "court decided otherwise; the parent then receives the family's papers "
        "only under a consent.",
    )
    legal_representative_of_ids = fields.Many2many(
        "res.partner",
        "res_partner_legal_representative_rel",
        "representative_id",
        "represented_id",
        string="Legal Representative Of",
        groups=CASE_GROUP,
        help="The children or adults this person legally represents (a parent "
        "living in another household, a guardian). They receive the family's "
        "own papers of the cases about these persons.",
    )
    # Professionals
    professional_role_id = fields.Many2one(
        "case.participant.role",
        string="Professional Role",
        help="Default role of this professional when added to a circle of "
        "professionals.",
    )
    # Cases
    case_ids = fields.Many2many(
        "case.case",
        string="Cases",
        compute="_compute_case_ids",
        groups=CASE_GROUP,
    )
    case_count = fields.Integer(
        string="# Cases", compute="_compute_case_ids", groups=CASE_GROUP
    )
    # Same table as case.case.focus_partner_ids: lets record rules and the
    # mail gate find the cases a person is the focus of in SQL.
    case_focus_case_ids = fields.Many2many(
        "case.case",
        "case_case_focus_partner_rel",
        "partner_id",
        "case_id",
        string="Cases in Focus",
        readonly=True,
        groups=CASE_GROUP,
    )
    # Who sees this person through a case: the contacts' record rule tests
    # this one indexed relation instead of walking households and cases.
    case_user_ids = fields.Many2many(
        "res.users",
        "case_partner_user_rel",
        "partner_id",
        "user_id",
        string="Case Users",
        compute="_compute_case_user_ids",
        store=True,
        compute_sudo=True,
        groups="base.group_system",
        help="Members of the cases through which this person may be seen: the "
        "cases of their household, of their second household, the cases they "
        "are the focus of, and the cases about another person of their "
        "household. The creator of a household without a case sees its people.",
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    # _get_complete_name reads these too: fetched with the display name's
    # other fields, a partner's display name costs one query instead of two
    @api.depends("name", "parent_id", "type", "is_company", "company_name")
    def _compute_display_name(self):
        return super()._compute_display_name()

    @api.depends("birthdate")
    def _compute_case_age(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.birthdate:
                age = relativedelta(today, partner.birthdate).years
                partner.case_age = age
                partner.is_child = age < ADULT_AGE
            else:
                partner.case_age = 0
                partner.is_child = False

    def _search_is_child(self, operator, value):
        if operator not in ("=", "!="):
            raise ValueError(_("Unsupported search on the child flag."))
        adult_since = fields.Date.context_today(self) - relativedelta(years=ADULT_AGE)
        children = [("birthdate", "!=", False), ("birthdate", ">", adult_since)]
        if (operator == "=") == bool(value):
            return children
        return ["|", ("birthdate", "=", False), ("birthdate", "<=", adult_since)]

    @api.depends(
        "case_focus_case_ids.member_user_ids",
        "case_focus_case_ids.active",
        "case_family_id.create_uid",
        "case_family_id.case_ids.member_user_ids",
        "case_family_id.case_ids.active",
        "case_family_id.member_ids.active",
        "case_family_id.member_ids.case_focus_case_ids.member_user_ids",
        "case_family_id.member_ids.case_focus_case_ids.active",
        "case_family_id.second_member_ids.active",
        "case_family_id.second_member_ids.case_focus_case_ids.member_user_ids",
        "case_family_id.second_member_ids.case_focus_case_ids.active",
        "second_family_id.case_ids.member_user_ids",
        "second_family_id.case_ids.active",
    )
    def _compute_case_user_ids(self):
        # archived cases grant nothing, whatever the caller's context
        for partner in self.with_context(active_test=True):
            users = partner.case_focus_case_ids.member_user_ids
            family = partner.case_family_id
            if family:
                if family.case_ids:
                    users |= family.case_ids.member_user_ids
                else:
                    users |= family.create_uid
                members = family.member_ids | family.second_member_ids
                users |= members.case_focus_case_ids.member_user_ids
            users |= partner.second_family_id.case_ids.member_user_ids
            partner.case_user_ids = users

    def _case_user_rows_sql(self):
        """The rows of ``case_partner_user_rel`` for every person, in one
        set-based query: the same relation as ``_compute_case_user_ids``."""
        return SQL(
            """
            WITH case_users AS (
                SELECT c.id AS case_id, c.family_id, m.user_id
                  FROM case_case c
                  JOIN case_case_member_user_rel m ON m.case_id = c.id
                 WHERE c.active
            ), member_families AS (
                SELECT id AS partner_id, case_family_id AS family_id
                  FROM res_partner
                 WHERE active AND case_family_id IS NOT NULL
                UNION ALL
                SELECT id, second_family_id
                  FROM res_partner
                 WHERE active AND second_family_id IS NOT NULL
            ), first_family AS (
                SELECT family_id, user_id FROM case_users
                 WHERE family_id IS NOT NULL
                UNION
                SELECT f.id, f.create_uid FROM case_family f
                 WHERE f.create_uid IS NOT NULL AND NOT EXISTS (
                     SELECT 1 FROM case_case c WHERE c.family_id = f.id AND c.active)
                UNION
                SELECT mf.family_id, cu.user_id
                  FROM member_families mf
                  JOIN case_case_focus_partner_rel fr ON fr.partner_id = mf.partner_id
                  JOIN case_users cu ON cu.case_id = fr.case_id
            )
            SELECT p.id AS partner_id, ff.user_id
              FROM res_partner p JOIN first_family ff ON ff.family_id = p.case_family_id
            UNION
            SELECT p.id, cu.user_id
              FROM res_partner p JOIN case_users cu ON cu.family_id = p.second_family_id
            UNION
            SELECT fr.partner_id, cu.user_id
              FROM case_case_focus_partner_rel fr
              JOIN case_users cu ON cu.case_id = fr.case_id
            """
        )

    @api.model
    def _case_fill_user_ids_sql(self):
        """Rebuild ``case_partner_user_rel`` in SQL (installation on a large
        database, bulk loads): seconds for 300,000 people instead of an ORM
        recompute of each one."""
        self.env.flush_all()
        self.env.cr.execute("DELETE FROM case_partner_user_rel")
        count = self._case_insert_user_rows()
        self.invalidate_model(["case_user_ids"])
        return count

    def _case_insert_user_rows(self):
        self.env.cr.execute(
            SQL(
                "INSERT INTO case_partner_user_rel (partner_id, user_id) %s "
                "ON CONFLICT DO NOTHING",
                self._case_user_rows_sql(),
            )
        )
        return self.env.cr.rowcount

    def _auto_init(self):
        res = super()._auto_init()
        field = self._fields["case_user_ids"]
        pending = self.env.transaction.tocompute.get(field)
        if pending:
            # the relation was just created: fill it in SQL instead of
            # recomputing every contact of the database through the ORM;
            # on a first installation the case tables are new or not there
            # yet, and nobody sees anyone through a case
            self.env.remove_to_compute(field, self.browse(pending))
            if all(
                sql.table_exists(self.env.cr, table)
                for table in (
                    "case_case",
                    "case_family",
                    "case_case_member_user_rel",
                    "case_case_focus_partner_rel",
                )
            ):
                self._case_insert_user_rows()
        return res

    @api.model
    def _apply_ir_rules(self, query, mode="read"):
        if not self.env.su:
            # the contacts' record rule reads case_user_ids in SQL, and the
            # ORM flushes no many2many of a condition: bring it up to date
            self.flush_model(["case_user_ids"])
        return super()._apply_ir_rules(query, mode=mode)

    @api.depends("case_family_id", "second_family_id")
    def _compute_case_ids(self):
        partners = self.filtered("id")
        (self - partners).case_ids = False
        (self - partners).case_count = 0
        if not partners:
            return
        families = partners.case_family_id | partners.second_family_id
        cases = self.env["case.case"].search(
            [
                "|",
                ("focus_partner_ids", "in", partners.ids),
                ("family_id", "in", families.ids),
            ]
        )
        for partner in partners:
            partner_families = partner.case_family_id | partner.second_family_id
            partner_cases = cases.filtered(
                lambda case, p=partner, f=partner_families: (
                    p in case.focus_partner_ids or case.family_id in f
                )
            )
            partner.case_ids = partner_cases
            partner.case_count = len(partner_cases)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("birthdate")
    def _check_birthdate(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.birthdate and partner.birthdate > today:
                raise ValidationError(
                    _(
                        "The birth date of %(name)s is in the future.",
                        name=partner.name,
                    )
                )

    @api.constrains("case_family_id", "second_family_id")
    def _check_households(self):
        for partner in self.sudo():
            if partner.second_family_id and (
                partner.second_family_id == partner.case_family_id
            ):
                raise ValidationError(
                    _(
                        "%(name)s cannot belong to household %(family)s twice: "
                        "a person belongs to one household at a time; the second "
                        "household is only for a child in alternating custody.",
                        name=partner.name,
                        family=partner.case_family_id.code,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._case_check_people(
                {k: v for k, v in vals.items() if k in CASE_PEOPLE_LINKS}
            )
        partners = super().create(vals_list)
        moves = [
            (partner, self.env["case.family"], partner.sudo().case_family_id)
            for partner in partners
            if partner.sudo().case_family_id
        ]
        if moves:
            self.env["case.family"]._log_member_moves(moves)
        return partners

    def write(self, vals):
        self._case_check_people(
            {k: v for k, v in vals.items() if k in CASE_PEOPLE_LINKS}
        )
        if "case_family_id" not in vals:
            return super().write(vals)
        old = {partner.id: partner.sudo().case_family_id for partner in self}
        res = super().write(vals)
        moves = [
            (partner, old[partner.id], partner.sudo().case_family_id)
            for partner in self
            if old[partner.id] != partner.sudo().case_family_id
        ]
        if moves:
            self.env["case.family"]._log_member_moves(moves)
        return res

    # ------------------------------------------------------------
    # MAIL GATE
    # ------------------------------------------------------------

    @api.model
    def _case_mail_candidate(self):
        return True

    def _case_mail_cases(self):
        # a family member's or focus person's record is a case record
        self.ensure_one()
        partner = self.sudo()
        families = partner.case_family_id | partner.second_family_id
        if not families and not partner.case_focus_case_ids:
            return None
        return families.case_ids | partner.case_focus_case_ids

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "case_management.case_case_action"
        )
        action["domain"] = [("id", "in", self.case_ids.ids)]
        action["context"] = {"default_focus_partner_ids": [self.id]}
        if self.case_family_id:
            action["context"]["default_family_id"] = self.case_family_id.id
        return action
