"""Odoo's own routes around the consent gate and the case scope, over the web
client's JSON-RPC as the demo case worker ``pracovnik`` (issue 11, items 1-3).

Every mail route (chatter post, composer, message_notify, a template with
explicit recipients) is refused for a partner without consent and nothing
reaches the SMTP sink for them; an allowed post is logged as a disclosure and
delivered; case meetings' calendar events and the families' people are not
readable outside the case team.
"""

import uuid

import pytest

from .helpers import (
    OdooClient,
    RPCError,
    category_ids,
    create_partner,
    create_valid_consent,
)


@pytest.fixture()
def worker(base_url, db_name):
    client = OdooClient(base_url, db_name)
    client.login("pracovnik", "pracovnik")
    return client


@pytest.fixture()
def coordinator(base_url, db_name):
    client = OdooClient(base_url, db_name)
    client.login("koordinator", "koordinator")
    return client


def _own_case(worker):
    cases = worker.call("case.case", "search", [], limit=1, order="id")
    assert cases, "the demo worker has no case"
    return cases[0]


def test_mail_routes_refused_without_consent(admin, worker, mail_sink):
    token = uuid.uuid4().hex[:8]
    stranger_email = f"stranger-{token}@example.org"
    stranger = create_partner(admin, f"Cizí {token}", stranger_email)
    case_id = _own_case(worker)
    before = mail_sink.names()

    with pytest.raises(RPCError, match=token):
        worker.call(
            "case.case",
            "message_post",
            [case_id],
            body=f"Důvěrné {token}",
            partner_ids=[stranger],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
    with pytest.raises(RPCError, match=token):
        worker.call(
            "case.case",
            "message_notify",
            [case_id],
            body=f"Důvěrné {token}",
            subject=f"Jakub {token}",
            partner_ids=[stranger],
        )
    for mode in ("comment", "mass_mail"):
        composer = worker.call(
            "mail.compose.message",
            "create",
            {
                "subject": f"Jakub {token}",
                "body": f"<p>Diagnóza {token}</p>",
                "partner_ids": [[6, 0, [stranger]]],
            },
            context={
                "default_model": "case.case",
                "default_res_ids": [case_id],
                "default_composition_mode": mode,
            },
        )
        with pytest.raises(RPCError, match=token):
            worker.call("mail.compose.message", "action_send_mail", [composer])
    lines = worker.call(
        "case.meeting.attendee", "search", [("case_id", "=", case_id)], limit=1
    )
    if lines:
        template = admin.call(
            "ir.model.data",
            "check_object_reference",
            "case_management",
            "mail_template_case_meeting_invite",
        )[1]
        with pytest.raises(RPCError):
            worker.call(
                "mail.template",
                "send_mail",
                [template],
                lines[0],
                email_values={"recipient_ids": [[4, stranger]]},
            )
    # externals never follow a case record
    worker.call("case.case", "message_subscribe", [case_id], partner_ids=[stranger])
    followers = admin.call(
        "mail.followers",
        "search_count",
        [("res_model", "=", "case.case"), ("partner_id", "=", stranger)],
    )
    assert followers == 0

    queued = admin.call("mail.mail", "search", [("recipient_ids", "in", [stranger])])
    assert queued == []
    admin.call("mail.mail", "process_email_queue")
    leaked = mail_sink.wait_for(
        lambda m: stranger_email in str(m["To"]), since=before, timeout=3
    )
    assert leaked == []


def test_allowed_post_is_logged_and_delivered(admin, base_url, db_name, mail_sink):
    # a worker and a case of this test's own: the disclosure log keeps its
    # user and case for good (the uninstall test must not meet them in demo)
    token = uuid.uuid4().hex[:8]
    group = admin.call(
        "ir.model.data",
        "check_object_reference",
        "case_management",
        "case_management_group_worker",
    )[1]
    login = f"pracovnik-{token}"
    worker_uid = admin.call(
        "res.users",
        "create",
        {
            "name": f"Pracovník {token}",
            "login": login,
            "password": login,
            "email": f"{login}@example.org",
            "groups_id": [[6, 0, [group]]],
        },
    )
    worker = OdooClient(base_url, db_name)
    worker.login(login, login)
    prof_email = f"ospod-{token}@example.org"
    prof = create_partner(admin, f"OSPOD {token}", prof_email)
    signer = create_partner(admin, f"Matka {token}")
    child = create_partner(admin, f"Dítě {token}")
    case_id = admin.call(
        "case.case",
        "create",
        {
            "focus_partner_ids": [[6, 0, [child]]],
            "referral_source": "self",
            "stage_id": False,
            "key_worker_user_id": worker_uid,
        },
    )
    codes = category_ids(admin, "basic", "family_situation")
    create_valid_consent(admin, case_id, signer, [prof], codes)
    before = mail_sink.names()
    worker.call(
        "case.case",
        "message_post",
        [case_id],
        body=f"Krátká zpráva {token}",
        partner_ids=[prof],
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
    )
    mails = admin.call("mail.mail", "search", [("recipient_ids", "in", [prof])])
    assert len(mails) == 1
    rows = admin.call(
        "case.disclosure",
        "search_read",
        [("partner_id", "=", prof), ("mail_id", "in", mails)],
        fields=["state", "consent_id", "res_model"],
    )
    assert len(rows) == 1 and rows[0]["consent_id"]
    admin.call("mail.mail", "process_email_queue")
    delivered = mail_sink.wait_for(
        lambda m: prof_email in str(m["To"]), since=before, timeout=30
    )
    assert len(delivered) == 1
    row = admin.call("case.disclosure", "read", [rows[0]["id"]], fields=["state"])[0]
    assert row["state"] == "done"
    assert (
        admin.call("mail.mail", "read", mails, fields=["state"])[0]["state"] == "sent"
    )


def test_calendar_and_people_scoped(admin, worker, coordinator):
    own_cases = worker.call("case.case", "search", [])
    # every calendar attendee the worker can list is an internal user of a
    # case event of their own cases (or of a non-case event)
    attendees = worker.call(
        "calendar.attendee",
        "search_read",
        [("event_id.case_meeting_id", "!=", False)],
        fields=["partner_id", "event_id"],
    )
    partner_ids = list({a["partner_id"][0] for a in attendees})
    if partner_ids:
        users = admin.call(
            "res.users",
            "search_count",
            [("partner_id", "in", partner_ids), ("share", "=", False)],
        )
        assert users == len(partner_ids), "an external is a calendar attendee"
    all_cases = coordinator.call("case.case", "search", [])
    foreign = sorted(set(all_cases) - set(own_cases))
    assert foreign, "the demo needs a case outside the worker's scope"
    for domain in (
        [("case_id", "in", foreign)],
        [("case_meeting_id.case_id", "in", foreign)],
    ):
        assert worker.call("calendar.event", "search", domain) == []
    # people: the worker sees the children of their own cases only
    children_all = set(
        coordinator.call("res.partner", "search", [("is_child", "=", True)])
    )
    children_worker = set(
        worker.call("res.partner", "search", [("is_child", "=", True)])
    )
    assert children_worker < children_all
    foreign_children = children_all - children_worker
    with pytest.raises(RPCError):
        worker.call(
            "res.partner", "read", sorted(foreign_children)[:1], fields=["name"]
        )
