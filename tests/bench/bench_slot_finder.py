"""Benchmark of the free-slot finder (no Odoo needed).

15 invitees x 4 weeks x 10,000 existing events, Europe/Prague, 15-minute
grid; prints the median of 5 runs and its ratio to the 100 ms target::

    /opt/odoo18/venv/bin/python tests/bench/bench_slot_finder.py
"""

import importlib.util
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

TARGET_MS = 100.0
MODULE = (
    Path(__file__).resolve().parents[2]
    / "case_management"
    / "models"
    / "slot_finder.py"
)


def load_finder():
    # Loaded by path: importing the addon package would need Odoo.
    spec = importlib.util.spec_from_file_location("slot_finder", MODULE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["slot_finder"] = module
    spec.loader.exec_module(module)
    return module


def build_load(finder, invitees=15, weeks=4, events=10_000, seed=6):
    rng = random.Random(seed)
    zone = ZoneInfo("Europe/Prague")
    # Spans the end of daylight saving time (last Sunday of October).
    start = datetime(2026, 10, 12, 0, 0, tzinfo=zone)
    end = start + timedelta(weeks=weeks)
    hours = [(day, 8.0, 12.0) for day in range(5)] + [
        (day, 12.5, 16.5) for day in range(5)
    ]
    busy = [[] for _ in range(invitees)]
    for _ in range(events):
        day = start + timedelta(days=rng.randrange(weeks * 7))
        begin = day.replace(
            hour=rng.randrange(7, 18), minute=rng.choice((0, 15, 30, 45))
        )
        length = timedelta(minutes=rng.choice((15, 30, 45, 60, 90, 120)))
        busy[rng.randrange(invitees)].append((begin, begin + length))
    people = [
        finder.Invitee(
            key=f"user{i}", busy=busy[i], working_hours=hours, required=i < 5
        )
        for i in range(invitees)
    ]
    venue = [
        (start + timedelta(days=d, hours=10), start + timedelta(days=d, hours=11))
        for d in range(weeks * 7)
    ]
    return start, end, people, venue


def main():
    finder = load_finder()
    start, end, people, venue = build_load(finder)
    timings = []
    result = []
    for _ in range(5):
        began = time.perf_counter()
        result = finder.find_slots(
            start,
            end,
            "Europe/Prague",
            people,
            timedelta(minutes=90),
            venue_busy=venue,
            buffer_before=timedelta(minutes=15),
            buffer_after=timedelta(minutes=15),
            preferred="morning",
            step=timedelta(minutes=15),
            max_results=10,
        )
        timings.append((time.perf_counter() - began) * 1000)
    median = statistics.median(timings)
    events = sum(len(p.busy) for p in people)
    print(
        f"slot finder: {len(people)} invitees x 4 weeks x {events} events: "
        f"median {median:.1f} ms of 5 runs (min {min(timings):.1f}, "
        f"max {max(timings):.1f}); target {TARGET_MS:.0f} ms; "
        f"ratio {median / TARGET_MS:.2f}; {len(result)} slots, best "
        f"{result[0].start.isoformat() if result else '-'} "
        f"({result[0].available_count if result else 0} available)"
    )
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
