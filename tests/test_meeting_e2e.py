"""Case meeting invitations end to end: real Odoo, real SMTP sink.

An invitation, an update (new time) and a cancellation go out through the
consent gate; each stored .eml holds a ``text/calendar; method=...`` part that
a real iCalendar parser accepts, with the same UID and a growing SEQUENCE.
"""

import re
import urllib.error
import urllib.request
import uuid

import icalendar

from .helpers import (
    category_ids,
    create_family_case,
    create_meeting,
    create_partner,
    create_valid_consent,
)


def _calendar_part(msg):
    parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in msg.walk()]
    part = parts[0]
    return part, icalendar.Calendar.from_ical(part.get_payload(decode=True))


def test_invite_update_cancel(admin, mail_sink):
    token = uuid.uuid4().hex[:8]
    admin.call(
        "res.users",
        "write",
        [admin.uid],
        {"email": f"org-{token}@example.org", "tz": "Europe/Prague"},
    )
    teacher_email = f"ucitelka-{token}@example.org"
    teacher = admin.call(
        "res.partner",
        "create",
        {"name": f"Učitelka Třídní {token}", "email": teacher_email, "lang": "en_US"},
    )
    ospod = admin.call(
        "res.partner",
        "create",
        {"name": f"OSPOD {token}", "email": f"ospod-{token}@example.org"},
    )
    case_id, mother = create_family_case(admin, token)
    basic = category_ids(admin, "basic")
    create_valid_consent(admin, case_id, mother, [teacher], basic)
    venue = admin.call(
        "case.meeting.venue",
        "create",
        {"name": "ZŠ Žižkova, ředitelna", "kind": "school"},
    )
    meeting_id = create_meeting(
        admin,
        case_id,
        [teacher, ospod],
        start="2027-10-29 08:00:00",
        venue_id=venue,
    )
    meeting = admin.call(
        "case.meeting", "read", [meeting_id], ["name", "ical_uid", "event_id"]
    )[0]
    event = admin.call(
        "calendar.event", "read", [meeting["event_id"][0]], ["privacy", "name"]
    )[0]
    assert event["privacy"] == "private"
    assert event["name"] == meeting["name"]

    def sent(since):
        admin.call("mail.mail", "process_email_queue")
        return mail_sink.wait_for(
            lambda m: teacher_email in str(m["To"]) and token in str(m["To"]),
            since=since,
        )

    # 1. invitation: only the covered teacher gets it
    before = mail_sink.names()
    admin.call("case.meeting", "action_send_invitations", [meeting_id])
    msgs = sent(before)
    assert len(msgs) == 1
    part, cal = _calendar_part(msgs[0])
    assert part.get_param("method") == "REQUEST"
    assert part.get_content_charset() == "utf-8"
    assert str(cal["method"]) == "REQUEST"
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["uid"]) == meeting["ical_uid"]
    assert int(vevent["sequence"]) == 0
    assert "dtstamp" in vevent
    assert str(vevent["summary"]) == meeting["name"]
    assert str(vevent["location"]) == "ZŠ Žižkova, ředitelna"
    assert str(vevent["organizer"]) == f"mailto:org-{token}@example.org"
    assert f"org-{token}@example.org" in str(msgs[0]["From"])
    attendee = vevent["attendee"]
    assert not isinstance(attendee, list)
    assert str(attendee) == f"mailto:{teacher_email}"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert attendee.params["RSVP"] == "TRUE"
    start = vevent.decoded("dtstart")
    assert str(start.tzinfo) == "Europe/Prague" and start.hour == 10
    assert cal.walk("VTIMEZONE")
    assert f"Dítě {token}" not in msgs[0].as_string()
    lines = admin.call(
        "case.meeting.attendee",
        "search_read",
        [("meeting_id", "=", meeting_id)],
        fields=["partner_id", "invitation_state"],
    )
    states = {line["partner_id"][0]: line["invitation_state"] for line in lines}
    assert states == {teacher: "sent", ospod: "refused"}

    # 2. update: a new time after the end of summer time
    before = mail_sink.names()
    admin.call("case.meeting", "write", [meeting_id], {"start": "2027-11-01 08:00:00"})
    msgs = sent(before)
    assert len(msgs) == 1
    part, cal = _calendar_part(msgs[0])
    assert part.get_param("method") == "REQUEST"
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["uid"]) == meeting["ical_uid"]
    assert int(vevent["sequence"]) == 1
    assert vevent.decoded("dtstart").hour == 9

    # 3. cancellation
    before = mail_sink.names()
    admin.call("case.meeting", "action_cancel", [meeting_id])
    msgs = sent(before)
    assert len(msgs) == 1
    part, cal = _calendar_part(msgs[0])
    assert part.get_param("method") == "CANCEL"
    assert str(cal["method"]) == "CANCEL"
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["uid"]) == meeting["ical_uid"]
    assert int(vevent["sequence"]) == 2
    assert str(vevent["status"]) == "CANCELLED"


