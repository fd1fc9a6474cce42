"""Faults end to end: a process killed (SIGKILL) in the middle of its work,
and two users changing the same records at the same moment (issue 15).

Real processes only: an Odoo server of the test's own (same database and
configuration as the e2e server, its own free HTTP port and log, threaded,
no cron thread), or a Python process running the retention job, is killed
with SIGKILL while its transaction is open; the retry runs through the e2e
server, which never saw the killed request.

"In the middle" is made certain without mocks: the test holds a row lock
(``SELECT ... FOR UPDATE`` on a connection of its own) on a row the work
needs late in its transaction, waits until PostgreSQL shows the work's
backend waiting for that lock *after it has written* (``backend_xid`` set),
kills the process, then releases the lock. The same lock makes two users'
requests meet inside their transactions.

The two users' requests run on a server of the test's own too: PostgreSQL
makes the second of two transactions writing the same row fail to serialise
(REPEATABLE READ) and Odoo retries that request; ``odoo.sql_db`` logs each
such failure as an ERROR ("bad query"), which the e2e server's log check
would count. The test asserts these are the only errors in its server's log
and that the retries happened. New Version and Record Review of a plan write
the plan's row first for the same reason (``case.plan._lock_plan_rows``):
without it, two colleagues clicking at once made two versions / two reviews.

Each process gets its own ``ODOO_PGAPPNAME``, so its backends are found in
``pg_stat_activity``; every process is killed in ``finally``; every wait has
a timeout.
"""

import configparser
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import psycopg2
import pytest

from .helpers import (
    ATTENDANCE_FIELDS,
    ATTENDANCE_OPTIONS,
    OdooClient,
    RPCError,
    category_ids,
    create_closed_old_cases,
    create_family_case,
    create_meeting,
    create_partner,
    create_user_client,
    create_valid_consent,
    free_port,
    import_attendance,
    xmlid_res_id,
)

PYTHON = os.environ.get("CASE_ODOO_PYTHON", sys.executable)
COORDINATOR = "case_management.case_management_group_coordinator"
LOG_RECORD_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) "
)


# ---------------------------------------------------------------------------
# processes and PostgreSQL
# ---------------------------------------------------------------------------


def _pg_connect():
    """A connection of the test's own to the test database (Unix socket)."""
    parser = configparser.ConfigParser()
    parser.read(os.environ["CASE_ODOO_CONF"])
    options = parser["options"]
    conn = psycopg2.connect(
        host=options.get("db_host"),
        port=options.get("db_port"),
        user=options.get("db_user"),
        dbname=os.environ["CASE_DB"],
        application_name="fault-kill-test",
    )
    return conn


def _backends(conn, app):
    with conn.cursor() as cr:
        # pg_stat_activity is read once per transaction unless cleared
        cr.execute("SELECT pg_stat_clear_snapshot()")
        cr.execute(
            """
            SELECT pid, state, wait_event_type, backend_xid IS NOT NULL, query
              FROM pg_stat_activity
             WHERE application_name = %s
            """,
            (app,),
        )
        rows = cr.fetchall()
    return rows


def _wait(predicate, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"waited {timeout}s for {what}")


def _wait_lock_waiters(
    watch, app, count=1, written=True, timeout=60, proc=None, calls=()
):
    """Wait until ``count`` backends of ``app`` wait for a lock (each having
    written in its transaction when ``written``); return their queries."""
    waiting = []

    def ready():
        if proc is not None:
            assert proc.poll() is None, "the process exited before the kill"
        for call in calls:
            assert call.is_alive(), (
                f"a call returned while it should wait: {call.result or call.error}"
            )
        rows = _backends(watch, app)
        waiting[:] = [r[4] for r in rows if r[2] == "Lock" and (r[3] or not written)]
        return len(waiting) >= count

    _wait(ready, timeout, f"{count} backend(s) of {app} waiting for a lock")
    return waiting


def _wait_gone(watch, app, timeout=30):
    _wait(lambda: not _backends(watch, app), timeout, f"the backends of {app} to end")


