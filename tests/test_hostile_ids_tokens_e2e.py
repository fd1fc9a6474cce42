"""Issue 15, guessing ids and tokens end to end: two cases A and B with
different case managers; as A's case manager, a reporting officer, school
staff and anonymously, every guessed id of B's records (attachments, binary
fields, reports, chatter, ORM calls) and every altered, expired, cancelled or
closed public token of B is refused, and no body names B's case code, family
or child, with ``?debug=1`` too. The public token routes are rate-limited."""

import base64
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from .helpers import (
    OdooClient,
    category_ids,
    close_case,
    create_family_case,
    create_meeting,
    create_partner,
    create_user_client,
    create_valid_consent,
)

POLL_LINK = re.compile(r"/case/poll/(\d+)/([A-Za-z0-9_-]+)")
REFUSED = (400, 401, 403, 404, 429)
RATE_IP = "case_management.public_link_rate_ip"


def _raw(client, path, payload=None):
    """(status, final url, body text) of a GET, or of a JSON-RPC POST."""
    data, headers = None, {}
    if payload is not None:
        data = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "id": 1, "params": payload}
        ).encode()
        headers = {"Content-Type": "application/json"}
    req = urllib.request.Request(client.base_url + path, data=data, headers=headers)
    try:
        with client.opener.open(req, timeout=120) as resp:
            return resp.status, resp.geturl(), resp.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, path, error.read().decode(errors="replace")


def _with_debug(path):
    return path + ("&" if "?" in path else "?") + "debug=1"


def _assert_silent(secrets, body, what):
    for secret in secrets:
        at = body.find(secret)
        assert at < 0, f"{what} reveals {secret!r}: {body[max(0, at - 300) : at + 50]}"


def _assert_get_refused(client, path, secrets):
    """Refused: an error status, the login page, or (``/web/image`` answers
    a refusal so) the placeholder image of a record that does not exist."""
    placeholder = None
    if path.startswith("/web/image"):
        placeholder = _raw(client, "/web/image/999999999")[2]
    for url in (path, _with_debug(path)):
        status, final, body = _raw(client, url)
        refused = status in REFUSED or (
            status == 200 and ("/web/login" in final or body == placeholder)
        )
        assert refused, f"{url}: {status} {final} {body[:200]}"
        _assert_silent(secrets, body, url)


def _assert_json_refused(client, path, params, secrets):
    """A JSON route answers an error, or a result with nothing of B."""
    for url in (path, _with_debug(path)):
        status, _final, body = _raw(client, url, params)
        assert status in (200, *REFUSED), f"{url}: {status}"
        _assert_silent(secrets, body, f"{url} {params.get('method', '')}")
        if status != 200:
            continue
        answer = json.loads(body)
        if "error" in answer:
            continue
        result = answer["result"]
        if path.startswith("/web/dataset/call_kw"):
            # a search answers nothing, a read is an error
            assert result in ([], 0, False, {"length": 0, "records": []}), (
                url,
                params,
                result,
            )


def _assert_zip_refused(client, attachments, secrets):
    """``/mail/attachment/zip`` with B's attachment ids: refused, not a zip."""
    page = _raw(client, "/odoo")[2]
    csrf = re.search(r'csrf_token: "([0-9a-f]+o?[0-9]*)"', page).group(1)
    data = urllib.parse.urlencode(
        {
            "file_ids": ",".join(str(a) for a in attachments),
            "zip_name": "b.zip",
            "csrf_token": csrf,
        }
    ).encode()
    req = urllib.request.Request(client.base_url + "/mail/attachment/zip", data=data)
    try:
        with client.opener.open(req, timeout=60) as resp:
            status, body = resp.status, resp.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    assert status in REFUSED, (status, body[:200])
    assert not body.startswith(b"PK")
    _assert_silent(secrets, body.decode(errors="replace"), "/mail/attachment/zip")


@pytest.fixture(scope="module")
def public_hits(base_url, db_name):
    """The address limit of the public links raised for this module (it hits
    them from one address); afterwards the default again, and this minute's
    counters left behind, so that later tests start under the limit."""
    admin = OdooClient(base_url, db_name)
    admin.login("admin", "admin")
    admin.call("ir.config_parameter", "set_param", RATE_IP, "1000")
    yield admin
    admin.call("ir.config_parameter", "set_param", RATE_IP, "60")
    time.sleep(61 - time.time() % 60)


