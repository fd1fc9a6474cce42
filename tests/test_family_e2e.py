"""The family is not a third party, end to end (issue 16).

An Amálka-like child-involved conference: the child lives a week with each
parent (two households, two addresses), has no e-mail address; the mother
signed the consent for the class teacher; OSPOD is not covered. "Invite the
circle" adds both parents and the child. The invitations reach each parent at
their own address with valid iTIP (one ATTENDEE, their own, never the other
parent's address), the child's invitation goes through a parent and names the
child, the teacher gets hers under the consent and OSPOD none. After the
meeting the minutes go out: each parent gets the family's copy (no
professionals-only written input), the teacher the professionals' copy. The
disclosure log shows both bases.
"""

import io
import uuid
from datetime import datetime, timedelta, timezone

import icalendar
import pypdf

from .helpers import category_ids, create_meeting, create_partner, create_valid_consent


def _flat(text):
    return " ".join(text.split())


def _rcpt(msg):
    return str(msg["X-Sink-Rcpt-To"]).strip()


def _calendar(msg):
    parts = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in msg.walk()]
    return icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))


def _attendees(vevent):
    value = vevent.get("ATTENDEE")
    values = value if isinstance(value, list) else [value]
    return [str(v).lower().removeprefix("mailto:") for v in values]


def _pdf_text(msg):
    pdfs = [p for p in msg.walk() if p.get_content_type() == "application/pdf"]
    assert len(pdfs) == 1
    reader = pypdf.PdfReader(io.BytesIO(pdfs[0].get_payload(decode=True)))
    return pdfs[0].get_filename(), _flat(
        " ".join(page.extract_text() or "" for page in reader.pages)
    )


