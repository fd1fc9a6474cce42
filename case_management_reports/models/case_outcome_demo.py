# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

SURNAMES = [
    ("Novák", "Nováková"),
    ("Horváth", "Horváthová"),
    ("Dvořák", "Dvořáková"),
    ("Kolompár", "Kolompárová"),
    ("Černý", "Černá"),
    ("Procházka", "Procházková"),
    ("Lakatoš", "Lakatošová"),
    ("Krejčí", "Krejčí"),
    ("Pokorný", "Pokorná"),
    ("Bílý", "Bílá"),
    ("Sivák", "Siváková"),
    ("Marek", "Marková"),
]
GIRLS = ["Anna", "Tereza", "Eliška", "Natálie", "Adéla", "Kristýna", "Nikola"]
BOYS = ["Jakub", "Jan", "Tomáš", "David", "Lukáš", "Matěj", "Dominik"]
MOTHERS = ["Petra", "Lucie", "Monika", "Jana", "Veronika", "Renata"]
TERRITORIES = ["Most", "Litvínov", "Bílina", "Chanov"]
REASONS = [
    "goals_met",
    "goals_met",
    "goals_met",
    "family_disagrees",
    "moved_to_service",
]
# (category xml id, share of referrals the service accepts)
REFERRAL_CATEGORIES = [
    ("service_category_sas", 0.8),
    ("service_category_debt", 0.6),
    ("service_category_housing", 0.3),
    ("service_category_therapy", 0.5),
    ("service_category_ppp", 0.7),
    ("service_category_food", 0.9),
]
GAP_CATEGORIES = [
    "service_category_psychiatry",
    "service_category_psychiatry",
    "service_category_housing",
    "service_category_housing",
    "service_category_housing",
    "service_category_therapy",
    "service_category_gp",
]
GAP_TERRITORIES = [
    "territory_chanov_demo",
    "territory_most_demo",
    "territory_most_demo",
    "territory_litvinov_demo",
    "territory_obrnice_demo",
]
CONTACT_TYPES = {
    "school": ["school", "school", "home_visit", "phone", "office"],
    "asylum_house": ["home_visit", "home_visit", "office", "phone", "accompaniment"],
}


