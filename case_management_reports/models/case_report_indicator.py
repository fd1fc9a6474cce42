# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Indicators of a funding programme and the built-in measures.

A measure is a SQL fragment that yields one row per counted unit (family,
person, case, meeting, contact, goal) inside the funded windows of the
programme: ``w`` holds one row per funding period of a case clipped to the
report period and to the case's own dates. The indicator adds a breakdown
and the whole table is one SQL statement (``GROUP BY ROLLUP``).

Other addons plug in measures by overriding :meth:`_get_measures` (e.g. the
school addon's attendance before/after, the referral and gap measures of
the service network); a measure whose ``available`` callable is false for
the database is not offered.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .case_case import CLOSURE_OUTCOME_FLAGS

PRAGUE_DAY = "((%s) AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Prague')::date"
DAYS_PER_MONTH = 30.4375

BREAKDOWN_SELECTION = [
    ("none", "No breakdown (total only)"),
    ("category", "The measure's own categories"),
    ("gender", "Gender"),
    ("age_band", "Age band"),
    ("territory", "Territory"),
    ("client_type", "Client type (family / adult)"),
    ("setting", "Setting"),
    ("new_continuing", "New or continuing case"),
    ("manager", "Case manager (coordinators only)"),
]

BREAKDOWN_SQL = {
    "none": "'all'",
    "category": "u.cat",
    "gender": "p.case_gender",
    "age_band": """CASE
        WHEN p.birthdate IS NULL THEN NULL
        WHEN date_part('year', age(u.d_from, p.birthdate)) < 6 THEN '0_5'
        WHEN date_part('year', age(u.d_from, p.birthdate)) < 15 THEN '6_14'
        WHEN date_part('year', age(u.d_from, p.birthdate)) < 18 THEN '15_17'
        WHEN date_part('year', age(u.d_from, p.birthdate)) < 30 THEN '18_29'
        WHEN date_part('year', age(u.d_from, p.birthdate)) < 55 THEN '30_54'
        ELSE '55' END""",
    "territory": "NULLIF(TRIM(c.territory), '')",
    "client_type": "c.client_type",
    "setting": "c.setting",
    "new_continuing": """CASE WHEN c.start_date >= %(date_from)s::date
        THEN 'new' ELSE 'continuing' END""",
    "manager": "c.manager_id::text",
}
PERSON_BREAKDOWNS = ("gender", "age_band")

