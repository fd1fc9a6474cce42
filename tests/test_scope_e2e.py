"""Issue 11, items 4 to 11, over the web client's own JSON-RPC routes and the
public links, as a hostile colleague would try them against the running
server: take-over, case-code rewrite, moving records, foreign names with
debug, other users' wizard drafts, the statutory path, CR/LF, public links,
hostile numbers, a foreign report and a refused export."""

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from .helpers import (
    RPCError,
    category_ids,
    create_family_case,
    create_meeting,
    create_partner,
    create_user_client,
    create_valid_consent,
    xmlid_res_id,
)

WORKER_GROUP = "case_management.case_management_group_worker"
MANAGER_GROUP = "case_management.case_management_group_manager"


@pytest.fixture()
def world(admin, base_url, db_name):
    """Two cases: ``mine`` (manager ``m1``, worker ``w`` in the team) and
    ``foreign`` (manager ``m2``)."""
    token = uuid.uuid4().hex[:8]
    w = create_user_client(admin, base_url, db_name, f"w-{token}", WORKER_GROUP)
    m1 = create_user_client(admin, base_url, db_name, f"m1-{token}", MANAGER_GROUP)
    m2 = create_user_client(admin, base_url, db_name, f"m2-{token}", MANAGER_GROUP)
    mine, mother = create_family_case(admin, token)
    foreign, _mother2 = create_family_case(admin, token + "x")
    admin.call(
        "case.case",
        "write",
        [mine],
        {"manager_id": m1.uid, "team_user_ids": [[6, 0, [w.uid]]]},
    )
    admin.call("case.case", "write", [foreign], {"manager_id": m2.uid})
    return {
        "token": token,
        "w": w,
        "m1": m1,
        "m2": m2,
        "mine": mine,
        "foreign": foreign,
        "mother": mother,
    }


def _raises(name, fn, *args, **kwargs):
    with pytest.raises(RPCError) as error:
        fn(*args, **kwargs)
    assert error.value.name == name, error.value
    return error.value


def test_take_over_and_case_code(admin, world):
    w, mine = world["w"], world["mine"]
    for vals in (
        {"manager_id": w.uid},
        {"coordinator_user_id": w.uid},
        {"key_worker_user_id": w.uid},
        {"team_user_ids": [[4, world["m2"].uid]]},
    ):
        _raises(
            "odoo.exceptions.AccessError", w.call, "case.case", "write", [mine], vals
        )
    case = admin.call("case.case", "read", [mine], ["manager_id", "team_user_ids"])[0]
    assert case["manager_id"][0] == world["m1"].uid
    assert world["m2"].uid not in case["team_user_ids"]
    # the code: not even a coordinator (admin) rewrites it
    for client in (w, world["m1"], admin):
        _raises(
            "odoo.exceptions.AccessError",
            client.call,
            "case.case",
            "write",
            [mine],
            {"name": "Jakub – ADHD"},
        )
    # the case manager hands over
    world["m1"].call(
        "case.case", "write", [mine], {"team_user_ids": [[4, world["m2"].uid]]}
    )


def test_moving_child_records(admin, world):
    w = world["w"]
    factor = w.call("case.factor", "create", {"case_id": world["mine"], "kind": "risk"})
    _raises(
        "odoo.exceptions.AccessError",
        w.call,
        "case.factor",
        "write",
        [factor],
        {"case_id": world["foreign"]},
    )
    _raises(
        "odoo.exceptions.AccessError",
        w.call,
        "case.contact",
        "create",
        {"case_id": world["foreign"], "contact_type": "phone"},
    )
    assert (
        admin.call("case.factor", "read", [factor], ["case_id"])[0]["case_id"][0]
        == world["mine"]
    )


