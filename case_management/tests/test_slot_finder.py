# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the pure-Python free-slot finder (no database)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from odoo.tests import BaseCase, tagged

from odoo.addons.case_management.models.slot_finder import (
    Invitee,
    find_slots,
    merge_intervals,
    subtract_intervals,
)

PRAGUE = ZoneInfo("Europe/Prague")
UTC = ZoneInfo("UTC")
OFFICE = [(day, 9.0, 12.0) for day in range(5)] + [
    (day, 13.0, 17.0) for day in range(5)
]


def at(day, hour, minute=0):
    """Local Prague wall time on ``day`` (a datetime.date-like tuple)."""
    return datetime(*day, hour, minute, tzinfo=PRAGUE)


MONDAY = (2026, 6, 1)
TUESDAY = (2026, 6, 2)


@tagged("post_install", "-at_install", "case_meeting")
class TestSlotFinder(BaseCase):
    def search(self, invitees, start=None, end=None, **kwargs):
        kwargs.setdefault("duration", timedelta(hours=1))
        kwargs.setdefault("max_results", 50)
        return find_slots(
            start or at(MONDAY, 0),
            end or at(TUESDAY, 0),
            "Europe/Prague",
            invitees,
            **kwargs,
        )

    def starts(self, slots):
        return [slot.start.strftime("%m-%d %H:%M") for slot in slots]

    def test_merge_overlaps_and_back_to_back(self):
        merged = merge_intervals(
            [
                (at(MONDAY, 10), at(MONDAY, 11)),
                (at(MONDAY, 9), at(MONDAY, 10, 30)),
                (at(MONDAY, 11), at(MONDAY, 12)),  # back to back
                (at(MONDAY, 14), at(MONDAY, 15)),
                (at(MONDAY, 14, 15), at(MONDAY, 14, 45)),  # inside
                (at(MONDAY, 16), at(MONDAY, 16)),  # empty
            ]
        )
        self.assertEqual(
            merged,
            [
                (at(MONDAY, 9).astimezone(UTC), at(MONDAY, 12).astimezone(UTC)),
                (at(MONDAY, 14).astimezone(UTC), at(MONDAY, 15).astimezone(UTC)),
            ],
        )
        free = subtract_intervals(
            [(at(MONDAY, 8).astimezone(UTC), at(MONDAY, 18).astimezone(UTC))], merged
        )
        self.assertEqual(
            [(s.astimezone(PRAGUE).hour, e.astimezone(PRAGUE).hour) for s, e in free],
            [(8, 9), (12, 14), (15, 18)],
        )

    def test_overlapping_busy_and_back_to_back_slots(self):
        anna = Invitee(
            "anna",
            busy=[
                (at(MONDAY, 9), at(MONDAY, 10, 30)),
                (at(MONDAY, 10), at(MONDAY, 11)),  # overlaps the first
                (at(MONDAY, 13), at(MONDAY, 16)),
            ],
            working_hours=OFFICE,
        )
        slots = self.search([anna], distinct=False)
        starts = self.starts(slots)
        # 11:00-12:00 fits exactly between the busy block and lunch
        self.assertIn("06-01 11:00", starts)
        self.assertNotIn("06-01 10:45", starts)
        # back to back with the 16:00 end is fine without a buffer
        self.assertIn("06-01 16:00", starts)
        self.assertNotIn("06-01 16:15", starts)  # would end after 17:00
        self.assertEqual(len(starts), 2)

    def test_buffer(self):
        anna = Invitee(
            "anna",
            busy=[(at(MONDAY, 10), at(MONDAY, 11))],
            working_hours=[(0, 9.0, 17.0)],
        )
        slots = self.search(
            [anna],
            distinct=False,
            buffer_before=timedelta(minutes=30),
            buffer_after=timedelta(minutes=15),
        )
        starts = self.starts(slots)
        self.assertIn("06-01 11:30", starts)
        self.assertNotIn("06-01 11:15", starts)  # 30 minutes to travel
        self.assertNotIn("06-01 09:00", starts)  # ends 10:00, needs 15 more
        self.assertIn("06-01 09:00", self.starts(self.search([anna], distinct=False)))
        # the buffer does not apply to the end of the working day
        self.assertIn("06-01 16:00", starts)

    def test_working_hours(self):
        anna = Invitee("anna", working_hours=[(0, 13.0, 15.0)])
        self.assertEqual(
            self.starts(self.search([anna])), ["06-01 13:00", "06-01 14:00"]
        )
        weekend = self.search(
            [anna], start=at((2026, 6, 6), 0), end=at((2026, 6, 8), 0)
        )
        self.assertEqual(weekend, [])
        # unknown working hours: the default office day (8-18)
        bob = Invitee("bob")
        self.assertEqual(self.search([bob], distinct=False)[0].start.hour, 8)

    def test_no_slot_found(self):
        anna = Invitee(
            "anna",
            busy=[(at(MONDAY, 0), at(TUESDAY, 0))],
            working_hours=OFFICE,
        )
        self.assertEqual(self.search([anna]), [])
        free = Invitee("free", working_hours=OFFICE)
        venue = [(at(MONDAY, 0), at(TUESDAY, 0))]
        self.assertEqual(self.search([free], venue_busy=venue), [])
        self.assertEqual(self.search([free], duration=timedelta(hours=5)), [])
        self.assertEqual(self.search([]), [])

    def test_venue_bookings(self):
        free = Invitee("free", working_hours=[(0, 9.0, 12.0)])
        venue = [(at(MONDAY, 9, 30), at(MONDAY, 10, 30))]
        self.assertEqual(
            self.starts(self.search([free], venue_busy=venue, distinct=False)),
            ["06-01 10:30", "06-01 10:45", "06-01 11:00"],
        )

    def test_required_before_count_then_preference(self):
        boss = Invitee(
            "boss",
            busy=[(at(MONDAY, 9), at(MONDAY, 11))],
            working_hours=OFFICE,
            required=True,
        )
        others = [
            Invitee(
                name,
                busy=[(at(MONDAY, 13), at(MONDAY, 17))],
                working_hours=OFFICE,
                required=False,
            )
            for name in ("a", "b", "c")
        ]
        slots = self.search([boss] + others, max_results=10)
        best = slots[0]
        # 11:00-12:00: everybody
        self.assertEqual(self.starts([best]), ["06-01 11:00"])
        self.assertEqual(best.available_count, 4)
        self.assertTrue(best.all_required)
        # afternoon: only the boss (required) beats the morning without him
        self.assertEqual(self.starts(slots[1:2]), ["06-01 13:00"])
        self.assertTrue(slots[1].all_required)
        self.assertEqual(slots[1].available, ("boss",))
        no_boss = [slot for slot in slots if not slot.all_required]
        self.assertTrue(no_boss)
        self.assertEqual(no_boss[0].available_count, 3)
        self.assertIn("boss", no_boss[0].unavailable)
        self.assertEqual(slots.index(no_boss[0]), len(slots) - len(no_boss))

    def test_preferred_time_of_day(self):
        anna = Invitee("anna", working_hours=OFFICE)
        morning = self.search([anna], preferred="morning", max_results=3)
        self.assertEqual(
            self.starts(morning), ["06-01 09:00", "06-01 10:00", "06-01 11:00"]
        )
        afternoon = self.search([anna], preferred="afternoon", max_results=2)
        self.assertEqual(self.starts(afternoon), ["06-01 13:00", "06-01 14:00"])
        self.assertTrue(all(slot.preferred for slot in afternoon))

    def test_results_do_not_overlap(self):
        anna = Invitee("anna", working_hours=[(0, 9.0, 12.0)])
        slots = self.search([anna], duration=timedelta(minutes=90))
        self.assertEqual(self.starts(slots), ["06-01 09:00", "06-01 10:30"])
        self.assertEqual(len(self.search([anna], max_results=1)), 1)

    def test_dst_spring_forward(self):
        # Last Sunday of March 2026 is the 29th: 2:00 -> 3:00 in Prague.
        anna = Invitee("anna", working_hours=[(0, 9.0, 10.0), (6, 1.0, 4.0)])
        friday = (2026, 3, 27)
        slots = self.search(
            [anna], start=at(friday, 0), end=at((2026, 3, 31), 0), distinct=False
        )
        mondays = [s for s in slots if s.start.day == 30]
        self.assertEqual(self.starts(mondays), ["03-30 09:00"])
        # 9:00 local is 7:00 UTC after the change (CEST, +2)
        self.assertEqual(mondays[0].start.astimezone(UTC).hour, 7)
        self.assertEqual(mondays[0].end - mondays[0].start, timedelta(hours=1))
        sunday = [s.start.strftime("%H:%M") for s in slots if s.start.day == 29]
        # no slot starts in the non-existent hour 2:00-3:00
        self.assertNotIn("02:00", sunday)
        self.assertNotIn("02:30", sunday)
        self.assertIn("01:00", sunday)
        self.assertIn("03:00", sunday)
        # the 1:30 slot lasts one real hour: it ends at 3:30 wall time
        one_thirty = next(
            s
            for s in slots
            if s.start.day == 29 and s.start.minute == 30 and s.start.hour == 1
        )
        self.assertEqual(one_thirty.end.strftime("%H:%M"), "03:30")

    def test_dst_fall_back(self):
        # Last Sunday of October 2026 is the 25th: 3:00 -> 2:00 in Prague.
        anna = Invitee("anna", working_hours=[(0, 9.0, 10.0), (4, 9.0, 10.0)])
        slots = self.search(
            [anna],
            start=at((2026, 10, 23), 0),
            end=at((2026, 10, 27), 0),
            distinct=False,
        )
        self.assertEqual(self.starts(slots), ["10-23 09:00", "10-26 09:00"])
        self.assertEqual(slots[0].start.astimezone(UTC).hour, 7)  # CEST
        self.assertEqual(slots[1].start.astimezone(UTC).hour, 8)  # CET
        # a busy event given in UTC blocks the right local hour
        bob = Invitee(
            "bob",
            busy=[
                (
                    datetime(2026, 10, 26, 8, 0, tzinfo=UTC),
                    datetime(2026, 10, 26, 9, 0, tzinfo=UTC),
                )
            ],
            working_hours=[(0, 9.0, 11.0)],
        )
        slots = self.search(
            [bob], start=at((2026, 10, 26), 0), end=at((2026, 10, 27), 0)
        )
        self.assertEqual(self.starts(slots), ["10-26 10:00"])

    def test_recurring_busy_blocks_every_occurrence(self):
        # The ORM layer expands recurrences into occurrences (Odoo 18 stores
        # them as real events); here: every weekday 9-10 is blocked.
        busy = [(at((2026, 6, day), 9), at((2026, 6, day), 10)) for day in range(1, 6)]
        anna = Invitee(
            "anna", busy=busy, working_hours=[(d, 9.0, 11.0) for d in range(5)]
        )
        slots = self.search([anna], end=at((2026, 6, 6), 0), max_results=20)
        self.assertEqual(len(slots), 5)
        self.assertTrue(all(slot.start.hour == 10 for slot in slots))

    def test_naive_datetimes_refused(self):
        anna = Invitee(
            "anna", busy=[(datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 10))]
        )
        with self.assertRaises(ValueError):
            self.search([anna])