def test_rsvp_link_over_http(admin, anonymous, mail_sink, base_url):
    """The accept link of the invitation: GET asks, POST records; a bad
    token is refused."""
    token = uuid.uuid4().hex[:8]
    admin.call(
        "res.users",
        "write",
        [admin.uid],
        {"email": f"org-{token}@example.org", "tz": "Europe/Prague"},
    )
    teacher_email = f"rsvp-{token}@example.org"
    teacher = admin.call(
        "res.partner", "create", {"name": f"Učitel {token}", "email": teacher_email}
    )
    case_id, mother = create_family_case(admin, token)
    basic = category_ids(admin, "basic")
    create_valid_consent(admin, case_id, mother, [teacher], basic)
    meeting_id = create_meeting(
        admin, case_id, [teacher], goal="Cíl", start="2027-06-01 08:00:00"
    )
    before = mail_sink.names()
    admin.call("case.meeting", "action_send_invitations", [meeting_id])
    admin.call("mail.mail", "process_email_queue")
    msgs = mail_sink.wait_for(lambda m: teacher_email in str(m["To"]), since=before)
    assert len(msgs) == 1
    html = msgs[0].get_body(preferencelist=("html",)).get_content()
    match = re.search(r'href="[^"]*(/case/meeting/rsvp/\d+/accept/[0-9a-f]+)"', html)
    assert match, html
    path = match.group(1)
    status, body = anonymous.get(path)
    assert status == 200
    assert f"Dítě {token}" not in body.decode()
    line = admin.call(
        "case.meeting.attendee",
        "search_read",
        [("meeting_id", "=", meeting_id)],
        fields=["rsvp"],
    )[0]
    assert line["rsvp"] == "needs_action"
    req = urllib.request.Request(base_url + path, data=b"confirm=1", method="POST")
    with urllib.request.urlopen(req, timeout=60) as resp:
        assert resp.status == 200
    line = admin.call("case.meeting.attendee", "read", [line["id"]], ["rsvp"])[0]
    assert line["rsvp"] == "accepted"
    bad = path[:-6] + "000000"
    try:
        urllib.request.urlopen(base_url + bad, timeout=60)
        raise AssertionError("a bad token must be refused")
    except urllib.error.HTTPError as error:
        assert error.code == 404


