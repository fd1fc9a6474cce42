# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""iTIP (RFC 5545 / RFC 5546) messages for case meetings, without the ORM.

Built with the ``icalendar`` library, never by string concatenation::

    ics = build_itip("REQUEST", uid, sequence, start, stop, "Europe/Prague",
                     summary, location, organizer, [attendee])
    for reply in parse_itip(raw_bytes):
        reply["method"], reply["uid"], reply["attendees"]

Each recipient gets a message listing only themselves as attendee: the
other invitees' addresses never leave in an invitation.
"""

import datetime
import unicodedata
import zoneinfo

import icalendar

PRODID = "-//Case Management//Case Meetings//EN"
DEFAULT_TZ = "Europe/Prague"
# PARTSTAT values of RFC 5545 <-> the attendee line's answer
PARTSTAT_TO_RSVP = {
    "NEEDS-ACTION": "needs_action",
    "ACCEPTED": "accepted",
    "DECLINED": "declined",
    "TENTATIVE": "tentative",
}
RSVP_TO_PARTSTAT = {value: key for key, value in PARTSTAT_TO_RSVP.items()}


def mimetype(method):
    """The MIME type of an iTIP part (RFC 6047)."""
    return f"text/calendar; method={method.upper()}; charset=UTF-8"


def normalise_mimetype(mime):
    """Restore the upper-case method of an iTIP MIME type (lower-cased when
    stored on an attachment); leave any other type alone."""
    if not mime or not mime.lower().startswith("text/calendar;"):
        return mime
    params = {}
    for chunk in mime.split(";")[1:]:
        key, _sep, value = chunk.strip().partition("=")
        params[key.strip().lower()] = value.strip().strip('"')
    if not params.get("method"):
        return mime
    return mimetype(params["method"])


def _clean_text(value):
    """A TEXT value (summary, location): line breaks become ``\n`` (escaped
    by icalendar), other control characters -- which RFC 5545 forbids and
    which make clients drop the whole property -- are removed."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        char for char in text if char == "\n" or unicodedata.category(char) != "Cc"
    )


def _clean_param(value):
    """A parameter value (CN): one line, no control characters, no double
    quote (RFC 5545 3.1: a quoted parameter cannot contain one) and no
    backslash (parsers read it as an escape and lose the next parameters)."""
    text = " ".join(_clean_text(value).split("\n"))
    return text.replace('"', "'").replace("\\", "/").strip()


def _address(email, name=None, **params):
    address = icalendar.vCalAddress(f"mailto:{_clean_param(email)}")
    name = _clean_param(name)
    if name:
        address.params["CN"] = name
    for key, value in params.items():
        address.params[key.upper().replace("_", "-")] = value
    return address


def _localize(value, tz_name):
    """A naive UTC datetime (Odoo's storage) to an aware one in ``tz_name``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(zoneinfo.ZoneInfo(tz_name or DEFAULT_TZ))


def build_itip(
    method,
    uid,
    sequence,
    start,
    stop,
    tz_name,
    summary,
    location,
    organizer,
    attendees,
    dtstamp=None,
    status=None,
):
    """Return the iCalendar object (bytes) of one iTIP message.

    :param method: "REQUEST" or "CANCEL"
    :param start, stop: naive UTC datetimes (as stored by Odoo) or aware ones
    :param organizer: ``(email, name)``
    :param attendees: list of ``(email, name, partstat)``
    :param status: VEVENT STATUS (``CANCELLED`` for a cancellation)
    """
    method = method.upper()
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("sequence", int(sequence or 0))
    event.add(
        "dtstamp",
        (dtstamp or datetime.datetime.now(datetime.UTC)).astimezone(datetime.UTC),
    )
    event.add("dtstart", _localize(start, tz_name))
    event.add("dtend", _localize(stop, tz_name))
    event.add("summary", _clean_text(summary))
    location = _clean_text(location)
    if location:
        event.add("location", location)
    event.add("status", status or ("CANCELLED" if method == "CANCEL" else "CONFIRMED"))
    event.add("transp", "OPAQUE")
    event.add("class", "PRIVATE")
    org_email, org_name = organizer
    event.add("organizer", _address(org_email, org_name))
    for email, name, partstat in attendees:
        params = {"role": "REQ-PARTICIPANT", "cutype": "INDIVIDUAL"}
        if method == "REQUEST":
            params.update(partstat=partstat or "NEEDS-ACTION", rsvp="TRUE")
        event.add("attendee", _address(email, name, **params))
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _mailto(value):
    text = str(value or "")
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.strip().lower()


def parse_itip(data):
    """Parse an iCalendar object; return one dict per VEVENT::

    {"method", "uid", "sequence", "organizer",
     "attendees": [(email, partstat)]}
    """
    cal = icalendar.Calendar.from_ical(data)
    method = str(cal.get("method", "")).upper()
    result = []
    for event in cal.walk("VEVENT"):
        attendees = event.get("attendee") or []
        if not isinstance(attendees, list):
            attendees = [attendees]
        result.append(
            {
                "method": method,
                "uid": str(event.get("uid", "")),
                "sequence": int(event.get("sequence", 0)),
                "organizer": _mailto(event.get("organizer")),
                "attendees": [
                    (
                        _mailto(attendee),
                        str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).upper(),
                    )
                    for attendee in attendees
                ],
            }
        )
    return result
