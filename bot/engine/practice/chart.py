"""The progress chart: pain before and after each session over the last 30 days, with check-ins
and a mark for every session, drawn off-screen with matplotlib's Agg backend.

:func:`draw` returns the figure, so tests can check its axes and points without comparing
pixels; :func:`png` turns it into the picture sent. The figure is made without pyplot (no
global state), so pictures can be drawn on several threads at once. matplotlib is imported on
first use: it takes about half a second, which only `/progress` should pay.
"""

from __future__ import annotations

import io
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from bot.engine.practice.diary import sessions
from bot.engine.practice.records import Rating

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DAYS = 30
SIZE = (8.0, 5.0)  # inches; at 120 dots an inch, 960 x 600 pixels: sharp on a phone, small to send
DPI = 120
BEFORE, AFTER, CHECK_IN, SESSION, LINK = "#e07b39", "#2a7ab0", "#7a7a7a", "#3b9c5a", "#b8c4cc"


def draw(ratings: list[Rating], now: float, zone: tzinfo, days: int = DAYS) -> Figure:
    from matplotlib import dates
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    start = now - days * 86400
    shown = [rating for rating in ratings if start <= rating.at <= now]
    runs = sessions(shown)

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
    check_ins = [(when(r.at), r.score) for r in shown if r.kind == "check-in" and r.score is not None]
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
    axes.set_xlim(when(start), when(now) + 12 * hours)
    axes.set_ylim(-1.2, 10.5)
    axes.set_yticks(range(0, 11, 2))
    axes.set_ylabel("Pain (0 = none, 10 = worst)", fontsize=13)
    axes.set_title(f"Knee pain, last {days} days", fontsize=16, loc="left")
    axes.xaxis.set_major_locator(dates.DayLocator(interval=7, tz=zone))
    axes.xaxis.set_minor_locator(dates.DayLocator(tz=zone))
    axes.xaxis.set_major_formatter(dates.DateFormatter("%d %b", tz=zone))
    axes.tick_params(labelsize=12)
    axes.grid(axis="y", color="#e5e5e5")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncols=4, fontsize=11, frameon=False)
    return figure


def png(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
