# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from odoo import api, fields, models, modules
from odoo.tools import SQL

from odoo.addons.case_management.cron_retry import cron_retry

_logger = logging.getLogger(__name__)

YEAR_OUTCOME_SELECTION = [
    ("moved_up", "Completed, moves up a grade"),
    ("completed", "Completed the final grade"),
    ("repeating", "Repeats the grade"),
    ("left", "Left the school"),
]


class CaseSchoolPupil(models.Model):
    """A child's enrolment in a class for one school year (history across
    years and schools is the list of a child's enrolments)."""

    _name = "case.school.pupil"
    _description = "Pupil (Enrolment)"
    _order = "school_id, class_id, partner_name, id"
    _rec_names_search = ["partner_name", "pupil_code"]

    partner_id = fields.Many2one(
        "res.partner", string="Child", required=True, index=True, ondelete="restrict"
    )
    partner_name = fields.Char(
        related="partner_id.name", store=True, string="Pupil Name"
    )
    pupil_code = fields.Char(
        required=True,
        index=True,
        help="The pupil's number in the school's own records system; attendance "
        "and results files name the pupil by it.",
    )
    class_id = fields.Many2one(
        "case.school.class",
        string="Class",
        required=True,
        index=True,
        ondelete="restrict",
    )
    school_id = fields.Many2one(
        related="class_id.school_id", store=True, index=True, string="School"
    )
    year_id = fields.Many2one(
        related="class_id.year_id", store=True, index=True, string="School Year"
    )
    grade = fields.Integer(related="class_id.grade", store=True)
    company_id = fields.Many2one(
        related="class_id.company_id", store=True, index=True, string="Company"
    )
    date_from = fields.Date(string="Enrolled From")
    date_to = fields.Date(string="Enrolled Until")
    year_outcome = fields.Selection(
        YEAR_OUTCOME_SELECTION,
        string="End of Year",
        help="Did the pupil complete the school year and move up a grade?",
    )
    active = fields.Boolean(default=True)
    # Watch list, computed by the cron from the school's thresholds
    is_watched = fields.Boolean(string="To Watch", index=True, readonly=True)
    watch_reasons = fields.Text(readonly=True)
    watch_since = fields.Date(readonly=True)
    watch_checked_on = fields.Date(readonly=True, index=True)
    unexcused_30d = fields.Float(string="Unexcused Hours (30 Days)", readonly=True)
    excused_share_30d = fields.Float(string="Excused Share (30 Days, %)", readonly=True)
    average_drop = fields.Float(string="Average Change", readonly=True)
    signal_count_60d = fields.Integer(string="Signals (60 Days)", readonly=True)
    referral_ids = fields.One2many(
        "case.school.referral", "pupil_id", string="Nominations"
    )
    is_nominated = fields.Boolean(
        string="Nominated",
        compute="_compute_is_nominated",
        store=True,
    )

    _sql_constraints = [
        (
            "code_uniq",
            "unique(school_id, year_id, pupil_code)",
            "The pupil code is already used at this school in this school year.",
        )
    ]

    @api.depends("partner_name", "class_id.name")
    def _compute_display_name(self):
        for pupil in self:
            pupil.display_name = (
                f"{pupil.partner_name} ({pupil.class_id.name})"
                if pupil.class_id
                else pupil.partner_name
            )

    @api.depends("referral_ids.state")
    def _compute_is_nominated(self):
        for pupil in self:
            pupil.is_nominated = any(
                state in ("proposed", "accepted")
                for state in pupil.referral_ids.mapped("state")
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_nominate(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "case.school.nominate",
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Nominate the Family"),
            "context": {"default_pupil_id": self[:1].id},
        }

    def _school_nominate(self, user, reasons, signal_types, case=None):
        """Open an intake case (or use ``case``) for the pupil's family and
        record the school's nomination; the school's case manager gets an
        activity to accept or decline it."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        school = self.school_id.sudo()
        if not case:
            case = (
                self.env["case.case"]
                .sudo()
                .with_context(mail_create_nosubscribe=True)
                .create(
                    {
                        "client_type": "family",
                        "company_id": self.company_id.id,
                        "focus_partner_ids": [fields.Command.set(self.partner_id.ids)],
                        "family_id": self.partner_id.sudo().case_family_id.id,
                        "referral_source": "school",
                        "referral_partner_id": user.partner_id.id,
                        "referral_date": today,
                        "setting": "school",
                        "school_id": school.id,
                        "manager_id": school.school_case_manager_id.id or False,
                    }
                )
            )
        referral = (
            self.env["case.school.referral"]
            .sudo()
            .create(
                {
                    "case_id": case.id,
                    "pupil_id": self.id,
                    "nominated_by_id": user.id,
                    "nominated_on": today,
                    "reasons": reasons,
                    "signal_type_ids": [fields.Command.set(signal_types.ids)],
                }
            )
        )
        case.sudo().message_post(
            body=self.env._(
                "Nominated by %(user)s (%(school)s): %(reasons)s",
                user=user.name,
                school=school.name,
                reasons=reasons,
            )
        )
        if case.sudo().manager_id and referral.state == "proposed":
            case.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=case.sudo().manager_id.id,
                summary=self.env._("Accept or decline the school's nomination"),
            )
        return referral.with_env(self.env)

    # ------------------------------------------------------------
    # WATCH LIST (cron, set-based, committed batches)
    # ------------------------------------------------------------

    @api.model
    @cron_retry
    def _cron_compute_watch_list(self, batch_size=1000, commit=False):
        """Check every current enrolment once a day, in batches.

        Each batch is locked with ``FOR UPDATE SKIP LOCKED`` and marked as
        checked for today before it commits, so two servers running the job at
        once never check the same pupil twice. The scheduled action passes
        ``commit=True``; called from code, nothing is committed."""
        pupils = self.sudo()  # a system job over every school
        today = fields.Date.context_today(self)
        done = 0
        testing = modules.module.current_test
        while True:
            rows = self.env.execute_query(
                SQL(
                    """
                SELECT p.id FROM case_school_pupil p
                  JOIN case_school_year y ON y.id = p.year_id
                 WHERE p.active AND y.date_from <= %(today)s AND y.date_to >= %(today)s
                   AND (p.watch_checked_on IS NULL OR p.watch_checked_on < %(today)s)
                 ORDER BY p.id
                 LIMIT %(limit)s
                   FOR UPDATE OF p SKIP LOCKED
                """,
                    today=today,
                    limit=batch_size,
                )
            )
            ids = [row[0] for row in rows]
            if not ids:
                break
            pupils.browse(ids)._school_compute_watch(today)
            done += len(ids)
            remaining = pupils.search_count(
                [
                    ("year_id.date_from", "<=", today),
                    ("year_id.date_to", ">=", today),
                    "|",
                    ("watch_checked_on", "=", False),
                    ("watch_checked_on", "<", today),
                ]
            )
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if commit and not testing:
                # Committed batches (the brief of the scheduled jobs): a crash
                # or a timeout keeps the batches already done.
                self.env.cr.commit()  # pylint: disable=invalid-commit
        pupils.env["case.case"]._school_cron_compute_outcomes(commit=commit)
        return done

    def _school_compute_watch(self, today):
        """Compute the watch figures of this batch with three grouped queries
        and write them back with one UPDATE; flag the cases of pupils who newly
        cross a threshold."""
        if not self:
            return self.browse()
        self.env.flush_all()
        ids = list(self.ids)
        since_30 = today - timedelta(days=30)
        since_60 = today - timedelta(days=60)
        attendance = {
            row[0]: row[1:]
            for row in self.env.execute_query(
                SQL(
                    """
                SELECT a.pupil_id, COALESCE(SUM(a.unexcused_hours), 0),
                       COALESCE(SUM(a.excused_hours), 0), COALESCE(SUM(a.lessons), 0)
                  FROM case_school_attendance a
                 WHERE a.pupil_id = ANY(%(ids)s)
                   AND a.date > %(since)s AND a.date <= %(today)s
                 GROUP BY a.pupil_id
                """,
                    ids=ids,
                    since=since_30,
                    today=today,
                )
            )
        }
        # The two latest terms with results, over all enrolments of the child.
        averages = {}
        for pupil_id, average, rank in self.env.execute_query(
            SQL(
                """
            SELECT * FROM (
                SELECT p.id, r.average,
                       ROW_NUMBER() OVER (PARTITION BY p.id ORDER BY t.date_from DESC)
                  FROM case_school_pupil p
                  JOIN case_school_result r ON r.partner_id = p.partner_id
                  JOIN case_school_term t ON t.id = r.term_id
                 WHERE p.id = ANY(%(ids)s) AND t.date_from <= %(today)s
                   AND r.average > 0
            ) ranked WHERE row_number <= 2
            """,
                ids=ids,
                today=today,
            )
        ):
            averages.setdefault(pupil_id, {})[rank] = average
        signals = dict(
            self.env.execute_query(
                SQL(
                    """
                SELECT s.pupil_id, COUNT(*) FROM case_school_signal s
                 WHERE s.pupil_id = ANY(%(ids)s)
                   AND s.date > %(since)s AND s.date <= %(today)s
                 GROUP BY s.pupil_id
                """,
                    ids=ids,
                    since=since_60,
                    today=today,
                )
            )
        )
        limits = {
            row[0]: row[1:]
            for row in self.env.execute_query(
                SQL(
                    """
                SELECT p.id, s.school_unexcused_limit, s.school_excused_share_limit,
                       s.school_average_drop_limit, s.school_signal_limit,
                       p.is_watched, s.lang
                  FROM case_school_pupil p JOIN res_partner s ON s.id = p.school_id
                 WHERE p.id = ANY(%(ids)s)
                """,
                    ids=ids,
                )
            )
        }
        # The reasons are stored text: written in the school's language (its
        # staff read them), not in that of whoever runs the computation (the
        # scheduler's user is English).
        translators = {}

        def translator(lang):
            if lang not in translators:
                translators[lang] = self.with_context(lang=lang or self.env.lang).env._
            return translators[lang]

        values = []
        newly = []
        for pupil_id in ids:
            unexcused, excused, lessons = attendance.get(pupil_id, (0.0, 0.0, 0))
            share = 100.0 * excused / lessons if lessons else 0.0
            ranks = averages.get(pupil_id, {})
            drop = ranks[1] - ranks[2] if 1 in ranks and 2 in ranks else 0.0
            signal_count = signals.get(pupil_id, 0)
            (
                unexcused_limit,
                share_limit,
                drop_limit,
                signal_limit,
                was_watched,
                school_lang,
            ) = limits[pupil_id]
            _ = translator(school_lang)
            reasons = []
            if unexcused_limit and unexcused >= unexcused_limit:
                reasons.append(
                    _("%(hours)s unexcused hours in 30 days", hours=round(unexcused, 1))
                )
            if share_limit and share >= share_limit:
                reasons.append(
                    _("absent (excused) %(share)s %% of lessons", share=round(share))
                )
            if drop_limit and drop >= drop_limit:
                reasons.append(_("term average worse by %(drop)s", drop=round(drop, 2)))
            if signal_limit and signal_count >= signal_limit:
                reasons.append(
                    _("early signals recorded: %(count)s", count=signal_count)
                )
            watched = bool(reasons)
            if watched and not was_watched:
                newly.append(pupil_id)
            values.append(
                (
                    pupil_id,
                    watched,
                    "; ".join(reasons) or None,
                    unexcused,
                    round(share, 1),
                    round(drop, 2),
                    signal_count,
                )
            )
        self.env.cr.execute(
            SQL(
                """
            UPDATE case_school_pupil p
               SET is_watched = v.watched,
                   watch_reasons = v.reasons,
                   watch_since = CASE WHEN NOT v.watched THEN NULL
                                      WHEN p.is_watched THEN p.watch_since
                                      ELSE %(today)s END,
                   unexcused_30d = v.unexcused,
                   excused_share_30d = v.share,
                   average_drop = v.drop,
                   signal_count_60d = v.signals,
                   watch_checked_on = %(today)s
              FROM (SELECT * FROM unnest(%(ids)s::int[], %(watched)s::bool[],
                      %(reasons)s::text[], %(unexcused)s::float8[],
                      %(share)s::float8[], %(drop)s::float8[], %(signals)s::int[]))
                   AS v(id, watched, reasons, unexcused, share, drop, signals)
             WHERE p.id = v.id
            """,
                today=today,
                ids=[v[0] for v in values],
                watched=[v[1] for v in values],
                reasons=[v[2] for v in values],
                unexcused=[v[3] for v in values],
                share=[v[4] for v in values],
                drop=[v[5] for v in values],
                signals=[v[6] for v in values],
            )
        )
        self.invalidate_recordset()
        flagged = self.browse(newly)
        flagged._school_flag_cases()
        return flagged

    def _school_flag_cases(self):
        """A pupil newly on the watch list who is in focus of an open case:
        the case gets a risk factor and its case manager an activity."""
        if not self:
            return
        Case = self.env["case.case"].sudo()
        cases = Case.search(
            [
                ("focus_partner_ids", "in", self.partner_id.ids),
                ("is_closed", "=", False),
            ]
        )
        if not cases:
            return
        category = self.env.ref(
            "case_management.factor_cat_school",
            raise_if_not_found=False,
        )
        today = fields.Date.context_today(self)
        by_partner = {pupil.partner_id: pupil for pupil in self}
        factor_vals = []
        for case in cases:
            pupils = [by_partner[p] for p in case.focus_partner_ids if p in by_partner]
            for pupil in pupils:
                factor_vals.append(
                    {
                        "case_id": case.id,
                        "kind": "risk",
                        "category_id": category.id if category else False,
                        "partner_id": pupil.partner_id.id,
                        "identified_on": today,
                        "description": self.env._(
                            "School watch list (%(school)s): %(reasons)s",
                            school=pupil.school_id.name,
                            reasons=pupil.watch_reasons,
                        ),
                    }
                )
                if case.manager_id:
                    case.activity_schedule(
                        "mail.mail_activity_data_todo",
                        user_id=case.manager_id.id,
                        summary=self.env._(
                            "School signal: %(pupil)s", pupil=pupil.partner_id.name
                        ),
                        note=pupil.watch_reasons,
                    )
        self.env["case.factor"].sudo().create(factor_vals)

    @api.model
    def _demo_generate_school(self):
        from . import school_demo

        school_demo.generate(self.env)