def test_family_receives_its_own_papers(admin, mail_sink):
    token = uuid.uuid4().hex[:8]
    org_email = f"org-{token}@example.org"
    admin.call(
        "res.users", "write", [admin.uid], {"email": org_email, "tz": "Europe/Prague"}
    )
    emails = {
        "mother": f"matka-{token}@example.cz",
        "father": f"otec-{token}@example.cz",
        "teacher": f"ucitelka-{token}@example.org",
        "ospod": f"ospod-{token}@example.org",
    }
    home_mother = admin.call("case.family", "create", {"name": f"U maminky {token}"})
    home_father = admin.call("case.family", "create", {"name": f"U tatínka {token}"})
    mother = create_partner(
        admin,
        f"Lucie Svobodová {token}",
        emails["mother"],
        lang="en_US",
        case_family_id=home_mother,
        family_role="parent",
    )
    father = create_partner(
        admin,
        f"Tomáš Svoboda {token}",
        emails["father"],
        lang="en_US",
        case_family_id=home_father,
        family_role="parent",
    )
    birth = (datetime.now() - timedelta(days=12 * 365)).strftime("%Y-%m-%d")
    child_name = f"Amálka {token}"
    child = create_partner(
        admin,
        child_name,
        case_family_id=home_mother,
        second_family_id=home_father,
        family_role="child",
        birthdate=birth,
    )
    teacher = create_partner(
        admin, f"Třídní učitelka {token}", emails["teacher"], lang="en_US"
    )
    ospod = create_partner(admin, f"OSPOD {token}", emails["ospod"], lang="en_US")
    case_id = admin.call(
        "case.case",
        "create",
        {
            "family_id": home_mother,
            "focus_partner_ids": [[6, 0, [child]]],
            "referral_source": "school",
            "stage_id": False,
        },
    )
    consent = create_valid_consent(
        admin,
        case_id,
        mother,
        [teacher],
        category_ids(admin, "basic", "minutes"),
    )

    start = (datetime.now(timezone.utc) - timedelta(days=1)).replace(
        tzinfo=None, hour=8, minute=0, second=0, microsecond=0
    )
    meeting_id = create_meeting(
        admin,
        case_id,
        [teacher, ospod],
        meeting_format="child_conference",
        goal=f"Amálčino setkání {token}",
        start=start.strftime("%Y-%m-%d %H:%M:%S"),
        facilitator_user_id=admin.uid,
        minute_taker_user_id=admin.uid,
    )
    admin.call("case.meeting", "action_add_circle", [meeting_id])
    lines = admin.call(
        "case.meeting.attendee",
        "search_read",
        [("meeting_id", "=", meeting_id)],
        fields=["partner_id", "kind"],
    )
    kinds = {line["partner_id"][0]: line["kind"] for line in lines}
    assert kinds[mother] == kinds[father] == kinds[child] == "family"
    warnings = admin.call("case.meeting", "read", [meeting_id], ["warning_ids_text"])[
        0
    ]["warning_ids_text"]
    assert "No family member" not in (warnings or "")

    # invitations
    before = mail_sink.names()
    admin.call("case.meeting", "action_send_invitations", [meeting_id])
    admin.call("mail.mail", "process_email_queue")
    msgs = mail_sink.wait_for(lambda m: token in _rcpt(m), since=before)
    by_rcpt = {}
    for msg in msgs:
        by_rcpt.setdefault(_rcpt(msg), []).append(msg)
    assert emails["ospod"] not in by_rcpt
    assert emails["teacher"] in by_rcpt
    for key, other in (("mother", "father"), ("father", "mother")):
        found = by_rcpt[emails[key]]
        assert found, key
        for msg in found:
            assert str(msg["To"]).count("@") == 1
            assert emails[key] in str(msg["To"])
            assert not msg["Cc"]
            cal = _calendar(msg)
            assert str(cal["METHOD"]) == "REQUEST"
            vevent = cal.walk("VEVENT")[0]
            assert _attendees(vevent) == [emails[key]]
            assert emails[other] not in msg.as_string()
    # the child's invitation went through one parent and names the child
    via = [
        m
        for key in ("mother", "father")
        for m in by_rcpt[emails[key]]
        if child_name in m.get_body(preferencelist=("html", "plain")).get_content()
    ]
    assert len(via) == 1
    # one invitation per address: the parent the child is invited through
    # gets one message (one UID) for both, never two with the same UID,
    # which mail clients merge or reject
    for key in ("mother", "father"):
        uids = [
            str(_calendar(m).walk("VEVENT")[0]["UID"]) for m in by_rcpt[emails[key]]
        ]
        assert len(uids) == len(set(uids)) == 1, (key, uids)
    teacher_cal = _calendar(by_rcpt[emails["teacher"]][0])
    assert _attendees(teacher_cal.walk("VEVENT")[0]) == [emails["teacher"]]

    # the meeting is held, minuted and distributed
    line_of = {line["partner_id"][0]: line["id"] for line in lines}
    prof_only = f"Written input for professionals only {token}"
    admin.call(
        "case.meeting.attendee",
        "write",
        list(line_of.values()),
        {"attendance": "present"},
    )
    admin.call(
        "case.meeting.attendee",
        "write",
        [line_of[teacher]],
        {"written_input": prof_only},
    )
    admin.call("case.meeting", "action_mark_held", [meeting_id])
    admin.call("case.meeting", "action_start_minutes", [meeting_id])
    items = admin.call(
        "case.meeting.minutes.item",
        "search_read",
        [("meeting_id", "=", meeting_id)],
        fields=["topic"],
        order="sequence, id",
    )
    summary = f"Amalka returns to school step by step {token}"
    admin.call(
        "case.meeting",
        "write",
        [meeting_id],
        {"minutes_item_ids": [[1, items[0]["id"], {"summary": summary}]]},
    )
    admin.call("case.meeting", "action_approve_minutes", [meeting_id])
    before = mail_sink.names()
    admin.call("case.meeting", "action_distribute_minutes", [meeting_id])
    admin.call("mail.mail", "process_email_queue")
    msgs = mail_sink.wait_for(
        lambda m: token in _rcpt(m) and "Minutes" in str(m["Subject"]), since=before
    )
    by_rcpt = {}
    for msg in msgs:
        by_rcpt.setdefault(_rcpt(msg), []).append(msg)
    assert sorted(by_rcpt) == sorted(
        [emails["mother"], emails["father"], emails["teacher"]]
    )
    for key, other in (("mother", "father"), ("father", "mother")):
        (msg,) = by_rcpt[emails[key]]
        assert emails[other] not in msg.as_string()
        filename, text = _pdf_text(msg)
        assert filename.startswith("Our meeting"), filename
        assert "What we agreed at our meeting" in text
        assert summary in text
        assert prof_only not in text
    filename, text = _pdf_text(by_rcpt[emails["teacher"]][0])
    assert filename.startswith("Minutes ")
    assert prof_only in text

    # the disclosure log: two bases
    log = admin.call(
        "case.disclosure",
        "search_read",
        [("case_id", "=", case_id)],
        fields=["partner_id", "basis", "consent_id", "data_subject_role"],
    )
    bases = {}
    for row in log:
        bases.setdefault(row["partner_id"][0], set()).add(row["basis"])
    assert bases[mother] == bases[father] == {"data_subject"}
    assert bases[teacher] == {"consent"}
    assert ospod not in bases
    for row in log:
        if row["partner_id"][0] == teacher:
            assert row["consent_id"][0] == consent
        else:
            assert not row["consent_id"]
            assert row["data_subject_role"] == "parent"
