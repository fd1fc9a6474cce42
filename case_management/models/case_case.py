# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from .case_read_access_mixin import READ_VERIFIED_KEY, read_verified_key

CASE_GROUP = "case_management.case_management_group_worker"
COORDINATOR_GROUP = "case_management.case_management_group_coordinator"

REFERRAL_SOURCE_SELECTION = [
    ("self", "Family came itself"),
    ("school", "Referred by a school"),
    ("ospod_offer", "Offered by OSPOD"),
    ("ospod_order", "Ordered by OSPOD under §12 ZSPOD"),
    ("organisation", "Offered by another organisation"),
    ("other", "Other"),
]
YES_PARTLY_NO = [
    ("yes", "Yes"),
    ("partly", "Partly"),
    ("no", "No"),
]
COORDINATION_MODEL_SELECTION = [
    ("cm_key_worker", "The case manager is the key worker"),
    ("neutral", "Separate neutral coordinator"),
    ("external", "An outside professional coordinates"),
]
SETTING_SELECTION = [
    ("school", "School"),
    ("asylum_house", "Asylum house"),
    ("municipal", "Municipal social work"),
    ("ngo_programme", "NGO family programme"),
    ("other", "Other"),
]
CLOSURE_REASON_SELECTION = [
    ("goals_met", "Goals met, no new ones"),
    (
        "family_disagrees",
        "The family disagrees with the cooperation / withdrew consent",
    ),
    ("rules_broken", "Rules of cooperation broken"),
    ("moved_to_service", "Moved to another (residential) service"),
    ("other", "Other"),
]
ROLE_USER_FIELDS = ("manager_id", "key_worker_user_id", "team_user_ids")


