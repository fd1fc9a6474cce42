"""Faults end to end: PostgreSQL restarted while Odoo runs.

Real processes: the cluster casectl started (``tools/casectl.py`` stops it
with ``pg_ctl -m fast`` and starts it again, so every open connection is
terminated by the server), the e2e Odoo server, and a second Odoo server of
this test's own on a free port with one cron thread (the e2e server runs
without cron threads).

Without a manual step afterwards:
- the e2e server answers the next JSON-RPC calls, reads and writes;
- the cron thread keeps running jobs. Odoo 18's threaded server loses its
  cron thread for good when the database restarts (``pg_conn.poll()`` raises
  in ``ThreadedServer.cron_thread``); ``case_management/cron_reconnect.py``
  restarts it. The test wakes the cron thread with ``NOTIFY cron_trigger``
  and checks that a job of its own ran after the restart.

Every other cron is moved to the far future while the test's server runs, so
the test runs only its own job, and put back afterwards.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from .helpers import OdooClient, free_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import casectl


def _restart_postgres():
    assert casectl.pg_running()
    casectl.stop_postgres()
    assert not casectl.pg_running()
    casectl.start_postgres()
    assert casectl.pg_running()


def _wait_listening(client, proc, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert proc.poll() is None, "the test's Odoo server exited"
        try:
            client.login("admin", "admin")
            return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("the test's Odoo server did not answer")


def _wait_for(predicate, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_postgres_restart_server_and_cron_recover(admin, db_name, tmp_path):
    token = uuid.uuid4().hex[:8]
    model_id = admin.call(
        "ir.model", "search", [("model", "=", "res.partner")], limit=1
    )[0]
    others = admin.call(
        "ir.cron",
        "search_read",
        [("active", "=", True)],
        fields=["nextcall"],
    )
    admin.call(
        "ir.cron",
        "write",
        [c["id"] for c in others],
        {"nextcall": "2099-01-01 00:00:00"},
    )
    cron_id = admin.call(
        "ir.cron",
        "create",
        {
            "name": f"PG restart tick {token}",
            "model_id": model_id,
            "state": "code",
            "code": f"model.create({{'name': 'PG restart tick {token}'}})",
            "interval_number": 1,
            "interval_type": "days",
            "nextcall": "2099-01-01 00:00:00",
        },
    )
    port = free_port()
    log = tmp_path / "odoo-pg-restart.log"
    proc = subprocess.Popen(
        [
            os.environ.get("CASE_ODOO_PYTHON", sys.executable),
            "-m",
            "odoo",
            "-c",
            os.environ["CASE_ODOO_CONF"],
            "-d",
            db_name,
            f"--db-filter=^{db_name}$",
            f"--http-port={port}",
            "--max-cron-threads=1",
            f"--logfile={log}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    own = OdooClient(f"http://127.0.0.1:{port}", db_name)
    try:
        _wait_listening(own, proc)
        before = admin.call("res.partner", "search_count", [])
        # the cron thread is up and listening before the restart
        time.sleep(2)

        _restart_postgres()

        # the e2e server: the next calls succeed, read and write
        assert admin.call("res.partner", "search_count", []) == before
        partner = admin.call("res.partner", "create", {"name": f"Po restartu {token}"})
        assert (
            admin.call("res.partner", "read", [partner], ["name"])[0]["name"]
            == f"Po restartu {token}"
        )
        # the test's server too
        assert own.call("res.partner", "search_count", []) == before + 1

        # the cron thread still runs jobs: make ours due and wake it up
        admin.call("ir.cron", "write", [cron_id], {"nextcall": "2000-01-01 00:00:00"})
        ticks = [("name", "=", f"PG restart tick {token}")]

        def ran():
            casectl.psql(f"NOTIFY cron_trigger, '{db_name}'")
            return admin.call("res.partner", "search_count", ticks) == 1

        assert _wait_for(ran, timeout=40), (
            "no cron job ran after the PostgreSQL restart; log: "
            + log.read_text(errors="replace")[-3000:]
        )
        assert proc.poll() is None
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        admin.call("ir.cron", "unlink", [cron_id])
        for cron in others:
            admin.call("ir.cron", "write", [cron["id"]], {"nextcall": cron["nextcall"]})
        leftovers = admin.call(
            "res.partner",
            "search",
            [("name", "like", token)],
            context={"active_test": False},
        )
        if leftovers:
            admin.call("res.partner", "unlink", leftovers)