def test_foreign_names_with_debug(admin, world):
    secret = f"Otec recidivoval {world['token']}"
    factor = admin.call(
        "case.factor",
        "create",
        {"case_id": world["foreign"], "kind": "risk", "description": secret},
    )
    w = world["w"]
    for path in ("/web/dataset/call_kw", "/web/dataset/call_kw?debug=1"):
        error = _raises(
            "odoo.exceptions.AccessError",
            w.post,
            path,
            {
                "model": "case.factor",
                "method": "read",
                "args": [[factor], ["display_name"]],
                "kwargs": {},
            },
        )
        assert "Otec" not in error.message
    # an own goal pointing at a foreign goal: refused, the foreign goal unnamed
    goals = {}
    for key in ("mine", "foreign"):
        plan = admin.call(
            "case.plan",
            "create",
            {
                "case_id": world[key],
                "goal_ids": [
                    [
                        0,
                        0,
                        {
                            "name": f"Cíl {key} {world['token']}",
                            "horizon": "short",
                            "no_plan_b_needed": True,
                        },
                    ]
                ],
            },
        )
        goals[key] = admin.call(
            "case.plan.goal", "search", [("plan_id", "=", plan)], limit=1
        )[0]
    error = _raises(
        "odoo.exceptions.ValidationError",
        world["m1"].call,
        "case.plan.goal",
        "write",
        [goals["mine"]],
        {"origin_goal_id": goals["foreign"]},
    )
    assert "foreign" not in error.message
    row = world["m1"].call(
        "case.plan.goal", "read", [goals["mine"]], ["origin_goal_id"]
    )[0]
    assert row["origin_goal_id"] is False


def test_wizard_drafts_of_others(world):
    m1, m2 = world["m1"], world["m2"]
    draft = m1.call(
        "case.circle.notify",
        "create",
        {
            "case_id": world["mine"],
            "subject": "Otec recidivoval",
            "body": "<p>otec recidivoval</p>",
        },
    )
    assert m2.call("case.circle.notify", "search", [("id", "=", draft)]) == []
    _raises(
        "odoo.exceptions.AccessError",
        m2.call,
        "case.circle.notify",
        "read",
        [draft],
        ["body"],
    )


def test_statutory_path(admin, world):
    teacher = create_partner(admin, f"Učitel {world['token']}", "ucitel@example.org")
    basis = xmlid_res_id(admin, "case_management.legal_basis_ospod_notification")
    basic = category_ids(admin, "basic")
    vals = {
        "case_id": world["mine"],
        "partner_ids": [[6, 0, [teacher]]],
        "category_ids": [[6, 0, basic]],
        "statutory": True,
        "legal_basis_id": basis,
        "subject": "Oznámení",
        "body": "<p>x</p>",
    }
    # a case worker cannot send a statutory notification
    wizard = world["w"].call("case.circle.notify", "create", vals)
    _raises(
        "odoo.exceptions.AccessError",
        world["w"].call,
        "case.circle.notify",
        "action_send",
        [wizard],
    )
    # a case manager cannot send it to a teacher on the OSPOD basis
    wizard = world["m1"].call("case.circle.notify", "create", vals)
    _raises(
        "odoo.exceptions.UserError",
        world["m1"].call,
        "case.circle.notify",
        "action_send",
        [wizard],
    )
    disclosures = admin.call(
        "case.disclosure", "search", [("case_id", "=", world["mine"])]
    )
    assert disclosures == []


def test_line_breaks_refused(admin, world):
    _raises(
        "odoo.exceptions.ValidationError",
        admin.call,
        "res.partner",
        "create",
        {"name": "Eva\r\nReply-To: attacker@example.org", "email": "eva@example.org"},
    )


def test_hostile_numbers(admin, world):
    contact = world["w"].call(
        "case.contact", "create", {"case_id": world["mine"], "contact_type": "phone"}
    )
    for vals in (
        {"duration": 1e12},
        {"duration": -5},
        {"date": "0001-01-01 10:00:00"},
        {"date": "9999-12-31 10:00:00"},
    ):
        _raises(
            "odoo.exceptions.ValidationError",
            world["w"].call,
            "case.contact",
            "write",
            [contact],
            vals,
        )
    _raises(
        "odoo.exceptions.ValidationError",
        world["m1"].call,
        "case.case",
        "write",
        [world["mine"]],
        {"plan_review_interval_months": 2**40},
    )


