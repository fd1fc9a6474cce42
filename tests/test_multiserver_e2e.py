"""Beyond one machine: two Odoo servers in multi-worker mode on the same
database and filestore run every scheduled job of ours at the same moment,
and nothing is done twice.

Real processes: two Odoo servers of this test's own (``--workers 2
--max-cron-threads 2`` each, so four cron worker processes and four HTTP
workers) with the e2e configuration (same database, same ``data_dir``, same
SMTP sink). Every cron is moved to the far future while they start; then our
jobs and Odoo's mail queue are made due in one write and both servers are
woken at once (``NOTIFY cron_trigger``). Each job has work:

- meeting reminders: a meeting of the test's own case in six hours whose
  three invited professionals (consent given) have not answered;
- minutes approval: the demo's held meeting whose minutes are not approved;
- stalled decisions: the demo's meetings with overdue decisions, their alert
  reset;
- plan reminders: every open case (batches with ir.cron progress, so the
  batches are shared between the servers);
- sharing reminders: a line of the demo's cooperation agreement due
  yesterday;
- consent expiry: one consent of the test's case ended yesterday, one ends
  in five days;
- retention: three closed cases of the test's own past the retention period;
- SMTP retry: a case mail left failed by an unreachable mail server;
- school watch list: every pupil of the current year not yet checked today.

Then: every job ran without failure on the servers (no WARNING/ERROR in either
log), every job did its work, and nothing twice: no two identical mails to the
same address in the SMTP sink (one reminder per invitee, the retried mail
once), no two identical activities, every due case anonymised by exactly one
batch of one server, every pupil checked today.
"""

import collections
import contextlib
import datetime
import os
import re
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

from .helpers import (
    OdooClient,
    category_ids,
    create_closed_old_cases,
    create_family_case,
    create_meeting,
    create_partner,
    create_valid_consent,
    free_port,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import casectl

OUR_CRONS = [
    "case_management.ir_cron_case_consent_expire",
    "case_management.ir_cron_case_meeting_reminders",
    "case_management.ir_cron_case_meeting_minutes_approval",
    "case_management.ir_cron_case_meeting_stalled_decisions",
    "case_management.ir_cron_case_mail_retry",
    "case_management.ir_cron_case_plan_reminders",
    "case_management.ir_cron_case_agreement_reminders",
    "case_management.ir_cron_case_anonymise",
    "case_management_school.ir_cron_school_watch_list",
]
MAIL_QUEUE = "mail.ir_cron_mail_scheduler_action"
LOG_PROBLEM = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (WARNING|ERROR|CRITICAL) "
)
ANONYMISED = re.compile(r"Retention: anonymised \d+ case\(s\) \(ids \[([\d, ]*)\]\)")

# Run as the administrator by a server action of the test's own: the dates and
# states no user can set through the screens (a consent ended yesterday, a
# failed mail, a due sharing line), and the demo's alerts reset.
PREPARE = """
today = datetime.date.today()
case = env['case.case'].browse(CASE_ID)
consents = env['case.consent'].browse(CONSENT_IDS)
consents[0].sudo().write({'valid_from': today - datetime.timedelta(days=30),
                          'valid_to': today - datetime.timedelta(days=1)})
consents[1].sudo().write({'valid_to': today + datetime.timedelta(days=5),
                          'expiry_notified': False})
mail = env['mail.mail'].sudo().create({
    'model': 'case.meeting', 'res_id': MEETING_ID, 'case_id': case.id,
    'subject': 'Retry TOKEN', 'body_html': '<p>Retry TOKEN</p>',
    'recipient_ids': [(6, 0, [RETRY_PARTNER])],
})
mail.write({'state': 'exception', 'failure_type': 'mail_smtp',
            'failure_reason': 'Connection refused'})
line = env.ref('case_management.demo_agreement_1_line_2', raise_if_not_found=False)
line = line or env['case.agreement.line'].search(
    [('agreement_id.state', '=', 'valid')], limit=1)
line.write({'next_due_date': today - datetime.timedelta(days=1)})
env['mail.activity'].search([
    ('res_model', '=', 'case.agreement'), ('res_id', '=', line.agreement_id.id)]).unlink()
env.cr.execute("UPDATE case_case SET plan_cron_date = NULL")
open_cases = env['case.case'].search_count([('is_closed', '=', False)])
meetings = env['case.meeting'].search([('stalled_alert_date', '!=', False)])
stalled = env.ref('case_management.mail_activity_type_action_plan_stalled')
env['mail.activity'].search([
    ('res_model', '=', 'case.meeting'), ('res_id', 'in', meetings.ids),
    ('activity_type_id', '=', stalled.id)]).unlink()
meetings.sudo().write({'stalled_alert_date': False})
env.cr.execute("UPDATE case_school_pupil SET watch_checked_on = NULL")
action = {'mail': mail.id, 'line': line.id, 'open_cases': open_cases}
"""


