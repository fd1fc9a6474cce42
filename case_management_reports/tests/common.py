from datetime import date, datetime

from odoo.tests import TransactionCase, new_test_user

Q1_FROM = date(2026, 1, 1)
Q1_TO = date(2026, 3, 31)


class CaseReportsCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.user_officer = new_test_user(
            cls.env,
            login="reporting_officer",
            name="Reportingová Referentka",
            groups="base.group_user,case_management_reports.case_management_reports_group_officer",
        )


class CaseOutcomeCommon(CaseReportsCommon):
    """A hand-built data set, first quarter of 2026, programme "foundation"
    (P) and "NPO" (Q). The expected numbers are counted in the tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env.company
        cls.user_manager = new_test_user(
            env,
            login="outcome_manager",
            name="Marta Manažerka",
            groups="base.group_user,case_management.case_management_group_coordinator",
        )
        cls.user_worker = new_test_user(
            env,
            login="outcome_worker",
            name="Petr Pracovník",
            groups="base.group_user,case_management.case_management_group_worker",
        )
        Programme = env["case.funding.programme"]
        cls.prog_p = Programme.create(
            {
                "name": "Nadace – pilot",
                "code": "CZ.03.02.02/00/22_004/0001320",
                "cofinancing_label": "Spolufinancováno Evropskou unií",
                "date_from": "2025-01-01",
            }
        )
        cls.prog_q = Programme.create(
            {"name": "NPO – case manager ve škole", "code": "NPO-CM"}
        )
        cls.stage_open = env.ref("case_management.stage_active")
        cls.stage_closed = env.ref("case_management.stage_closed")
        Family = env["case.family"]
        Partner = env["res.partner"]

        def person(name, born, gender, family=None):
            return Partner.create(
                {
                    "name": name,
                    "birthdate": born,
                    "case_gender": gender,
                    "case_family_id": family.id if family else False,
                }
            )

        def case(focus, start, setting, family=None, client_type="family", **kw):
            vals = {
                "focus_partner_ids": [(6, 0, focus.ids)],
                "family_id": family.id if family else False,
                "client_type": client_type,
                "start_date": start,
                "setting": setting,
                "referral_source": "school",
                "manager_id": kw.pop("manager", cls.user_manager).id,
                "territory": kw.pop("territory", "Most"),
            }
            vals.update(kw)
            return env["case.case"].create(vals)

        def fund(case_rec, programme, date_from, date_to=False):
            env["case.funding.period"].create(
                {
                    "case_id": case_rec.id,
                    "programme_id": programme.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )

        f1, f2, f3, f4, f5, f6, f7 = (
            Family.create({"name": f"Rodina {n}"}) for n in range(1, 8)
        )
        cls.c1 = person("Dítě 1", "2015-05-01", "female", f1)
        cls.c1b = person("Dítě 1b", "2013-02-01", "male", f1)
        cls.c2 = person("Dítě 2", "2012-03-01", "male", f2)
        cls.c3 = person("Dítě 3", "2010-01-15", "female", f3)
        cls.a1 = person("Klientka", "1965-04-01", "female")
        cls.c4 = person("Dítě 4", "2016-06-01", "male", f4)
        cls.c5 = person("Dítě 5", "2019-08-01", "female", f4)
        cls.c6 = person("Dítě 6", "2014-04-01", "female", f5)
        cls.c7 = person("Dítě 7", "2014-04-01", "male", f6)
        cls.c8 = person("Dítě 8", "2011-04-01", "male", f7)
        # A: opened before the period, still open.
        cls.case_a = case(cls.c1, "2025-06-01", "school", f1)
        fund(cls.case_a, cls.prog_p, "2025-06-01")
        # B: closed inside the period.
        cls.case_b = case(
            cls.c2, "2025-10-01", "asylum_house", f2, manager=cls.user_worker
        )
        fund(cls.case_b, cls.prog_p, "2025-10-01")
        cls.case_b.write(
            {"closure_reason": "goals_met", "stage_id": cls.stage_closed.id}
        )
        cls.case_b.end_date = "2026-02-15"
        # C: closed before the period and reopened.
        cls.case_c = case(cls.c3, "2025-09-01", "asylum_house", f3)
        fund(cls.case_c, cls.prog_p, "2025-09-01")
        cls.case_c.write({"closure_reason": "other", "stage_id": cls.stage_closed.id})
        cls.case_c.end_date = "2025-12-10"
        cls.case_c.stage_id = cls.stage_open
        # D: an adult client, new in the period.
        cls.case_d = case(cls.a1, "2026-02-01", "ngo_programme", client_type="adult")
        fund(cls.case_d, cls.prog_p, "2026-02-01")
        # E: two children of one family, new in the period.
        cls.case_e = case(cls.c4 | cls.c5, "2026-01-10", "school", f4)
        fund(cls.case_e, cls.prog_p, "2026-01-10")
        # G: the second case of family 1.
        cls.case_g = case(cls.c1b, "2026-03-01", "school", f1)
        fund(cls.case_g, cls.prog_p, "2026-03-01")
        # H: the foundation hands over to the NPO on 1 February.
        cls.case_h = case(cls.c6, "2025-11-01", "school", f5)
        fund(cls.case_h, cls.prog_p, "2025-11-01", "2026-01-31")
        fund(cls.case_h, cls.prog_q, "2026-02-01")
        # I: NPO only.
        cls.case_i = case(cls.c7, "2026-01-05", "school", f6)
        fund(cls.case_i, cls.prog_q, "2026-01-05")
        # J: closed before the period.
        cls.case_j = case(cls.c8, "2025-05-01", "school", f7)
        fund(cls.case_j, cls.prog_p, "2025-05-01")
        cls.case_j.write(
            {"closure_reason": "goals_met", "stage_id": cls.stage_closed.id}
        )
        cls.case_j.end_date = "2025-12-20"

        Contact = env["case.contact"]
        for case_rec, when, ctype, state in [
            (cls.case_a, datetime(2025, 12, 15, 9), "home_visit", "done"),
            (cls.case_a, datetime(2026, 1, 15, 9), "home_visit", "done"),
            (cls.case_b, datetime(2026, 3, 1, 9), "office", "done"),
            (cls.case_c, datetime(2026, 2, 1, 9), "home_visit", "missed"),
            (cls.case_h, datetime(2026, 1, 20, 9), "phone", "done"),
            (cls.case_h, datetime(2026, 2, 20, 9), "phone", "done"),
            (cls.case_i, datetime(2026, 1, 10, 9), "school", "done"),
        ]:
            Contact.create(
                {
                    "case_id": case_rec.id,
                    "date": when,
                    "contact_type": ctype,
                    "state": state,
                }
            )

    @classmethod
    def indicator(cls, programme, code, measure, breakdown="none", **kw):
        return cls.env["case.report.indicator"].create(
            dict(
                programme_id=programme.id,
                code=code,
                name=code,
                measure=measure,
                breakdown=breakdown,
                **kw,
            )
        )

    def raw(self, indicator, programme=None, date_from=Q1_FROM, date_to=Q1_TO):
        rows, total = indicator._compute_raw(
            programme or indicator.programme_id, self.company, date_from, date_to
        )
        return {k: v["n"] for k, v in rows.items()}, total

    @classmethod
    def school_outcomes(cls, rows):
        """``rows``: (case, pupil, (unexcused % before, average before),
        (unexcused % after, average after), end of the term after); 100
        lessons each. Returns ``{case: its "before" outcome row}``."""
        Outcome = cls.env["case.school.outcome"]
        before = {}
        for case_rec, pupil, was, now, end in rows:
            common = {"case_id": case_rec.id, "partner_id": pupil.id, "lessons": 100}
            before[case_rec] = Outcome.create(
                dict(
                    common,
                    period="before",
                    unexcused_hours=was[0],
                    average=was[1],
                )
            )
            Outcome.create(
                dict(
                    common,
                    period="term",
                    date_from="2025-09-01",
                    date_to=end,
                    unexcused_hours=now[0],
                    average=now[1],
                )
            )
        return before
