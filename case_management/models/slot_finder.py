# Copyright 2026 Case Management contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Free-slot finder for case meetings: plain Python, no ORM.

The ORM layer (``wizard/case_meeting_slot_search.py``) collects, for every
invitee, the busy intervals (calendar events, recurring occurrences included)
and the working hours (``resource.calendar`` attendances); this module ranks
the candidate slots.

Times are aware ``datetime`` objects. The candidate grid and the working
hours are laid out in local wall time of the search's time zone (zoneinfo),
so a meeting at 9:00 stays at 9:00 across a daylight-saving change.

Algorithm (sweep line): every invitee's busy intervals are widened by the
buffers, sorted and merged once, then subtracted from the working intervals
to give a sorted list of free intervals. Candidates are generated in time
order with one fixed duration, so their ends are sorted too, and one pointer
per invitee walks its free list: the whole search costs
O(E log E + C x I) for E events, C candidates and I invitees.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

UTC = ZoneInfo("UTC")
MORNING_END = time(12, 0)
DEFAULT_DAY = ((8.0, 18.0),)

__all__ = ["Invitee", "Slot", "find_slots", "merge_intervals", "subtract_intervals"]


@dataclass
class Invitee:
    """One person to invite.

    :param key: anything hashable identifying the person (user id, name)
    :param busy: iterable of ``(start, end)`` aware datetimes
    :param working_hours: iterable of ``(dayofweek, hour_from, hour_to)``
        (``dayofweek`` 0 = Monday, hours as floats in local wall time, as in
        ``resource.calendar.attendance``); ``None`` means unknown: the default
        day (8:00-18:00 on working days) is used
    :param required: the meeting makes no sense without this person
    """

    key: object
    busy: Iterable = ()
    working_hours: Iterable | None = None
    required: bool = True


@dataclass(order=False)
class Slot:
    start: datetime
    end: datetime
    available: tuple = ()
    unavailable: tuple = ()
    all_required: bool = False
    preferred: bool = True
    score: tuple = field(default=(), repr=False)

    @property
    def available_count(self):
        return len(self.available)


def _to_utc(value):
    if value.tzinfo is None:
        raise ValueError(f"slot_finder needs aware datetimes, got {value!r}")
    return value.astimezone(UTC)


def merge_intervals(intervals, widen_before=timedelta(0), widen_after=timedelta(0)):
    """Sort and merge overlapping or touching intervals (UTC), optionally
    widening each one first. Empty intervals are dropped."""
    items = sorted(
        (_to_utc(start) - widen_before, _to_utc(end) + widen_after)
        for start, end in intervals
        if end > start
    )
    merged = []
    for start, end in items:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def subtract_intervals(base, busy):
    """``base`` minus ``busy``; both sorted and merged. Returns sorted list."""
    result = []
    j = 0
    count = len(busy)
    for start, end in base:
        cursor = start
        while j < count and busy[j][1] <= cursor:
            j += 1
        k = j
        while k < count and busy[k][0] < end:
            if busy[k][0] > cursor:
                result.append((cursor, busy[k][0]))
            cursor = max(cursor, busy[k][1])
            if cursor >= end:
                break
            k += 1
        if cursor < end:
            result.append((cursor, end))
    return result