def _log_problems(texts):
    """WARNING/ERROR lines of the servers' logs, except a serialization
    failure of a scheduled job that the same process then ran again
    (cron_retry's INFO line); return (problems, retried failures)."""
    problems, retried = [], 0
    for text in texts:
        lines = text.splitlines()
        for index, line in enumerate(lines):
            if not LOG_PROBLEM.match(line):
                continue
            pid = line.split()[2]
            following = lines[index + 1 : index + 4]
            if (
                " ERROR " in line
                and "odoo.sql_db: bad query" in line
                and any("could not serialize access" in n for n in following)
                and any(
                    n.split()[2:3] == [pid] and "batch rolled back, run again" in n
                    for n in lines[index + 1 : index + 12]
                )
            ):
                retried += 1
                continue
            problems.append(line)
    return problems, retried


def _xmlid(admin, xmlid):
    module, name = xmlid.split(".")
    rows = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
    )
    return rows[0]["res_id"]


def _start_server(db_name, log, http_port, gevent_port):
    python = os.environ.get("CASE_ODOO_PYTHON", sys.executable)
    # the launcher, not "-m odoo": the prefork server starts its gevent
    # process as "python sys.argv[0] gevent" (see tools/multiserver.py)
    return subprocess.Popen(
        [
            python,
            str(Path(python).parent / "odoo"),
            "-c",
            os.environ["CASE_ODOO_CONF"],
            "-d",
            db_name,
            f"--db-filter=^{db_name}$",
            f"--http-port={http_port}",
            f"--gevent-port={gevent_port}",
            "--workers=2",
            "--max-cron-threads=2",
            f"--logfile={log}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_listening(client, proc, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert proc.poll() is None, "a test server exited"
        try:
            client.login("admin", "admin")
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("a test server did not answer")


def _stop(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _sink_messages(directory, since):
    import email
    import email.policy

    found = []
    for path in sorted(Path(directory).glob("*.eml")):
        if path.name in since:
            continue
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain", "html"))
        found.append(
            (
                str(msg["X-Sink-Rcpt-To"]).strip(),
                str(msg["Subject"]),
                body.get_content() if body else "",
            )
        )
    return found


def test_two_servers_run_every_job_once(admin, db_name, mail_sink, tmp_path):
    token = uuid.uuid4().hex[:8]
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    crons = {xmlid: _xmlid(admin, xmlid) for xmlid in [*OUR_CRONS, MAIL_QUEUE]}
    saved = admin.call(
        "ir.cron", "search_read", [("active", "=", True)], fields=["nextcall"]
    )
    company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0][
        "company_id"
    ][0]
    years = admin.call("res.company", "read", [company], ["case_retention_years"])[0][
        "case_retention_years"
    ]
    # nothing runs while the servers start
    admin.call(
        "ir.cron",
        "write",
        [c["id"] for c in saved],
        {"nextcall": "2099-01-01 00:00:00"},
    )
    procs = []
    plan_code = None
    try:
        # --- the work ---------------------------------------------------
        admin.call(
            "res.users",
            "write",
            [admin.uid],
            {"email": f"org-{token}@example.org", "tz": "Europe/Prague"},
        )
        emails = [f"{kind}-{token}@example.org" for kind in ("a", "b", "c")]
        partners = [
            create_partner(admin, f"Odborník {i} {token}", address, lang="en_US")
            for i, address in enumerate(emails)
        ]
        case_id, mother = create_family_case(admin, token)
        admin.call("case.case", "write", [case_id], {"manager_id": admin.uid})
        basic = category_ids(admin, "basic")
        for partner in partners:
            create_valid_consent(admin, case_id, mother, [partner], basic)
        # the retried mail is a meeting mail (minutes) to the second one
        create_valid_consent(
            admin, case_id, mother, [partners[1]], category_ids(admin, "minutes")
        )
        expiring = [
            create_valid_consent(admin, case_id, mother, [partners[0]], basic)
            for _ in range(2)
        ]
        start = (now + datetime.timedelta(hours=6)).strftime("%Y-%m-%d %H:%M:%S")
        meeting_id = create_meeting(admin, case_id, partners, start=start)
        assert admin.call("case.meeting", "action_send_invitations", [meeting_id])

        closed = create_closed_old_cases(admin, f"{token}-old", 3)
        admin.call("res.company", "write", [company], {"case_retention_years": 4})

        code = (
            PREPARE.replace("CASE_ID", str(case_id))
            .replace("CONSENT_IDS", repr(expiring))
            .replace("RETRY_PARTNER", str(partners[1]))
            .replace("MEETING_ID", str(meeting_id))
            .replace("TOKEN", token)
        )
        model_id = admin.call("ir.model", "search", [("model", "=", "case.case")])[0]
        prepare = admin.call(
            "ir.actions.server",
            "create",
            {
                "name": f"Prepare {token}",
                "model_id": model_id,
                "state": "code",
                "code": code,
            },
        )
        prepared = admin.call("ir.actions.server", "run", [prepare])
        admin.call("ir.actions.server", "unlink", [prepare])
        line = prepared["line"]
        # the plan reminders in batches of five: the batches are spread over
        # the cron workers of both servers (ir.cron progress, "partially done")
        plan_cron = crons["case_management.ir_cron_case_plan_reminders"]
        plan_code = admin.call("ir.cron", "read", [plan_cron], ["code"])[0]["code"]
        admin.call(
            "ir.cron",
            "write",
            [plan_cron],
            {"code": "model._cron_plan_reminders(batch_size=5)"},
        )

        before = {
            "activity": admin.call(
                "mail.activity", "search", [], order="id desc", limit=1
            ),
            "sink": mail_sink.names(),
        }
        last_activity = before["activity"][0] if before["activity"] else 0
        last_mail = admin.call("mail.mail", "search", [], order="id desc", limit=1)
        last_mail = last_mail[0] if last_mail else 0

        # --- two servers, the same moment ---------------------------------
        logs = [tmp_path / "odoo-a.log", tmp_path / "odoo-b.log"]
        clients = []
        for log in logs:
            port = free_port()
            procs.append(_start_server(db_name, log, port, free_port()))
            clients.append(OdooClient(f"http://127.0.0.1:{port}", db_name))
        for client, proc in zip(clients, procs, strict=True):
            _wait_listening(client, proc)
        time.sleep(3)  # the cron workers are up and listening
        due = (now - datetime.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S")
        admin.call("ir.cron", "write", list(crons.values()), {"nextcall": due})
        # the cron workers LISTEN on the "postgres" database
        casectl.psql(f"NOTIFY cron_trigger, '{db_name}'")

        settled_after = (now + datetime.timedelta(minutes=1)).strftime(
            "%Y-%m-%d %H:%M:%S"
        )

        def settled():
            jobs = admin.call(
                "ir.cron",
                "read",
                [crons[x] for x in OUR_CRONS],
                ["nextcall", "failure_count"],
            )
            # done: rescheduled after its interval (a job with batches left
            # is rescheduled at once, "now")
            waiting = [j for j in jobs if j["nextcall"] <= settled_after]
            # every mail queued since the jobs started (invitations,
            # reminders, the retried mail, Odoo's activity notices) sent by
            # the servers' mail queue before they stop
            pending = admin.call(
                "mail.mail",
                "search_count",
                [
                    ("state", "=", "outgoing"),
                    "|",
                    "|",
                    ("id", ">", last_mail),
                    ("recipient_ids", "in", partners),
                    ("email_to", "ilike", token),
                ],
            )
            return not waiting and not pending, jobs

        deadline = time.time() + 240
        kicked = 0
        done, jobs = settled()
        while not done and time.time() < deadline:
            time.sleep(3)
            if (
                not [j for j in jobs if j["nextcall"] <= settled_after]
                and time.time() - kicked > 15
            ):
                # the jobs are done; the mail queue's next tick sends what
                # they queued (in production it runs every minute): a trigger
                # row, as ir.cron._trigger() writes it
                casectl.psql(
                    "INSERT INTO ir_cron_trigger (cron_id, call_at) VALUES "
                    f"({crons[MAIL_QUEUE]}, now() at time zone 'utc')",
                    db=db_name,
                )
                kicked = time.time()
            casectl.psql(f"NOTIFY cron_trigger, '{db_name}'")
            done, jobs = settled()
        texts = [log.read_text(errors="replace") for log in logs]
        assert done, "the jobs did not finish in 240 s: " + texts[0][-3000:]
        for proc in procs:
            assert proc.poll() is None, "a test server died"
    finally:
        for proc in procs:
            _stop(proc)
        admin.call("res.company", "write", [company], {"case_retention_years": years})
        if plan_code:
            admin.call("ir.cron", "write", [plan_cron], {"code": plan_code})
        for cron in saved:
            admin.call("ir.cron", "write", [cron["id"]], {"nextcall": cron["nextcall"]})

    # --- every job ran, on one server or the other, and without failure -----
    assert all(not j["failure_count"] for j in jobs), jobs
    problems, retried = _log_problems(texts)
    assert not problems, problems[:20]
    # a job meeting another server's update is refused by PostgreSQL (logged
    # by Odoo as a "bad query" ERROR) and its batch run again: allowed, each
    # one followed by the retry of that process
    print(f"serialization failures retried: {retried}")
    ran = collections.Counter()
    for text in texts:
        for cron_id in crons.values():
            ran[cron_id] += len(re.findall(rf"Job '[^']*' \({cron_id}\) done in", text))
    assert all(ran[crons[x]] >= 1 for x in OUR_CRONS), ran
    servers_used = [
        any(f"({crons[x]}) done in" in text for x in OUR_CRONS) for text in texts
    ]
    assert all(servers_used), "both servers ran jobs"

    # --- nothing twice: mails -------------------------------------------
    mails = _sink_messages(mail_sink.directory, before["sink"])
    counted = collections.Counter(mails)
    doubled = [key[:2] for key, n in counted.items() if n > 1]
    assert not doubled, doubled
    to_invitees = collections.Counter(rcpt for rcpt, _s, _b in mails if rcpt in emails)
    # one invitation and one reminder for each invitee; the retried mail once
    assert to_invitees == {emails[0]: 2, emails[1]: 3, emails[2]: 2}, to_invitees
    retried = [m for m in mails if m[1] == f"Retry {token}"]
    assert len(retried) == 1, retried

    # --- nothing twice: activities ----------------------------------------
    activities = admin.call(
        "mail.activity",
        "search_read",
        [("id", ">", last_activity)],
        fields=["res_model", "res_id", "activity_type_id", "summary", "user_id"],
    )
    keys = collections.Counter(
        (
            a["res_model"],
            a["res_id"],
            a["activity_type_id"][0],
            a["summary"],
            a["user_id"][0],
        )
        for a in activities
    )
    assert not [k for k, n in keys.items() if n > 1], keys
    models = collections.Counter(a["res_model"] for a in activities)
    # stalled plans (meetings), the sharing line (agreement), the consent
    # ending soon
    assert models["case.meeting"] >= 1, models
    assert models["case.agreement"] == 1 and models["case.consent"] == 1, models
    consents = admin.call(
        "case.consent", "read", expiring, ["state", "expiry_notified"]
    )
    assert [c["state"] for c in consents] == ["expired", "valid"], consents

    # --- nothing twice: plan reminders, every open case in one batch --------
    processed = [
        int(n)
        for text in texts
        for n in re.findall(
            rf"Job '[^']*' \({plan_cron}\) processed (\d+) records", text
        )
    ]
    assert sum(processed) == prepared["open_cases"], processed
    assert len(processed) >= prepared["open_cases"] // 5, processed

    # --- nothing twice: anonymisation -------------------------------------
    batches = [
        int(x)
        for text in texts
        for ids in ANONYMISED.findall(text)
        for x in ids.split(",")
        if x.strip()
    ]
    # each case in one batch of one server (cases other tests left due are
    # anonymised too)
    assert len(batches) == len(set(batches)), batches
    assert set(closed) <= set(batches), batches
    states = admin.call(
        "case.case", "read", closed, ["anonymised_date"], context={"active_test": False}
    )
    assert all(s["anonymised_date"] for s in states), states

    # --- the watch list: every current pupil checked today ------------------
    today = datetime.date.today().isoformat()
    unchecked = admin.call(
        "case.school.pupil",
        "search_count",
        [
            ("year_id.date_from", "<=", today),
            ("year_id.date_to", ">=", today),
            "|",
            ("watch_checked_on", "=", False),
            ("watch_checked_on", "<", today),
        ],
    )
    assert unchecked == 0
    with contextlib.suppress(Exception):
        admin.call("case.agreement.line", "write", [line], {"next_due_date": False})


# A job whose first batch meets a concurrent update: the job's transaction has
# its snapshot, another transaction (a user, another server's job) changes a
# due case and commits, then the job locks its batch. PostgreSQL refuses the
# lock (could not serialize access); cron_retry rolls the batch back and runs
# it again on a new snapshot. Real transactions, no patched code.
CONCURRENT_RUN = textwrap.dedent(
    """
    import sys
    import odoo
    from odoo.modules.registry import Registry
    odoo.tools.config.parse_config(
        ["-c", sys.argv[1], "-d", sys.argv[2], "--logfile", sys.argv[5]]
    )
    case_id, cron_id = int(sys.argv[3]), int(sys.argv[4])
    registry = Registry(sys.argv[2])
    with registry.cursor() as cr, registry.cursor() as other:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"cron_id": cron_id})
        cr.execute("SELECT count(*) FROM case_case")  # the job's snapshot
        other.execute(
            "UPDATE case_case SET write_date = now() at time zone 'utc' "
            "WHERE id = %s",
            [case_id],
        )
        other.commit()
        print("PROCESSED", env["case.case"]._cron_plan_reminders(batch_size=5))
        cr.commit()
    """
)


def test_job_retries_a_concurrent_update(admin, db_name, tmp_path):
    token = uuid.uuid4().hex[:8]
    case_id, _mother = create_family_case(admin, token)
    # the first due case of the job's first batch
    casectl.psql(
        f"UPDATE case_case SET plan_cron_date = CURRENT_DATE - 1 WHERE id = {case_id}",
        db=db_name,
    )
    casectl.psql(
        "UPDATE case_case SET plan_cron_date = CURRENT_DATE "
        f"WHERE id < {case_id} AND plan_cron_date IS DISTINCT FROM CURRENT_DATE",
        db=db_name,
    )
    cron_id = _xmlid(admin, "case_management.ir_cron_case_plan_reminders")
    log = tmp_path / "job.log"
    run = subprocess.run(
        [
            os.environ.get("CASE_ODOO_PYTHON", sys.executable),
            "-c",
            CONCURRENT_RUN,
            os.environ["CASE_ODOO_CONF"],
            db_name,
            str(case_id),
            str(cron_id),
            str(log),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    text = log.read_text(errors="replace")
    assert run.returncode == 0, run.stderr[-3000:] + text[-3000:]
    assert "PROCESSED" in run.stdout
    assert int(run.stdout.split("PROCESSED")[1].split()[0]) >= 1
    retries = re.findall(
        r"serialization_failure, batch rolled back", text, re.IGNORECASE
    )
    assert len(retries) == 1, text[-3000:]
    problems = [line for line in text.splitlines() if LOG_PROBLEM.match(line)]
    assert not problems, problems
    done = admin.call("case.case", "read", [case_id], ["plan_cron_date"])[0]
    assert done["plan_cron_date"] == datetime.date.today().isoformat()