class OwnServer:
    """An Odoo server of the test's own on a free port (threaded, no cron)."""

    def __init__(self, tmp_path, name):
        self.port = free_port()
        self.app = f"fault-{name}-{uuid.uuid4().hex[:6]}"
        self.log = tmp_path / f"odoo-{name}.log"
        db = os.environ["CASE_DB"]
        self.proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "odoo",
                "-c",
                os.environ["CASE_ODOO_CONF"],
                "-d",
                db,
                f"--db-filter=^{db}$",
                f"--http-port={self.port}",
                "--workers=0",
                "--max-cron-threads=0",
                f"--logfile={self.log}",
            ],
            env=dict(os.environ, ODOO_PGAPPNAME=self.app),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def client(self, login, password, timeout=120):
        client = OdooClient(self.url, os.environ["CASE_DB"])
        deadline = time.time() + timeout
        while True:
            assert self.proc.poll() is None, "the test's Odoo server exited"
            try:
                client.login(login, password)
                return client
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)

    def problems(self):
        """The WARNING/ERROR/CRITICAL records of the log (with their
        continuation lines)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        records = []
        for line in text.splitlines():
            if LOG_RECORD_RE.match(line) or not records:
                records.append(line)
            else:
                records[-1] += "\n" + line
        return [
            record
            for record in records
            if LOG_RECORD_RE.match(record)
            and LOG_RECORD_RE.match(record)["level"] in ("WARNING", "ERROR", "CRITICAL")
        ]


class Call(threading.Thread):
    """One JSON-RPC call in a thread; keeps its result or its exception."""

    def __init__(self, client, model, method, *args, **kwargs):
        super().__init__(daemon=True)
        self.request = (client, model, method, args, kwargs)
        self.result = self.error = None

    def run(self):
        client, model, method, args, kwargs = self.request
        try:
            self.result = client.call(model, method, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 -- kept for the assertions
            self.error = exc

    def finish(self, timeout=90):
        self.join(timeout)
        assert not self.is_alive(), "the call did not return"
        return self


@contextmanager
def _row_lock(conn, table, ids):
    """Hold ``FOR UPDATE`` on these rows until the block ends (rollback)."""
    with conn.cursor() as cr:
        cr.execute(
            f"SELECT id FROM {table} WHERE id = ANY(%s) FOR UPDATE", (list(ids),)
        )
        assert len(cr.fetchall()) == len(ids)
    try:
        yield
    finally:
        conn.rollback()


@pytest.fixture()
def watch():
    conn = _pg_connect()
    try:
        yield conn
    finally:
        conn.rollback()
        conn.close()


# ---------------------------------------------------------------------------
# 1. SIGKILL while the minutes are distributed
# ---------------------------------------------------------------------------


def _rcpt(msg):
    return str(msg["X-Sink-Rcpt-To"]).strip()


def _distribution_state(admin, meeting_id, case_id, minutes):
    meeting = admin.call("case.meeting", "read", [meeting_id], ["minutes_state"])[0]
    return {
        "minutes_state": meeting["minutes_state"],
        "deliveries": admin.call(
            "case.meeting.delivery", "search_count", [("meeting_id", "=", meeting_id)]
        ),
        "mails": admin.call("mail.mail", "search_count", [("case_id", "=", case_id)]),
        "disclosures": admin.call(
            "case.disclosure",
            "search_count",
            [("case_id", "=", case_id), ("category_ids", "in", minutes)],
        ),
        "pdfs": admin.call(
            "ir.attachment",
            "search_count",
            [
                ("res_model", "=", "case.meeting"),
                ("res_id", "=", meeting_id),
                ("mimetype", "=", "application/pdf"),
            ],
        ),
    }


def test_kill_while_distributing_minutes(admin, mail_sink, watch, tmp_path):
    token = uuid.uuid4().hex[:8]
    server = OwnServer(tmp_path, "minutes")
    try:
        admin.call(
            "res.users",
            "write",
            [admin.uid],
            {"email": f"org-{token}@example.org", "tz": "Europe/Prague"},
        )
        emails = [f"prof{i}-{token}@example.org" for i in range(6)]
        covered = [
            create_partner(admin, f"Odborník {i} {token}", address, lang="en_US")
            for i, address in enumerate(emails)
        ]
        uncovered_email = f"nikdo-{token}@example.org"
        uncovered = create_partner(
            admin, f"Bez souhlasu {token}", uncovered_email, lang="en_US"
        )
        case_id, mother = create_family_case(admin, token)
        minutes = category_ids(admin, "minutes")
        create_valid_consent(
            admin, case_id, mother, covered, category_ids(admin, "basic") + minutes
        )
        start = (datetime.now(timezone.utc) - timedelta(days=1)).replace(
            hour=8, minute=0, second=0, microsecond=0, tzinfo=None
        )
        meeting_id = create_meeting(
            admin,
            case_id,
            [*covered, uncovered],
            meeting_format="case_conference",
            start=start.strftime("%Y-%m-%d %H:%M:%S"),
            facilitator_user_id=admin.uid,
            minute_taker_user_id=admin.uid,
        )
        admin.call("case.meeting", "action_start_minutes", [meeting_id])
        admin.call("case.meeting", "action_approve_minutes", [meeting_id])
        before = _distribution_state(admin, meeting_id, case_id, minutes)
        assert before == {
            "minutes_state": "approved",
            "deliveries": 0,
            "mails": 0,
            "disclosures": 0,
            "pdfs": 0,
        }

        own = server.client("admin", "admin")
        # the delivery rows point at the meeting: inserting them waits for
        # the test's lock on the meeting, after the PDFs, mails and disclosure
        # rows were written in the same transaction
        with _row_lock(watch, "case_meeting", [meeting_id]):
            call = Call(own, "case.meeting", "action_distribute_minutes", [meeting_id])
            call.start()
            (query,) = _wait_lock_waiters(
                watch, server.app, proc=server.proc, calls=[call]
            )
            server.kill()
        _wait_gone(watch, server.app)
        # killed at the delivery log: after the PDFs, mails and disclosures
        assert 'INSERT INTO "case_meeting_delivery"' in query, query
        assert not server.problems(), "nothing went wrong before the kill"
        call.finish()
        assert call.error is not None and call.result is None, (
            "the request cannot have answered: it was killed while it waited"
        )
        # rolled back whole: not one row of the half run
        assert _distribution_state(admin, meeting_id, case_id, minutes) == before

        # the retry (through the e2e server): everyone covered, exactly once
        since = mail_sink.names()
        assert admin.call("case.meeting", "action_distribute_minutes", [meeting_id])
        admin.call("mail.mail", "process_email_queue")

        def delivered():
            return mail_sink.wait_for(
                lambda m: token in _rcpt(m), since=since, timeout=1
            )

        _wait(lambda: len(delivered()) >= len(emails), 30, "the minutes mails")
        # a second retry is refused, the queue sends nothing twice
        with pytest.raises(RPCError) as refused:
            admin.call("case.meeting", "action_distribute_minutes", [meeting_id])
        assert refused.value.name == "odoo.exceptions.UserError"
        admin.call("mail.mail", "process_email_queue")
        time.sleep(1.5)
        rcpts = sorted(_rcpt(m) for m in delivered())
        assert rcpts == sorted(emails), rcpts
        after = _distribution_state(admin, meeting_id, case_id, minutes)
        assert after["minutes_state"] == "distributed"
        assert after["deliveries"] == len(covered) + 1  # the refused one logged
        assert after["disclosures"] == len(covered)
    finally:
        server.kill()


# ---------------------------------------------------------------------------
# 2. SIGKILL during the retention job
# ---------------------------------------------------------------------------

RETENTION_RUN = textwrap.dedent(
    """
    import sys
    import odoo
    from odoo.modules.registry import Registry
    odoo.tools.config.parse_config(["-c", sys.argv[1], "-d", sys.argv[2]])
    registry = Registry(sys.argv[2])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        print("DONE", env["case.case"]._cron_anonymise(batch_size=1), flush=True)
    """
)


def _retention_state(admin, case_ids):
    result = {}
    for case in admin.call(
        "case.case",
        "read",
        case_ids,
        ["anonymised_date", "family_request", "focus_partner_ids"],
        context={"active_test": False},
    ):
        names = tuple(
            p["name"]
            for p in admin.call(
                "res.partner",
                "read",
                case["focus_partner_ids"],
                ["name", "email"],
                context={"active_test": False},
            )
        )
        messages = admin.call(
            "mail.message",
            "search_count",
            [("model", "=", "case.case"), ("res_id", "=", case["id"])],
        )
        result[case["id"]] = (
            bool(case["anonymised_date"]),
            case["family_request"],
            names,
            bool(messages),
        )
    return result


def test_kill_during_retention_job(admin, watch):
    token = uuid.uuid4().hex[:8]
    company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0][
        "company_id"
    ][0]
    years = admin.call("res.company", "read", [company], ["case_retention_years"])[0][
        "case_retention_years"
    ]
    case_ids = create_closed_old_cases(admin, token, 4)
    children = [
        case["focus_partner_ids"][0]
        for case in admin.call("case.case", "read", case_ids, ["focus_partner_ids"])
    ]
    untouched = (False, f"Důvěrné {token}")
    wiped = (True, False, ("Anonymised person",), False)
    admin.call("res.company", "write", [company], {"case_retention_years": 4})
    run = None
    app = f"fault-retention-{token}"
    try:
        due = admin.call("case.case", "action_retention_dry_run")["domain"][0][2]
        assert set(case_ids) <= set(due)
        # the job anonymises one case per batch and commits each; the third
        # batch waits for the test's lock on the third child after it wiped
        # that case's texts and messages in its transaction
        with _row_lock(watch, "res_partner", [children[2]]):
            run = subprocess.Popen(
                [
                    PYTHON,
                    "-c",
                    RETENTION_RUN,
                    os.environ["CASE_ODOO_CONF"],
                    os.environ["CASE_DB"],
                ],
                env=dict(os.environ, ODOO_PGAPPNAME=app),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            (query,) = _wait_lock_waiters(watch, app, proc=run, timeout=120)
            run.send_signal(signal.SIGKILL)
            run.wait(timeout=30)
        _wait_gone(watch, app)
        assert "DONE" not in run.stdout.read()
        # killed at the persons of the third batch, its texts already wiped
        assert 'UPDATE "res_partner"' in query, query

        state = _retention_state(admin, case_ids)
        first, second, third, fourth = (state[c] for c in case_ids)
        assert first == wiped and second == wiped, "committed batches stay done"
        for half in (third, fourth):
            # nothing of the killed batch (nor of the next) is anonymised
            assert half[:2] == untouched, state
            assert half[3], "its messages are still there"
        assert third[2] == (f"Dítě {token}-2",)

        # the scheduled job finishes the work; a rerun changes nothing
        cron = xmlid_res_id(admin, "case_management.ir_cron_case_anonymise")
        admin.call("ir.cron", "method_direct_trigger", [cron])
        state = _retention_state(admin, case_ids)
        assert set(state.values()) == {wiped}, state
        admin.call("ir.cron", "method_direct_trigger", [cron])
        assert _retention_state(admin, case_ids) == state
    finally:
        if run is not None and run.poll() is None:
            run.kill()
            run.wait(timeout=30)
        admin.call("res.company", "write", [company], {"case_retention_years": years})


# ---------------------------------------------------------------------------
# 3. SIGKILL during an import of school attendance
# ---------------------------------------------------------------------------


def _attendance(admin, pupil_ids):
    return sorted(
        (r["pupil_id"][0], r["date"], r["excused_hours"], r["unexcused_hours"])
        for r in admin.call(
            "case.school.attendance",
            "search_read",
            [("pupil_id", "in", pupil_ids)],
            fields=["pupil_id", "date", "excused_hours", "unexcused_hours"],
        )
    )


def test_kill_during_school_import(admin, base_url, db_name, watch, tmp_path):
    token = uuid.uuid4().hex[:8]
    server = OwnServer(tmp_path, "import")
    try:
        year = f"E2E kill {token}"
        school_id = create_partner(
            admin, f"ZŠ {token}", is_company=True, is_school=True
        )
        login = f"reditel-{token}"
        principal = create_user_client(
            admin,
            base_url,
            db_name,
            login,
            "case_management_school.case_management_school_group_staff",
        )
        partner = admin.call("res.users", "read", [principal.uid], ["partner_id"])[0][
            "partner_id"
        ][0]
        admin.call(
            "case.school.staff",
            "create",
            {
                "school_id": school_id,
                "partner_id": partner,
                "user_id": principal.uid,
                "role": "principal",
            },
        )
        year_id = admin.call(
            "case.school.year",
            "create",
            {"name": year, "date_from": "2030-09-01", "date_to": "2031-06-30"},
        )
        class_id = admin.call(
            "case.school.class",
            "create",
            {"name": "4. B", "school_id": school_id, "year_id": year_id, "grade": 4},
        )
        codes, pupils = (f"A{token}", f"B{token}"), []
        for code in codes:
            child = create_partner(admin, f"Žák {code}")
            pupils.append(
                admin.call(
                    "case.school.pupil",
                    "create",
                    {"partner_id": child, "pupil_code": code, "class_id": class_id},
                )
            )
        days = [f"2030-10-{day:02d}" for day in range(1, 29)]
        # already imported: three days of pupil A
        old = import_attendance(
            principal,
            [f"{codes[0]},{year},{day},0,5,5,0,0,in_person" for day in days[:3]],
        )
        assert len(old["ids"]) == 3, old["messages"]
        before = _attendance(admin, pupils)
        assert before == [(pupils[0], day, 5.0, 0.0) for day in days[:3]]

        rows = [f"{codes[0]},{year},{day},0,5,0,5,0,in_person" for day in days]
        rows.append(f"{codes[1]},{year},{days[0]},0,5,1,0,0,online")
        own = server.client(login, login)
        # the file replaces pupil A's rows and inserts the others in one
        # transaction; the insert waits for the test's lock on pupil B
        with _row_lock(watch, "case_school_pupil", [pupils[1]]):
            content = "\n".join([",".join(ATTENDANCE_FIELDS), *rows])
            wizard = own.call(
                "base_import.import",
                "create",
                {
                    "res_model": "case.school.attendance",
                    "file": content,
                    "file_name": "dochazka.csv",
                    "file_type": "text/csv",
                },
            )
            call = Call(
                own,
                "base_import.import",
                "execute_import",
                [wizard],
                ATTENDANCE_FIELDS,
                ATTENDANCE_FIELDS,
                ATTENDANCE_OPTIONS,
            )
            call.start()
            (query,) = _wait_lock_waiters(
                watch, server.app, proc=server.proc, calls=[call]
            )
            server.kill()
        _wait_gone(watch, server.app)
        # killed in the insert, after pupil A's old rows were deleted
        assert "INSERT INTO case_school_attendance" in query, query
        assert not server.problems(), "nothing went wrong before the kill"
        call.finish()
        assert call.error is not None and call.result is None
        # no partial rows: the old rows are back, nothing of the killed file
        assert _attendance(admin, pupils) == before

        # the import again: every row once; once more: still every row once
        expected = sorted(
            [(pupils[0], day, 0.0, 5.0) for day in days]
            + [(pupils[1], days[0], 1.0, 0.0)]
        )
        for _attempt in range(2):
            result = import_attendance(principal, rows)
            assert len(result["ids"]) == len(rows), result["messages"]
            assert _attendance(admin, pupils) == expected
    finally:
        server.kill()


# ---------------------------------------------------------------------------
# 4. Two users on the same case and plan at the same moment
# ---------------------------------------------------------------------------


def _together(watch, server, table, row_id, calls):
    """Start ``calls`` while the test holds ``row_id`` of ``table``; release
    it once they all wait inside their transactions; return them finished."""
    with _row_lock(watch, table, [row_id]):
        for call in calls:
            call.start()
        _wait_lock_waiters(
            watch,
            server.app,
            count=len(calls),
            written=False,
            proc=server.proc,
            calls=calls,
        )
    return [call.finish() for call in calls]


def _activatable_plan(admin, case_id, mother, token):
    """A draft plan of the case that passes the quality check."""
    school = create_partner(admin, f"ZŠ {token}", is_company=True)
    sas = create_partner(admin, f"SAS {token}", is_company=True)
    plan_id = admin.call(
        "case.plan",
        "create",
        {
            "case_id": case_id,
            "date_start": "2030-01-07",
            "date_end": "2030-12-31",
            "family_participated": True,
            "goal_ids": [
                [
                    0,
                    0,
                    {
                        "name": "Dítě chodí každý den do školy",
                        "horizon": "short",
                        "indicator": "žádná neomluvená absence za měsíc",
                        "target_date": "2030-03-01",
                        "plan_b": "pracovnice OSPOD svolá případovou konferenci",
                        "actor_partner_ids": [[6, 0, [school]]],
                    },
                ],
                [
                    0,
                    0,
                    {
                        "name": "Dítě si vybere střední školu",
                        "horizon": "long",
                        "indicator": "přihláška odeslána",
                        "target_date": "2030-11-30",
                        "no_plan_b_needed": True,
                        "actor_partner_ids": [[6, 0, [sas]]],
                    },
                ],
            ],
        },
    )
    short, long_goal = sorted(
        admin.call("case.plan", "read", [plan_id], ["goal_ids"])[0]["goal_ids"]
    )
    for vals in (
        {
            "goal_id": short,
            "name": "Ranní přivítání ve škole",
            "responsible_type": "external",
            "partner_id": school,
            "date_due": "2030-02-01",
        },
        {
            "goal_id": long_goal,
            "name": "Zmapovat silné stránky",
            "responsible_type": "internal",
            "user_id": admin.uid,
            "date_due": "2030-04-01",
        },
        {
            "goal_id": short,
            "name": "Domluvit ranní režim",
            "responsible_type": "family",
            "partner_id": mother,
            "date_due": "2030-01-20",
        },
    ):
        admin.call("case.plan.step", "create", dict(vals, plan_id=plan_id))
    return plan_id


def _ok(calls):
    for call in calls:
        assert call.error is None, call.error


def _both_changes_survive(admin, watch, server, clients, model, rec_id, changes):
    """Each client writes its own field of the same record at the same
    moment; afterwards every change is there (no lost update)."""
    calls = _together(
        watch,
        server,
        model.replace(".", "_"),
        rec_id,
        [
            Call(client, model, "write", [rec_id], vals)
            for client, vals in zip(clients, changes, strict=True)
        ],
    )
    _ok(calls)
    expected = {key: value for vals in changes for key, value in vals.items()}
    record = admin.call(model, "read", [rec_id], list(expected))[0]
    assert {key: record[key] for key in expected} == expected


def test_two_users_same_case_and_plan(admin, watch, tmp_path):
    token = uuid.uuid4().hex[:8]
    server = OwnServer(tmp_path, "together")
    try:
        logins = [f"koord{i}-{token}" for i in (1, 2)]
        for login in logins:
            user = create_user_client(
                admin, admin.base_url, admin.db, login, COORDINATOR
            )
            admin.call(
                "res.users", "write", [user.uid], {"email": f"{login}@example.org"}
            )
        first, second = (server.client(login, login) for login in logins)
        case_id, _mother = create_family_case(admin, token)

        # different fields of the same case: both changes survive
        _both_changes_survive(
            admin,
            watch,
            server,
            [first, second],
            "case.case",
            case_id,
            [
                {"family_request": f"Přání rodiny {token}"},
                {"family_aims": f"Cíle rodiny {token}"},
            ],
        )

        # both record the same review as done: one activity, one message
        plan_id = admin.call(
            "case.plan",
            "create",
            {
                "case_id": case_id,
                "date_start": "2030-01-06",
                "family_participated": True,
            },
        )
        # different fields of the same plan: both changes survive
        _both_changes_survive(
            admin,
            watch,
            server,
            [first, second],
            "case.plan",
            plan_id,
            [
                {"situation": f"Situace {token}"},
                {"cooperation_note": f"Spolupráce {token}"},
            ],
        )

        review_id = admin.call(
            "case.plan.review", "create", {"plan_id": plan_id, "decision": "close"}
        )
        calls = _together(
            watch,
            server,
            "case_plan_review",
            review_id,
            [
                Call(c, "case.plan.review", "action_done", [review_id])
                for c in (first, second)
            ],
        )
        _ok(calls)
        assert (
            admin.call("case.plan.review", "read", [review_id], ["state"])[0]["state"]
            == "done"
        )
        activities = admin.call(
            "mail.activity",
            "search_count",
            [
                ("res_model", "=", "case.case"),
                ("res_id", "=", case_id),
                ("summary", "=", "The review proposes to close the case"),
            ],
        )
        assert activities == 1
        recorded = admin.call(
            "mail.message",
            "search_count",
            [
                ("model", "=", "case.plan"),
                ("res_id", "=", plan_id),
                ("body", "ilike", "recorded"),
            ],
        )
        assert recorded == 1

        # both ask for a new version of the active plan: one version
        admin.call("case.plan", "write", [plan_id], {"state": "active"})
        # both start a review of it: one review
        calls = _together(
            watch,
            server,
            "case_plan",
            plan_id,
            [
                Call(c, "case.plan", "action_record_review", [plan_id])
                for c in (first, second)
            ],
        )
        _ok(calls)
        drafts = admin.call(
            "case.plan.review",
            "search",
            [("plan_id", "=", plan_id), ("state", "=", "draft")],
        )
        assert len(drafts) == 1, drafts
        assert {call.result["res_id"] for call in calls} == set(drafts)
        calls = _together(
            watch,
            server,
            "case_case",
            case_id,
            [
                Call(c, "case.plan", "action_new_version", [plan_id])
                for c in (first, second)
            ],
        )
        _ok(calls)
        versions = admin.call(
            "case.plan", "search", [("previous_plan_id", "=", plan_id)]
        )
        assert len(versions) == 1, versions
        assert {call.result["res_id"] for call in calls} == set(versions)
        created = admin.call(
            "mail.message",
            "search_count",
            [
                ("model", "=", "case.plan"),
                ("res_id", "=", plan_id),
                ("body", "ilike", "Version 2 created"),
            ],
        )
        assert created == 1

        # a second case: each colleague activates another draft of its
        # first plan at once: one active plan, the other superseded
        case_id, mother = create_family_case(admin, f"{token}-2")
        plans = [_activatable_plan(admin, case_id, mother, token) for _i in (1, 2)]
        calls = _together(
            watch,
            server,
            "case_case",
            case_id,
            [
                Call(c, "case.plan", "action_activate", [plan])
                for c, plan in zip((first, second), plans, strict=True)
            ],
        )
        states = admin.call("case.plan", "read", plans, ["state"])
        _ok(calls)
        assert sorted(p["state"] for p in states) == ["active", "superseded"], states

        # both activate the same draft: it is activated once, the second
        # colleague is told it is no longer a draft
        third = _activatable_plan(admin, case_id, mother, f"{token}-3")
        calls = _together(
            watch,
            server,
            "case_case",
            case_id,
            [Call(c, "case.plan", "action_activate", [third]) for c in (first, second)],
        )
        assert sorted(bool(call.error) for call in calls) == [False, True]
        (refused,) = [call.error for call in calls if call.error]
        assert refused.name == "odoo.exceptions.UserError", refused
        assert "Only a draft plan can be activated." in refused.message
        states = admin.call("case.plan", "read", [*plans, third], ["state"])
        assert [p["state"] for p in states] == ["superseded"] * 2 + ["active"], states
        activated = admin.call(
            "mail.tracking.value",
            "search_count",
            [
                ("mail_message_id.model", "=", "case.plan"),
                ("mail_message_id.res_id", "=", third),
                ("new_value_char", "=", "Active"),
            ],
        )
        assert activated == 1

        # the pairs did meet inside their transactions: each second request
        # failed to serialise and Odoo retried it
        log = server.log.read_text(errors="replace")
        assert log.count("SERIALIZATION_FAILURE, ") >= 7, log[-3000:]
        # the only errors in the server's log: PostgreSQL's serialization
        # failures, each retried by Odoo, and the refusal of the second
        # activation (a UserError, logged by odoo.http)
        problems = [
            line
            for line in server.problems()
            if not ("bad query" in line and "could not serialize access" in line)
            and "odoo.http: Only a draft plan can be activated." not in line
        ]
        assert not problems, problems
    finally:
        server.kill()