# One row per unit: unit, case_id, person_id, d_from, cat, num, val.
MEASURE_SQL = {
    "families": """
        SELECT COALESCE('f' || c.family_id, 'c' || c.id) AS unit, w.case_id,
               NULL::int AS person_id, w.d_from, NULL::text AS cat,
               1 AS num, NULL::numeric AS val
          FROM w JOIN case_case c ON c.id = w.case_id""",
    "persons": """
        SELECT 'p' || r.partner_id AS unit, w.case_id, r.partner_id AS person_id,
               w.d_from, NULL::text AS cat, 1 AS num, NULL::numeric AS val
          FROM w JOIN case_case_focus_partner_rel r ON r.case_id = w.case_id""",
    "children": """
        SELECT 'p' || r.partner_id AS unit, w.case_id, r.partner_id AS person_id,
               w.d_from, NULL::text AS cat, 1 AS num, NULL::numeric AS val
          FROM w JOIN case_case_focus_partner_rel r ON r.case_id = w.case_id
          JOIN res_partner fp ON fp.id = r.partner_id
         WHERE fp.birthdate > w.d_to - INTERVAL '18 years'""",
    "cases": """
        SELECT 'c' || w.case_id AS unit, w.case_id, NULL::int AS person_id,
               w.d_from, NULL::text AS cat, 1 AS num, NULL::numeric AS val
          FROM w""",
    "cases_closed": """
        SELECT 'c' || w.case_id AS unit, w.case_id, NULL::int AS person_id,
               w.d_from, c.closure_reason AS cat, 1 AS num, NULL::numeric AS val
          FROM w JOIN case_case c ON c.id = w.case_id
         WHERE c.is_closed AND c.end_date BETWEEN w.d_from AND w.d_to""",
    "support_length": """
        SELECT 'c' || w.case_id AS unit, w.case_id, NULL::int AS person_id,
               w.d_from, c.closure_reason AS cat, 1 AS num,
               ((c.end_date - c.start_date) / %(dpm)s)::numeric AS val
          FROM w JOIN case_case c ON c.id = w.case_id
         WHERE c.is_closed AND c.end_date BETWEEN w.d_from AND w.d_to""",
    "meetings": f"""
        SELECT 'm' || m.id AS unit, w.case_id, NULL::int AS person_id, w.d_from,
               m.meeting_format AS cat, 1 AS num, NULL::numeric AS val
          FROM w JOIN case_meeting m ON m.case_id = w.case_id
         WHERE m.state = 'held'
           AND {PRAGUE_DAY % "m.start"} BETWEEN w.d_from AND w.d_to""",
    "contacts": f"""
        SELECT 'k' || k.id AS unit, w.case_id, NULL::int AS person_id, w.d_from,
               k.contact_type AS cat, 1 AS num, NULL::numeric AS val
          FROM w JOIN case_contact k ON k.case_id = w.case_id
         WHERE k.state = 'done'
           AND {PRAGUE_DAY % "k.date"} BETWEEN w.d_from AND w.d_to""",
    "contact_intensity": f"""
        SELECT 'c' || w.case_id AS unit, w.case_id, NULL::int AS person_id,
               w.d_from, NULL::text AS cat,
               (SELECT COUNT(*) FROM case_contact k
                 WHERE k.case_id = w.case_id AND k.state = 'done'
                   AND {PRAGUE_DAY % "k.date"} BETWEEN w.d_from AND w.d_to
               ) AS num,
               ((w.d_to - w.d_from + 1) / %(dpm)s)::numeric AS val
          FROM w""",
    "workers": f"""
        SELECT 'u' || x.user_id AS unit, MIN(x.case_id) AS case_id,
               NULL::int AS person_id, MIN(x.d_from) AS d_from, NULL::text AS cat,
               1 AS num, NULL::numeric AS val
          FROM (
               SELECT k.user_id, w.case_id, w.d_from
                 FROM w JOIN case_contact k ON k.case_id = w.case_id
                WHERE k.state = 'done' AND k.user_id IS NOT NULL
                  AND {PRAGUE_DAY % "k.date"} BETWEEN w.d_from AND w.d_to
               UNION ALL
               SELECT c.manager_id, w.case_id, w.d_from
                 FROM w JOIN case_case c ON c.id = w.case_id
                WHERE c.manager_id IS NOT NULL
          ) x GROUP BY x.user_id""",
    "first_result": """
        SELECT 'c' || w.case_id AS unit, w.case_id, NULL::int AS person_id,
               w.d_from, NULL::text AS cat, 1 AS num,
               ((fr.first_date - c.start_date) / %(dpm)s)::numeric AS val
          FROM w JOIN case_case c ON c.id = w.case_id
          JOIN (
               SELECT r.case_id, MIN(r.date) AS first_date
                 FROM case_plan_review r
                 JOIN case_plan_review_goal rg
                   ON rg.review_id = r.id AND rg.verdict = 'achieved'
                WHERE r.state = 'done'
                GROUP BY r.case_id
          ) fr ON fr.case_id = w.case_id
         WHERE fr.first_date BETWEEN w.d_from AND w.d_to""",
    "goals": """
        SELECT 'g' || g.id AS unit, w.case_id, NULL::int AS person_id, w.d_from,
               g.area AS cat, (g.state = 'achieved')::int AS num,
               NULL::numeric AS val
          FROM w JOIN case_plan_goal g ON g.case_id = w.case_id
          JOIN case_plan pl ON pl.id = g.plan_id AND pl.state != 'draft'
         WHERE g.target_date BETWEEN w.d_from AND w.d_to
           AND NOT EXISTS (
               SELECT 1 FROM case_plan_goal ng WHERE ng.origin_goal_id = g.id)""",
}


