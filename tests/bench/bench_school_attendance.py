"""Benchmark of the school addon (needs Odoo and PostgreSQL, not a test).

1. Imports one school year of daily attendance for 600 pupils (~114,000
   rows) through Odoo's standard import (``base_import.import`` →
   ``execute_import`` → ``load``), and the same rows with a plain bulk SQL
   insert (``execute_values`` into the same table, rolled back); prints rows per
   second and the ratio (target ≤ 5×).
2. Runs the nightly threshold job (pupils to watch) over 5,000 pupils with
   30 days of attendance each; prints pupils per second.

It creates its own database (dropped at the end unless ``--keep``)::

    /opt/odoo-venv/bin/python tests/bench/bench_school_attendance.py \
        -c .local/case_test.conf

The conf file gives the database connection (the one ``./casectl test``
writes is fine); ``--db`` names the scratch database.
"""

import argparse
import csv
import io
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_RATIO = 5.0
FIELDS = [
    "pupil_code",
    "school_year",
    "date",
    "lesson_block",
    "lessons",
    "excused_hours",
    "unexcused_hours",
    "late_arrivals",
    "mode",
]


HOLIDAYS = (
    ((10, 27), (10, 31)),  # autumn
    ((12, 22), (12, 31)),  # Christmas
    ((1, 1), (1, 2)),
    ((2, 16), (2, 20)),  # spring
    ((4, 2), (4, 3)),  # Easter
    ((6, 24), (6, 30)),
)