@pytest.fixture()
def world(admin, base_url, db_name, public_hits):
    tok = uuid.uuid4().hex[:8]
    ta, tb = f"a{tok}", f"b{tok}"
    users = {
        "manager_a": create_user_client(
            admin,
            base_url,
            db_name,
            f"ma-{tok}",
            "case_management.case_management_group_manager",
        ),
        "officer": create_user_client(
            admin,
            base_url,
            db_name,
            f"vyk-{tok}",
            "case_management_reports.case_management_reports_group_officer",
        ),
        "school": create_user_client(
            admin,
            base_url,
            db_name,
            f"sk-{tok}",
            "case_management_school.case_management_school_group_staff",
        ),
        "anonymous": OdooClient(base_url, db_name),
    }
    manager_b = create_user_client(
        admin,
        base_url,
        db_name,
        f"mb-{tok}",
        "case_management.case_management_group_manager",
    )
    case_a, _mother_a = create_family_case(admin, ta)
    case_b, mother_b = create_family_case(admin, tb)
    admin.call("case.case", "write", [case_a], {"manager_id": users["manager_a"].uid})
    admin.call("case.case", "write", [case_b], {"manager_id": manager_b.uid})
    code_b = admin.call("case.case", "read", [case_b], ["name"])[0]["name"]
    child_b = admin.call("case.case", "read", [case_b], ["focus_partner_ids"])[0][
        "focus_partner_ids"
    ][0]
    # B's household: the mother and the child are people of case B
    family_b = admin.call("case.family", "create", {"name": f"Novákovi {tb}"})
    admin.call(
        "res.partner",
        "write",
        [mother_b],
        {"case_family_id": family_b, "family_role": "parent"},
    )
    admin.call(
        "res.partner",
        "write",
        [child_b],
        {"case_family_id": family_b, "family_role": "child"},
    )
    admin.call("case.case", "write", [case_b], {"family_id": family_b})
    teacher = create_partner(admin, f"Učitelka {tok}", f"ucitelka-{tok}@example.org")
    consent = create_valid_consent(
        admin, case_b, mother_b, [teacher], category_ids(admin, "basic")
    )
    scan = admin.call(
        "ir.attachment",
        "search",
        [
            ("res_model", "=", "case.consent"),
            ("res_id", "=", consent),
            ("res_field", "=", "scan"),
        ],
    )
    assert scan, "the consent's scan is not an attachment"
    minutes = admin.call(
        "ir.attachment",
        "create",
        {
            "name": f"Zápis {code_b}.pdf",
            "res_model": "case.case",
            "res_id": case_b,
            "mimetype": "application/pdf",
            "datas": base64.b64encode(
                f"%PDF-1.4 Dítě {tb}, Matka {tb}".encode()
            ).decode(),
        },
    )
    admin.call("res.users", "write", [admin.uid], {"email": f"org-{tok}@example.org"})
    meeting = create_meeting(admin, case_b, [teacher], start="2030-05-06 08:00:00")
    admin.call("case.meeting", "action_send_invitations", [meeting])
    rsvp = admin.call(
        "case.meeting.attendee",
        "search_read",
        [("meeting_id", "=", meeting), ("partner_id", "=", teacher)],
        ["rsvp_accept_url"],
    )[0]["rsvp_accept_url"]
    poll = admin.call(
        "case.meeting.poll",
        "create",
        {
            "case_id": case_b,
            "meeting_format": "case_conference",
            "tz": "Europe/Prague",
            "slot_ids": [
                [0, 0, {"start": "2030-03-04 08:00:00", "stop": "2030-03-04 09:30:00"}]
            ],
            "invitee_ids": [[0, 0, {"partner_id": teacher}]],
        },
    )
    admin.call("case.meeting.poll", "action_send", [poll])
    bodies = admin.call(
        "mail.mail",
        "search_read",
        [("case_id", "=", case_b), ("body_html", "like", "/case/poll/")],
        ["body_html"],
    )
    match = POLL_LINK.search(bodies[0]["body_html"])
    assert match and int(match.group(1)) == poll
    return {
        "admin": admin,
        "users": users,
        "case_a": case_a,
        "case_b": case_b,
        "meeting": meeting,
        "poll": poll,
        "consent": consent,
        "child_b": child_b,
        "mother_b": mother_b,
        "attachments": [minutes, *scan],
        "rsvp_path": re.sub(r"^https?://[^/]+", "", rsvp),
        "poll_path": match.group(0),
        "secrets": (code_b, f"Novákovi {tb}", f"Dítě {tb}", f"Matka {tb}", tb),
    }


def _public_paths(world):
    rsvp, poll = world["rsvp_path"], world["poll_path"]
    attendee = rsvp.split("/")[4]
    return [
        rsvp[:-4] + "0000",
        rsvp.replace(f"/{attendee}/", f"/{int(attendee) + 1}/"),
        rsvp.replace("/accept/", "/decline/")[:-1] + "x",
        poll[:-4] + "AAAA",
        poll.replace(
            f"/case/poll/{world['poll']}/", f"/case/poll/{world['poll'] + 1}/"
        ),
        f"/case/poll/{world['poll']}/" + "x" * 43,
    ]