# ESF+ participants at entry or exit: one template, two measures.
PARTICIPANTS_SQL = """
        SELECT 'p' || pp.id AS unit, MIN(w.case_id) AS case_id, pp.id AS person_id,
               MIN(w.d_from) AS d_from, pp.participant_{side}_status AS cat,
               1 AS num, NULL::numeric AS val
          FROM w JOIN case_case c ON c.id = w.case_id
          JOIN res_partner pp ON pp.id IN (
               SELECT r.partner_id FROM case_case_focus_partner_rel r
                WHERE r.case_id = c.id
               UNION
               SELECT m.id FROM res_partner m
                WHERE m.case_family_id = c.family_id)
         WHERE pp.participant_{side}_date BETWEEN w.d_from AND w.d_to
         GROUP BY pp.id, pp.participant_{side}_status"""
for _side in ("entry", "exit"):
    MEASURE_SQL[f"participants_{_side}"] = PARTICIPANTS_SQL.format(side=_side)

# Families with at least one referral, made in the window, that the service
# accepted (accepted, started or done).
MEASURE_SQL["referrals_accepted"] = """
        SELECT COALESCE('f' || c.family_id, 'c' || c.id) AS unit, w.case_id,
               NULL::int AS person_id, w.d_from, NULL::text AS cat,
               1 AS num, NULL::numeric AS val
          FROM w JOIN case_case c ON c.id = w.case_id
         WHERE EXISTS (
               SELECT 1 FROM case_referral r
                WHERE r.case_id = w.case_id
                  AND r.state IN ('accepted', 'started', 'done')
                  AND r.date BETWEEN w.d_from AND w.d_to)"""

# Families of the window, num 1 when one of their cases had a service
# running in the window (A12 12.2): a referral started by the window's end
# and still running, or ended inside the window.
MEASURE_SQL["active_service"] = """
        SELECT COALESCE('f' || c.family_id, 'c' || c.id) AS unit, w.case_id,
               NULL::int AS person_id, w.d_from, NULL::text AS cat,
               EXISTS (
                   SELECT 1 FROM case_referral r
                    WHERE r.case_id = w.case_id AND r.date <= w.d_to
                      AND ((r.state = 'started' AND r.state_date <= w.d_to)
                           OR (r.state = 'done' AND r.state_date >= w.d_from))
               )::int AS num,
               NULL::numeric AS val
          FROM w JOIN case_case c ON c.id = w.case_id"""

# Service gaps of the company recorded in the report period, counted by
# their own category, territory and date: never joined to a case (the gap's
# case link is technical and stays out of every report).
MEASURE_SQL["service_gaps"] = """
        SELECT 'g' || g.id AS unit, NULL::int AS case_id, NULL::int AS person_id,
               g.date AS d_from, g.category_id::text AS cat, 1 AS num,
               NULL::numeric AS val, t.complete_name AS terr
          FROM case_service_gap g
          LEFT JOIN case_territory t ON t.id = g.territory_id
         WHERE g.company_id = %(company)s
           AND g.date BETWEEN %(date_from)s AND %(date_to)s"""

# School addon (when installed): per pupil of a case, the last term that
# ended in the window against the record from before the case.
SCHOOL_CHANGE_SQL = """
        SELECT 'p' || COALESCE(b.partner_id, -w.case_id) AS unit, w.case_id,
               b.partner_id AS person_id, w.d_from, NULL::text AS cat,
               1 AS num, ({expr})::numeric AS val
          FROM w JOIN case_school_outcome b
            ON b.case_id = w.case_id AND b.period = 'before'
          JOIN LATERAL (
               SELECT t.* FROM case_school_outcome t
                WHERE t.case_id = w.case_id AND t.period = 'term'
                  AND t.partner_id IS NOT DISTINCT FROM b.partner_id
                  AND t.date_to BETWEEN w.d_from AND w.d_to
                ORDER BY t.date_to DESC LIMIT 1) a ON TRUE
         WHERE {where}"""
MEASURE_SQL["school_unexcused_change"] = SCHOOL_CHANGE_SQL.format(
    expr="100.0 * (a.unexcused_hours / a.lessons - b.unexcused_hours / b.lessons)",
    where="a.lessons > 0 AND b.lessons > 0",
)
MEASURE_SQL["school_average_change"] = SCHOOL_CHANGE_SQL.format(
    expr="a.average - b.average", where="a.average > 0 AND b.average > 0"
)

