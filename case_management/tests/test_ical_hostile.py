# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Hostile text in iCalendar invitations, property-based (hypothesis).

Whatever a user types as meeting title, place or a person's name -- line
breaks, ICS delimiters, quotes, control characters -- the invitation parses
with the ``icalendar`` library into exactly one event with exactly the
properties we put in, the text comes back as typed (control characters
removed), and the one attendee stays the one attendee.
"""

import datetime

import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..models import case_meeting_ical as ical

HOSTILE = st.sampled_from(
    [
        "Porada\r\nATTENDEE:mailto:cizi@example.org",
        "Porada\rDTSTART:20200101T000000",
        "Porada\nEND:VEVENT\nBEGIN:VEVENT",
        'Jan "Nový"\r\n;CN=x:mailto:cizi@example.org',
        "\\;,:\"'\t\x00\x1f\x7f",
        "",
        "Š" * 500,
    ]
)
TEXT = st.text(max_size=120) | HOSTILE
BASE_KEYS = [
    "UID",
    "SEQUENCE",
    "DTSTAMP",
    "DTSTART",
    "DTEND",
    "SUMMARY",
    "STATUS",
    "TRANSP",
    "CLASS",
    "ORGANIZER",
    "ATTENDEE",
]


@tagged("post_install", "-at_install")
class TestIcalHostile(BaseCase):
    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(summary=TEXT, location=TEXT, name=TEXT)
    def test_hostile_text_cannot_add_or_break_a_property(self, summary, location, name):
        start = datetime.datetime(2027, 1, 5, 8, 0)
        raw = ical.build_itip(
            "REQUEST",
            "uid-1@case-management",
            0,
            start,
            start + datetime.timedelta(hours=1),
            "Europe/Prague",
            summary,
            location,
            ("koordinator@example.org", name),
            [("rodic@example.org", name, "NEEDS-ACTION")],
        )
        for line in raw.split(b"\r\n"):
            self.assertNotIn(b"\r", line)
            self.assertNotIn(b"\n", line)
        cal = icalendar.Calendar.from_ical(raw)
        events = cal.walk("VEVENT")
        self.assertEqual(len(events), 1)
        event = events[0]
        clean_location = ical._clean_text(location)
        expected = BASE_KEYS + (["LOCATION"] if clean_location else [])
        self.assertEqual(sorted(event.keys()), sorted(expected))
        self.assertEqual(str(event["summary"]), ical._clean_text(summary))
        if clean_location:
            self.assertEqual(str(event["location"]), clean_location)
        attendee = event["attendee"]
        self.assertNotIsInstance(attendee, list)
        self.assertEqual(str(attendee), "mailto:rodic@example.org")
        clean_name = ical._clean_param(name)
        if clean_name:
            self.assertEqual(attendee.params["CN"], clean_name)
            self.assertEqual(event["organizer"].params["CN"], clean_name)
        else:
            self.assertNotIn("CN", attendee.params)

    def test_control_character_in_a_name_keeps_the_attendee(self):
        """Before the fix an invisible control character in a name made
        icalendar (and calendar clients) drop ATTENDEE and ORGANIZER."""
        start = datetime.datetime(2027, 1, 5, 8, 0)
        raw = ical.build_itip(
            "REQUEST",
            "uid-2@case-management",
            0,
            start,
            start + datetime.timedelta(hours=1),
            "Europe/Prague",
            "Porada",
            "",
            ("koordinator@example.org", "Jana\x1f Nováková"),
            [("rodic@example.org", "Jana\x1f Nováková", "NEEDS-ACTION")],
        )
        event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
        self.assertEqual(str(event["attendee"]), "mailto:rodic@example.org")
        self.assertEqual(event["attendee"].params["CN"], "Jana Nováková")
        self.assertEqual(str(event["organizer"]), "mailto:koordinator@example.org")
