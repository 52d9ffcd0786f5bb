"""The pain diary read back: sessions, the two-line summary, and the CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, tzinfo
from statistics import fmean

from bot.engine.messages import MESSAGES
from bot.engine.practice.records import Rating

KIND_NAMES = {"before": "before routine", "after": "after routine", "check-in": "check-in"}


@dataclass(frozen=True)
class Session:
    """One pass through a routine as the diary has it (the two ratings either may be missing)."""

    run: str
    routine_id: str | None
    at: float  # when it was first rated
    before: float | None  # a day's mean on a crowded chart (chart.py), else the rating
    after: float | None
    finished: bool


def sessions(ratings: list[Rating]) -> list[Session]:
    """The routines in ``ratings``, oldest first; a run stopped before its end is not finished."""
    runs: dict[str, list[Rating]] = {}
    for rating in ratings:
        if rating.run is not None and rating.kind in ("before", "after"):
            runs.setdefault(rating.run, []).append(rating)
    found = []
    for run, rows in runs.items():
        before = next((r.score for r in rows if r.kind == "before"), None)
        after = next((r.score for r in rows if r.kind == "after"), None)
        finished = any(r.kind == "after" for r in rows)
        found.append(Session(run, rows[0].routine_id, rows[0].at, before, after, finished))
    return sorted(found, key=lambda session: session.at)


def summary(ratings: list[Rating], now: float, zone: tzinfo) -> tuple[str, str]:
    """Two lines: "9 sessions in 14 days" and how pain after them compares with before."""
    done = [session for session in sessions(ratings) if session.finished]
    check_ins = [rating for rating in ratings if rating.kind == "check-in" and rating.score is not None]
    first = min(rating.at for rating in ratings)
    days = (_day(now, zone) - _day(first, zone)).days + 1
    span = "today" if days == 1 else f"in {days} days"
    scored = [rating for rating in ratings if rating.score is not None]
    if not done and not check_ins and scored:  # ratings of routines stopped before their end
        latest = scored[-1]
        return f"{_count(len(scored), 'rating')} {span}", f"the latest was {latest.score} ({KIND_NAMES[latest.kind]})"
    counts = [_count(len(done), "session")] if done or not check_ins else []
    if check_ins:
        counts.append(_count(len(check_ins), "check-in"))
    first_line = f"{' and '.join(counts)} {span}"
    paired = [session for session in done if session.before is not None and session.after is not None]
    if paired:
        after = fmean(session.after for session in paired if session.after is not None)
        before = fmean(session.before for session in paired if session.before is not None)
        trend = "down from" if after < before else "up from" if after > before else "the same as"
        second_line = f"pain after sessions averaged {after:.1f}, {trend} {before:.1f} before them"
    elif check_ins:
        latest = check_ins[-1]
        when = datetime.fromtimestamp(latest.at, zone).strftime("%d %b").lstrip("0")
        average = fmean(rating.score for rating in check_ins if rating.score is not None)
        second_line = f"your ratings averaged {average:.1f} (latest {latest.score} on {when})"
    else:
        second_line = "no pain ratings in them yet: rate your pain before and after to see a trend"
    return first_line, second_line


def theirs(ratings: list[Rating]) -> tuple[str, str]:
    """A carer's sessions on the person they help: how many, and the pain of the last one
    ("1 session", "pain 6 → 3 in the last one")."""
    done = [session for session in sessions(ratings) if session.finished]
    count = _count(len(done), "session")
    last = next((session for session in reversed(done) if session.after is not None), None)
    scored = [rating for rating in ratings if rating.score is not None]
    if last is None and scored:  # ratings of a routine not finished (yet): said as the diary lists them
        latest = scored[-1]
        return count, f"{_count(len(scored), 'rating')}, the latest {latest.score} ({KIND_NAMES[latest.kind]})"
    if last is None:
        return count, "no pain ratings yet"
    before = f"{last.before:.0f} → " if last.before is not None else ""
    return count, f"pain {before}{last.after:.0f} in the last one"


def csv_bytes(ratings: list[Rating], zone: tzinfo, zone_name: str, titles: dict[str, str]) -> bytes:
    """Every rating as a row: local date and time, the zone, what it rated, the score, the routine."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["date", "time", "time_zone", "kind", "pain_0_to_10", "routine"])
    for rating in ratings:
        moment = datetime.fromtimestamp(rating.at, zone)
        routine = titles.get(rating.routine_id, rating.routine_id) if rating.routine_id else ""
        score = "" if rating.score is None else str(rating.score)
        writer.writerow(
            [moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M"), zone_name, KIND_NAMES[rating.kind], score, routine]
        )
    return out.getvalue().encode("utf-8")


def compared(score: int, before: int) -> str:
    """ ", down from 6 earlier today": a check-in beside the rating before it that day."""
    if score < before:
        return MESSAGES.rating_lower.format(before=before)
    if score > before:
        return MESSAGES.rating_higher.format(before=before)
    return MESSAGES.rating_same


def when(at: float, now: float, zone: tzinfo, *, dated: bool = False) -> str:
    """ "today at 08:10", "yesterday at 21:00", "Mon 4 Dec at 07:30", where the person is; with
    ``dated``, today and yesterday with their date too ("today, Mon 4 Dec, at 08:10")."""
    moment, today = datetime.fromtimestamp(at, zone), datetime.fromtimestamp(now, zone).date()
    days = (today - moment.date()).days
    date = moment.strftime("%a %d %b").replace(" 0", " ")
    day = "today" if days == 0 else "yesterday" if days == 1 else date
    if dated and days in (0, 1):
        day = f"{day}, {date},"
    return f"{day} at {moment:%H:%M}"


def listing(
    ratings: list[Rating], zone: tzinfo, titles: dict[str, str], theirs: frozenset[str], now: float | None = None
) -> list[str]:
    """One line a rating, newest first: "Tue 5 Dec 08:10 · 6/10 · before Calf massage"."""
    lines = []
    for rating in reversed(ratings):
        moment = datetime.fromtimestamp(rating.at, zone)
        score = "no rating" if rating.score is None else f"{rating.score}/10"
        what = KIND_NAMES[rating.kind]
        if rating.routine_id:
            what = f"{rating.kind} {titles.get(rating.routine_id, rating.routine_id)}"
            if rating.routine_id in theirs:
                what += " (the person you help)"
        lines.append(f"{moment.strftime('%a %d %b %H:%M').replace(' 0', ' ', 1)} · {score} · {what}")
    return lines


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'s' if number != 1 else ''}"


def _day(at: float, zone: tzinfo) -> datetime:
    return datetime.fromtimestamp(at, zone).replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
