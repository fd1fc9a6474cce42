"""Availability poll end to end: sent through the consent gate, answered on
its public page over plain HTTP, bad tokens refused.

A case with a consent covering an external partner (basic identification),
a poll with two slots sent to that partner; the link is read from the .eml
the SMTP sink stored and the page is answered with urllib, no login.
"""

import re
import urllib.error
import urllib.parse
import urllib.request
import uuid

from .helpers import (
    category_ids,
    create_family_case,
    create_partner,
    create_valid_consent,
)

LINK = re.compile(r"/case/poll/(\d+)/([A-Za-z0-9_-]+)")


def _body(message):
    parts = []
    for part in message.walk():
        if part.get_content_type() in ("text/html", "text/plain"):
            parts.append(part.get_content())
    return "\n".join(parts)


def _open(url, data=None):
    encoded = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with urllib.request.urlopen(url, data=encoded, timeout=60) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_poll_answered_over_http(admin, mail_sink):
    token = uuid.uuid4().hex[:8]
    guest_email = f"host-{token}@example.org"
    guest = create_partner(admin, f"Terapeutka {token}", guest_email)
    case_id, mother = create_family_case(admin, token)
    case_code = admin.call("case.case", "read", [case_id], ["name"])[0]["name"]
    basic = category_ids(admin, "basic")
    create_valid_consent(admin, case_id, mother, [guest], basic)

    poll_id = admin.call(
        "case.meeting.poll",
        "create",
        {
            "case_id": case_id,
            "meeting_format": "case_conference",
            "tz": "Europe/Prague",
            "slot_ids": [
                [0, 0, {"start": "2030-03-04 08:00:00", "stop": "2030-03-04 09:30:00"}],
                [0, 0, {"start": "2030-03-05 12:00:00", "stop": "2030-03-05 13:30:00"}],
            ],
            "invitee_ids": [[0, 0, {"partner_id": guest}]],
        },
    )
    poll = admin.call("case.meeting.poll", "read", [poll_id], ["name", "slot_ids"])[0]
    assert poll["name"].startswith(case_code)
    admin.call("case.meeting.poll", "action_send", [poll_id])

    mails = admin.call(
        "mail.mail",
        "search",
        [("case_id", "=", case_id), ("state", "=", "outgoing")],
    )
    assert len(mails) == 1
    before = mail_sink.names()
    admin.call("mail.mail", "send", mails)
    delivered = mail_sink.wait_for(
        lambda m: guest_email in str(m["To"]) and case_code in str(m["Subject"]),
        since=before,
    )
    assert len(delivered) == 1
    message = delivered[0]
    assert str(message["Subject"]) == poll["name"]
    body = _body(message)
    for secret in (f"Matka {token}", f"Dítě {token}"):
        assert secret not in body
    match = LINK.search(body)
    assert match, body
    assert int(match.group(1)) == poll_id
    # the link's host is the server's web.base.url; talk to the test server
    url = admin.base_url.rstrip("/") + match.group(0)

    status, page = _open(url)
    assert status == 200
    assert poll["name"] in page
    assert f"Dítě {token}" not in page
    first, second = poll["slot_ids"]
    status, page = _open(url, {f"slot_{first}": "yes", f"slot_{second}": "no"})
    assert status == 200

    answers = admin.call(
        "case.meeting.poll.answer",
        "search_read",
        [("poll_id", "=", poll_id)],
        fields=["slot_id", "answer"],
    )
    assert {(a["slot_id"][0], a["answer"]) for a in answers} == {
        (first, "yes"),
        (second, "no"),
    }
    slots = admin.call(
        "case.meeting.poll.slot", "read", [first], ["yes_count", "no_count"]
    )[0]
    assert (slots["yes_count"], slots["no_count"]) == (1, 0)

    # a bad token (and a right token on another poll) reveals nothing
    bad = url[: url.rindex("/") + 1] + "x" * 43
    status, page = _open(bad)
    assert status in (403, 404)
    assert poll["name"] not in page
    status, page = _open(bad, {f"slot_{first}": "no"})
    assert status in (403, 404)
    other = url.replace(f"/case/poll/{poll_id}/", f"/case/poll/{poll_id + 100000}/")
    status, _page = _open(other)
    assert status in (403, 404)
    answers = admin.call(
        "case.meeting.poll.answer",
        "search_read",
        [("poll_id", "=", poll_id)],
        fields=["answer"],
    )
    assert sorted(a["answer"] for a in answers) == ["no", "yes"]
