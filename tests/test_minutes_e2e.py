"""Meeting minutes end to end: they reach exactly the covered participants.

A case conference with a covered professional (present), a covered
professional who was absent (still gets the minutes), a professional no
consent covers (present), one covered for basic identification only (invited,
present, but not for minutes), a covered parent (the family copy) and an
internal user. The minutes are written, approved and distributed; the mail
queue runs against the real SMTP sink. Each covered outsider finds one mail
with the minutes PDF (its text parsed with pypdf), nobody else gets one, and
the delivery log and the disclosure log say the same.
"""

import io
import uuid
from datetime import date, datetime, timedelta, timezone

import pypdf

from .helpers import (
    category_ids,
    create_family_case,
    create_meeting,
    create_partner,
    create_valid_consent,
)


def _flat(text):
    return " ".join(text.split())


def _pdf_parts(msg):
    return [p for p in msg.walk() if p.get_content_type() == "application/pdf"]


def _pdf_text(part):
    reader = pypdf.PdfReader(io.BytesIO(part.get_payload(decode=True)))
    return _flat(" ".join(page.extract_text() or "" for page in reader.pages))


def _rcpt(msg):
    return str(msg["X-Sink-Rcpt-To"]).strip()


def test_minutes_reach_exactly_the_covered_participants(admin, mail_sink):
    token = uuid.uuid4().hex[:8]
    start_of_test = mail_sink.names()
    org_email = f"org-{token}@example.org"
    admin.call(
        "res.users", "write", [admin.uid], {"email": org_email, "tz": "Europe/Prague"}
    )
    admin_partner = admin.call("res.users", "read", [admin.uid], ["partner_id"])[0][
        "partner_id"
    ][0]
    emails = {
        "present": f"psycholog-{token}@example.org",
        "absent": f"ospod-{token}@example.org",
        "uncovered": f"policie-{token}@example.org",
        "basic_only": f"lekar-{token}@example.org",
        "mother": f"matka-{token}@example.org",
    }
    present = create_partner(
        admin, f"Psycholožka {token}", emails["present"], lang="en_US"
    )
    absent = create_partner(admin, f"OSPOD {token}", emails["absent"], lang="en_US")
    uncovered = create_partner(
        admin, f"Policista {token}", emails["uncovered"], lang="en_US"
    )
    basic_only = create_partner(
        admin, f"Lékař {token}", emails["basic_only"], lang="en_US"
    )
    case_id, mother = create_family_case(admin, token)
    # the mother lives in the case's household: a family member of the case
    household = admin.call("case.family", "create", {"name": f"Domácnost {token}"})
    admin.call(
        "res.partner",
        "write",
        [mother],
        {
            "email": emails["mother"],
            "lang": "en_US",
            "case_family_id": household,
            "family_role": "parent",
        },
    )
    admin.call("case.case", "write", [case_id], {"family_id": household})
    case = admin.call("case.case", "read", [case_id], ["name"])[0]
    child_name = f"Dítě {token}"
    basic = category_ids(admin, "basic")
    minutes = category_ids(admin, "minutes")
    assert len(basic) == 1 and len(minutes) == 1
    consent = create_valid_consent(
        admin, case_id, mother, [present, absent, mother], basic + minutes
    )
    create_valid_consent(admin, case_id, mother, [basic_only], basic)

    yesterday = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=1)
    start = yesterday.replace(hour=8, minute=0, second=0, microsecond=0)
    meeting_id = create_meeting(
        admin,
        case_id,
        [present, absent, uncovered, basic_only, mother, admin_partner],
        meeting_format="case_conference",
        goal=f"Domluvit se na docházce {token}",
        start=start.strftime("%Y-%m-%d %H:%M:%S"),
        facilitator_user_id=admin.uid,
        minute_taker_user_id=admin.uid,
    )
    meeting = admin.call("case.meeting", "read", [meeting_id], ["name"])[0]
    title = meeting["name"]
    assert case["name"] in title and token not in title
    lines = admin.call(
        "case.meeting.attendee",
        "search_read",
        [("meeting_id", "=", meeting_id)],
        fields=["partner_id", "kind"],
    )
    line_of = {line["partner_id"][0]: line["id"] for line in lines}
    assert {line["partner_id"][0]: line["kind"] for line in lines} == {
        present: "external",
        absent: "external",
        uncovered: "external",
        basic_only: "external",
        mother: "family",
        admin_partner: "internal",
    }

    # invitations (category "basic"): the unconsented professional is refused
    admin.call("case.meeting", "action_send_invitations", [meeting_id])
    admin.call("mail.mail", "process_email_queue")
    invited = mail_sink.wait_for(lambda m: token in _rcpt(m), since=start_of_test)
    assert sorted(_rcpt(m) for m in invited) == sorted(
        emails[k] for k in ("present", "absent", "basic_only", "mother")
    )

    # the meeting was held; the OSPOD worker could not come
    attendance = {
        present: "present",
        absent: "absent",
        uncovered: "present",
        basic_only: "present",
        mother: "present",
        admin_partner: "present",
    }
    for partner, value in attendance.items():
        admin.call(
            "case.meeting.attendee",
            "write",
            [line_of[partner]],
            {"attendance": value},
        )
    admin.call("case.meeting", "action_mark_held", [meeting_id])

    # minutes: one summary, one decision, approved by the facilitator
    summary = f"Attendance improved since March {token}"
    decision = f"Call the mother every Monday {token}"
    admin.call("case.meeting", "action_start_minutes", [meeting_id])
    items = admin.call(
        "case.meeting.minutes.item",
        "search_read",
        [("meeting_id", "=", meeting_id)],
        fields=["topic"],
        order="sequence, id",
    )
    assert items, "the agenda of a case conference becomes the minutes' items"
    admin.call(
        "case.meeting",
        "write",
        [meeting_id],
        {
            "minutes_item_ids": [[1, items[0]["id"], {"summary": summary}]],
            "decision_ids": [
                [
                    0,
                    0,
                    {
                        "what": decision,
                        "responsible_type": "external",
                        "partner_id": present,
                        "date_due": (date.today() + timedelta(days=14)).isoformat(),
                    },
                ]
            ],
        },
    )
    admin.call("case.meeting", "action_approve_minutes", [meeting_id])
    state = admin.call(
        "case.meeting",
        "read",
        [meeting_id],
        ["minutes_state", "minutes_approved_by_id"],
    )[0]
    assert state["minutes_state"] == "approved"
    assert state["minutes_approved_by_id"][0] == admin.uid

    # distribution: queued through the gate, then the queue runs
    before = mail_sink.names()
    admin.call("case.meeting", "action_distribute_minutes", [meeting_id])
    assert (
        admin.call("case.meeting", "read", [meeting_id], ["minutes_state"])[0][
            "minutes_state"
        ]
        == "distributed"
    )
    queued = admin.call(
        "case.meeting.delivery",
        "search_read",
        [("meeting_id", "=", meeting_id)],
        fields=["partner_id", "state"],
    )
    assert {d["partner_id"][0]: d["state"] for d in queued} == {
        present: "queued",
        absent: "queued",
        mother: "queued",
        uncovered: "refused",
        basic_only: "refused",
    }
    admin.call("mail.mail", "process_email_queue")
    msgs = mail_sink.wait_for(lambda m: token in _rcpt(m), since=before)
    by_rcpt = {}
    for msg in msgs:
        by_rcpt.setdefault(_rcpt(msg), []).append(msg)
    assert sorted(by_rcpt) == sorted(
        [emails["present"], emails["absent"], emails["mother"]]
    )
    assert all(len(found) == 1 for found in by_rcpt.values())

    for key in ("present", "absent"):
        msg = by_rcpt[emails[key]][0]
        assert str(msg["Subject"]) == f"Minutes: {title}"
        assert emails[key] in str(msg["To"])
        assert org_email in str(msg["From"])
        pdfs = _pdf_parts(msg)
        assert len(pdfs) == 1, [p.get_content_type() for p in msg.walk()]
        assert pdfs[0].get_filename().endswith(".pdf")
        assert pdfs[0].get_filename().startswith("Minutes ")
        text = _pdf_text(pdfs[0])
        assert _flat(title) in text, text
        assert case["name"] in text
        assert summary in text
        assert decision in text
        assert f"Psycholožka {token}" in text  # the attendance list
        assert child_name not in text
        assert child_name not in msg.as_string()

    # the parent gets the family copy, in plain words
    msg = by_rcpt[emails["mother"]][0]
    pdfs = _pdf_parts(msg)
    assert len(pdfs) == 1
    assert pdfs[0].get_filename().startswith("Our meeting ")
    text = _pdf_text(pdfs[0])
    assert "What we agreed at our meeting" in text
    assert summary in text
    assert decision in text

    # nothing ever reached the professionals the minutes consent does not cover,
    # nor the internal user (who reads the minutes in Odoo)
    everything = mail_sink.wait_for(
        lambda m: token in _rcpt(m), since=start_of_test, timeout=3
    )
    assert not [m for m in everything if emails["uncovered"] in _rcpt(m)]
    assert not [
        m
        for m in everything
        if emails["basic_only"] in _rcpt(m) and str(m["Subject"]).startswith("Minutes")
    ]
    assert not [m for m in everything if org_email in _rcpt(m)]

    # the delivery log follows the mails
    deliveries = admin.call(
        "case.meeting.delivery",
        "search_read",
        [("meeting_id", "=", meeting_id)],
        fields=["partner_id", "state", "reason", "family_copy", "mail_id"],
    )
    delivery_of = {d["partner_id"][0]: d for d in deliveries}
    assert len(deliveries) == len(delivery_of) == 5
    for partner in (present, absent, mother):
        assert delivery_of[partner]["state"] == "sent"
        assert delivery_of[partner]["mail_id"]
        assert delivery_of[partner]["family_copy"] == (partner == mother)
    for partner, name in ((uncovered, "Policista"), (basic_only, "Lékař")):
        assert delivery_of[partner]["state"] == "refused"
        assert not delivery_of[partner]["mail_id"]
        assert f"{name} {token}" in delivery_of[partner]["reason"]
        assert "Meeting minutes" in delivery_of[partner]["reason"]
    mails = admin.call(
        "mail.mail",
        "read",
        [delivery_of[p]["mail_id"][0] for p in (present, absent, mother)],
        ["state", "recipient_ids", "case_data_category_ids"],
    )
    assert {m["state"] for m in mails} == {"sent"}
    assert sorted(m["recipient_ids"][0] for m in mails) == sorted(
        [present, absent, mother]
    )
    assert all(m["case_data_category_ids"] == minutes for m in mails)

    # the disclosure log: one done row per covered recipient, under the consent;
    # nothing for the refused (nothing was disclosed to them)
    log = admin.call(
        "case.disclosure",
        "search_read",
        [
            ("case_id", "=", case_id),
            ("category_ids", "in", minutes),
        ],
        fields=[
            "partner_id",
            "state",
            "basis",
            "consent_id",
            "channel",
            "res_model",
            "res_id",
            "mail_id",
        ],
    )
    row_of = {row["partner_id"][0]: row for row in log}
    assert len(log) == len(row_of) == 3
    assert set(row_of) == {present, absent, mother}
    for partner, row in row_of.items():
        assert row["state"] == "done"
        if partner == mother:
            # the family's copy to the signer of the consent: a data-subject
            # share, not one under the consent
            assert row["basis"] == "data_subject"
            assert not row["consent_id"]
        else:
            assert row["basis"] == "consent"
            assert row["consent_id"][0] == consent
        assert row["channel"] == "email"
        assert (row["res_model"], row["res_id"]) == ("case.meeting", meeting_id)
        assert row["mail_id"][0] == delivery_of[partner]["mail_id"][0]
