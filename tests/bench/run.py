"""The benchmarks at scale, one command, one table.

    /opt/odoo-venv/bin/python tests/bench/run.py                       # 10k vs 100k
    /opt/odoo-venv/bin/python tests/bench/run.py --dbs case_bench_1000,case_bench_10000

Runs in-process against databases built by ``generate.py`` (the first one is
the baseline, the last the large one) and prints lines

    measure | N | queries | median | baseline | ratio | target

``queries`` are the SQL statements Odoo sent (``cr.sql_log_count``),
``median`` the median wall time of ``--repeat`` runs after one warm-up (the
ORM caches are emptied before each run, as for a new request). ``baseline``
is either the same measure on the small database (ratio = scaling) or the
equivalent hand-written SQL on the same database. Everything a measure
writes is rolled back: the databases stay as generated, the command can be
rerun. Scheduled jobs run with ``cr.commit`` counted instead of committing.
"""

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate

ROWS = []


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dbs", default="case_bench_10000,case_bench_100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--only", default="", help="comma-separated measure groups (list,form,...)"
    )
    return parser.parse_args(argv)


def row(measure, n, queries, median, baseline="", ratio="", target=""):
    ROWS.append((measure, n, queries, median, baseline, ratio, target))
    print(
        f"{measure} | {n} | {queries} | {median} | {baseline} | {ratio} | {target}",
        flush=True,
    )


def ms(value):
    return f"{value * 1000:.1f} ms"


def measure(env, fn, repeat=5, warm=True):
    """Return (queries of the last run, median seconds)."""
    cr = env.cr
    if warm:
        fn()
    times, queries = [], 0
    for _ in range(repeat):
        env.invalidate_all()
        q0 = cr.sql_log_count
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        queries = cr.sql_log_count - q0
    return queries, statistics.median(times)


def sql_time(cr, query, params=(), repeat=5):
    cr.execute(query, params)
    cr.fetchall()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        cr.execute(query, params)
        cr.fetchall()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# ---------------------------------------------------------------------------
# Specifications as the web client builds them from a view
# ---------------------------------------------------------------------------