# Cases with a joint plan: every case of the window, num 1 when a plan of
# the case was activated by the end of its window (A12 12.3).
MEASURE_SQL["cases_with_plan"] = """
        SELECT 'c' || w.case_id AS unit, w.case_id, NULL::int AS person_id,
               w.d_from, NULL::text AS cat,
               EXISTS (
                   SELECT 1 FROM case_plan pl
                    WHERE pl.case_id = w.case_id AND pl.state != 'draft'
                      AND pl.activated_date <= w.d_to)::int AS num,
               NULL::numeric AS val
          FROM w"""

# Closed cases by the OSPOD supervision recorded at closure.
MEASURE_SQL["ospod_supervision"] = """
        SELECT 'c' || w.case_id AS unit, w.case_id, NULL::int AS person_id,
               w.d_from, c.ospod_supervision AS cat, 1 AS num, NULL::numeric AS val
          FROM w JOIN case_case c ON c.id = w.case_id
         WHERE c.is_closed AND c.end_date BETWEEN w.d_from AND w.d_to"""

# Outcome flags of the cases closed in the window: one unit per case and
# flag, ``num`` 1 when the flag is set (a share of the closed cases).
MEASURE_SQL["closure_outcomes"] = """
        SELECT 'c' || w.case_id || x.flag AS unit, w.case_id,
               NULL::int AS person_id, w.d_from, x.flag AS cat,
               COALESCE(x.hit, FALSE)::int AS num, NULL::numeric AS val
          FROM w JOIN case_case c ON c.id = w.case_id
         CROSS JOIN LATERAL (VALUES {flags}) x(flag, hit)
         WHERE c.is_closed AND c.end_date BETWEEN w.d_from AND w.d_to""".format(
    flags=", ".join(f"('{f}', c.{f})" for f, _label in CLOSURE_OUTCOME_FLAGS)
)


class Measure:
    """A built-in measure: what is counted and how the table looks."""

    def __init__(
        self,
        code,
        label,
        sql,
        kind="count",
        agg="max",
        person=False,
        category=None,
        population=None,
        available=None,
        breakdowns=None,
        breakdown_sql=None,
        columns=None,
        case_filters=True,
        show_total=True,
    ):
        self.code = code
        self.label = label
        self.sql = sql
        self.kind = kind  # count | rate | median | intensity
        self.agg = agg  # how rows of one unit combine: max | sum
        self.person = person  # units are persons: gender / age band apply
        self.category = category  # (model, field) of the own categories
        self.population = population or code  # measures that share totals
        self.available = available or (lambda env: True)
        # Breakdowns offered (None: all) and measure-specific SQL for some.
        self.breakdowns = breakdowns
        self.breakdown_sql = breakdown_sql or {}
        self.columns = columns  # column titles of a rate table
        self.case_filters = case_filters  # setting / client type filters apply
        self.show_total = show_total  # False when a unit is not a person/case


def _school_installed(env):
    """School measures without depending on the school addon."""
    return "case.school.outcome" in env


def _service_categories(env, keys):
    """Labels of the service categories found in a gap table."""
    ids = [int(k) for k in keys if k and k.isdigit()]
    categories = env["case.service.category"].sudo().browse(ids).exists()
    return sorted(((str(c.id), c.name) for c in categories), key=lambda x: x[1])


def _closure_flags(env, keys):
    """Labels of the outcome flags, in their order on the case form."""
    fields_ = env["case.case"]._fields
    return [(f, fields_[f]._description_string(env)) for f, _l in CLOSURE_OUTCOME_FLAGS]