def test_withdrawal_between_queueing_and_sending_an_invitation(admin, mail_sink):
    """Invitations are queued for two covered professionals; the consent of
    one is withdrawn before the queue runs: that one gets nothing (the mail is
    cancelled with its reason, the disclosure row too, the invitee's line no
    longer says "Invited"), the other gets a real iTIP REQUEST."""
    token = uuid.uuid4().hex[:8]
    start_of_test = mail_sink.names()
    admin.call(
        "res.users",
        "write",
        [admin.uid],
        {"email": f"org-{token}@example.org", "tz": "Europe/Prague"},
    )
    teacher_email = f"withdrawn-{token}@example.org"
    psych_email = f"covered-{token}@example.org"
    teacher = create_partner(
        admin, f"Učitel {token}", teacher_email, lang="en_US", tz="Europe/Prague"
    )
    psych = create_partner(
        admin, f"Psycholog {token}", psych_email, lang="en_US", tz="Europe/Prague"
    )
    case_id, mother = create_family_case(admin, token)
    basic = category_ids(admin, "basic")
    consent_teacher = create_valid_consent(admin, case_id, mother, [teacher], basic)
    consent_psych = create_valid_consent(admin, case_id, mother, [psych], basic)
    meeting_id = create_meeting(
        admin, case_id, [teacher, psych], start="2027-10-29 08:00:00"
    )
    meeting = admin.call("case.meeting", "read", [meeting_id], ["name", "ical_uid"])[0]

    # both invitations are queued through the gate (the queue does not run)
    assert admin.call("case.meeting", "action_send_invitations", [meeting_id])
    mails = admin.call(
        "mail.mail",
        "search_read",
        [("case_id", "=", case_id)],
        fields=["state", "recipient_ids"],
    )
    assert len(mails) == 2
    assert {m["state"] for m in mails} == {"outgoing"}
    mail_of = {m["recipient_ids"][0]: m["id"] for m in mails}
    assert set(mail_of) == {teacher, psych}
    lines = admin.call(
        "case.meeting.attendee",
        "search_read",
        [("meeting_id", "=", meeting_id)],
        fields=["partner_id"],
    )
    line_of = {line["partner_id"][0]: line["id"] for line in lines}

    def line_state(partner):
        return admin.call(
            "case.meeting.attendee",
            "read",
            [line_of[partner]],
            ["invitation_state", "invitation_note"],
        )[0]

    assert line_state(teacher)["invitation_state"] == "sent"
    assert line_state(psych)["invitation_state"] == "sent"

    # the family withdraws the teacher's consent before the queue runs
    withdraw = admin.call(
        "case.consent.withdraw",
        "create",
        {"consent_id": consent_teacher, "reason": f"Rodina nesouhlasí {token}"},
    )
    admin.call("case.consent.withdraw", "action_withdraw", [withdraw])
    assert (
        admin.call("case.consent", "read", [consent_teacher], ["state"])[0]["state"]
        == "withdrawn"
    )

    before = mail_sink.names()
    admin.call("mail.mail", "process_email_queue")
    delivered = mail_sink.wait_for(
        lambda m: token in str(m["X-Sink-Rcpt-To"]), since=before
    )
    assert len(delivered) == 1
    assert str(delivered[0]["X-Sink-Rcpt-To"]).strip() == psych_email
    assert psych_email in str(delivered[0]["To"])

    # the still-covered invitee got a standards-compliant invitation
    part, cal = _calendar_part(delivered[0])
    assert part.get_param("method") == "REQUEST"
    assert str(cal["method"]) == "REQUEST"
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["uid"]) == meeting["ical_uid"]
    assert str(vevent["summary"]) == meeting["name"]
    attendee = vevent["attendee"]
    assert not isinstance(attendee, list)
    assert str(attendee) == f"mailto:{psych_email}"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert teacher_email not in delivered[0].as_string()

    # the withdrawn one: mail cancelled with the reason, disclosure cancelled
    states = {
        m["id"]: m
        for m in admin.call(
            "mail.mail",
            "read",
            list(mail_of.values()),
            ["state", "failure_reason"],
        )
    }
    stopped = states[mail_of[teacher]]
    assert stopped["state"] == "cancel"
    assert "withdrawn" in stopped["failure_reason"]
    assert f"Učitel {token}" in stopped["failure_reason"]
    assert states[mail_of[psych]]["state"] == "sent"
    log = admin.call(
        "case.disclosure",
        "search_read",
        [("case_id", "=", case_id)],
        fields=[
            "partner_id",
            "state",
            "cancel_reason",
            "consent_id",
            "res_model",
            "res_id",
            "mail_id",
        ],
    )
    by_partner = {row["partner_id"][0]: row for row in log}
    assert len(log) == 2
    assert by_partner[teacher]["state"] == "cancelled"
    assert "withdrawn" in by_partner[teacher]["cancel_reason"]
    assert by_partner[teacher]["consent_id"][0] == consent_teacher
    assert by_partner[teacher]["mail_id"][0] == mail_of[teacher]
    assert by_partner[psych]["state"] == "done"
    assert by_partner[psych]["consent_id"][0] == consent_psych
    for row in log:
        assert (row["res_model"], row["res_id"]) == ("case.meeting", meeting_id)

    # the case manager is told: a to-do on the case
    todo = admin.call(
        "mail.activity",
        "search_read",
        [
            ("res_model", "=", "case.case"),
            ("res_id", "=", case_id),
            ("summary", "like", "A case e-mail was stopped"),
        ],
        fields=["user_id"],
    )
    assert [a["user_id"][0] for a in todo] == [admin.uid]

    # a later queue run does not send it either; nothing ever reached the teacher
    admin.call("mail.mail", "process_email_queue")
    everything = mail_sink.wait_for(
        lambda m: token in str(m["X-Sink-Rcpt-To"]), since=start_of_test, timeout=3
    )
    assert [str(m["X-Sink-Rcpt-To"]).strip() for m in everything] == [psych_email]

    # the covered invitee's line says "Invited"; the withdrawn one's must not:
    # they never got the invitation, and "Send Invitations" must offer it again
    # once a new consent is recorded
    assert line_state(psych)["invitation_state"] == "sent"
    stopped_line = line_state(teacher)
    assert stopped_line["invitation_state"] == "refused", stopped_line
    assert "withdrawn" in (stopped_line["invitation_note"] or "")