def school_days(start, end):
    """Weekdays of a Czech school year without the holidays (~190 days)."""
    day = start
    while day <= end:
        holiday = any(a <= (day.month, day.day) <= b for a, b in HOLIDAYS)
        if day.weekday() < 5 and day.month not in (7, 8) and not holiday:
            yield day
        day += timedelta(days=1)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-c", "--config", default=str(ROOT / ".local" / "case_test.conf")
    )
    parser.add_argument("--db", default="case_bench_school")
    parser.add_argument("--pupils", type=int, default=600)
    parser.add_argument("--threshold-pupils", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    return parser.parse_args()


def setup_odoo(args):
    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn"])
    addons = config["addons_path"].split(",")
    if str(ROOT) not in addons:
        config["addons_path"] = ",".join([*addons, str(ROOT)])
    odoo.tools.config["without_demo"] = "all"
    # The scratch database is created and dropped here, whatever the conf
    # says about the database manager.
    odoo.tools.config["list_db"] = True
    return odoo


def create_db(odoo, name):
    from odoo.service import db as db_service

    if db_service.exp_db_exist(name):
        db_service.exp_drop(name)
    db_service._create_empty_database(name)
    odoo.tools.config["init"] = {"case_management_school": 1}
    registry = odoo.modules.registry.Registry.new(name, update_module=True)
    odoo.tools.config["init"] = {}
    return registry


def build_school(env, pupils, prefix, year):
    school = env["res.partner"].create(
        {"name": f"ZŠ Bench {prefix}", "is_company": True, "is_school": True}
    )
    classes = env["case.school.class"].create(
        [
            {
                "name": f"{prefix}{i}",
                "school_id": school.id,
                "year_id": year.id,
                "grade": 1 + i % 9,
            }
            for i in range(max(1, pupils // 25))
        ]
    )
    children = env["res.partner"].create(
        [{"name": f"Žák {prefix}{i}"} for i in range(pupils)]
    )
    return env["case.school.pupil"].create(
        [
            {
                "partner_id": child.id,
                "pupil_code": f"{prefix}{i:05d}",
                "class_id": classes[i % len(classes)].id,
            }
            for i, child in enumerate(children)
        ]
    )


def bench_import(env, pupils, year):
    rng = random.Random(7)
    days = list(school_days(year.date_from, year.date_to))
    rows = []
    for pupil in pupils:
        for day in days:
            absent = 5 if rng.random() < 0.05 else 0
            unexcused = absent if rng.random() < 0.3 else 0
            rows.append(
                [
                    pupil.pupil_code,
                    year.name,
                    day.isoformat(),
                    0,
                    5,
                    absent - unexcused,
                    unexcused,
                    1 if rng.random() < 0.02 else 0,
                    "online" if rng.random() < 0.01 else "in_person",
                ]
            )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(FIELDS)
    writer.writerows(rows)
    content = buffer.getvalue().encode()

    wizard = env["base_import.import"].create(
        {
            "res_model": "case.school.attendance",
            "file": content,
            "file_name": "dochazka.csv",
            "file_type": "text/csv",
        }
    )
    options = {
        "quoting": '"',
        "separator": ",",
        "has_headers": True,
        "date_format": "%Y-%m-%d",
        "float_decimal_separator": ".",
        "float_thousand_separator": ",",
    }
    # The same rows, plain bulk SQL insert (execute_values) into the same
    # table with its indexes and foreign keys, then rolled back.
    from psycopg2.extras import execute_values

    by_code = {p.pupil_code: p for p in pupils}
    values = [
        (
            by_code[r[0]].id,
            r[0],
            r[1],
            by_code[r[0]].partner_id.id,
            by_code[r[0]].school_id.id,
            year.id,
            by_code[r[0]].company_id.id,
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[5] + r[6],
            r[7],
            r[8],
        )
        for r in rows
    ]
    cr = env.cr
    cr.execute("SAVEPOINT bench_plain_sql")
    began = time.perf_counter()
    execute_values(
        cr._obj,
        """INSERT INTO case_school_attendance (pupil_id, pupil_code, school_year,
           partner_id, school_id, year_id, company_id, date, lesson_block, lessons,
           excused_hours, unexcused_hours, absent_hours, late_arrivals, mode)
           VALUES %s""",
        values,
        page_size=5000,
    )
    sql_seconds = time.perf_counter() - began
    cr.execute("ROLLBACK TO SAVEPOINT bench_plain_sql")

    began = time.perf_counter()
    result = wizard.execute_import(FIELDS, FIELDS, options)
    env.flush_all()
    import_seconds = time.perf_counter() - began
    errors = [m for m in result["messages"] if m.get("type") == "error"]
    if errors or len(result["ids"] or []) != len(rows):
        sys.exit(f"import failed: {errors[:3]}")

    # Re-import of the same file replaces (no duplicates).
    began = time.perf_counter()
    result = wizard.execute_import(FIELDS, FIELDS, options)
    env.flush_all()
    reimport_seconds = time.perf_counter() - began
    count = env["case.school.attendance"].search_count([])
    return len(rows), import_seconds, sql_seconds, reimport_seconds, count


def bench_threshold(env, count, year):
    from odoo import fields

    pupils = build_school(env, count, "T", year)
    today = year.date_from + timedelta(days=60)
    days = [d for d in school_days(today - timedelta(days=42), today)]
    rng = random.Random(11)
    rows = []
    for pupil in pupils:
        for day in days:
            unexcused = 5.0 if rng.random() < 0.04 else 0.0
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
                    0.0,
                    unexcused,
                    unexcused,
                    0,
                    "in_person",
                    None,
                )
            )
    env["case.school.attendance"]._school_bulk_upsert(rows)
    env.flush_all()
    # Fresh statistics, as autovacuum keeps them on a live database (the rows
    # above are not committed, so it cannot see them).
    env.cr.execute("ANALYZE case_school_attendance, case_school_pupil, res_partner")
    Pupil = env["case.school.pupil"].with_context(tz="UTC")
    began = time.perf_counter()
    from unittest.mock import patch

    with patch.object(fields.Date, "context_today", lambda *a, **k: today):
        done = Pupil._cron_compute_watch_list()
    seconds = time.perf_counter() - began
    watched = Pupil.search_count([("is_watched", "=", True)])
    return done, seconds, watched


def main():
    args = parse_args()
    odoo = setup_odoo(args)
    from odoo import api

    print(f"Creating database {args.db} with case_management_school (no demo)...")
    registry = create_db(odoo, args.db)
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
            year = env["case.school.year"].create(
                {
                    "name": "2025/2026",
                    "date_from": date(2025, 9, 1),
                    "date_to": date(2026, 6, 30),
                }
            )
            pupils = build_school(env, args.pupils, "A", year)
            env.flush_all()
            rows, seconds, sql_seconds, reimport_seconds, count = bench_import(
                env, pupils, year
            )
            ratio = seconds / sql_seconds
            print(
                f"Attendance import, {args.pupils} pupils x one school year: {rows} rows\n"
                f"  standard import (base_import): {seconds:.1f} s = {rows / seconds:,.0f} rows/s\n"
                f"  plain bulk SQL insert:         {sql_seconds:.1f} s = {rows / sql_seconds:,.0f} rows/s\n"
                f"  ratio: {ratio:.1f}x (target <= {TARGET_RATIO:.0f}x) "
                f"{'OK' if ratio <= TARGET_RATIO else 'OVER TARGET'}\n"
                f"  re-import of the same file (replaces): {reimport_seconds:.1f} s, "
                f"rows stored afterwards: {count}"
            )
            cr.rollback()
        with registry.cursor() as cr:
            env = api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "en_US"})
            year = env["case.school.year"].create(
                {
                    "name": "2025/2026",
                    "date_from": date(2025, 9, 1),
                    "date_to": date(2026, 6, 30),
                }
            )
            done, seconds, watched = bench_threshold(env, args.threshold_pupils, year)
            print(
                f"Threshold job (pupils to watch): {done} pupils in {seconds:.1f} s "
                f"= {done / seconds:,.0f} pupils/s; {watched} on the watch list"
            )
            cr.rollback()
    finally:
        odoo.sql_db.close_all()
        if not args.keep:
            from odoo.service import db as db_service

            db_service.exp_drop(args.db)


if __name__ == "__main__":
    main()
