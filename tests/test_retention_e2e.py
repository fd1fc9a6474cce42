"""Retention end to end: a real anonymisation run is killed in the middle of
a batch (SIGKILL), and the next run (the scheduled job) finishes the work.

The first batch was committed before the kill and stays anonymised; the
batch in progress was rolled back by PostgreSQL and is untouched; after the
rerun every due case is in the same state as if one run had done it all.
"""

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid

from .helpers import create_closed_old_cases

KILLED_RUN = textwrap.dedent(
    """
    import sys, time
    import odoo
    from odoo.modules.registry import Registry
    odoo.tools.config.parse_config(["-c", sys.argv[1], "-d", sys.argv[2]])
    from odoo.addons.case_management.models import case_case_retention as ret
    calls = []

    def slow_second_batch(self, ids):
        calls.append(ids)
        print("BATCH", ids, flush=True)
        if len(calls) == 2:
            print("SLEEPING", flush=True)
            time.sleep(300)
        return ids

    ret.CaseCase._retention_after_batch = slow_second_batch
    registry = Registry(sys.argv[2])
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["case.case"]._cron_anonymise(batch_size=1)
    """
)


def _xmlid(admin, module, name):
    return admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
    )[0]["res_id"]


def _state(admin, case_ids):
    cases = admin.call(
        "case.case",
        "read",
        case_ids,
        ["anonymised_date", "family_request", "focus_partner_ids"],
        context={"active_test": False},
    )
    result = {}
    for case in cases:
        names = [
            p["name"]
            for p in admin.call(
                "res.partner",
                "read",
                case["focus_partner_ids"],
                ["name"],
                context={"active_test": False},
            )
        ]
        messages = admin.call(
            "mail.message",
            "search_count",
            [("model", "=", "case.case"), ("res_id", "=", case["id"])],
        )
        result[case["id"]] = (
            bool(case["anonymised_date"]),
            case["family_request"],
            tuple(names),
            messages,
        )
    return result


def test_killed_run_resumes(admin):
    token = uuid.uuid4().hex[:8]
    company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0][
        "company_id"
    ][0]
    years = admin.call("res.company", "read", [company], ["case_retention_years"])[0][
        "case_retention_years"
    ]
    case_ids = create_closed_old_cases(admin, token, 3)
    # 4 years: these cases (closed mid-2022) are due; the demo's closed cases
    # (the last two years of generated history, Dominik) are not
    admin.call("res.company", "write", [company], {"case_retention_years": 4})
    try:
        due = admin.call("case.case", "action_retention_dry_run")["domain"][0][2]
        assert sorted(due) == sorted(case_ids), "only these cases are due"

        # a real run, killed while its second batch is in progress
        run = subprocess.Popen(
            [
                os.environ.get("CASE_ODOO_PYTHON", sys.executable),
                "-c",
                KILLED_RUN,
                os.environ["CASE_ODOO_CONF"],
                os.environ["CASE_DB"],
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        deadline = time.time() + 120
        lines = []
        while time.time() < deadline:
            line = run.stdout.readline()
            lines.append(line)
            if line.startswith("SLEEPING"):
                break
        assert lines[-1].startswith("SLEEPING"), lines
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)

        state = _state(admin, case_ids)
        first, second, third = sorted(case_ids)
        assert state[first][0], "the committed first batch stays anonymised"
        assert state[second][:3] == (False, f"Důvěrné {token}", (f"Dítě {token}-1",))
        assert state[second][3] > 0, "its messages are still there"
        assert not state[third][0]

        # the scheduled job finishes the work
        cron = _xmlid(admin, "case_management", "ir_cron_case_anonymise")
        admin.call("ir.cron", "method_direct_trigger", [cron])
        state = _state(admin, case_ids)
        assert set(state.values()) == {(True, False, ("Anonymised person",), 0)}
        # and a rerun changes nothing
        admin.call("ir.cron", "method_direct_trigger", [cron])
        assert _state(admin, case_ids) == state
    finally:
        admin.call("res.company", "write", [company], {"case_retention_years": years})
