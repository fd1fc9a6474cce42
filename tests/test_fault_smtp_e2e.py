"""Faults end to end: the outgoing mail server is down while case mails are
queued, then comes back.

Real processes: the running Odoo, and an SMTP sink of this test's own
(``tools/smtp_sink.py``) on a free loopback port. "Down" is nothing listening
on that port; "up" is the sink started on it. Odoo marks mails it could not
hand to the server as failed and never retries them by itself; the case
retry job (``mail.mail._cron_case_retry_smtp``) queues them again, the
queue's send-time consent re-check runs again, and every covered recipient
gets the mail exactly once -- none the one whose consent was withdrawn while
the server was down.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from .helpers import (
    MailSink,
    category_ids,
    create_family_case,
    create_meeting,
    create_partner,
    create_valid_consent,
    free_port,
)

ROOT = Path(__file__).resolve().parent.parent


def _start_sink(port, directory):
    proc = subprocess.Popen(
        [
            os.environ.get("CASE_ODOO_PYTHON", sys.executable),
            str(ROOT / "tools" / "smtp_sink.py"),
            "--port",
            str(port),
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import socket

    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the test's SMTP sink did not start")


def _cron_id(admin, xmlid):
    module, name = xmlid.split(".")
    rows = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
    )
    return rows[0]["res_id"]


def test_smtp_down_then_up_delivers_once_and_respects_withdrawal(admin, tmp_path):
    token = uuid.uuid4().hex[:8]
    port = free_port()
    sink_dir = tmp_path / "mail"
    sink_dir.mkdir()
    sink = MailSink(sink_dir)
    admin.call(
        "res.users",
        "write",
        [admin.uid],
        {"email": f"org-{token}@example.org", "tz": "Europe/Prague"},
    )
    # The only server the case mails can use points at a closed port.
    server = admin.call(
        "ir.mail_server",
        "create",
        {
            "name": f"Fault test {token}",
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_encryption": "none",
            "sequence": 0,
        },
    )
    others = admin.call(
        "ir.mail_server", "search", [("id", "!=", server), ("active", "=", True)]
    )
    admin.call("ir.mail_server", "write", others, {"active": False})
    proc = None
    try:
        emails = [f"{kind}-{token}@example.org" for kind in ("a", "b", "c")]
        partners = [
            create_partner(admin, f"Odborník {i} {token}", address, lang="en_US")
            for i, address in enumerate(emails)
        ]
        case_id, mother = create_family_case(admin, token)
        basic = category_ids(admin, "basic")
        consents = [
            create_valid_consent(admin, case_id, mother, [p], basic) for p in partners
        ]
        meeting_id = create_meeting(
            admin, case_id, partners, start="2027-11-12 08:00:00"
        )
        assert admin.call("case.meeting", "action_send_invitations", [meeting_id])

        # server down: the queue runs, every mail fails to connect
        admin.call("mail.mail", "process_email_queue")
        mails = admin.call(
            "mail.mail",
            "search_read",
            [("case_id", "=", case_id)],
            fields=["state", "recipient_ids", "case_retry_count"],
        )
        assert len(mails) == 3
        assert {m["state"] for m in mails} == {"exception"}, mails
        assert sink.names() == set()

        # the first professional's consent is withdrawn meanwhile
        withdraw = admin.call(
            "case.consent.withdraw",
            "create",
            {"consent_id": consents[0], "reason": f"Rodina nesouhlasí {token}"},
        )
        admin.call("case.consent.withdraw", "action_withdraw", [withdraw])

        # server up again; the retry job queues the mails once more
        proc = _start_sink(port, sink_dir)
        retry = _cron_id(admin, "case_management.ir_cron_case_mail_retry")
        admin.call("ir.cron", "method_direct_trigger", [retry])
        admin.call("mail.mail", "process_email_queue")
        delivered = sink.wait_for(lambda m: token in str(m["X-Sink-Rcpt-To"]))
        # wait until both expected mails are there (the queue sends in order)
        deadline = time.time() + 20
        while len(delivered) < 2 and time.time() < deadline:
            time.sleep(0.3)
            delivered = sink.wait_for(lambda m: token in str(m["X-Sink-Rcpt-To"]))
        # running the job and the queue again sends nothing twice
        admin.call("ir.cron", "method_direct_trigger", [retry])
        admin.call("mail.mail", "process_email_queue")
        time.sleep(1.5)
        delivered = sink.wait_for(lambda m: token in str(m["X-Sink-Rcpt-To"]))
        rcpts = sorted(str(m["X-Sink-Rcpt-To"]).strip() for m in delivered)
        assert rcpts == sorted(emails[1:]), rcpts

        states = {
            m["recipient_ids"][0]: (m["state"], m["case_retry_count"])
            for m in admin.call(
                "mail.mail",
                "search_read",
                [("case_id", "=", case_id)],
                fields=["state", "recipient_ids", "case_retry_count"],
            )
        }
        assert states[partners[0]][0] == "cancel", states
        for partner in partners[1:]:
            # sent (or already auto-deleted by Odoo once sent: never failed)
            assert states.get(partner, ("sent", 1)) == ("sent", 1), states
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        admin.call("ir.mail_server", "write", others, {"active": True})
        admin.call("ir.mail_server", "unlink", [server])