class CaseFundingPeriod(models.Model):
    _inherit = "case.funding.period"

    @api.model
    def _demo_generate_network(self, env, rng, cases, specs, today):
        """Referrals (most accepted, some refused or waiting) and anonymous
        service gaps for the generated cases, while the cases are open."""
        ref = env.ref
        providers = env["res.partner"].search([("is_service_provider", "=", True)])
        referral_vals, gap_vals = [], []
        for case, (_setting, start, end, closed) in zip(cases, specs, strict=True):
            last = min(end if closed else today, today)
            span = max((last - start).days, 1)
            for _r in range(rng.choice([0, 1, 1, 1, 2, 3])):
                xmlid, accepted = rng.choice(REFERRAL_CATEGORIES)
                category = ref(f"case_management.{xmlid}")
                provider = providers.filtered(
                    lambda p, c=category: c in p.service_category_ids
                )[:1]
                roll = rng.random()
                if roll < accepted:
                    state = rng.choice(["accepted", "started", "done"])
                elif roll < accepted + 0.15:
                    state = "waiting"
                else:
                    state = "refused"
                referral_vals.append(
                    {
                        "case_id": case.id,
                        "category_id": category.id,
                        "partner_id": provider.id,
                        "date": start + timedelta(days=rng.randrange(span)),
                        "state": state,
                        "refusal_reason": rng.choice(
                            [
                                "target_group",
                                "target_group",
                                "no_provider",
                                "conditions",
                            ]
                        )
                        if state == "refused"
                        else False,
                    }
                )
            if rng.random() < 0.3:
                gap_vals.append(
                    {
                        "case_id": case.id,
                        "category_id": ref(
                            f"case_management.{rng.choice(GAP_CATEGORIES)}"
                        ).id,
                        "territory_id": ref(
                            f"case_management.{rng.choice(GAP_TERRITORIES)}"
                        ).id,
                        "date": start + timedelta(days=rng.randrange(span)),
                        "reason": rng.choice(
                            ["no_provider", "no_capacity", "waiting", "target_group"]
                        ),
                        "waited_days": rng.randrange(0, 150),
                        "state": rng.choice(["open", "open", "persisting", "solved"]),
                    }
                )
        # Most families agree a joint plan within the first two months. The
        # generated plans are history only (superseded, no review date), so
        # they raise no review reminders for the demo's case managers.
        plan_vals = []
        for case, (_setting, start, end, closed) in zip(cases, specs, strict=True):
            activated = start + timedelta(days=rng.randrange(14, 70))
            if rng.random() < 0.75 and activated <= min(
                end if closed else today, today
            ):
                plan_vals.append(
                    {
                        "case_id": case.id,
                        "state": "superseded",
                        "activated_date": activated,
                        "superseded_date": min(end if closed else today, today),
                    }
                )
        records = (
            env["case.plan"].create(plan_vals),
            env["case.referral"].create(referral_vals),
            env["case.service.gap"].create(gap_vals),
        )
        # Owned by this addon like any demo record, so that uninstalling it
        # removes them before core's service categories go.
        env["ir.model.data"].create(
            [
                {
                    "module": "case_management_reports",
                    "name": f"demo_history_{rec._table}_{rec.id}",
                    "model": rec._name,
                    "res_id": rec.id,
                    "noupdate": True,
                }
                for recs in records
                for rec in recs
            ]
        )

    @api.model
    def _demo_generate_history(self, count=300, seed=2026):
        """Two years of fictional cases in two settings (school and asylum
        house) with families, persons in focus, funding periods and
        contacts, for non-trivial and partly suppressed demo reports.
        Deterministic (seeded) and created in bulk."""
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        rng = random.Random(seed)
        today = fields.Date.context_today(self)
        start_of_history = today - relativedelta(years=2)
        ref = env.ref
        npo = ref("case_management.case_funding_npo_demo")
        foundation = ref("case_management.case_funding_signaly_demo")
        opz = ref("case_management.case_funding_opz_demo")
        managers = (
            ref("case_management.user_manazer1_demo")
            | ref("case_management.user_manazer2_demo")
            | ref("case_management.user_pracovnik_demo")
        )
        stage_open = ref("case_management.stage_active")
        stage_closed = ref("case_management.stage_closed")
        handover = today - timedelta(days=200)

        families, people, specs = [], [], []
        for n in range(count):
            setting = "school" if n % 3 else "asylum_house"
            male, female = rng.choice(SURNAMES)
            families.append({"name": f"Rodina {male} (demo {n + 1:03d})"})
            start = start_of_history + timedelta(days=rng.randrange(0, 700))
            children = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
            kids = []
            for _c in range(children):
                girl = rng.random() < 0.5
                kids.append(
                    {
                        "name": f"{rng.choice(GIRLS if girl else BOYS)} "
                        f"{female if girl else male}",
                        "birthdate": start
                        - timedelta(days=rng.randrange(5 * 365, 17 * 365)),
                        "case_gender": "female" if girl else "male",
                        "family_role": "child",
                    }
                )
            mother = {
                "name": f"{rng.choice(MOTHERS)} {female}",
                "birthdate": start - timedelta(days=rng.randrange(22 * 365, 48 * 365)),
                "case_gender": "female",
                "family_role": "parent",
            }
            length = (
                rng.randrange(60, 540)
                if setting == "school"
                else rng.randrange(90, 720)
            )
            end = start + timedelta(days=length)
            closed = end < today
            if setting == "asylum_house":
                for kid in kids:
                    kid["participant_entry_date"] = start
                    kid["participant_entry_status"] = "education"
                mother["participant_entry_date"] = start
                mother["participant_entry_status"] = rng.choice(
                    ["unemployed", "long_term_unemployed", "inactive"]
                )
                if closed:
                    mother["participant_exit_date"] = end
                    mother["participant_exit_status"] = rng.choice(
                        ["employed", "unemployed", "long_term_unemployed"]
                    )
            people.append((kids, mother))
            specs.append((setting, start, end, closed))

        family_recs = env["case.family"].create(families)
        partner_vals = []
        for family, (kids, mother) in zip(family_recs, people, strict=True):
            for vals in kids + [mother]:
                vals["case_family_id"] = family.id
                partner_vals.append(vals)
        partners = env["res.partner"].create(partner_vals)
        by_family = {}
        for partner in partners:
            by_family.setdefault(partner.case_family_id.id, env["res.partner"])
            by_family[partner.case_family_id.id] |= partner

        case_vals = []
        for n, (family, (setting, start, _end, _closed)) in enumerate(
            zip(family_recs, specs, strict=True)
        ):
            focus = by_family[family.id].filtered(lambda p: p.family_role == "child")
            vals = {
                "family_id": family.id,
                "focus_partner_ids": [fields.Command.set(focus.ids)],
                "start_date": start,
                "setting": setting,
                "territory": rng.choice(TERRITORIES),
                "referral_source": "school"
                if setting == "school"
                else rng.choice(["self", "ospod_offer", "organisation"]),
                "manager_id": managers[n % len(managers)].id,
                "stage_id": stage_open.id,
            }
            case_vals.append(vals)
        cases = env["case.case"].create(case_vals)
        self._demo_generate_network(env, rng, cases, specs, today)
        # Close the cases whose support ended, with the outcomes at closure.
        for case, (setting, _start, end, closed) in zip(cases, specs, strict=True):
            if not closed:
                continue
            case.write(
                {
                    "stage_id": stage_closed.id,
                    "closure_reason": rng.choice(REASONS),
                    "ospod_supervision": rng.choice(
                        ["never", "never", "ended", "continues"]
                        if setting == "asylum_house"
                        else ["never", "never", "never", "ended", False]
                    ),
                    "outcome_removal_prevented": setting == "asylum_house"
                    and rng.random() < 0.2,
                    "outcome_child_returned": rng.random() < 0.03,
                    "outcome_crisis_contacts": rng.random() < 0.7,
                    "outcome_independent": rng.random() < 0.5,
                    "outcome_services_continue": rng.random() < 0.4,
                    "outcome_parent_work": rng.random() < 0.25,
                    "outcome_benefits": rng.random() < 0.3,
                }
            )
            case.end_date = end

        period_vals, contact_vals = [], []
        for case, (setting, start, end, closed) in zip(cases, specs, strict=True):
            last = end if closed else today
            if setting == "asylum_house":
                period_vals.append(
                    {"case_id": case.id, "programme_id": opz.id, "date_from": start}
                )
            elif start < handover < last:
                # The foundation's pilot handed over to the NPO.
                period_vals += [
                    {
                        "case_id": case.id,
                        "programme_id": foundation.id,
                        "date_from": start,
                        "date_to": handover - timedelta(days=1),
                    },
                    {"case_id": case.id, "programme_id": npo.id, "date_from": handover},
                ]
            else:
                programme = foundation if last <= handover else npo
                period_vals.append(
                    {
                        "case_id": case.id,
                        "programme_id": programme.id,
                        "date_from": start,
                    }
                )
            # Asylum house work is denser: about weekly, school about fortnightly.
            step = 7 if setting == "asylum_house" else 14
            day = start + timedelta(days=rng.randrange(1, 6))
            while day <= last:
                contact_vals.append(
                    {
                        "case_id": case.id,
                        "date": datetime.combine(day, time(8 + rng.randrange(8), 0)),
                        "contact_type": rng.choice(CONTACT_TYPES[setting]),
                        "state": "missed" if rng.random() < 0.12 else "done",
                        "user_id": case.manager_id.id,
                    }
                )
                day += timedelta(days=step + rng.randrange(-3, 4))
        env["case.funding.period"].create(period_vals)
        env["case.contact"].create(contact_vals)
        return cases
