"""Consent withdrawn between queueing and sending: nothing reaches the SMTP sink.

A case update is queued for two professionals through the disclosure gate
("Notify the circle"); one consent is withdrawn before the mail queue runs.
When the queue sends, the gate runs again: the withdrawn recipient's mail is
cancelled with its reason and logged, the covered one is delivered.
"""

import uuid

from .helpers import (
    category_ids,
    create_family_case,
    create_partner,
    create_valid_consent,
)


def test_withdrawal_between_queue_and_send(admin, mail_sink):
    token = uuid.uuid4().hex[:8]
    ospod_email = f"ospod-{token}@example.org"
    teacher_email = f"ucitel-{token}@example.org"
    ospod = create_partner(admin, f"OSPOD {token}", ospod_email)
    teacher = create_partner(admin, f"Učitel {token}", teacher_email)
    case_id, mother = create_family_case(admin, token)
    basic = category_ids(admin, "basic")
    consent_ospod = create_valid_consent(admin, case_id, mother, [ospod], basic)
    create_valid_consent(admin, case_id, mother, [teacher], basic)

    subject = f"Změna situace {token}"
    wizard = admin.call(
        "case.circle.notify",
        "create",
        {
            "case_id": case_id,
            "partner_ids": [[6, 0, [ospod, teacher]]],
            "category_ids": [[6, 0, basic]],
            "subject": subject,
            "body": "<p>Rodina se přestěhovala.</p>",
        },
    )
    admin.call("case.circle.notify", "action_send", [wizard])
    mails = admin.call(
        "mail.mail",
        "search_read",
        [("case_id", "=", case_id)],
        fields=["state", "recipient_ids"],
    )
    assert len(mails) == 2
    assert {m["state"] for m in mails} == {"outgoing"}
    mail_of = {m["recipient_ids"][0]: m["id"] for m in mails}

    # the family withdraws the consent for OSPOD before the queue runs
    withdraw = admin.call(
        "case.consent.withdraw",
        "create",
        {"consent_id": consent_ospod, "reason": "Rodina nesouhlasí"},
    )
    admin.call("case.consent.withdraw", "action_withdraw", [withdraw])

    before = mail_sink.names()
    admin.call("mail.mail", "send", list(mail_of.values()))

    delivered = mail_sink.wait_for(lambda m: token in str(m["subject"]), since=before)
    assert len(delivered) == 1
    assert teacher_email in delivered[0]["To"]
    assert all(ospod_email not in str(m["To"]) for m in delivered)

    states = {
        m["id"]: m
        for m in admin.call(
            "mail.mail",
            "search_read",
            [("id", "in", list(mail_of.values()))],
            fields=["state", "failure_reason"],
        )
    }
    cancelled = states[mail_of[ospod]]
    assert cancelled["state"] == "cancel"
    assert "withdrawn" in cancelled["failure_reason"]
    assert states[mail_of[teacher]]["state"] == "sent"

    log = admin.call(
        "case.disclosure",
        "search_read",
        [("case_id", "=", case_id)],
        fields=["partner_id", "state", "cancel_reason", "consent_id", "channel"],
    )
    by_partner = {row["partner_id"][0]: row for row in log}
    assert by_partner[ospod]["state"] == "cancelled"
    assert "withdrawn" in by_partner[ospod]["cancel_reason"]
    assert by_partner[ospod]["consent_id"][0] == consent_ospod
    assert by_partner[teacher]["state"] == "done"

    # the queue run later does not send it either
    before = mail_sink.names()
    admin.call("mail.mail", "process_email_queue")
    late = mail_sink.wait_for(
        lambda m: token in str(m["subject"]), since=before, timeout=3
    )
    assert late == []