def _wall(day, hours, zone):
    """Aware UTC datetime of ``hours`` (float) after local midnight of
    ``day``, in wall time (24.0 is the next midnight). ``None`` when the wall
    time does not exist (spring-forward gap)."""
    minutes = round(hours * 60)
    day = day + timedelta(days=minutes // 1440)
    minutes %= 1440
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    utc = local.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return utc


def _days(start_local, end_local):
    day = start_local.date()
    while day <= end_local.date():
        yield day
        day += timedelta(days=1)


def _hours_by_weekday(working_hours):
    if working_hours is None:
        return {weekday: list(DEFAULT_DAY) for weekday in range(5)}
    by_day = {}
    for dayofweek, hour_from, hour_to in working_hours:
        if hour_to > hour_from:
            by_day.setdefault(int(dayofweek), []).append((hour_from, hour_to))
    return by_day


def _working_intervals(by_day, days, zone):
    intervals = []
    for day in days:
        for hour_from, hour_to in by_day.get(day.weekday(), ()):
            start = _wall(day, hour_from, zone)
            end = _wall(day, hour_to, zone)
            if start is None or end is None:
                # A working hour starting in the DST gap: start at the jump.
                start = start or _wall(day, hour_from + 1, zone)
                end = end or _wall(day, hour_to + 1, zone)
            if start and end and end > start:
                intervals.append((start, end))
    return merge_intervals(intervals)


def _candidates(by_day_all, days, zone, step, duration, window_start, window_end):
    """Yield ``(start_utc, end_utc, local_start)`` in time order."""
    step_minutes = max(1, int(step.total_seconds() // 60))
    for day in days:
        spans = by_day_all.get(day.weekday())
        if not spans:
            continue
        first = min(span[0] for span in spans)
        last = max(span[1] for span in spans)
        minute = int(-(-round(first * 60) // step_minutes) * step_minutes)
        seen = set()
        while minute < last * 60:
            start = _wall(day, minute / 60.0, zone)
            minute += step_minutes
            if start is None or start in seen:
                continue
            seen.add(start)
            end = start + duration
            if start < window_start:
                continue
            if end > window_end:
                return
            yield start, end, start.astimezone(zone)


def _is_preferred(local_start, preferred):
    if preferred == "morning":
        return local_start.time() < MORNING_END
    if preferred == "afternoon":
        return local_start.time() >= MORNING_END
    return True


def find_slots(
    window_start: datetime,
    window_end: datetime,
    tz: str,
    invitees: Sequence[Invitee],
    duration: timedelta,
    venue_busy: Iterable = (),
    buffer_before: timedelta = timedelta(0),
    buffer_after: timedelta = timedelta(0),
    preferred: str = "any",
    step: timedelta = timedelta(minutes=15),
    max_results: int = 10,
    distinct: bool = True,
):
    """Return up to ``max_results`` ranked :class:`Slot` (possibly none).

    Ranking: slots where every required invitee is free first, then by the
    number of invitees who can attend, then slots in the preferred time of
    day (``morning`` / ``afternoon`` / ``any``), then the earliest.
    Slots nobody can attend or that overlap a venue booking are dropped.
    With ``distinct`` the results do not overlap each other.

    ``buffer_before`` / ``buffer_after``: free time an invitee needs before
    the meeting starts / after it ends (travel), checked against their other
    events but not against the end of their working hours.
    """
    if duration <= timedelta(0) or not invitees:
        return []
    zone = ZoneInfo(tz or "UTC")
    window_start = _to_utc(window_start)
    window_end = _to_utc(window_end)
    if window_end <= window_start:
        return []
    days = list(_days(window_start.astimezone(zone), window_end.astimezone(zone)))

    by_day_all = {}
    free_lists = []
    for invitee in invitees:
        by_day = _hours_by_weekday(invitee.working_hours)
        for weekday, spans in by_day.items():
            by_day_all.setdefault(weekday, []).extend(spans)
        working = _working_intervals(by_day, days, zone)
        # The meeting [s, e] must not touch [b_start - after, b_end + before].
        busy = merge_intervals(invitee.busy, buffer_after, buffer_before)
        free_lists.append(subtract_intervals(working, busy))
    venue = merge_intervals(venue_busy)

    keys = [invitee.key for invitee in invitees]
    required = [bool(invitee.required) for invitee in invitees]
    pointers = [0] * len(invitees)
    venue_pointer = 0
    slots = []
    for start, end, local_start in _candidates(
        by_day_all, days, zone, step, duration, window_start, window_end
    ):
        while venue_pointer < len(venue) and venue[venue_pointer][1] <= start:
            venue_pointer += 1
        if venue_pointer < len(venue) and venue[venue_pointer][0] < end:
            continue
        available = []
        unavailable = []
        all_required = True
        for index, free in enumerate(free_lists):
            pointer = pointers[index]
            while pointer < len(free) and free[pointer][1] < end:
                pointer += 1
            pointers[index] = pointer
            if pointer < len(free) and free[pointer][0] <= start:
                available.append(keys[index])
            else:
                unavailable.append(keys[index])
                if required[index]:
                    all_required = False
        if not available:
            continue
        is_preferred = _is_preferred(local_start, preferred)
        slots.append(
            Slot(
                start=local_start,
                end=end.astimezone(zone),
                available=tuple(available),
                unavailable=tuple(unavailable),
                all_required=all_required,
                preferred=is_preferred,
                score=(not all_required, -len(available), not is_preferred, start),
            )
        )
    return _best(slots, max_results, distinct)


def _best(slots, max_results, distinct):
    """The ``max_results`` best-ranked slots, optionally non-overlapping."""
    slots.sort(key=lambda slot: slot.score)
    if not distinct:
        return slots[:max_results]
    chosen = []
    for slot in slots:
        if len(chosen) >= max_results:
            break
        if any(slot.start < other.end and other.start < slot.end for other in chosen):
            continue
        chosen.append(slot)
    return chosen