class CaseCase(models.Model):
    _name = "case.case"
    _description = "Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, start_date desc, id desc"
    _rec_name = "name"
    _rec_names_search = ["name"]
    _check_company_auto = True

    def _default_stage_id(self):
        return self.env["case.stage"].search(
            [
                ("company_id", "in", [False, self.env.company.id]),
                ("is_closed", "=", False),
            ],
            limit=1,
        )

    # Identity
    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: _("New"),
        help="Pseudonymous case code: the only name under which the case appears "
        "in titles, lists and messages.",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organisation",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    client_type = fields.Selection(
        [("family", "Family"), ("adult", "Adult client")],
        string="Client",
        required=True,
        default="family",
        tracking=True,
    )
    family_id = fields.Many2one(
        "case.family",
        string="Family / Household",
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    family_member_ids = fields.One2many(
        related="family_id.member_ids", string="Household Members"
    )
    focus_partner_ids = fields.Many2many(
        "res.partner",
        "case_case_focus_partner_rel",
        "case_id",
        "partner_id",
        string="Persons in Focus",
        help="The children or adults the case is about.",
    )
    focus_partner_name = fields.Char(
        string="Name of a Person in Focus",
        compute="_compute_focus_partner_name",
        search="_search_focus_partner_name",
        help="Search the cases by the name of a child or adult they are about.",
    )
    stage_id = fields.Many2one(
        "case.stage",
        string="Stage",
        index=True,
        tracking=True,
        copy=False,
        ondelete="set null",
        default=_default_stage_id,
        group_expand="_read_group_stage_ids",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    is_closed = fields.Boolean(
        related="stage_id.is_closed", store=True, string="Closed"
    )
    # Why the case was closed (A3 3.13)
    closure_reason = fields.Selection(
        CLOSURE_REASON_SELECTION,
        tracking=True,
        copy=False,
        help="Required to move the case to a closing stage.",
    )
    closure_note = fields.Text(tracking=True, copy=False)
    show_closure_reason = fields.Boolean(compute="_compute_show_closure_reason")
    kanban_state = fields.Selection(
        [
            ("normal", "In Progress"),
            ("done", "Ready for Next Stage"),
            ("blocked", "Blocked"),
        ],
        string="Status",
        default="normal",
        copy=False,
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important"), ("2", "High"), ("3", "Urgent")],
        default="0",
        index=True,
    )
    tag_ids = fields.Many2many("case.tag", string="Tags")
    color = fields.Integer()

    # Dates
    start_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    end_date = fields.Date(
        compute="_compute_end_date",
        store=True,
        readonly=False,
        tracking=True,
        copy=False,
    )
    risk_confirmed_date = fields.Date(
        string="Child at Risk Confirmed On",
        help="Date of the quick first triage confirming that this is a child at risk "
        "(ohrožené dítě).",
    )
    days_since_intake = fields.Integer(
        compute="_compute_days_since_intake",
        help="Mapping takes weeks or months: days since the start of the case.",
    )

    # Intake
    referral_source = fields.Selection(
        REFERRAL_SOURCE_SELECTION,
        required=True,
        default="self",
        tracking=True,
        help="How the family came: by itself, offered by OSPOD or another "
        "institution, or ordered by OSPOD under §12 ZSPOD (zákon o sociálně-právní "
        "ochraně dětí).",
    )
    referral_partner_id = fields.Many2one(
        "res.partner", string="Referred By", help="The referring person or institution."
    )
    referral_date = fields.Date()
    entry_context = fields.Selection(
        [
            ("prevent_removal", "Prevent the child's removal from the family"),
            ("return_from_care", "Return of a child from institutional care"),
            ("none", "None of these"),
        ],
        string="Case Context",
        default="none",
        help="Prevent the removal of the child, or return of a child from "
        "institutional care (ústavní výchova).",
    )
    shortcomings_acknowledged = fields.Selection(
        YES_PARTLY_NO,
        string="Parents Acknowledge Shortcomings",
        help="Do the parents acknowledge the shortcomings in the care of the child?",
    )
    willingness = fields.Selection(
        YES_PARTLY_NO,
        string="Willing to Take Part",
        help="Is the family willing to admit its problems and take an active part in "
        "solving them?",
    )
    willingness_note = fields.Text()
    family_request = fields.Text(
        string="The Family's Request",
        help="The family's request (zakázka) in its own words, e.g. "
        "“I want to be able to look after Anička again, help me.”",
    )
    family_aims = fields.Text(
        string="The Family's Aims", help="What the family itself wants to achieve."
    )
    family_benefits = fields.Text(
        string="What Is in It for the Family",
        help="The family's own reasons to cooperate, e.g. fewer unannounced OSPOD "
        "visits, the child not mocked at school.",
    )
    setting = fields.Selection(
        SETTING_SELECTION,
        default="ngo_programme",
        tracking=True,
        help="Where the case is held: school, asylum house, municipal social work or "
        "an NGO family programme.",
    )

    target_group = fields.Selection(
        [
            ("family_child_at_risk", "Family with a child at risk"),
            ("adult_55", "Adult 55+ with complex needs"),
            ("adult_other", "Other adult in an adverse social situation"),
        ],
        default="family_child_at_risk",
        help="Target group of the programme; adults 55+ with complex needs have low "
        "or irregular income, poor health, risk of social exclusion or of losing "
        "housing, addictions or debts.",
    )
    territory = fields.Char(
        help="Municipality or territory (e.g. the ORP) the case belongs to.",
    )
    cooperation_rules = fields.Text(
        string="Rules of Cooperation",
        help="Rules and contact frequency agreed with the family at the introductory "
        "meeting, e.g. a meeting every week.",
    )
    help_scope = fields.Text(
        string="Scope of the Case Manager's Help",
        help="What the case manager does and what the family does itself with the "
        "case manager's help.",
    )
    organisation_count = fields.Integer(
        string="# Organisations Involved",
        compute="_compute_organisation_count",
        help="Distinct organisations in the active circle of professionals. Case "
        "management suits cases with several organisations involved.",
    )

    # People
    manager_id = fields.Many2one(
        "res.users",
        string="Case Manager",
        default=lambda self: self.env.user,
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        check_company=True,
    )
    key_worker_user_id = fields.Many2one(
        "res.users",
        string="Key Worker",
        index="btree_not_null",
        tracking=True,
        domain="[('share', '=', False)]",
        check_company=True,
        help="The professional in direct work with the family (klíčový pracovník), "
        "when it is one of our users.",
    )
    key_worker_partner_id = fields.Many2one(
        "res.partner",
        string="External Key Worker",
        tracking=True,
        help="The key worker (klíčový pracovník) when they work for another "
        "organisation, e.g. a SAS worker.",
    )
    coordination_model = fields.Selection(
        COORDINATION_MODEL_SELECTION,
        default="cm_key_worker",
        required=True,
        tracking=True,
        help="Who coordinates the case: the case manager who is also the key worker, "
        "a separate neutral coordinator, or an outside professional (typically the "
        "OSPOD social worker) while our user is the key worker.",
    )
    coordinator_user_id = fields.Many2one(
        "res.users",
        string="Coordinating User",
        tracking=True,
        domain="[('share', '=', False)]",
        check_company=True,
    )
    coordinator_partner_id = fields.Many2one(
        "res.partner",
        string="External Coordinator",
        tracking=True,
        help="The outside professional who coordinates, e.g. the OSPOD social "
        "worker or the youth curator.",
    )
    info_hub_partner_id = fields.Many2one(
        "res.partner",
        string="Information Hub",
        help="The person where all information meets (usually the case manager), "
        "named at the first joint meeting.",
    )
    conference_convener = fields.Selection(
        [
            ("ospod", "OSPOD"),
            ("case_manager", "Case manager"),
            ("other", "Other"),
        ],
        string="Convenes Case Conferences",
        help="Who convenes case conferences (případová konference): set explicitly "
        "so that OSPOD does not feel its role is being taken over.",
    )
    team_user_ids = fields.Many2many(
        "res.users",
        "case_case_team_user_rel",
        "case_id",
        "user_id",
        string="Team",
        domain="[('share', '=', False)]",
        help="Internal users who work on the case with the case manager.",
    )
    member_user_ids = fields.Many2many(
        "res.users",
        "case_case_member_user_rel",
        "case_id",
        "user_id",
        string="Members",
        compute="_compute_member_user_ids",
        store=True,
        compute_sudo=True,
        help="Case manager, key worker and team in one indexed table: the record "
        "rules of every case document test this single field.",
    )
    funding_programme_ids = fields.Many2many(
        "case.funding.programme",
        string="Funding Programmes",
        check_company=True,
    )

    # Lines
    participant_ids = fields.One2many(
        "case.participant", "case_id", string="Circle of Professionals"
    )
    participant_count = fields.Integer(
        compute="_compute_counts", string="# Professionals"
    )
    factor_ids = fields.One2many("case.factor", "case_id", string="Factors")
    current_factor_ids = fields.One2many(
        "case.factor",
        "case_id",
        string="Current Factors",
        domain=[("is_current", "=", True)],
    )
    factor_count = fields.Integer(compute="_compute_counts", string="# Factors")
    contact_ids = fields.One2many("case.contact", "case_id", string="Contacts")
    contact_count = fields.Integer(compute="_compute_counts", string="# Contacts")
    last_contact_date = fields.Datetime(
        compute="_compute_last_contact_date", store=True, string="Last Contact"
    )
    motivation_ids = fields.One2many(
        "case.motivation", "case_id", string="Motivation History"
    )
    help_ids = fields.One2many("case.help", "case_id", string="Immediate Help")

    # Sensitive
    health_notes = fields.Html(
        string="Health",
        groups=CASE_GROUP,
        help="Health and mental-health information: its own, narrower data category.",
    )
    ospod_notes = fields.Html(
        string="OSPOD Details",
        groups=CASE_GROUP,
        help="Child-protection details (OSPOD, IPOD, court measures).",
    )

    has_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_has_overdue",
        search="_search_has_overdue",
    )

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique (name, company_id)",
            "The case reference must be unique per organisation.",
        ),
    ]

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("stage_id")
    def _compute_end_date(self):
        today = fields.Date.context_today(self)
        for case in self:
            if case.stage_id.is_closed and not case.end_date:
                case.end_date = today

    def _auto_init(self):
        """The lists and the kanban read the first 80 cases in the default
        order: an index in that order (bench at 100,000 cases: 49.6 ms ->
        0.3 ms for the ordered read)."""
        res = super()._auto_init()
        tools.create_index(
            self.env.cr,
            "case_case_default_order_index",
            self._table,
            ["priority DESC", "start_date DESC", "id DESC"],
            where="active",
        )
        return res

    @api.depends("stage_id", "closure_reason")
    def _compute_show_closure_reason(self):
        # the id from the cached xmlid map: env.ref() would also query
        # whether the stage still exists
        closure_stage_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "case_management.stage_closure", raise_if_not_found=False
        )
        for case in self:
            case.show_closure_reason = bool(
                case.stage_id.is_closed
                or case.closure_reason
                or (closure_stage_id and case.stage_id.id == closure_stage_id)
            )

    @api.depends("start_date")
    def _compute_days_since_intake(self):
        today = fields.Date.context_today(self)
        for case in self:
            case.days_since_intake = (
                (today - case.start_date).days if case.start_date else 0
            )

    def _case_stat_count_domains(self):
        """The stat buttons' counts: ``{field: (model, domain)}``, each the
        number of the model's records of the case (``case_id``) matching the
        domain. Extensions add theirs; ``_compute_counts`` computes them all."""
        return {
            "participant_count": ("case.participant", []),
            "factor_count": ("case.factor", [("is_current", "=", True)]),
            "contact_count": ("case.contact", []),
        }

    def _compute_counts(self):
        """Every stat button's count in one query: a UNION of one counting
        sub-query per count, each built by ``_search`` with the user's access
        rights and record rules (as one ``_read_group`` per count did)."""
        specs = self._case_stat_count_domains()
        counts = {fname: {} for fname in specs}
        ids = [id_ for id_ in self._ids if isinstance(id_, int)]
        if ids:
            parts = []
            for fname, (model, domain) in specs.items():
                Model = self.env[model]
                query = Model._search(
                    expression.AND([domain, [("case_id", "in", ids)]])
                )
                case_column = Model._field_to_sql(query.table, "case_id", query)
                query.groupby = case_column
                query.order = None
                parts.append(
                    SQL("(%s)", query.select(SQL("%s", fname), case_column, "COUNT(*)"))
                )
            rows = self.env.execute_query(SQL(" UNION ALL ").join(parts))
            for fname, case_id, count in rows:
                counts[fname][case_id] = count
        for case in self:
            for fname, by_case in counts.items():
                case[fname] = by_case.get(case.id, 0)

    @api.depends(
        "participant_ids.state",
        "participant_ids.organisation_id",
        "participant_ids.partner_id",
    )
    def _compute_organisation_count(self):
        for case in self:
            active = case.participant_ids.filtered(lambda p: p.state == "active")
            organisations = {
                (participant.organisation_id or participant.partner_id).id
                for participant in active
            }
            case.organisation_count = len(organisations)

    @api.depends("contact_ids.date", "contact_ids.state")
    def _compute_last_contact_date(self):
        groups = self.env["case.contact"]._read_group(
            [("case_id", "in", self.ids), ("state", "=", "done")],
            ["case_id"],
            ["date:max"],
        )
        last = {case.id: date for case, date in groups}
        for case in self:
            case.last_contact_date = last.get(case.id, False)

    @api.depends("activity_state")
    def _compute_has_overdue(self):
        for case in self:
            case.has_overdue = case.activity_state == "overdue"

    def _compute_focus_partner_name(self):
        for case in self:
            case.focus_partner_name = ", ".join(case.focus_partner_ids.mapped("name"))

    def _search_focus_partner_name(self, operator, value):
        """The cases whose person in focus has a matching name. The names are
        matched without the contacts' record rules: the outer search still
        returns only the cases the user may see, and whoever may see a case
        sees its persons in focus. Through ``focus_partner_ids`` the rules of
        every contact of that name were evaluated instead, which at 100,000
        cases cost a case manager seconds per search."""
        if operator not in ("ilike", "like", "=", "=ilike", "=like"):
            raise UserError(_("Unsupported search on the name of a person in focus."))
        partners = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            ._search([("name", operator, value)])
        )
        return [("focus_partner_ids", "in", partners)]

    def _search_has_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise ValueError(_("Unsupported search on the overdue flag."))
        if (operator == "=") == bool(value):
            return [("activity_state", "=", "overdue")]
        return [("activity_state", "!=", "overdue")]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        company_ids = self.env.companies.ids
        return stages.search(
            [
                "|",
                ("id", "in", stages.ids),
                "|",
                ("company_id", "=", False),
                ("company_id", "in", company_ids),
            ],
            order=stages._order,
        )

    # ------------------------------------------------------------
    # CONSTRAINTS / ONCHANGES
    # ------------------------------------------------------------

    @api.constrains("start_date", "end_date")
    def _check_dates(self):
        for case in self:
            if case.start_date and case.end_date and case.end_date < case.start_date:
                raise ValidationError(
                    _(
                        "Case %(code)s cannot end before it starts.",
                        code=case.name,
                    )
                )

    @api.constrains("stage_id", "closure_reason")
    def _check_closure_reason(self):
        for case in self:
            if case.stage_id.is_closed and not case.closure_reason:
                raise ValidationError(
                    _(
                        "Case %(code)s cannot be closed without a closure reason: "
                        "fill in the closure reason first.",
                        code=case.name,
                    )
                )

    @api.constrains("focus_partner_ids", "client_type", "active")
    def _check_focus_partners(self):
        for case in self:
            if not case.focus_partner_ids:
                raise ValidationError(
                    _(
                        "Case %(code)s needs at least one person in focus.",
                        code=case.name,
                    )
                )

    @api.onchange("family_id")
    def _onchange_family_id(self):
        if self.family_id and not self.focus_partner_ids:
            children = self.family_id.member_ids.filtered("is_child")
            if children:
                self.focus_partner_ids = children

    @api.onchange("client_type")
    def _onchange_client_type(self):
        if self.client_type == "adult":
            if self.setting == "school":
                self.setting = "municipal"
            if self.target_group == "family_child_at_risk":
                self.target_group = "adult_55"
        elif self.target_group != "family_child_at_risk":
            self.target_group = "family_child_at_risk"

    @api.onchange("coordination_model", "manager_id")
    def _onchange_coordination_model(self):
        if self.coordination_model == "cm_key_worker" and not self.key_worker_user_id:
            self.key_worker_user_id = self.manager_id
        if self.coordination_model == "neutral" and not self.coordinator_user_id:
            self.coordinator_user_id = self.manager_id

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name") in (None, False, "", "/", "New", _("New")):
                start = vals.get("start_date") or fields.Date.context_today(self)
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code(
                    "case.case", sequence_date=fields.Date.to_date(start)
                ) or _("New")
        self._add_coordinator_to_team(vals_list)
        cases = super(CaseCase, self.with_context(mail_create_nosubscribe=True)).create(
            vals_list
        )
        # the record rules read member_user_ids in SQL: write it now
        cases.flush_recordset(["member_user_ids"])
        cases._subscribe_role_users()
        return cases

    def write(self, vals):
        if (
            "active" in vals
            and not self.env.su
            and not self.env.user.has_group(COORDINATOR_GROUP)
        ):
            raise AccessError(_("Only a coordinator can archive or restore cases."))
        self._add_coordinator_to_team([vals])
        track_roles = any(fname in vals for fname in ROLE_USER_FIELDS)
        old_users = {}
        if track_roles:
            old_users = {case.id: case._get_role_users() for case in self}
        res = super().write(vals)
        if track_roles:
            # the record rules read member_user_ids in SQL, which the ORM
            # does not flush for a many2many condition: write it now
            self.flush_recordset(["member_user_ids"])
            for case in self:
                removed = old_users[case.id] - case._get_role_users()
                if removed:
                    case.sudo().message_unsubscribe(partner_ids=removed.partner_id.ids)
            self._subscribe_role_users()
        return res

    def copy_data(self, default=None):
        default = dict(default or {})
        default.setdefault("name", _("New"))
        return super().copy_data(default=default)

    def web_read(self, specification):
        verified = self._case_prefetch_lines(
            [
                fname
                for fname, field_spec in specification.items()
                if field_spec.get("fields")
            ]
        )
        if self.env.su:
            return super().web_read(specification)
        # While the form is read, records whose read rules were checked for
        # this user (the lines the prefetch found, the records a fetch read)
        # are not checked a second time, e.g. by the read of a tag's display
        # name (case.read.access.mixin). Nothing is written in between.
        cache = self.env.cr.cache
        previous = cache.get(READ_VERIFIED_KEY)
        cache[READ_VERIFIED_KEY] = merged = defaultdict(set)
        for verified_ids in (previous or {}, verified or {}):
            for key, record_ids in verified_ids.items():
                merged[key].update(record_ids)
        try:
            return super().web_read(specification)
        finally:
            if previous is None:
                cache.pop(READ_VERIFIED_KEY, None)
            else:
                cache[READ_VERIFIED_KEY] = previous

    web_read._readonly = False

    def _case_prefetch_lines(self, fnames):
        """Read the lines of the given one2many and many2many fields in one
        query instead of one per field (the case form shows about twenty).

        Each part is the query Odoo's own ``read`` of the field runs, for
        the field's domain, with archived lines unless the field's context
        says otherwise, in the comodel's order: for a one2many ``_search``
        on the comodel (its access rights and record rules) with ``inverse
        in ids``; for a many2many the comodel's record rules joined with the
        relation table. The ids go to the cache only where it holds no value
        yet; a field the user may not read, or whose comodel they may not
        read, is left to Odoo's own read.

        Returns the line ids found per model, user and companies: they
        passed the read rules of their model (``read_verified_key``).
        """
        ids = [id_ for id_ in self._ids if isinstance(id_, int)]
        if not ids:
            return None
        records = self.browse(ids)
        Access = self.env["ir.model.access"]
        fields_to_read = [
            field
            for field in (self._fields.get(fname) for fname in fnames)
            if field
            and field.type in ("one2many", "many2many")
            and field.store
            and field.is_accessible(self.env)
            and Access.check(field.comodel_name, "read", raise_exception=False)
            and any(not self.env.cache.contains(record, field) for record in records)
        ]
        if len(fields_to_read) < 2:
            return None
        parts = []
        keys = []
        for index, field in enumerate(fields_to_read):
            comodel = self.env[field.comodel_name].with_context(
                **{"active_test": False, **field.context}
            )
            keys.append(read_verified_key(comodel))
            domain = field.get_domain_list(records)
            if field.type == "one2many":
                query = comodel._search(
                    domain + [(field.inverse_name, "in", ids)], order=comodel._order
                )
                record_column = comodel._field_to_sql(
                    query.table, field.inverse_name, query
                )
                line_column = SQL.identifier(query.table, "id")
            else:
                query = comodel._where_calc(domain)
                comodel._apply_ir_rules(query, "read")
                query.order = comodel._order_to_sql(comodel._order, query)
                record_column = SQL.identifier(field.relation, field.column1)
                line_column = SQL.identifier(field.relation, field.column2)
                query.add_join(
                    "JOIN",
                    field.relation,
                    None,
                    SQL("%s = %s", line_column, SQL.identifier(comodel._table, "id")),
                )
                query.add_where(SQL("%s IN %s", record_column, tuple(ids)))
            order = query.order
            query.order = None
            parts.append(
                SQL(
                    "(%s)",
                    query.select(
                        SQL("%s", index),
                        record_column,
                        line_column,
                        SQL("ROW_NUMBER() OVER (ORDER BY %s)", order),
                    ),
                )
            )
        rows = self.env.execute_query(SQL(" UNION ALL ").join(parts))
        lines = [defaultdict(list) for _field in fields_to_read]
        for index, record_id, line_id, _rank in sorted(
            rows, key=lambda row: (row[0], row[3])
        ):
            lines[index][record_id].append(line_id)
        verified = defaultdict(set)
        for index, field in enumerate(fields_to_read):
            self.env.cache.insert_missing(
                records, field, [tuple(lines[index][id_]) for id_ in ids]
            )
            if not self.env.su:
                for line_ids in lines[index].values():
                    verified[keys[index]].update(line_ids)
        return verified

    # ------------------------------------------------------------
    # SECURITY / MAIL
    # ------------------------------------------------------------

    @api.model
    def _filter_internal_partner_ids(self, partner_ids):
        """Keep only partners of internal users: external professionals and
        family members must never follow a case document."""
        if not partner_ids:
            return partner_ids
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        return partners.filtered(
            lambda partner: any(not user.share for user in partner.user_ids)
        ).ids

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        partner_ids = self._filter_internal_partner_ids(partner_ids)
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    @api.depends(*ROLE_USER_FIELDS)
    def _compute_member_user_ids(self):
        for case in self:
            case.member_user_ids = (
                case.manager_id | case.key_worker_user_id | case.team_user_ids
            )

    def _get_role_users(self):
        self.ensure_one()
        return self.manager_id | self.key_worker_user_id | self.team_user_ids

    def _subscribe_role_users(self):
        for case in self:
            partners = case.sudo()._get_role_users().partner_id
            if partners:
                case.sudo().message_subscribe(partner_ids=partners.ids)

    @api.model
    def _add_coordinator_to_team(self, vals_list):
        # A user who coordinates the case must be able to open it: the record
        # rules go through manager, key worker and team.
        for vals in vals_list:
            if vals.get("coordinator_user_id"):
                commands = list(vals.get("team_user_ids") or [])
                commands.append(fields.Command.link(vals["coordinator_user_id"]))
                vals["team_user_ids"] = commands

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _action_lines(self, xmlid, extra_context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("case_id", "=", self.id)]
        context = {"default_case_id": self.id}
        context.update(extra_context or {})
        action["context"] = context
        return action

    def action_view_participants(self):
        return self._action_lines(
            "case_management.case_participant_action",
            {"active_test": False},
        )

    def action_view_factors(self):
        return self._action_lines(
            "case_management.case_factor_action",
            {"search_default_group_kind": 1},
        )

    def action_view_contacts(self):
        action = self._action_lines("case_management.case_contact_action")
        action["views"] = sorted(action["views"], key=lambda view: view[1] != "list")
        return action
