"""The practice plan's figures (prints them): drawing the progress chart, and scheduling every
reminder at start-up for 10,000 people.

Chart: a full month (two sessions a day, each rated before and after, and a check-in every
other day), drawn and encoded as PNG; the first picture (which loads matplotlib and its fonts)
and the median of the next ones, and the picture's size.

Start-up: 10,000 people in a state file, each with a time zone (one of 30) and one or two
reminders (a tenth of them snoozed), written the way an earlier version kept them (without their
next due time): working out and storing every next due time, once, as `kneebot run` does when it
first opens such a file (``Engine.schedule_reminders``); then one look of the sweeper for due
reminders (``count_due``), which is all later start-ups and every second of running cost.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.engine import Engine
from bot.engine.practice import chart
from bot.engine.practice.records import Rating
from bot.knowledge import load_knowledge
from bot.matching.matcher import Matcher
from bot.safety.triage import Triage
from bot.storage import SqliteStore

PEOPLE = 10_000
ZONES = [
    "Europe/London", "Europe/Berlin", "Europe/Madrid", "Europe/Moscow", "America/New_York", "America/Chicago",
    "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "America/Toronto", "Asia/Kolkata", "Asia/Tokyo",
    "Asia/Shanghai", "Asia/Dubai", "Asia/Singapore", "Australia/Sydney", "Australia/Perth", "Pacific/Auckland",
    "Africa/Lagos", "Africa/Johannesburg", "Africa/Cairo", "Europe/Paris", "Europe/Rome", "Europe/Warsaw",
    "Europe/Istanbul", "Asia/Jerusalem", "America/Mexico_City", "America/Bogota", "UTC", "UTC+05:30",
]  # fmt: skip


def chart_figures() -> None:
    now = time.time()
    ratings: list[Rating] = []
    for day in range(30, 0, -1):
        for hour, run in ((8, f"m{day}"), (19, f"e{day}")):
            at = now - day * 86400 + hour * 3600
            before = random.randint(3, 8)
            ratings += [
                Rating(at, "before", before, "calf-massage", run),
                Rating(at + 900, "after", max(0, before - random.randint(0, 3)), "calf-massage", run),
            ]
        if day % 2:
            ratings.append(Rating(now - day * 86400 + 13 * 3600, "check-in", random.randint(2, 7)))
    zone = ZoneInfo("Europe/London")
    started = time.perf_counter()
    first = chart.png(chart.draw(ratings, now, zone))
    first_seconds = time.perf_counter() - started
    times = []
    for _ in range(20):
        started = time.perf_counter()
        picture = chart.png(chart.draw(ratings, now, zone))
        times.append(time.perf_counter() - started)
    print(f"chart: {len(ratings)} ratings over 30 days, 960 x 600 px")
    print(f"  first picture (matplotlib loaded): {first_seconds * 1000:.0f} ms")
    print(f"  then: median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")
    print(f"  size: {len(picture) / 1024:.1f} KB (first {len(first) / 1024:.1f} KB; limit 200 KB)")


def fill(path: Path, now: float) -> int:
    """10,000 people with a zone and one or two reminders each; returns the number of reminders."""
    SqliteStore(path).close()  # creates the tables
    zones, reminders = [], []
    for user in range(1, PEOPLE + 1):
        zones.append((user, random.choice(ZONES), now))
        for _ in range(random.choice((1, 2))):
            times = ",".join(str(m) for m in sorted(random.sample(range(0, 1440, 5), random.choice((1, 2)))))
            days = random.choice((127, 31, 96, 127, 127))
            snoozed = now + random.randint(60, 3600) if random.random() < 0.1 else None
            reminders.append((user, times, days, None, now - 86400, now, snoozed))  # sent up to now
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO time_zones (user_id, zone, at) VALUES (?, ?, ?)", zones)
        db.executemany(
            "INSERT INTO reminders (user_id, times, days, routine_id, created_at, last_sent, snoozed_until) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            reminders,
        )
    return len(reminders)


def start_up_figures() -> None:
    knowledge = load_knowledge()
    matcher, triage = Matcher(knowledge), Triage(knowledge.safety)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.sqlite3"
        store = SqliteStore(path)
        now = time.time()
        reminders = fill(path, now)
        engine = Engine(knowledge, store, matcher=matcher, triage=triage)
        started = time.perf_counter()
        people = engine.schedule_reminders()
        scheduled = time.perf_counter() - started
        looks = []
        for _ in range(20):
            started = time.perf_counter()
            store.practice.count_due(time.time())
            looks.append(time.perf_counter() - started)
        print(f"start-up: {PEOPLE:,} people, {reminders:,} reminders in {len(ZONES)} time zones")
        print(f"  working out and storing every next due time, once ({people:,} people): {scheduled:.2f} s")
        print(f"  one look for due reminders: median {statistics.median(looks) * 1000:.2f} ms")
        store.close()


if __name__ == "__main__":
    random.seed(16)
    chart_figures()
    start_up_figures()