def spec_from_node(env, model, node):
    Model = env[model]
    spec = {}
    for field in node.iter("field"):
        # Only the fields of this level: skip those inside sub-views.
        parent = field.getparent()
        nested = False
        while parent is not None and parent is not node:
            if parent.tag == "field":
                nested = True
                break
            parent = parent.getparent()
        if nested:
            continue
        name = field.get("name")
        definition = Model._fields.get(name)
        if definition is None:
            continue
        if definition.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif definition.type in ("one2many", "many2many"):
            sub = next((c for c in field if c.tag in ("list", "tree", "kanban")), None)
            if sub is not None:
                spec[name] = {
                    "fields": spec_from_node(env, definition.comodel_name, sub),
                    "limit": 40,
                    "order": "",
                }
            else:
                spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def view_spec(env, model, view_type):
    views = env[model].get_views([(False, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    return spec_from_node(env, model, arch)


# ---------------------------------------------------------------------------
# Environment
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def bench_env(db):
    conf = generate.bench_conf()
    env = generate.open_env(conf, db)
    try:
        yield env
    finally:
        env.cr.rollback()
        env.cr.close()


def user_env(env, login):
    user = env["res.users"].search([("login", "=", login)], limit=1)
    return env(
        user=user.id,
        su=False,
        context={"allowed_company_ids": user.company_ids.ids, "tz": "Europe/Prague"},
    )


def cases_count(env):
    env.cr.execute("SELECT count(*) FROM case_case")
    return env.cr.fetchone()[0]


# ---------------------------------------------------------------------------
# Measures; each returns {name: (queries, seconds)} for the ratio step
# ---------------------------------------------------------------------------


def caseload_worker(env, size=40):
    """A case worker with the same caseload whatever the size of the
    database (team member of ``size`` open cases spread over it), as a real
    one has: ``bench_pracovnik`` is in every 50th case, so his list grows
    with the database. Rolled back with the measure."""
    template = env["res.users"].search([("login", "=", "bench_pracovnik")], limit=1)
    user = template.copy(
        {"login": "bench_caseload40", "name": "Případová pracovnice (40 případů)"}
    )
    env.cr.execute(
        "SELECT id FROM case_case WHERE active AND is_closed IS NOT TRUE "
        "ORDER BY (id * 7919) %% 100003 LIMIT %s",
        (size,),
    )
    cases = env["case.case"].browse([row[0] for row in env.cr.fetchall()])
    cases.write({"team_user_ids": [(4, user.id)]})
    env.flush_all()
    return user.login


def bench_list(env, n, repeat):
    out = {}
    for login in ("bench_koordinator", "bench_pracovnik", caseload_worker(env)):
        uenv = user_env(env, login)
        Case = uenv["case.case"]
        spec = view_spec(uenv, "case.case", "list")
        for limit in (10, 80):
            q, t = measure(
                uenv,
                lambda Case=Case, spec=spec, limit=limit: Case.web_search_read(
                    [], spec, limit=limit, count_limit=10001
                ),
                repeat,
            )
            out[f"list {login} {limit} rows"] = (q, t)
    return out


def big_case(env):
    """A case with 40 participants, contacts and steps (rolled back later)."""
    Case = env["case.case"]
    cases = Case.search(
        [("is_closed", "=", False), ("active_plan_id", "!=", False)],
        limit=2,
        order="id",
    )
    small, big = cases[0], cases[1]
    env.cr.execute(
        "SELECT id FROM res_partner WHERE parent_id IS NOT NULL AND case_family_id IS NULL "
        "AND id NOT IN (SELECT partner_id FROM case_participant WHERE case_id = %s) ORDER BY id LIMIT 40",
        (big.id,),
    )
    pros = [r[0] for r in env.cr.fetchall()]
    have = len(big.participant_ids)
    env["case.participant"].create(
        [{"case_id": big.id, "partner_id": p} for p in pros[: 40 - have]]
    )
    env["case.contact"].create(
        [
            {"case_id": big.id, "contact_type": "phone", "note": f"Telefonát {i}"}
            for i in range(40 - len(big.contact_ids))
        ]
    )
    plan = big.active_plan_id
    env["case.plan.step"].create(
        [
            {
                "plan_id": plan.id,
                "name": f"Krok {i}",
                "responsible_type": "internal",
                "user_id": big.manager_id.id,
            }
            for i in range(40 - len(plan.step_ids))
        ]
    )
    env.flush_all()
    return small, big


def bench_form(env, n, repeat):
    out = {}
    cenv = user_env(env, "bench_koordinator")
    small, big = big_case(env)
    spec = view_spec(cenv, "case.case", "form")
    for label, case in (("4", small), ("40", big)):
        record = cenv["case.case"].browse(case.id)
        q, t = measure(cenv, lambda record=record: record.web_read(spec), repeat)
        out[f"form web_read {label} participants/contacts/steps"] = (q, t)
    kspec = view_spec(cenv, "case.case", "kanban")
    Case = cenv["case.case"]

    def kanban():
        groups = Case.web_read_group([], ["stage_id"], ["stage_id"], lazy=True)
        for group in groups["groups"][:10]:
            Case.web_search_read(group["__domain"], kspec, limit=40)

    out["kanban grouped by stage (40 per column)"] = measure(cenv, kanban, repeat)
    return out


def bench_search(env, n, repeat):
    out = {}
    cr = env.cr
    cenv = user_env(env, "bench_koordinator")
    Case = cenv["case.case"]
    order = Case._order
    cr.execute("SELECT name FROM case_case ORDER BY id DESC LIMIT 1 OFFSET 7")
    code = cr.fetchone()[0]
    cr.execute(
        "SELECT p.name FROM res_partner p JOIN case_family f ON f.id = p.case_family_id ORDER BY p.id DESC LIMIT 1 OFFSET 11"
    )
    member = cr.fetchone()[0]
    school = None
    if "school_id" in Case._fields:
        cr.execute(
            "SELECT school_id FROM case_case WHERE school_id IS NOT NULL GROUP BY school_id ORDER BY count(*) DESC LIMIT 1"
        )
        school = (cr.fetchone() or [None])[0]
    manager = env["res.users"].search([("login", "=", "bench_manazer03")])
    menv = user_env(env, "bench_manazer03")
    sql_order = "c.priority DESC, c.start_date DESC, c.id DESC"
    cases = [
        (
            "search by case code",
            lambda: Case.search([("name", "ilike", code)], limit=80),
            f"SELECT c.id FROM case_case c WHERE c.active AND c.name ILIKE %s ORDER BY {sql_order} LIMIT 80",
            (f"%{code}%",),
        ),
        (
            "search by family member name",
            lambda: Case.search([("family_member_ids", "ilike", member)], limit=80),
            (
                "SELECT c.id FROM case_case c WHERE c.active AND c.family_id IN "
                "(SELECT p.case_family_id FROM res_partner p WHERE p.name ILIKE %s) "
                f"ORDER BY {sql_order} LIMIT 80"
            ),
            (f"%{member}%",),
        ),
        (
            "search by name of a person in focus (case manager, search view)",
            lambda: menv["case.case"].search(
                [("focus_partner_name", "ilike", member)], limit=80
            ),
            (
                "SELECT c.id FROM case_case c WHERE c.active AND c.id IN "
                "(SELECT r.case_id FROM case_case_focus_partner_rel r "
                "JOIN res_partner p ON p.id = r.partner_id WHERE p.name ILIKE %s) "
                "AND c.id IN (SELECT case_id FROM case_case_member_user_rel "
                f"WHERE user_id = %s) ORDER BY {sql_order} LIMIT 80"
            ),
            (f"%{member}%", manager.id),
        ),
        (
            "search my cases (case manager)",
            lambda: menv["case.case"].search(
                [("manager_id", "=", manager.id)], limit=80
            ),
            f"SELECT c.id FROM case_case c WHERE c.active AND c.manager_id = %s ORDER BY {sql_order} LIMIT 80",
            (manager.id,),
        ),
    ]
    if school:
        cases.append(
            (
                "search by school",
                lambda: Case.search([("school_id", "=", school)], limit=80),
                f"SELECT c.id FROM case_case c WHERE c.active AND c.school_id = %s ORDER BY {sql_order} LIMIT 80",
                (school,),
            )
        )
    for name, fn, query, params in cases:
        q, t = measure(cenv, fn, repeat)
        base = sql_time(cr, query, params, repeat)
        out[name] = (q, t, base)
    del order
    return out


def our_crons(env):
    env.cr.execute(
        "SELECT res_id FROM ir_model_data WHERE model = 'ir.cron' AND module = ANY(%s) ORDER BY res_id",
        (generate.casectl.ADDONS,),
    )
    return env["ir.cron"].browse([r[0] for r in env.cr.fetchall()])


MAX_CRON_BATCHES = 3


def bench_crons(env, n, repeat):
    """Each job of ours as the cron runner runs it: one batch per call with
    an ``ir.cron.progress`` record; the runner commits after every batch and
    calls again while work remains. At most MAX_CRON_BATCHES batches are run
    (rolled back afterwards); the time of the whole job is projected from
    the batches still to do."""
    out = {}
    cr = env.cr
    for cron in our_crons(env):
        commits = [0]
        real_commit = cr.commit

        def fake_commit(commits=commits):
            commits[0] += 1
            cr.flush()

        cr.commit = fake_commit
        try:
            progress = env["ir.cron.progress"].create(
                {"cron_id": cron.id, "remaining": 0, "done": 0}
            )
            action = cron.ir_actions_server_id.with_user(cron.user_id).with_context(
                lastcall=cron.lastcall, ir_cron_progress_id=progress.id
            )
            env.flush_all()
            env.invalidate_all()
            batches, queries, elapsed, done = 0, [], [], 0
            remaining = 0
            while batches < MAX_CRON_BATCHES:
                progress.write({"remaining": 0, "done": 0})
                env.flush_all()
                q0 = cr.sql_log_count
                t0 = time.perf_counter()
                action.run()
                env.flush_all()
                elapsed.append(time.perf_counter() - t0)
                queries.append(cr.sql_log_count - q0)
                batches += 1
                progress.invalidate_recordset()
                done, remaining = progress.done, progress.remaining
                if not remaining:
                    break
            per_batch = max(done, 1)
            todo = batches + (-(-remaining // per_batch) if remaining else 0)
            projected = statistics.mean(elapsed) * todo
        finally:
            cr.commit = real_commit
            cr.rollback()
            env.invalidate_all()
        out[f"cron {cron.cron_name or cron.name}"] = (
            max(queries),
            projected,
            (
                f"{batches} batch(es) run of {todo}; max {max(queries)} q/batch; "
                f"{statistics.mean(elapsed) * 1000:.0f} ms/batch; {commits[0]} explicit commits"
            ),
        )
    return out


def bench_reports(env, n, repeat):
    out = {}
    cr = env.cr
    if "case.outcome.report" in env:
        out.update(bench_funder(env, repeat))
    if "case.caseload.report" in env:
        Report = env["case.caseload.report"]
        q, t = measure(
            env,
            lambda: Report.read_group(
                [],
                ["case_count:sum", "duration_days:avg"],
                ["manager_id", "stage_id"],
                lazy=False,
            ),
            repeat,
        )
        base = sql_time(
            cr,
            "SELECT c.manager_id, c.stage_id, count(*), avg(COALESCE(c.end_date, CURRENT_DATE) - c.start_date) "
            "FROM case_case c GROUP BY 1, 2",
            (),
            repeat,
        )
        out["caseload report by manager x stage (read_group)"] = (q, t, base)
    if "case.meeting.report" in env:
        Report = env["case.meeting.report"]
        q, t = measure(
            env,
            lambda: Report.read_group([], ["__count"], ["company_id"], lazy=False),
            repeat,
        )
        base = sql_time(
            cr, "SELECT company_id, count(*) FROM case_meeting GROUP BY 1", (), repeat
        )
        out["meeting report (read_group)"] = (q, t, base)
    return out


def _funder_indicators(env, programme):
    """Every measure of the reports addon as an indicator of ``programme``,
    with every breakdown it accepts (rolled back with the measure)."""
    from odoo.exceptions import ValidationError

    Indicator = env["case.report.indicator"]
    breakdowns = [key for key, _label in Indicator._fields["breakdown"].selection]
    count = 0
    for index, code in enumerate(sorted(Indicator._get_measures())):
        for breakdown in breakdowns:
            try:
                with env.cr.savepoint():
                    Indicator.create(
                        {
                            "programme_id": programme.id,
                            "code": f"B{index:02d}-{breakdown}",
                            "name": f"{code} by {breakdown}",
                            "measure": code,
                            "breakdown": breakdown,
                        }
                    )
                    count += 1
            except ValidationError:
                continue
    return count


def bench_funder(env, repeat):
    """The programme report of one programme over one year: every measure
    with every breakdown it accepts, as the report wizard computes it
    (``_get_report_data``: the indicators' aggregates, the small-cell
    suppression, the tables), against the same aggregate statements sent as
    plain SQL (captured from one run of the report, then timed on their own);
    and the peak Python memory of one run (tracemalloc)."""
    import datetime
    import tracemalloc

    programme = env["case.funding.programme"].search([], limit=1)
    if not programme:
        return {}
    indicators = _funder_indicators(env, programme)
    today = datetime.date.today()
    wizard = env["case.outcome.report"].create(
        {
            "programme_id": programme.id,
            "company_id": env.company.id,
            "date_from": today.replace(year=today.year - 1),
            "date_to": today,
        }
    )
    env.flush_all()
    cr = env.cr
    captured = []
    original = cr.execute

    def capture(query, params=None, log_exceptions=True):
        code = getattr(query, "code", query)
        if code.lstrip().upper().startswith(("SELECT", "WITH")) and "case_" in code:
            captured.append((code, getattr(query, "params", params)))
        return original(query, params, log_exceptions)

    env.invalidate_all()
    cr.execute = capture
    try:
        wizard._get_report_data()
    finally:
        cr.execute = original

    def plain_sql():
        for code, params in captured:
            cr._obj.execute(code, params)
            cr._obj.fetchall()

    plain_sql()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        plain_sql()
        times.append(time.perf_counter() - t0)
    base = statistics.median(times)
    queries, seconds = measure(env, wizard._get_report_data, repeat)
    env.invalidate_all()
    tracemalloc.start()
    wizard._get_report_data()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    name = (
        f"funder report: {indicators} indicators of one programme, one year "
        f"({len(captured)} aggregates; peak Python memory {peak / 2**20:.1f} MB)"
    )
    return {name: (queries, seconds, base)}


def bench_minutes(env, n, repeat):
    """Distribute approved minutes to 12 covered participants."""
    cr = env.cr
    Meeting = env["case.meeting"]
    meeting = Meeting.search([("minutes_state", "=", "approved")], limit=1, order="id")
    case = meeting.case_id
    category = env["case.data.category"].search([("code", "=", "minutes")], limit=1)
    have = meeting.attendee_ids.filtered(lambda a: a.kind != "internal")
    cr.execute(
        "SELECT id FROM res_partner WHERE parent_id IS NOT NULL AND case_family_id IS NULL "
        "AND email IS NOT NULL AND id <> ALL(%s) ORDER BY id LIMIT %s",
        (have.partner_id.ids or [0], 12 - len(have)),
    )
    extra = [r[0] for r in cr.fetchall()]
    env["case.meeting.attendee"].create(
        [{"meeting_id": meeting.id, "partner_id": p, "kind": "external"} for p in extra]
    )
    partners = meeting.attendee_ids.partner_id
    partners.filtered(lambda p: not p.email).write({"email": "rodina@example.org"})
    consent = (
        case.consent_ids.filtered(lambda c: c.state == "valid")[:1]
        or case.consent_ids[:1]
    )
    consent.write(
        {
            "state": "valid",
            "valid_to": False,
            "recipient_partner_ids": [(4, p.id) for p in partners],
            "category_ids": [(4, category.id)] if category else [],
        }
    )
    env.flush_all()
    manager = case.manager_id
    uenv = env(
        user=manager.id,
        su=False,
        context={"allowed_company_ids": manager.company_ids.ids},
    )
    record = uenv["case.meeting"].browse(meeting.id)
    env.invalidate_all()
    # Warm the PDF engine outside the measure.
    record._minutes_pdf(False)
    env.invalidate_all()
    q0 = cr.sql_log_count
    t0 = time.perf_counter()
    record.action_distribute_minutes()
    env.flush_all()
    elapsed = time.perf_counter() - t0
    queries = cr.sql_log_count - q0
    mails = env["mail.mail"].search_count([("case_id", "=", case.id)])
    cr.rollback()
    env.invalidate_all()
    return {
        f"distribute minutes to {len(partners)} participants ({mails} mails)": (
            queries,
            elapsed,
        )
    }


def bench_slots(env, n, repeat):
    from datetime import datetime, timedelta

    managers = env["res.users"].search([("login", "like", "bench_manazer")])
    case = env["case.case"].search([("manager_id", "=", managers[0].id)], limit=1)
    wizard = env["case.meeting.slot.search"].create(
        {
            "case_id": case.id,
            "required_user_ids": [(6, 0, managers[:5].ids)],
            "optional_user_ids": [(6, 0, managers[5:].ids)],
            "weeks": 4,
        }
    )
    q, t = measure(env, wizard.action_search, repeat)
    start = datetime.now()
    end = start + timedelta(weeks=4)
    Event = env["calendar.event"]
    partners = managers.partner_id.ids
    _qr, tr = measure(
        env,
        lambda: Event.search_read(
            [
                ("partner_ids", "in", partners),
                ("start", "<", end),
                ("stop", ">", start),
            ],
            ["start", "stop", "partner_ids", "show_as"],
        ),
        repeat,
    )
    env.cr.rollback()
    return {
        "slot finder 15 managers x 4 weeks (wizard)": (q, t, tr),
    }


GROUPS = {
    "list": bench_list,
    "form": bench_form,
    "search": bench_search,
    "crons": bench_crons,
    "reports": bench_reports,
    "minutes": bench_minutes,
    "slots": bench_slots,
}


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    dbs = [d for d in args.dbs.split(",") if d]
    only = [g for g in args.only.split(",") if g] or list(GROUPS)
    results = {}
    print("measure | N | queries | median | baseline | ratio | target")
    print("--- | --- | --- | --- | --- | --- | ---")
    for db in dbs:
        if not generate.casectl.db_exists(db):
            print(f"(no database {db}: run generate.py first)")
            continue
        with bench_env(db) as env:
            n = cases_count(env)
            for group in only:
                for name, value in GROUPS[group](env, n, args.repeat).items():
                    results.setdefault((group, name), []).append((n, value))
                    report(group, name, n, value, results[(group, name)][0])
                env.cr.rollback()
    return 0


def report(group, name, n, value, first):
    base_n, base_value = first
    scaled = base_n != n
    queries, seconds = value[0], value[1]
    if group == "list":
        target = "queries(10 rows) = queries(80 rows); ratio 100k/10k <= 1.5"
        if scaled:
            row(
                name,
                n,
                queries,
                ms(seconds),
                ms(base_value[1]),
                f"{seconds / base_value[1]:.2f}",
                target,
            )
        else:
            row(name, n, queries, ms(seconds), "", "", target)
    elif group == "form":
        target = (
            "<= 30 queries, same for 4 and 40"
            if "form" in name
            else "ratio 100k/10k <= 1.5"
        )
        ratio = f"{seconds / base_value[1]:.2f}" if scaled else ""
        row(
            name,
            n,
            queries,
            ms(seconds),
            ms(base_value[1]) if scaled else "",
            ratio,
            target,
        )
    elif group in ("search", "reports"):
        base = value[2]
        row(
            name,
            n,
            queries,
            ms(seconds),
            f"SQL {ms(base)}",
            f"{seconds / base:.2f}" if base else "",
            "< 3 x SQL" if group == "search" else "<= 1.5 x SQL",
        )
    elif group == "crons":
        detail = value[2]
        ratio = f"{seconds / base_value[1]:.2f}" if scaled and base_value[1] else ""
        row(
            f"{name} ({detail}; median = projected whole job)",
            n,
            queries,
            ms(seconds),
            ms(base_value[1]) if scaled else "",
            ratio,
            "ratio 100k/10k <= 11; bounded queries per batch",
        )
    elif group == "minutes":
        row(name, n, queries, ms(seconds), "", "", "<= 40 queries")
    elif group == "slots":
        read = value[2]
        row(
            name,
            n,
            queries,
            ms(seconds),
            f"read events {ms(read)}",
            f"{seconds / read:.2f}",
            "< 100 ms (finder alone)",
        )


if __name__ == "__main__":
    sys.exit(main())