def test_guessing_ids_refused(world):
    admin, secrets = world["admin"], world["secrets"]
    case_b, consent = world["case_b"], world["consent"]
    for client in world["users"].values():
        gets = [
            f"/report/pdf/case_management.report_case_closure_letter/{case_b}",
            f"/report/html/case_management.report_case_closure_letter/{case_b}",
            f"/report/pdf/case_management.report_case_consent/{consent}",
            (
                "/report/html/case_management.report_case_meeting_minutes/"
                f"{world['meeting']}"
            ),
            f"/web/content?model=case.consent&id={consent}&field=scan",
            f"/web/content?model=case.case&id={case_b}&field=name",
            f"/web/image/case.consent/{consent}/scan",
            f"/web/image?model=case.case&id={case_b}&field=name",
        ]
        for att in world["attachments"]:
            gets += [
                f"/web/content/{att}",
                f"/web/content/{att}?download=true",
                f"/web/image/{att}",
                f"/web/content?model=ir.attachment&id={att}&field=datas",
            ]
        if client.uid:
            _assert_zip_refused(client, world["attachments"], secrets)
        gets += _public_paths(world)
        for path in gets:
            _assert_get_refused(client, path, secrets)
        for model, res_id in (
            ("case.case", case_b),
            ("case.meeting", world["meeting"]),
        ):
            _assert_json_refused(
                client,
                "/mail/thread/data",
                {
                    "thread_model": model,
                    "thread_id": res_id,
                    "request_list": [
                        "activities",
                        "attachments",
                        "followers",
                        "suggestedRecipients",
                    ],
                },
                secrets,
            )
            _assert_json_refused(
                client,
                "/mail/thread/messages",
                {"thread_model": model, "thread_id": res_id},
                secrets,
            )
        calls = [
            ("case.case", "read", [[case_b], ["name", "display_name"]], {}),
            ("case.case", "web_read", [[case_b]], {"specification": {"name": {}}}),
            ("case.case", "search_read", [[("id", "=", case_b)], ["name"]], {}),
            (
                "case.case",
                "read_group",
                [[("id", "=", case_b)], ["name"], ["name"]],
                {},
            ),
            ("case.case", "name_search", [secrets[0]], {}),
            ("case.case", "search_count", [[("id", "=", case_b)]], {}),
            ("case.consent", "read", [[consent], ["display_name"]], {}),
            ("case.family", "name_search", [secrets[4]], {}),
            ("case.meeting", "read", [[world["meeting"]], ["display_name"]], {}),
            ("case.meeting.poll", "read", [[world["poll"]], ["display_name"]], {}),
            (
                "ir.attachment",
                "read",
                [world["attachments"], ["name", "datas"]],
                {},
            ),
            (
                "ir.attachment",
                "search_read",
                [[("res_model", "=", "case.case"), ("res_id", "=", case_b)]],
                {"fields": ["name"]},
            ),
            ("res.partner", "read", [[world["child_b"]], ["name"]], {}),
            ("res.partner", "name_search", [secrets[4]], {}),
        ]
        for model, method, args, kwargs in calls:
            _assert_json_refused(
                client,
                f"/web/dataset/call_kw/{model}/{method}",
                {"model": model, "method": method, "args": args, "kwargs": kwargs},
                secrets,
            )
    # the real links, dead: a cancelled meeting, a cancelled poll, a
    # closed case
    anonymous = world["users"]["anonymous"]
    admin.call("case.meeting", "write", [world["meeting"]], {"state": "cancelled"})
    admin.call("case.meeting.poll", "write", [world["poll"]], {"state": "cancel"})
    for path in (world["rsvp_path"], world["poll_path"]):
        _assert_get_refused(anonymous, path, secrets)
    admin.call("case.meeting", "write", [world["meeting"]], {"state": "invited"})
    admin.call("case.meeting.poll", "write", [world["poll"]], {"state": "sent"})
    assert _raw(anonymous, world["rsvp_path"])[0] == 200
    # an expired poll link
    invitees = admin.call(
        "case.meeting.poll.invitee", "search", [("poll_id", "=", world["poll"])]
    )
    admin.call(
        "case.meeting.poll.invitee",
        "write",
        invitees,
        {"expiry_date": "2020-01-01 00:00:00"},
    )
    _assert_get_refused(anonymous, world["poll_path"], secrets)
    admin.call(
        "case.meeting.poll.invitee",
        "write",
        invitees,
        {"expiry_date": "2030-01-01 00:00:00"},
    )
    assert _raw(anonymous, world["poll_path"])[0] == 200
    close_case(admin, case_b, create_partner(admin, "Linka důvěry", phone="116 111"))
    for path in (world["rsvp_path"], world["poll_path"]):
        _assert_get_refused(anonymous, path, secrets)


def test_guessing_tokens_rate_limited(admin, anonymous, public_hits):
    """Wrong tokens from one address: refused with 429 within a bounded
    number of tries, on both public token routes."""
    admin.call("ir.config_parameter", "set_param", RATE_IP, "5")
    try:
        for prefix in ("/case/poll/1/", "/case/meeting/rsvp/1/accept/"):
            statuses = []
            for _i in range(12):
                status = _raw(anonymous, prefix + uuid.uuid4().hex)[0]
                statuses.append(status)
                if status == 429:
                    break
            assert statuses[-1] == 429, statuses
            assert set(statuses[:-1]) <= {404}, statuses
    finally:
        admin.call("ir.config_parameter", "set_param", RATE_IP, "1000")