def _http(url, data=None):
    try:
        with urllib.request.urlopen(url, data=data, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_public_links(admin, world, base_url):
    token = world["token"]
    teacher = create_partner(
        admin, f"Učitelka {token}", f"ucitelka-{token}@example.org"
    )
    stranger = create_partner(admin, f"Cizí {token}", f"cizi-{token}@example.org")
    create_valid_consent(
        admin, world["mine"], world["mother"], [teacher], category_ids(admin, "basic")
    )
    admin.call("res.users", "write", [admin.uid], {"email": f"org-{token}@example.org"})
    meeting = create_meeting(
        admin,
        world["mine"],
        [teacher, stranger],
        start="2030-05-06 08:00:00",
    )
    admin.call("case.meeting", "action_send_invitations", [meeting])
    lines = admin.call(
        "case.meeting.attendee",
        "search_read",
        [("meeting_id", "=", meeting)],
        ["partner_id", "rsvp_accept_url", "invitation_state"],
    )
    by_partner = {line["partner_id"][0]: line for line in lines}
    good = by_partner[teacher]["rsvp_accept_url"]
    refused = by_partner[stranger]
    assert refused["invitation_state"] == "refused"
    status, _page = _http(good)
    assert status == 200
    path = urllib.parse.urlparse(good).path
    attendee_id = int(path.split("/")[4])
    not_found = _http(base_url + path[:-4] + "0000")
    assert not_found[0] == 404
    # unknown attendee id, same token: the same answer
    unknown = _http(base_url + path.replace(f"/{attendee_id}/", "/999999999/"))
    assert unknown == not_found
    # the refused invitee cannot answer
    assert _http(refused["rsvp_accept_url"]) == not_found
    # timing: a wrong id and a wrong token take the same path (one indexed
    # lookup by the token's hash); interleaved, compared by their medians
    urls = {
        "wrong_token": base_url + path[:-4] + "0000",
        "unknown_id": base_url + path.replace(f"/{attendee_id}/", "/999999999/"),
    }
    timings = {name: [] for name in urls}
    for _i in range(7):
        for name, url in urls.items():
            t0 = time.perf_counter()
            _http(url)
            timings[name].append(time.perf_counter() - t0)
    medians = {name: sorted(values)[3] for name, values in timings.items()}
    assert abs(medians["wrong_token"] - medians["unknown_id"]) < 0.05, medians
    # cancelled meeting: the link dies
    admin.call("case.meeting", "write", [meeting], {"state": "cancelled"})
    assert _http(good) == not_found
    admin.call("case.meeting", "write", [meeting], {"state": "invited"})
    assert _http(good)[0] == 200
    # rate limit per token
    admin.call(
        "ir.config_parameter",
        "set_param",
        "case_management.public_link_rate_token",
        "3",
    )
    try:
        statuses = [_http(good)[0] for _i in range(5)]
    finally:
        admin.call(
            "ir.config_parameter",
            "set_param",
            "case_management.public_link_rate_token",
            "20",
        )
    assert 429 in statuses
    # closed case: the link dies
    # (through the closure wizard: a bare stage change is refused)
    crisis = admin.call(
        "res.partner", "create", {"name": "Linka důvěry", "phone": "116 111"}
    )
    admin.call(
        "case.closure.recommendation",
        "create",
        {"case_id": world["mine"], "kind": "crisis", "partner_id": crisis},
    )
    wizard = admin.call(
        "case.case.close",
        "create",
        {"closure_reason": "goals_met", "notify_circle": False},
        context={"default_case_id": world["mine"]},
    )
    admin.call("case.case.close", "action_close", [wizard])
    assert _http(base_url + path.replace("/accept/", "/decline/")) == not_found


def test_foreign_report_and_refused_export(world, base_url):
    w = world["w"]
    try:
        w.get(f"/report/pdf/case_management.report_case_who_is_who/{world['foreign']}")
        status, body = 200, ""
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    assert status in (403, 404)
    assert "Traceback" not in body
    assert "Dítě" not in body
    # a refused export: a clean error, no traceback
    page = w.get("/odoo")[1].decode()
    csrf = re.search(r'csrf_token: "([0-9a-f]+o?[0-9]*)"', page).group(1)
    data = {
        "model": "case.case",
        "fields": [
            {"name": "name", "label": "Reference"},
            {"name": "health_notes", "label": "Health"},
        ],
        "ids": [world["foreign"]],
        "domain": [],
        "groupby": [],
        "context": {},
        "import_compat": False,
    }
    body = urllib.parse.urlencode(
        {"data": json.dumps(data), "csrf_token": csrf}
    ).encode()
    req = urllib.request.Request(w.base_url + "/web/export/csv", data=body)
    try:
        with w.opener.open(req, timeout=60) as resp:
            status, text = resp.status, resp.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode(errors="replace")
    assert status in (400, 403, 404), text[:200]
    assert "Traceback" not in text
    assert "ADHD" not in text
