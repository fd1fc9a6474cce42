# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models, modules
from odoo.tools import SQL

MONTHS_BEFORE_PARAM = "case_management_school.outcome_months_before"


class CaseCase(models.Model):
    _inherit = "case.case"

    school_id = fields.Many2one(
        "res.partner",
        string="School",
        domain="[('is_school', '=', True)]",
        compute="_compute_school_id",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="The school that takes part in the case; filled from the circle of "
        "professionals when one of them belongs to a school.",
    )
    school_referral_ids = fields.One2many(
        "case.school.referral", "case_id", string="School Nominations"
    )
    school_outcome_ids = fields.One2many(
        "case.school.outcome", "case_id", string="School Outcome"
    )
    school_attendance_before = fields.Float(
        string="Attendance Before (%)", readonly=True, digits=(5, 1)
    )
    school_attendance_latest = fields.Float(
        string="Attendance Now (%)", readonly=True, digits=(5, 1)
    )
    school_average_before = fields.Float(
        string="Average Before", readonly=True, digits=(3, 2)
    )
    school_average_latest = fields.Float(
        string="Average Now", readonly=True, digits=(3, 2)
    )
    school_year_outcome = fields.Selection(
        [
            ("moved_up", "Completed, moves up a grade"),
            ("completed", "Completed the final grade"),
            ("repeating", "Repeats the grade"),
            ("left", "Left the school"),
        ],
        string="End of School Year",
        readonly=True,
        help="Did the pupil complete the school year and move up a grade?",
    )
    school_ospod_notice_ids = fields.Many2many(
        "case.school.ospod.notice",
        string="School Notifications to OSPOD",
        compute="_compute_school_ospod_notice_ids",
    )

    @api.depends("participant_ids.organisation_id.is_school", "participant_ids.active")
    def _compute_school_id(self):
        for case in self:
            schools = case.participant_ids.filtered(
                lambda p: p.active and p.organisation_id.is_school
            ).organisation_id
            if case.school_id and case.school_id in schools:
                continue
            case.school_id = schools[:1] or case.school_id

    @api.depends("focus_partner_ids")
    def _compute_school_ospod_notice_ids(self):
        Notice = self.env["case.school.ospod.notice"].sudo()
        notices = Notice.search(
            [("partner_id", "in", self.sudo().focus_partner_ids.ids)]
        )
        for case in self:
            focus = case.sudo().focus_partner_ids
            case.school_ospod_notice_ids = notices.filtered(
                lambda n, focus=focus: n.partner_id in focus
            )

    # ------------------------------------------------------------
    # OUTCOME: attendance and results before and after
    # ------------------------------------------------------------

    def action_school_refresh_outcome(self):
        self._school_compute_outcomes()

    @api.model
    def _school_cron_compute_outcomes(self, batch_size=500, commit=False):
        """Recompute the outcome of open (and recently closed) cases whose
        person in focus is a pupil, in committed batches."""
        testing = modules.module.current_test
        last_id = 0
        while True:
            rows = self.env.execute_query(
                SQL(
                    """
                SELECT DISTINCT c.id FROM case_case c
                  JOIN case_case_focus_partner_rel r ON r.case_id = c.id
                  JOIN case_school_pupil p ON p.partner_id = r.partner_id
                 WHERE c.id > %(last)s
                 ORDER BY c.id LIMIT %(limit)s
                """,
                    last=last_id,
                    limit=batch_size,
                )
            )
            ids = [row[0] for row in rows]
            if not ids:
                break
            self.sudo().browse(ids)._school_compute_outcomes()
            last_id = ids[-1]
            if commit and not testing:
                # Committed batches (the brief of the scheduled jobs): a crash
                # or a timeout keeps the batches already done.
                self.env.cr.commit()  # pylint: disable=invalid-commit

    def _school_compute_outcomes(self):
        """One grouped query for the attendance before each case and per term
        after its start, one for the results; rewrite the outcome rows."""
        cases = self.sudo()
        if not cases:
            return
        self.env.flush_all()
        months = int(
            self.env["ir.config_parameter"].sudo().get_param(MONTHS_BEFORE_PARAM, "3")
            or 3
        )
        today = fields.Date.context_today(self)
        attendance = self.env.execute_query(
            SQL(
                """
            SELECT c.id, r.partner_id, NULL::int AS term_id,
                   (c.start_date - %(months)s * interval '1 month')::date,
                   c.start_date - 1,
                   COALESCE(SUM(a.lessons), 0), COALESCE(SUM(a.absent_hours), 0),
                   COALESCE(SUM(a.unexcused_hours), 0)
              FROM case_case c
              JOIN case_case_focus_partner_rel r ON r.case_id = c.id
              JOIN case_school_attendance a ON a.partner_id = r.partner_id
             WHERE c.id = ANY(%(ids)s)
               AND a.date >= c.start_date - %(months)s * interval '1 month'
               AND a.date < c.start_date
             GROUP BY c.id, r.partner_id
            UNION ALL
            SELECT c.id, r.partner_id, t.id, t.date_from, t.date_to,
                   COALESCE(SUM(a.lessons), 0), COALESCE(SUM(a.absent_hours), 0),
                   COALESCE(SUM(a.unexcused_hours), 0)
              FROM case_case c
              JOIN case_case_focus_partner_rel r ON r.case_id = c.id
              JOIN case_school_attendance a ON a.partner_id = r.partner_id
              JOIN case_school_term t ON a.date BETWEEN t.date_from AND t.date_to
             WHERE c.id = ANY(%(ids)s)
               AND t.date_to >= c.start_date AND t.date_from <= %(today)s
               AND a.date >= c.start_date
             GROUP BY c.id, r.partner_id, t.id, t.date_from, t.date_to
            """,
                ids=cases.ids,
                months=months,
                today=today,
            )
        )
        results = {}
        for (
            case_id,
            partner_id,
            term_id,
            average,
            is_before,
            outcome,
        ) in self.env.execute_query(
            SQL(
                """
            SELECT c.id, r.partner_id, t.id, res.average,
                   t.date_from < c.start_date, p.year_outcome
              FROM case_case c
              JOIN case_case_focus_partner_rel r ON r.case_id = c.id
              JOIN case_school_pupil p ON p.partner_id = r.partner_id
              JOIN case_school_result res ON res.pupil_id = p.id
              JOIN case_school_term t ON t.id = res.term_id
             WHERE c.id = ANY(%(ids)s)
               AND t.date_from <= %(today)s
               AND t.date_to >= c.start_date - %(months)s * interval '1 month'
             ORDER BY c.id, t.date_from
            """,
                ids=cases.ids,
                months=months,
                today=today,
            )
        ):
            results[(case_id, partner_id, term_id)] = (average, outcome)
            if is_before:
                # the last term that began before the case is the "before" result
                results[(case_id, partner_id, None)] = (average, None)
        year_outcomes = dict(
            self.env.execute_query(
                SQL(
                    """
                SELECT DISTINCT ON (c.id) c.id, p.year_outcome
                  FROM case_case c
                  JOIN case_case_focus_partner_rel r ON r.case_id = c.id
                  JOIN case_school_pupil p ON p.partner_id = r.partner_id
                  JOIN case_school_year y ON y.id = p.year_id
                 WHERE c.id = ANY(%(ids)s) AND p.year_outcome IS NOT NULL
                   AND y.date_to >= c.start_date
                 ORDER BY c.id, y.date_to DESC
                """,
                    ids=cases.ids,
                )
            )
        )
        vals_list = []
        summary = {case.id: {} for case in cases}
        for (
            case_id,
            partner_id,
            term_id,
            date_from,
            date_to,
            lessons,
            absent,
            unexc,
        ) in attendance:
            rate = round(100.0 * (lessons - absent) / lessons, 1) if lessons else 0.0
            average = results.get((case_id, partner_id, term_id), (0.0, None))[0]
            vals_list.append(
                {
                    "case_id": case_id,
                    "partner_id": partner_id,
                    "period": "term" if term_id else "before",
                    "term_id": term_id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "lessons": lessons,
                    "absent_hours": absent,
                    "unexcused_hours": unexc,
                    "attendance_rate": rate,
                    "average": average or 0.0,
                }
            )
            info = summary[case_id]
            if not term_id:
                info.setdefault("before", (rate, average))
            else:
                if date_from >= info.get("latest_from", date_from):
                    info["latest_from"] = date_from
                    info["latest_rate"] = rate
                if average and date_from >= info.get("average_from", date_from):
                    info["average_from"] = date_from
                    info["latest_average"] = average
        cases.school_outcome_ids.unlink()
        self.env["case.school.outcome"].sudo().create(vals_list)
        for case in cases:
            info = summary[case.id]
            before = info.get("before", (0.0, 0.0))
            case.write(
                {
                    "school_attendance_before": before[0],
                    "school_average_before": before[1] or 0.0,
                    "school_attendance_latest": info.get("latest_rate", 0.0),
                    "school_average_latest": info.get("latest_average", 0.0),
                    "school_year_outcome": year_outcomes.get(case.id) or False,
                }
            )
