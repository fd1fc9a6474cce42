"""Bounded load test: simulated staff against two Odoo servers behind nginx.

One command (not part of the default test run), on a database built by
``generate.py``::

    /opt/odoo-venv/bin/python tests/bench/load.py --db case_bench_10000

It starts the deployment of docs/DEPLOYMENT.md on loopback
(``tools/multiserver.py``: two Odoo servers in multi-worker mode with the
committed ``deploy/odoo.conf``, nginx with ``deploy/nginx.conf``) and an SMTP
sink, then runs ``--users`` threads (default 50). Each simulated member of
staff logs in (15 case managers with three sessions each, the coordinator and
the case worker of the generated database) and repeats, with a random think
time between actions, what the web client sends for:

- ``case list``: the case list view (``web_search_read``, its view's fields,
  80 rows; a manager's own cases, every case for the coordinator);
- ``case form``: one of those cases with the form view's fields (``web_read``
  with the sub-lists);
- ``search``: a case by code or a family member's surname;
- ``post note``: an internal note on a case (``message_post``);
- ``log contact``: a phone call recorded on a case (``case.contact``);
- ``plan meeting``: a case meeting next month (``case.meeting``);
- ``send minutes``: the approved minutes of one of the manager's meetings
  distributed (PDF by e-mail to the covered participants);
- ``report``: the caseload analysis grouped by manager and stage
  (``web_read_group``), coordinator only.

It stops after ``--duration`` seconds (at most 300) and prints, per action,
the count, p50, p95 and max in milliseconds, and the refused calls (a
``UserError`` or ``AccessError`` the application answered on purpose) and
errors (anything else: a server error, a traceback, no answer); then what the
servers logged: serialization retries (a request or a job run again after a
concurrent update) against the number of writes, workers killed for memory
or time, WARNING/ERROR lines.
"""

import argparse
import contextlib
import datetime
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import casectl
import multiserver

from tests.helpers import OdooClient, RPCError, free_port

MAX_DURATION = 300
REFUSALS = ("UserError", "AccessError", "ValidationError", "MissingError")
WRITES = ("post note", "log contact", "plan meeting", "send minutes")
ACTIONS_MANAGER = [
    ("case list", 25),
    ("case form", 25),
    ("search", 15),
    ("post note", 10),
    ("log contact", 10),
    ("plan meeting", 5),
    ("send minutes", 5),
]
ACTIONS_COORDINATOR = [
    ("case list", 30),
    ("case form", 25),
    ("search", 20),
    ("report", 15),
    ("post note", 10),
]
SURNAMES = ["Nováková", "Dvořák", "Horváth", "Svobodová", "Černý", "Procházka"]


# ---------------------------------------------------------------------------
# Specifications as the web client builds them from the views
# ---------------------------------------------------------------------------


def _spec(node, model, models):
    fields = models.get(model, {}).get("fields", models.get(model, {}))
    spec = {}
    for child in node.iter("field"):
        parent = child.getparent()
        nested = False
        while parent is not None and parent is not node:
            if parent.tag == "field":
                nested = True
                break
            parent = parent.getparent()
        if nested:
            continue
        name = child.get("name")
        info = fields.get(name)
        if not info:
            continue
        if info["type"] == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif info["type"] in ("one2many", "many2many"):
            sub = next((c for c in child if c.tag in ("list", "kanban")), None)
            if sub is not None:
                spec[name] = {
                    "fields": _spec(sub, info["relation"], models),
                    "limit": 40,
                    "order": "",
                }
            else:
                spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def view_specs(client):
    from lxml import etree

    res = client.call("case.case", "get_views", [[False, "list"], [False, "form"]])
    models = res["models"]
    specs = {}
    for view_type in ("list", "form"):
        arch = etree.fromstring(res["views"][view_type]["arch"])
        specs[view_type] = _spec(arch, "case.case", models)
    return specs


# ---------------------------------------------------------------------------
# One member of staff
# ---------------------------------------------------------------------------


