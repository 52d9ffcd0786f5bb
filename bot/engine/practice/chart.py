"""The progress chart: pain before and after each session over the last 30 days (a diary begun
less than a week ago: its days in the middle of a week), with check-ins and a mark for every
session, drawn off-screen with matplotlib's Agg backend.

:func:`draw` returns the figure, so tests can check its axes and points without comparing
pixels; :func:`png` turns it into the picture sent. The figure is made without pyplot (no
global state), so pictures can be drawn on several threads at once. matplotlib is imported on
first use: it takes about half a second, which only `/progress` should pay.
"""

from __future__ import annotations

import io
from datetime import datetime, tzinfo
from statistics import fmean
from typing import TYPE_CHECKING

from bot.engine.practice.diary import Session, sessions
from bot.engine.practice.records import Rating

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DAYS = 30
SIZE = (8.0, 5.0)  # inches; at 120 dots an inch, 960 x 600 pixels: sharp on a phone, small to send
DPI = 120
BEFORE, AFTER, CHECK_IN, SESSION, LINK = "#e07b39", "#2a7ab0", "#7a7a7a", "#3b9c5a", "#b8c4cc"
# Drawn one by one up to two a day on average; beyond that, one point a day (the day's mean), so
# the picture and the time it takes stay the same however often someone rates their pain.
MOST_PER_DAY = 2
NARROWEST = 7  # days: a short diary is shown on a week, centred, not pressed against the edge


def draw(ratings: list[Rating], now: float, zone: tzinfo, days: int = DAYS) -> Figure:
    from matplotlib import dates
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    start = now - days * 86400
    shown = [rating for rating in ratings if start <= rating.at <= now]
    most = MOST_PER_DAY * days
    runs = sessions(shown)
    if len(runs) > most:
        runs = _daily_sessions(runs, zone)
    checked = [(r.at, float(r.score)) for r in shown if r.kind == "check-in" and r.score is not None]
    if len(checked) > most:
        checked = _daily_means(checked, zone)

    def when(at: float) -> float:
        """matplotlib's number for the instant ``at`` (shown in the person's zone)."""
        return float(dates.date2num(datetime.fromtimestamp(at, zone)))

    hours = 1 / 24

    figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    links = [
        [(when(s.at), s.before), (when(s.at) + 2 * hours, s.after)]
        for s in runs
        if s.before is not None and s.after is not None
    ]
    axes.add_collection(LineCollection(links, colors=LINK, linewidths=2, zorder=1, gid="changes"))
    before = [(when(s.at), s.before) for s in runs if s.before is not None]
    after = [(when(s.at) + 2 * hours, s.after) for s in runs if s.after is not None]
    check_ins = [(when(at), score) for at, score in checked]
    marks = [when(s.at) for s in runs if s.finished]
    series = [
        ("before a session", before, "o", BEFORE),
        ("after a session", after, "o", AFTER),
        ("check-in", check_ins, "D", CHECK_IN),
    ]
    for label, points, marker, colour in series:
        axes.plot(
            [x for x, _ in points],
            [y for _, y in points],
            linestyle="none",
            marker=marker,
            markersize=9,
            color=colour,
            label=label,
            gid=label,
            zorder=3,
        )
    axes.plot(
        marks, [-0.6] * len(marks), linestyle="none", marker="|", markersize=16, markeredgewidth=3, color=SESSION,
        label="session", gid="session", zorder=2,
    )  # fmt: skip
    first = min((rating.at for rating in shown), default=now)
    kept_days = (now - first) / 86400
    if kept_days < NARROWEST - 1:  # a new diary: its days in the middle of a week
        pad = (NARROWEST - kept_days) / 2
        axes.set_xlim(when(first) - pad, when(now) + pad)
        since = datetime.fromtimestamp(first, zone).strftime("%d %b").lstrip("0")
        axes.set_title(f"Knee pain since {since}", fontsize=16, loc="left")
        interval = 1
    else:
        axes.set_xlim(when(start), when(now) + 12 * hours)
        axes.set_title(f"Knee pain, last {days} days", fontsize=16, loc="left")
        interval = 7
    axes.set_ylim(-1.2, 10.5)
    axes.set_yticks(range(0, 11, 2))
    axes.set_ylabel("Pain (0 = none, 10 = worst)", fontsize=13)
    axes.xaxis.set_major_locator(dates.DayLocator(interval=interval, tz=zone))
    axes.xaxis.set_minor_locator(dates.DayLocator(tz=zone))
    axes.xaxis.set_major_formatter(dates.DateFormatter("%d %b", tz=zone))
    axes.tick_params(labelsize=12)
    axes.grid(axis="y", color="#e5e5e5")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=4, fontsize=11, frameon=False)
    return figure


def _day(at: float, zone: tzinfo) -> object:
    return datetime.fromtimestamp(at, zone).date()


def _daily_means(points: list[tuple[float, float]], zone: tzinfo) -> list[tuple[float, float]]:
    """(instant, value) points as one a day: the mean instant and value of each local day."""
    days: dict[object, list[tuple[float, float]]] = {}
    for point in points:
        days.setdefault(_day(point[0], zone), []).append(point)
    return [(fmean(at for at, _ in day), fmean(value for _, value in day)) for day in days.values()]


def _daily_sessions(runs: list[Session], zone: tzinfo) -> list[Session]:
    """Sessions as one a day: its mean pain before and after, finished if any of them was."""
    days: dict[object, list[Session]] = {}
    for run in runs:
        days.setdefault(_day(run.at, zone), []).append(run)
    merged = []
    for day in days.values():
        before = [run.before for run in day if run.before is not None]
        after = [run.after for run in day if run.after is not None]
        merged.append(
            Session(
                run=day[0].run,
                routine_id=day[0].routine_id,
                at=fmean(run.at for run in day),
                before=fmean(before) if before else None,
                after=fmean(after) if after else None,
                finished=any(run.finished for run in day),
            )
        )
    return merged


def png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
