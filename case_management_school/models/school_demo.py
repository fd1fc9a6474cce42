# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Demo data of the school addon: a school like the Chanov primary school
(ZŠ Lipová, Most, from the core demo) with nine classes of ~22 fictional
pupils, daily attendance from the start of the previous school year until
today, term results, early signals, the five nominated families and their
before/after outcome. Deterministic (fixed random seed), dates relative to
today like the core demo."""

import random
from datetime import date, timedelta

from odoo import fields

FIRST_NAMES_BOYS = [
    "Adam",
    "David",
    "Dominik",
    "Filip",
    "Jakub",
    "Jan",
    "Josef",
    "Kevin",
    "Lukáš",
    "Marek",
    "Martin",
    "Matěj",
    "Michal",
    "Ondřej",
    "Patrik",
    "Petr",
    "Radek",
    "Roman",
    "Tomáš",
    "Vojtěch",
]
FIRST_NAMES_GIRLS = [
    "Adéla",
    "Aneta",
    "Denisa",
    "Ela",
    "Eliška",
    "Ema",
    "Karolína",
    "Kristýna",
    "Lucie",
    "Markéta",
    "Natálie",
    "Nikola",
    "Sabina",
    "Simona",
    "Tereza",
    "Veronika",
    "Viktorie",
    "Zuzana",
]
SURNAMES = [
    ("Dvořák", "Dvořáková"),
    ("Horváth", "Horváthová"),
    ("Kolář", "Kolářová"),
    ("Lakatoš", "Lakatošová"),
    ("Novák", "Nováková"),
    ("Oláh", "Oláhová"),
    ("Pokorný", "Pokorná"),
    ("Procházka", "Procházková"),
    ("Růžička", "Růžičková"),
    ("Sivák", "Siváková"),
    ("Šebesta", "Šebestová"),
    ("Tomeš", "Tomešová"),
    ("Balog", "Balogová"),
    ("Kuchař", "Kuchařová"),
    ("Mareš", "Marešová"),
    ("Kováč", "Kováčová"),
    ("Bihári", "Bihári"),
    ("Zeman", "Zemanová"),
]
PUPILS_PER_CLASS = 22


def school_year_bounds(today):
    """(start, end) of the school year containing ``today`` (July and August
    belong to the year that starts in September)."""
    start_year = today.year if today.month >= 7 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 6, 30)


def ensure_year(env, start):
    Year = env["case.school.year"]
    name = f"{start.year}/{start.year + 1}"
    year = Year.search([("name", "=", name)])
    if year:
        return year
    return Year.create(
        {
            "name": name,
            "date_from": start,
            "date_to": date(start.year + 1, 6, 30),
            "term_ids": [
                fields.Command.create(
                    {
                        "name": f"1. pololetí {name}",
                        "date_from": start,
                        "date_to": date(start.year + 1, 1, 31),
                    }
                ),
                fields.Command.create(
                    {
                        "name": f"2. pololetí {name}",
                        "date_from": date(start.year + 1, 2, 1),
                        "date_to": date(start.year + 1, 6, 30),
                    }
                ),
            ],
        }
    )


def school_days(start, end):
    day = start
    while day <= end:
        holiday = (day.month == 12 and day.day >= 23) or (
            day.month == 1 and day.day <= 2
        )
        if day.weekday() < 5 and day.month not in (7, 8) and not holiday:
            yield day
        day += timedelta(days=1)


def generate(env):  # noqa: C901 - one linear script, read top to bottom
    ref = env.ref
    rng = random.Random(1311)
    today = fields.Date.context_today(env["case.school.pupil"])
    this_start, _end = school_year_bounds(today)
    prev_start = date(this_start.year - 1, 9, 1)
    prev_year = ensure_year(env, prev_start)
    this_year = ensure_year(env, this_start)
    company = ref("base.main_company")

    school = ref("case_management.partner_org_school_lipova_demo")
    school_b = ref("case_management.partner_org_school_vysluni_demo")
    manager = ref("case_management.user_manazer2_demo")
    school.write(
        {
            "is_school": True,
            "school_type": "primary",
            "school_red_izo": "600099101",
            "school_ico": "70999101",
            "school_case_manager_id": manager.id,
            "school_no_class_meetings": True,
            "school_parent_channel": "Třídní schůzky se nekonají; rodiče mluví s "
            "asistentkou pedagoga při vyzvedávání dětí a s ředitelkou v pátek.",
        }
    )
    school_b.write(
        {"is_school": True, "school_type": "primary", "school_red_izo": "600099102"}
    )

    # Staff and their logins
    Users = env["res.users"].with_context(no_reset_password=True)
    staff_group = ref("case_management_school.case_management_school_group_staff")
    principal = ref("case_management.partner_prof_principal_lipova_demo")
    teacher_4a = ref("case_management.partner_prof_teacher_lipova_4a_demo")
    principal_user = Users.create(
        {
            "partner_id": principal.id,
            "login": "reditelka",
            "password": "reditelka",
            "company_id": company.id,
            "company_ids": [fields.Command.set(company.ids)],
            "groups_id": [fields.Command.set([staff_group.id])],
            "lang": "cs_CZ" if env["res.lang"]._lang_get("cs_CZ") else "en_US",
            "tz": "Europe/Prague",
        }
    )
    teacher_user = Users.create(
        {
            "partner_id": teacher_4a.id,
            "login": "ucitelka",
            "password": "ucitelka",
            "company_id": company.id,
            "company_ids": [fields.Command.set(company.ids)],
            "groups_id": [fields.Command.set([staff_group.id])],
            "lang": principal_user.lang,
            "tz": "Europe/Prague",
        }
    )
    env["ir.model.data"]._update_xmlids(
        [
            {
                "xml_id": "case_management_school.user_principal_lipova_demo",
                "record": principal_user,
                "noupdate": True,
            },
            {
                "xml_id": "case_management_school.user_teacher_lipova_demo",
                "record": teacher_user,
                "noupdate": True,
            },
        ]
    )
    Staff = env["case.school.staff"]
    Staff.create(
        [
            {
                "school_id": school.id,
                "partner_id": principal.id,
                "role": "principal",
                "user_id": principal_user.id,
            },
            {
                "school_id": school.id,
                "partner_id": teacher_4a.id,
                "role": "class_teacher",
                "user_id": teacher_user.id,
            },
            {
                "school_id": school.id,
                "partner_id": ref(
                    "case_management.partner_prof_teacher_lipova_5b_demo"
                ).id,
                "role": "class_teacher",
            },
            {
                "school_id": school.id,
                "partner_id": ref(
                    "case_management.partner_prof_teacher_lipova_2a_demo"
                ).id,
                "role": "class_teacher",
            },
            {
                "school_id": school.id,
                "partner_id": ref(
                    "case_management.partner_prof_prevention_lipova_demo"
                ).id,
                "role": "prevention",
            },
            {
                "school_id": school_b.id,
                "partner_id": ref(
                    "case_management.partner_prof_counsellor_vysluni_demo"
                ).id,
                "role": "counsellor",
            },
        ]
    )

    # Classes of both years; named children of the core demo take a seat.
    teachers = {
        (4, "A"): teacher_4a,
        (5, "B"): ref("case_management.partner_prof_teacher_lipova_5b_demo"),
        (2, "A"): ref("case_management.partner_prof_teacher_lipova_2a_demo"),
    }
    Class = env["case.school.class"]
    classes = {}
    for year in (prev_year, this_year):
        for grade in range(1, 10):
            letter = "B" if grade == 5 else "A"
            classes[(year, grade)] = Class.create(
                {
                    "name": f"{grade}. {letter}",
                    "school_id": school.id,
                    "year_id": year.id,
                    "grade": grade,
                    "company_id": company.id,
                    "teacher_partner_id": teachers.get(
                        (grade, letter), env["res.partner"]
                    ).id,
                    "teacher_user_id": teacher_user.id
                    if (grade, letter) == (4, "A")
                    else False,
                }
            )
    named = {
        5: [ref("case_management.partner_dominik_demo")],
        6: [ref("case_management.partner_vesely_nikola_demo")],
        2: [ref("case_management.partner_vesely_filip_demo")],
    }
    Partner = env["res.partner"]
    children = []  # (partner, grade this year, profile)
    code = 2500
    for grade in range(1, 10):
        kids = list(named.get(grade, []))
        while len(kids) < PUPILS_PER_CLASS:
            girl = rng.random() < 0.5
            first = rng.choice(FIRST_NAMES_GIRLS if girl else FIRST_NAMES_BOYS)
            surname = rng.choice(SURNAMES)[1 if girl else 0]
            kids.append(
                Partner.create(
                    {
                        "name": f"{first} {surname}",
                        "city": "Most",
                        "birthdate": date(
                            this_start.year - 6 - grade,
                            rng.randint(1, 12),
                            rng.randint(1, 28),
                        ),
                    }
                )
            )
        for kid in kids:
            roll = rng.random()
            profile = "rising" if roll < 0.08 else "payday" if roll < 0.16 else "steady"
            children.append((kid, grade, profile))
    dominik = named[5][0]
    nikola = named[6][0]
    filip = named[2][0]
    profiles_fixed = {dominik: "dominik", nikola: "payday", filip: "payday"}
    Pupil = env["case.school.pupil"]
    pupil_vals = []
    for kid, grade, _profile in children:
        code += 1
        outcome_prev = "moved_up"
        pupil_vals.append(
            {
                "partner_id": kid.id,
                "pupil_code": str(code),
                "class_id": classes[(this_year, grade)].id,
                "date_from": this_start,
            }
        )
        if grade > 1:
            pupil_vals.append(
                {
                    "partner_id": kid.id,
                    "pupil_code": str(code),
                    "class_id": classes[(prev_year, grade - 1)].id,
                    "date_from": prev_start,
                    "year_outcome": outcome_prev,
                }
            )
    pupils = Pupil.create(pupil_vals)

    # School B: Amálka's class with a few classmates (her rising absence, A11 11.2).
    amalka = ref("case_management.partner_amalka_demo")
    class_b = {
        year: Class.create(
            {
                "name": f"{grade}. B",
                "school_id": school_b.id,
                "year_id": year.id,
                "grade": grade,
                "company_id": company.id,
            }
        )
        for year, grade in ((prev_year, 7), (this_year, 8))
    }
    pupils_b = Pupil.create(
        [
            {
                "partner_id": amalka.id,
                "pupil_code": "A-017",
                "class_id": class_b[prev_year].id,
                "year_outcome": "moved_up",
            },
            {
                "partner_id": amalka.id,
                "pupil_code": "A-017",
                "class_id": class_b[this_year].id,
            },
        ]
    )
    pupils |= pupils_b

    # Attendance: one row per pupil and school day (whole day, 5 lessons).
    Attendance = env["case.school.attendance"]
    payday = Attendance._school_payday() or 15
    from .case_school_attendance import days_before_payday

    days = list(school_days(prev_start, today))
    profile_of = {
        kid: profiles_fixed.get(kid, profile) for kid, _g, profile in children
    }
    profile_of[amalka] = "amalka"
    dominik_start = today - timedelta(days=380)
    rows = []
    for pupil in pupils:
        profile = profile_of[pupil.partner_id]
        year = pupil.year_id
        base = rng.uniform(0.01, 0.05)
        for day in days:
            if not (year.date_from <= day <= year.date_to):
                continue
            progress = (day - prev_start).days / max((today - prev_start).days, 1)
            chance = base
            unexcused_share = 0.1
            mode = "in_person"
            if profile == "rising":
                chance = base + 0.45 * progress
                unexcused_share = 0.5
            elif profile == "payday":
                if days_before_payday(day, payday) <= 3:
                    chance = 0.6
                    unexcused_share = 0.6
            elif profile == "dominik":
                # irregular until the case, better after it started
                chance = 0.35 if day < dominik_start else 0.06
                unexcused_share = 0.6 if day < dominik_start else 0.1
            elif profile == "amalka":
                if day < prev_start + timedelta(days=60):
                    mode = "online"
                    chance = 0.05
                else:
                    chance = min(0.05 + 0.8 * progress, 0.85)
                    unexcused_share = 0.4
            absent = 0
            excused = unexcused = 0.0
            if rng.random() < chance:
                absent = 5 if rng.random() < 0.8 else rng.randint(1, 4)
                if rng.random() < unexcused_share:
                    unexcused = float(absent)
                else:
                    excused = float(absent)
            late = 1 if rng.random() < chance / 4 else 0
            rows.append(
                (
                    pupil.id,
                    pupil.pupil_code,
                    year.name,
                    pupil.partner_id.id,
                    pupil.school_id.id,
                    year.id,
                    pupil.company_id.id,
                    day,
                    0,
                    5,
                    excused,
                    unexcused,
                    excused + unexcused,
                    late,
                    mode,
                    days_before_payday(day, payday),
                )
            )
    Attendance._school_bulk_upsert(rows)

    # Results of every term that has ended.
    Result = env["case.school.result"]
    result_vals = []
    for pupil in pupils:
        profile = profile_of[pupil.partner_id]
        base = round(rng.uniform(1.2, 3.0), 2)
        for term in pupil.year_id.term_ids.sorted("date_from"):
            if term.date_to >= today:
                continue
            average = base
            if (
                profile in ("rising", "amalka")
                and term.date_from.year > prev_start.year
            ):
                average = min(base + 0.9, 4.6)
            if profile == "dominik":
                average = 3.6 if term.date_from < dominik_start else 2.7
            failing = 1 if average > 3.8 else 0
            result_vals.append(
                {
                    "pupil_id": pupil.id,
                    "term_id": term.id,
                    "average": average,
                    "failing_subjects": failing,
                    "failing_subject_names": "Matematika" if failing else False,
                    "behaviour_grade": "1",
                    "activity_note": "V hodinách aktivnější, víc se hlásí."
                    if profile == "dominik" and term.date_from > dominik_start
                    else False,
                }
            )
    Result.create(result_vals)

    # Early signals noticed by the teachers (A11 11.5).
    Signal = env["case.school.signal"]
    current = pupils.filtered(lambda p: p.year_id == this_year)
    signal_types = [
        ref("case_management_school.signal_type_food"),
        ref("case_management_school.signal_type_clothing"),
        ref("case_management_school.signal_type_somatic"),
        ref("case_management_school.signal_type_inattention"),
    ]
    signal_vals = []
    for pupil in current:
        if profile_of[pupil.partner_id] in ("rising", "payday") and rng.random() < 0.5:
            signal_vals.append(
                {
                    "pupil_id": pupil.id,
                    "type_id": rng.choice(signal_types).id,
                    "date": today - timedelta(days=rng.randint(3, 40)),
                    "noticed_by_id": teacher_user.id,
                    "note": "Všimla si třídní učitelka.",
                }
            )
    amalka_now = pupils_b.filtered(lambda p: p.year_id == this_year)
    signal_vals += [
        {
            "pupil_id": amalka_now.id,
            "type_id": ref("case_management_school.signal_type_somatic").id,
            "date": today - timedelta(days=20),
            "noticed_by_id": env.uid,
            "note": "Ráno bolí břicho, nechce do školy.",
        },
        {
            "pupil_id": amalka_now.id,
            "type_id": ref("case_management_school.signal_type_anxiety").id,
            "date": today - timedelta(days=12),
            "noticed_by_id": env.uid,
        },
    ]
    Signal.create(signal_vals)

    # The school's notification to OSPOD about Amálka's absences (A11 11.8).
    env["case.school.ospod.notice"].create(
        {
            "pupil_id": pupils_b.filtered(lambda p: p.year_id == prev_year).id,
            "date": today - timedelta(days=200),
            "reason": "Dlouhodobě narůstající absence, Amálka téměř přestala "
            "chodit do školy.",
        }
    )

    # The watch list as the nightly job computes it.
    current._school_compute_watch(today)
    amalka_now._school_compute_watch(today)

    # The five nominated families (A1 1.1): Dominik's and the Veselý family's
    # cases from the core demo, and three pupils from the watch list.
    dominik_pupil = pupils.filtered(
        lambda p: p.partner_id == dominik and p.year_id == prev_year
    )
    nikola_pupil = pupils.filtered(
        lambda p: p.partner_id == nikola and p.year_id == this_year
    )
    food = ref("case_management_school.signal_type_food")
    attendance_type = ref("case_management_school.signal_type_attendance")
    results_type = ref("case_management_school.signal_type_results")
    referral = dominik_pupil._school_nominate(
        principal_user,
        "Dominik nemá svačiny ani oblečení na ven, chodí nepravidelně a zhoršil se.",
        food | attendance_type | results_type,
        case=ref("case_management.case_case_dominik_demo"),
    )
    referral.write(
        {
            "nominated_on": today - timedelta(days=383),
            "state": "accepted",
            "decided_by_id": manager.id,
            "decided_on": today - timedelta(days=381),
            "decision_reason": "Rodina chce spolupracovat, škola je ochotná "
            "se zapojit.",
        }
    )
    referral = nikola_pupil._school_nominate(
        principal_user,
        "Děti chybí vždy před výplatou dávek, nemají pomůcky.",
        attendance_type,
        case=ref("case_management.case_case_vesely_demo"),
    )
    referral.write(
        {
            "nominated_on": today - timedelta(days=56),
            "state": "accepted",
            "decided_by_id": manager.id,
            "decided_on": today - timedelta(days=52),
            "decision_reason": "Matka souhlasí, hlavní zakázka jsou úřady a dávky.",
        }
    )
    watched = current.filtered(
        lambda p: p.is_watched and p.partner_id not in (dominik, nikola, filip)
    ).sorted("id")
    decisions = ["proposed", "proposed", "declined"]
    for pupil, decision in zip(watched[:3], decisions, strict=False):
        referral = pupil._school_nominate(
            principal_user,
            f"Na seznamu ke sledování: {pupil.watch_reasons}",
            attendance_type,
        )
        if decision == "declined":
            referral.write(
                {
                    "state": "declined",
                    "decided_by_id": manager.id,
                    "decided_on": today,
                    "decision_reason": "Rodina spolupracuje se sociálně aktivizační "
                    "službou, case management teď nepotřebuje.",
                }
            )
            referral._school_close_declined()

    # Support measures owned by the school, as plan steps (A11 11.9).
    steps = env["case.plan.step"].search(
        [("case_id", "=", ref("case_management.case_case_amalka_demo").id)]
    )
    steps.filtered(lambda s: s.organisation_id == school_b)[:1].write(
        {"school_measure_type": "confidence"}
    )

    # Before/after outcome of every case with a pupil in focus.
    env["case.case"]._school_cron_compute_outcomes()