class Staff(threading.Thread):
    def __init__(self, number, url, db, login, kind, until, think, results, lock):
        super().__init__(name=f"staff-{number}", daemon=True)
        self.rng = random.Random(number)
        self.number = number
        self.client = OdooClient(url, db)
        self.login, self.kind = login, kind
        self.until, self.think = until, think
        self.results, self.lock = results, lock
        self.cases, self.meetings = [], []
        self.specs = None

    def record(self, action, seconds, outcome):
        with self.lock:
            self.results.append((action, seconds, outcome))

    def timed(self, action, fn):
        t0 = time.perf_counter()
        try:
            fn()
            outcome = "ok"
        except RPCError as exc:
            outcome = "refused" if any(r in exc.name for r in REFUSALS) else "error"
            self.record_error(action, f"{outcome}: {exc.name}: {exc}")
        except (OSError, urllib.error.URLError, json.JSONDecodeError) as exc:
            outcome = "error"
            self.record_error(action, repr(exc))
        self.record(action, time.perf_counter() - t0, outcome)

    def record_error(self, action, text):
        with self.lock:
            ERRORS.append((action, text[:300]))

    def run(self):
        self.timed("login", lambda: self.client.login(self.login, self.login))
        if self.client.uid is None:
            return
        self.specs = view_specs(self.client)
        domain = (
            [] if self.kind != "manager" else [("manager_id", "=", self.client.uid)]
        )
        self.cases = self.client.call("case.case", "search", domain, limit=200)
        # writes go to open cases (a closed case refuses them)
        self.open_cases = (
            self.client.call(
                "case.case", "search", [*domain, ("is_closed", "=", False)], limit=200
            )
            or self.cases
        )
        if self.kind == "manager":
            self.meetings = self.client.call(
                "case.meeting",
                "search",
                [
                    ("minutes_state", "=", "approved"),
                    ("case_id", "in", self.open_cases),
                ],
                limit=200,
                order="id",
            )
            # the sessions of one manager (numbers 15 apart) take turns, so
            # that two of them do not distribute the same minutes
            self.meetings = self.meetings[self.number // 15 :: 4]
            self.rng.shuffle(self.meetings)
        actions = ACTIONS_MANAGER if self.kind == "manager" else ACTIONS_COORDINATOR
        names = [a for a, _w in actions]
        weights = [w for _a, w in actions]
        while time.time() < self.until:
            self.pause()
            if time.time() >= self.until:
                break
            action = self.rng.choices(names, weights)[0]
            if action == "send minutes" and not self.meetings:
                action = "case form"
            self.timed(action, getattr(self, "do_" + action.replace(" ", "_")))

    def pause(self):
        delay = self.rng.uniform(0.5 * self.think, 1.5 * self.think)
        time.sleep(max(0.0, min(delay, self.until - time.time())))

    def case(self):
        return self.rng.choice(self.cases)

    def open_case(self):
        return self.rng.choice(self.open_cases)

    # the actions ---------------------------------------------------------

    def do_case_list(self):
        domain = (
            [] if self.kind != "manager" else [("manager_id", "=", self.client.uid)]
        )
        self.client.call(
            "case.case",
            "web_search_read",
            domain,
            specification=self.specs["list"],
            limit=80,
            order="",
        )

    def do_case_form(self):
        self.client.call(
            "case.case", "web_read", [self.case()], specification=self.specs["form"]
        )

    def do_search(self):
        term = self.rng.choice(SURNAMES)
        if self.rng.random() < 0.5:
            year = self.rng.choice((2024, 2025, 2026))
            term = f"CM-{year}-{self.rng.randint(1, 3000):05d}"
        self.client.call(
            "case.case",
            "web_search_read",
            ["|", ("name", "ilike", term), ("focus_partner_name", "ilike", term)],
            specification=self.specs["list"],
            limit=80,
            order="",
        )

    def do_post_note(self):
        self.client.call(
            "case.case",
            "message_post",
            [self.open_case()],
            body="Telefonát s matkou, domluvena návštěva.",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def do_log_contact(self):
        self.client.call(
            "case.contact",
            "create",
            {
                "case_id": self.open_case(),
                "contact_type": "phone",
                "note": "Krátký telefonát s rodinou.",
            },
        )

    def do_plan_meeting(self):
        start = datetime.datetime.now(datetime.UTC) + datetime.timedelta(
            days=self.rng.randint(20, 40), hours=self.rng.randint(0, 8)
        )
        self.client.call(
            "case.meeting",
            "create",
            {
                "case_id": self.open_case(),
                "meeting_format": "case_meeting",
                "goal": "Domluvit se na dalším postupu",
                "start": start.strftime("%Y-%m-%d %H:00:00"),
            },
        )

    def do_send_minutes(self):
        self.client.call(
            "case.meeting", "action_distribute_minutes", [self.meetings.pop()]
        )

    def do_report(self):
        self.client.call(
            "case.caseload.report",
            "web_read_group",
            [],
            ["case_count:sum"],
            ["manager_id", "stage_id"],
            lazy=False,
        )


ERRORS = []


def staff_logins(users):
    managers = [f"bench_manazer{i + 1:02d}" for i in range(15)]
    people = []
    for number in range(users):
        if number % 25 == 24:
            people.append(("bench_koordinator", "coordinator"))
        elif number % 25 == 23:
            people.append(("bench_pracovnik", "worker"))
        else:
            people.append((managers[number % len(managers)], "manager"))
    return people


def percentile(values, pct):
    values = sorted(values)
    if not values:
        return 0.0
    index = min(len(values) - 1, max(0, round(pct / 100 * len(values) + 0.5) - 1))
    return values[index]


def server_figures(logs):
    text = "\n".join(log.read_text(errors="replace") for log in logs if log.exists())
    return {
        "http retries": len(re.findall(r"tries left, try again in", text)),
        "job retries": len(re.findall(r"serialization retry \d+ of", text)),
        "workers killed": len(
            re.findall(
                r"(virtual (?:real )?memory limit|CPU time limit|Worker \(\d+\) timeout)",
                text,
            )
        ),
        "warning/error lines": len(
            [
                line
                for line in re.findall(
                    r"^\S+ \S+ \d+ (?:WARNING|ERROR|CRITICAL) .*$", text, re.MULTILINE
                )
                # refusals (UserError, AccessError) are logged as warnings by
                # odoo.http; they are counted per action as "refused"
                if not re.search(r" WARNING \S+ odoo\.http: ", line)
            ]
        ),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="case_bench_10000")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=240, help="seconds (<= 300)")
    parser.add_argument("--think", type=float, default=5.0, help="mean think time (s)")
    parser.add_argument(
        "--workers", type=int, default=2, help="HTTP workers per server"
    )
    parser.add_argument(
        "--ramp", type=float, default=20.0, help="seconds to log everyone in"
    )
    args = parser.parse_args(argv)
    duration = min(args.duration, MAX_DURATION)
    workdir = Path(tempfile.mkdtemp(prefix="load-"))
    if not casectl.pg_running():
        casectl.start_postgres()
    smtp_port = free_port()
    sink = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tools" / "smtp_sink.py"),
            "--port",
            str(smtp_port),
            "--dir",
            str(workdir / "mail"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stack = multiserver.Stack(
        args.db, workdir, workers=args.workers, cron_workers=1, smtp_port=smtp_port
    )
    results, lock = [], threading.Lock()
    try:
        with stack:
            print(
                f"nginx {stack.url} -> Odoo {stack.http}; logs in {workdir}", flush=True
            )
            start = time.time()
            until = start + duration
            staff = []
            people = staff_logins(args.users)
            for number, (login, kind) in enumerate(people):
                member = Staff(
                    number,
                    stack.url,
                    args.db,
                    login,
                    kind,
                    until,
                    args.think,
                    results,
                    lock,
                )
                member.start()
                staff.append(member)
                time.sleep(args.ramp / max(1, len(people)))
            for member in staff:
                member.join(timeout=max(1.0, until - time.time() + 120))
            elapsed = time.time() - start
    finally:
        sink.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            sink.wait(timeout=10)
    report(results, server_figures(stack.logs), args, elapsed, workdir)
    return 0


def report(results, servers, args, elapsed, workdir):
    by_action = {}
    for action, seconds, outcome in results:
        by_action.setdefault(action, []).append((seconds, outcome))
    print()
    print(
        f"{args.users} staff, think time ~{args.think:.0f} s, {elapsed:.0f} s, "
        f"database {args.db}, 2 servers x {args.workers} HTTP workers behind nginx"
    )
    print(
        f"{'action':<14}| {'count':>5} | {'p50 ms':>7} | {'p95 ms':>7} | {'max ms':>7} | refused | errors"
    )
    writes = 0
    for action in ["login"] + [a for a, _w in ACTIONS_MANAGER] + ["report"]:
        rows = by_action.get(action)
        if not rows:
            continue
        times = [s * 1000 for s, outcome in rows if outcome != "error"]
        refused = sum(1 for _s, o in rows if o == "refused")
        errors = sum(1 for _s, o in rows if o == "error")
        if action in WRITES:
            writes += len(rows) - errors
        print(
            f"{action:<14}| {len(rows):>5} | {statistics.median(times) if times else 0:>7.0f} | "
            f"{percentile(times, 95):>7.0f} | {max(times) if times else 0:>7.0f} | "
            f"{refused:>7} | {errors:>6}"
        )
    total = len(results)
    print(f"requests/actions: {total} in {elapsed:.0f} s ({total / elapsed:.1f}/s)")
    retries = servers["http retries"] + servers["job retries"]
    share = 100.0 * retries / writes if writes else 0.0
    print(
        f"serialization retries: {servers['http retries']} requests, "
        f"{servers['job retries']} job batches ({share:.2f} % of {writes} writes)"
    )
    print(
        f"workers killed for memory/time: {servers['workers killed']}; "
        f"WARNING/ERROR lines in the servers' logs: {servers['warning/error lines']}"
    )
    for action, text in sorted(set(ERRORS))[:10]:
        print(f"  {action}: {text}")
    print(f"(server logs and nginx's in {workdir})")


if __name__ == "__main__":
    sys.exit(main())
