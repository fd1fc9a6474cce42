"""Closing a case end to end: real Odoo, real SMTP sink.

A case manager's case with a future meeting is closed through the closure
wizard: the invitee gets an iTIP CANCEL (parsed with icalendar), the covered
professional gets the closure notice and the uncovered one nothing, the mother
gets the closure letter (its text parsed with pypdf). The case manager cannot
change the closed case or reopen it; a coordinator reopens it.
"""

import io
import uuid

import icalendar
import pytest
from pypdf import PdfReader

from .helpers import (
    OdooClient,
    RPCError,
    category_ids,
    create_family_case,
    create_meeting,
    create_partner,
    create_valid_consent,
)


def _calendar(msg):
    parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0], icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))


def _pdf_text(msg):
    parts = [p for p in msg.walk() if p.get_content_type() == "application/pdf"]
    assert len(parts) == 1
    reader = PdfReader(io.BytesIO(parts[0].get_payload(decode=True)))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def _xmlid(admin, module, name):
    return admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        fields=["res_id"],
    )[0]["res_id"]


def test_close_case_end_to_end(admin, mail_sink, base_url, db_name):
    token = uuid.uuid4().hex[:8]
    admin.call(
        "res.users",
        "write",
        [admin.uid],
        {"email": f"org-{token}@example.org", "tz": "Europe/Prague"},
    )
    manager_login = f"cm-{token}"
    manager_uid = admin.call(
        "res.users",
        "create",
        {
            "name": f"Case Manager {token}",
            "login": manager_login,
            "password": f"pw-{token}-x",
            "email": f"cm-{token}@example.org",
            "groups_id": [
                [
                    6,
                    0,
                    [
                        _xmlid(
                            admin, "case_management", "case_management_group_manager"
                        ),
                        _xmlid(admin, "base", "group_user"),
                    ],
                ]
            ],
        },
    )
    teacher_email = f"ucitel-{token}@example.org"
    ospod_email = f"ospod-{token}@example.org"
    mother_email = f"matka-{token}@example.org"
    teacher = create_partner(admin, f"Učitel {token}", teacher_email, lang="en_US")
    ospod = create_partner(admin, f"OSPOD {token}", ospod_email)
    case_id, mother = create_family_case(admin, token)
    admin.call(
        "res.partner", "write", [mother], {"email": mother_email, "lang": "en_US"}
    )
    admin.call(
        "case.case",
        "write",
        [case_id],
        {"manager_id": manager_uid, "team_user_ids": [[4, admin.uid]]},
    )
    for partner in (teacher, ospod):
        admin.call(
            "case.participant", "create", {"case_id": case_id, "partner_id": partner}
        )
    create_valid_consent(
        admin, case_id, mother, [teacher, mother], category_ids(admin, "basic")
    )
    crisis = create_partner(
        admin, f"Krizová linka {token}", phone="+420 116 123", is_service_provider=True
    )
    admin.call(
        "case.closure.recommendation",
        "create",
        {
            "case_id": case_id,
            "kind": "crisis",
            "partner_id": crisis,
            "note": "Call when you do not know what to do next.",
        },
    )
    meeting_id = create_meeting(
        admin, case_id, [teacher, ospod], start="2027-10-29 08:00:00"
    )
    admin.call("case.meeting", "action_send_invitations", [meeting_id])
    uid = admin.call("case.meeting", "read", [meeting_id], ["ical_uid"])[0]["ical_uid"]
    admin.call("mail.mail", "process_email_queue")
    assert mail_sink.wait_for(lambda m: teacher_email in str(m["To"]))

    # the case manager closes the case through the wizard
    manager = OdooClient(base_url, db_name)
    manager.login(manager_login, f"pw-{token}-x")
    before = mail_sink.names()
    wizard = manager.call(
        "case.case.close",
        "create",
        {
            "closure_reason": "goals_met",
            "summary": "The family manages on its own again.",
            "letter_recipient_ids": [[6, 0, [mother]]],
        },
        context={"default_case_id": case_id},
    )
    manager.call("case.case.close", "action_close", [wizard])
    admin.call("mail.mail", "process_email_queue")

    to_teacher = mail_sink.wait_for(
        lambda m: teacher_email in str(m["To"]), since=before
    )
    # the CANCEL and the closure notice; wait until both are there
    if len(to_teacher) < 2:
        admin.call("mail.mail", "process_email_queue")
        to_teacher = mail_sink.wait_for(
            lambda m: teacher_email in str(m["To"]) and "ended" in str(m["Subject"]),
            since=before,
        ) + [m for m in to_teacher if "ended" not in str(m["Subject"])]
    cancels = [
        m
        for m in to_teacher
        if any(p.get_content_type() == "text/calendar" for p in m.walk())
    ]
    assert len(cancels) == 1
    part, cal = _calendar(cancels[0])
    assert part.get_param("method") == "CANCEL"
    assert str(cal["method"]) == "CANCEL"
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["uid"]) == uid
    assert int(vevent["sequence"]) == 1
    assert str(vevent["status"]) == "CANCELLED"
    notices = [m for m in to_teacher if "cooperation ended" in str(m["Subject"])]
    assert len(notices) == 1
    assert f"Dítě {token}" not in notices[0].as_string()

    letters = mail_sink.wait_for(lambda m: mother_email in str(m["To"]), since=before)
    assert len(letters) == 1
    text = _pdf_text(letters[0])
    assert "Our cooperation has ended" in text
    assert f"Krizová linka {token}" in text
    assert "+420 116 123" in text
    assert "The family manages on its own again." in text

    # OSPOD is not covered by the consent: neither notice nor cancellation
    assert not mail_sink.wait_for(
        lambda m: ospod_email in str(m["To"]), since=before, timeout=2
    )
    case = admin.call(
        "case.case",
        "read",
        [case_id],
        ["is_closed", "support_days", "closure_letter_id"],
    )[0]
    assert case["is_closed"] and case["closure_letter_id"]
    disclosures = admin.call(
        "case.disclosure",
        "search_read",
        [("case_id", "=", case_id), ("res_model", "=", "case.case")],
        fields=["partner_id", "state"],
    )
    assert sorted(d["partner_id"][0] for d in disclosures) == sorted([teacher, mother])

    # the case manager can neither change nor reopen the closed case
    with pytest.raises(RPCError, match="closed"):
        manager.call("case.case", "write", [case_id], {"family_request": "x"})
    with pytest.raises(RPCError, match="coordinator"):
        manager.call("case.case", "action_open_reopen_wizard", [case_id])
    # a coordinator reopens it with a reason
    reopen = admin.call(
        "case.case.reopen",
        "create",
        {"case_id": case_id, "reason": "The family asked for help again."},
    )
    admin.call("case.case.reopen", "action_reopen", [reopen])
    case = admin.call("case.case", "read", [case_id], ["is_closed", "reopen_reason"])[0]
    assert not case["is_closed"]
    assert case["reopen_reason"] == "The family asked for help again."
    # leave no case in a stage (the uninstall test deletes the stages)
    admin.call("case.case", "write", [case_id], {"stage_id": False})