class CaseReportIndicator(models.Model):
    _name = "case.report.indicator"
    _description = "Programme Indicator"
    _order = "programme_id, sequence, id"
    _check_company_auto = True

    programme_id = fields.Many2one(
        "case.funding.programme",
        string="Programme",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="programme_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, help="The funder's indicator code, e.g. 6 00 00.")
    name = fields.Char(required=True, translate=True)
    measure = fields.Selection(
        selection="_selection_measure", required=True, default="families"
    )
    breakdown = fields.Selection(BREAKDOWN_SELECTION, required=True, default="none")
    filter_setting = fields.Selection(
        selection="_selection_setting",
        string="Only Setting",
        help="Count only cases held in this setting.",
    )
    filter_client_type = fields.Selection(
        [("family", "Family"), ("adult", "Adult client")],
        string="Only Client Type",
    )
    definition = fields.Text(
        translate=True,
        help="Printed in the report under the table: what is counted and how.",
    )
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------------
    # Measures
    # ------------------------------------------------------------------
    @api.model
    def _get_measures(self):
        """The registry. Override (call super) to add measures."""
        _ = self.env._
        return {
            m.code: m
            for m in [
                Measure("families", _("Families supported"), MEASURE_SQL["families"]),
                Measure(
                    "persons",
                    _("Persons in focus supported"),
                    MEASURE_SQL["persons"],
                    person=True,
                ),
                Measure(
                    "children",
                    _("Children supported"),
                    MEASURE_SQL["children"],
                    person=True,
                ),
                Measure("cases", _("Cases (new and continuing)"), MEASURE_SQL["cases"]),
                Measure(
                    "cases_closed",
                    _("Cases closed, by reason"),
                    MEASURE_SQL["cases_closed"],
                    category=("case.case", "closure_reason"),
                    population="closed",
                ),
                Measure(
                    "support_length",
                    _("Length of support of closed cases (months)"),
                    MEASURE_SQL["support_length"],
                    kind="median",
                    category=("case.case", "closure_reason"),
                    population="closed",
                ),
                Measure(
                    "meetings",
                    _("Meetings held, by format"),
                    MEASURE_SQL["meetings"],
                    category=("case.meeting", "meeting_format"),
                ),
                Measure(
                    "contacts",
                    _("Contacts with families, by type"),
                    MEASURE_SQL["contacts"],
                    category=("case.contact", "contact_type"),
                ),
                Measure(
                    "contact_intensity",
                    _("Contacts per case-month"),
                    MEASURE_SQL["contact_intensity"],
                    kind="intensity",
                    agg="sum",
                    population="cases",
                ),
                Measure(
                    "goals",
                    _("Goals achieved of goals due"),
                    MEASURE_SQL["goals"],
                    kind="rate",
                    category=("case.plan.goal", "area"),
                ),
                Measure(
                    "first_result",
                    _("Months from the start to the first goal achieved"),
                    MEASURE_SQL["first_result"],
                    kind="median",
                ),
                Measure(
                    "participants_entry",
                    _("Participants at entry (ESF+)"),
                    MEASURE_SQL["participants_entry"],
                    person=True,
                    category=("res.partner", "participant_entry_status"),
                ),
                Measure(
                    "participants_exit",
                    _("Participants at exit (ESF+)"),
                    MEASURE_SQL["participants_exit"],
                    person=True,
                    category=("res.partner", "participant_exit_status"),
                ),
                Measure(
                    "cases_with_plan",
                    _("Cases with a joint plan"),
                    MEASURE_SQL["cases_with_plan"],
                    kind="rate",
                    population="cases",
                    columns=(_("Cases"), _("With a plan"), _("Share (%)")),
                ),
                Measure(
                    "referrals_accepted",
                    _("Families referred to a service that accepted"),
                    MEASURE_SQL["referrals_accepted"],
                    population="referred",
                ),
                Measure(
                    "active_service",
                    _("Families with an active service"),
                    MEASURE_SQL["active_service"],
                    kind="rate",
                    population="families",
                    columns=(
                        _("Families"),
                        _("With an active service"),
                        _("Share (%)"),
                    ),
                ),
                Measure(
                    "service_gaps",
                    _("Service gaps, by category and territory"),
                    MEASURE_SQL["service_gaps"],
                    category=_service_categories,
                    population="gaps",
                    breakdowns=("none", "category", "territory"),
                    breakdown_sql={"territory": "NULLIF(TRIM(u.terr), '')"},
                    case_filters=False,
                ),
                Measure(
                    "ospod_supervision",
                    _("Closed cases by OSPOD supervision"),
                    MEASURE_SQL["ospod_supervision"],
                    category=("case.case", "ospod_supervision"),
                    population="closed",
                ),
                Measure(
                    "closure_outcomes",
                    _("Outcomes at closure (share of closed cases)"),
                    MEASURE_SQL["closure_outcomes"],
                    kind="rate",
                    category=_closure_flags,
                    population="closure_outcomes",
                    breakdowns=("category",),
                    show_total=False,
                    columns=(
                        _("Closed cases"),
                        _("With this outcome"),
                        _("Share (%)"),
                    ),
                ),
                Measure(
                    "school_unexcused_change",
                    _("Change of the unexcused absence rate (school)"),
                    MEASURE_SQL["school_unexcused_change"],
                    kind="median",
                    person=True,
                    population="school_unexcused",
                    available=_school_installed,
                    columns=(
                        _("Pupils"),
                        _("Median change (percentage points)"),
                    ),
                ),
                Measure(
                    "school_average_change",
                    _("Change of the term average (school)"),
                    MEASURE_SQL["school_average_change"],
                    kind="median",
                    person=True,
                    population="school_average",
                    available=_school_installed,
                    columns=(_("Pupils"), _("Median change of the average")),
                ),
                Measure(
                    "workers",
                    _("Workers in direct work with clients"),
                    MEASURE_SQL["workers"],
                ),
            ]
            if m.available(self.env)
        }

    @api.model
    def _selection_measure(self):
        return [(code, m.label) for code, m in self._get_measures().items()]

    @api.model
    def _selection_setting(self):
        return self.env["case.case"]._fields["setting"]._description_selection(self.env)

    @api.constrains("measure", "breakdown", "filter_setting", "filter_client_type")
    def _check_breakdown(self):
        measures = self._get_measures()
        for indicator in self:
            measure = measures.get(indicator.measure)
            if not measure:
                continue
            if indicator.breakdown in PERSON_BREAKDOWNS and not measure.person:
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s: gender and age band apply to measures "
                        "that count persons.",
                        code=indicator.code,
                    )
                )
            if measure.breakdowns and indicator.breakdown not in measure.breakdowns:
                labels = dict(
                    self._fields["breakdown"]._description_selection(self.env)
                )
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s: this measure can be broken down only "
                        "by: %(allowed)s.",
                        code=indicator.code,
                        allowed=", ".join(labels[b] for b in measure.breakdowns),
                    )
                )
            if not measure.case_filters and (
                indicator.filter_setting or indicator.filter_client_type
            ):
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s: this measure is not linked to cases; "
                        "it cannot be filtered by setting or client type.",
                        code=indicator.code,
                    )
                )
            if indicator.breakdown == "category" and not measure.category:
                raise ValidationError(
                    self.env._(
                        "Indicator %(code)s: this measure has no categories of "
                        "its own.",
                        code=indicator.code,
                    )
                )

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    def _query(self, programme, company, date_from, date_to):
        """The single SQL statement of this indicator's table."""
        self.ensure_one()
        measure = self._get_measures()[self.measure]
        agg = "SUM" if measure.agg == "sum" else "MAX"
        # Every case over its own dates, or the programme's funded periods.
        funding = (
            """(SELECT cc.id AS case_id, cc.start_date AS date_from,
                       NULL::date AS date_to
                  FROM case_case cc) fp"""
            if programme.all_cases
            else """(SELECT case_id, date_from, date_to FROM case_funding_period
                 WHERE programme_id = %(programme)s) fp"""
        )
        params = {
            "programme": programme.id,
            "company": company.id,
            "date_from": date_from,
            "date_to": date_to,
            "setting": self.filter_setting or None,
            "client_type": self.filter_client_type or None,
            "dpm": DAYS_PER_MONTH,
        }
        breakdown = self._breakdown_sql(measure)
        code = f"""
            WITH fc AS (
                SELECT c.id AS case_id,
                       GREATEST(fp.date_from, c.start_date, %(date_from)s::date)
                           AS d_from,
                       LEAST(COALESCE(fp.date_to, 'infinity'::date),
                             CASE WHEN c.is_closed AND c.end_date IS NOT NULL
                                  THEN c.end_date ELSE 'infinity'::date END,
                             %(date_to)s::date) AS d_to
                  FROM {funding}
                  JOIN case_case c ON c.id = fp.case_id
                 WHERE c.company_id = %(company)s
                   AND c.active
                   AND (%(setting)s::varchar IS NULL OR c.setting = %(setting)s)
                   AND (%(client_type)s::varchar IS NULL
                        OR c.client_type = %(client_type)s)
            ), w AS (
                SELECT * FROM fc WHERE d_from <= d_to
            ), u AS ({measure.sql}
            ), b AS (
                SELECT u.unit, MIN({breakdown}) AS bk,
                       {agg}(u.num) AS num, {agg}(u.val) AS val
                  FROM u
                  LEFT JOIN case_case c ON c.id = u.case_id
                  LEFT JOIN res_partner p ON p.id = u.person_id
                 GROUP BY u.unit
            )
            SELECT GROUPING(bk) = 1 AS is_total, bk, COUNT(*) AS n,
                   COALESCE(SUM(num), 0) AS num, COALESCE(SUM(val), 0) AS val,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY val) AS median
              FROM b
             GROUP BY ROLLUP(bk)
        """
        return SQL(code, **params)  # pylint: disable=sql-injection

    def _breakdown_sql(self, measure):
        """The SQL expression of this indicator's breakdown over ``u`` (the
        measure's rows), ``c`` (their case) and ``p`` (their person).
        Override (call super) for a breakdown an extension adds."""
        self.ensure_one()
        return measure.breakdown_sql.get(self.breakdown, BREAKDOWN_SQL[self.breakdown])

    def _breakdown_labels_extra(self, keys):
        """Ordered ``[(key, label)]`` of a breakdown an extension adds, or
        None. Override (call super)."""

    def _compute_raw(self, programme, company, date_from, date_to):
        """Run the indicator's SQL: ``{bk: row}`` and the total row."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(self._query(programme, company, date_from, date_to))
        rows = {}
        total = {"n": 0, "num": 0, "val": 0.0, "median": None}
        for is_total, bk, n, num, val, median in self.env.cr.fetchall():
            row = {
                "n": n,
                "num": int(num),
                "val": float(val or 0),
                "median": float(median) if median is not None else None,
            }
            if is_total:
                total = row
            else:
                rows[bk or ""] = row
        return rows, total

    def _breakdown_labels(self, keys):
        """Ordered ``[(key, label)]`` of the breakdown values to show."""
        self.ensure_one()
        _ = self.env._
        measure = self._get_measures()[self.measure]
        selection = None
        if self.breakdown == "category" and callable(measure.category):
            selection = measure.category(self.env, keys)
        elif self.breakdown == "category":
            model, field = measure.category
            selection = self.env[model]._fields[field]._description_selection(self.env)
        elif self.breakdown == "gender":
            selection = (
                self.env["res.partner"]
                ._fields["case_gender"]
                ._description_selection(self.env)
            )
        elif self.breakdown == "age_band":
            selection = [
                ("0_5", "0–5"),
                ("6_14", "6–14"),
                ("15_17", "15–17"),
                ("18_29", "18–29"),
                ("30_54", "30–54"),
                ("55", _("55 and over")),
            ]
        elif self.breakdown in ("client_type", "setting"):
            selection = (
                self.env["case.case"]
                ._fields[self.breakdown]
                ._description_selection(self.env)
            )
        elif self.breakdown == "new_continuing":
            selection = [("new", _("New")), ("continuing", _("Continuing"))]
        elif self.breakdown == "none":
            selection = [("all", _("Total"))]
        if selection is None:
            selection = self._breakdown_labels_extra(keys)
        if selection is not None:
            result = list(selection)
        elif self.breakdown == "manager":
            users = self.env["res.users"].browse(int(k) for k in keys if k).sudo()
            result = sorted(((str(u.id), u.name) for u in users), key=lambda x: x[1])
        else:
            result = sorted((k, k) for k in keys if k)
        if "" in keys:
            result.append(("", _("Not stated")))
        return result
