"""What operators can graph (Prometheus, with prometheus-client): counts and timings only, never
message text, names or ids. Every label takes a few fixed values (an update's type, a severity,
a Bot API method's name, an error's class, a reason), so the number of series stays small.

Each :class:`Metrics` has a registry of its own (so tests, and two bots in one process, do not
mix their numbers); the health server (:mod:`.health`) serves it at ``/metrics``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from contextvars import ContextVar

from prometheus_client import CollectorRegistry, Counter, Histogram
from telegram import Update

from bot.engine import Response

# Seconds from an update's arrival to its last reply reaching Telegram.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
# When the update being handled arrived: set as the update processor takes it in, read where its
# replies are queued; both run in the update's own task, so each update sees its own.
_ARRIVED: ContextVar[float | None] = ContextVar("kneebot_update_arrived", default=None)


class Metrics:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.registry = registry = CollectorRegistry()
        self.updates = Counter("kneebot_updates", "Updates taken in, by type", ["type"], registry=registry)
        self.failures = Counter(
            "kneebot_update_failures", "Updates whose handling failed (the person got an apology)", registry=registry
        )
        self.latency = Histogram(
            "kneebot_reply_latency_seconds",
            "From an update's arrival to its last reply reaching Telegram",
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.red_flags = Counter(
            "kneebot_red_flags",
            "Red flags answered with advice to seek help, by severity",
            ["severity"],
            registry=registry,
        )
        self.fallbacks = Counter("kneebot_fallbacks", "Messages answered 'I don't know that one'", registry=registry)
        self.api_errors = Counter(
            "kneebot_bot_api_errors",
            "Bot API calls that failed, by method and error",
            ["method", "error"],
            registry=registry,
        )
        self.reminders_sent = Counter("kneebot_reminders_sent", "Reminders delivered", registry=registry)
        self.reminders_missed = Counter(
            "kneebot_reminders_missed", "Reminders due and not delivered, by reason", ["reason"], registry=registry
        )

    # --- updates ------------------------------------------------------------------------------

    def arrived(self, update: object) -> None:
        """An update is taken in (called in its own task, before it waits for anything)."""
        _ARRIVED.set(self.clock())
        self.updates.labels(type=update_type(update)).inc()

    def failed(self) -> None:
        self.failures.inc()

    def decided(self, response: Response) -> None:
        """What the engine answered: red flags by severity, and fallbacks."""
        meta = response.meta
        if meta.kind == "safety" and meta.severity:
            self.red_flags.labels(severity=meta.severity).inc()
        elif meta.kind == "fallback":
            self.fallbacks.inc()

    def replying(self, settled: Sequence[asyncio.Future[bool]]) -> None:
        """The replies of the update being handled are queued: once all have reached Telegram,
        the time since it arrived is its reply latency."""
        arrived = _ARRIVED.get()
        if arrived is None or not settled:
            return

        def observe(delivered: bool) -> None:
            if delivered:
                self.latency.observe(self.clock() - arrived)

        _when_settled(settled, observe)

    # --- Bot API and reminders ----------------------------------------------------------------

    def api_error(self, method: str, error: str) -> None:
        """A Bot API call failed: ``error`` is a class of failure (``TimedOut``, ``HTTP 429``)."""
        self.api_errors.labels(method=method, error=error).inc()

    def reminder(self, settled: Sequence[asyncio.Future[bool]]) -> None:
        """A claimed reminder's messages are queued: sent once they reach Telegram, else missed."""

        def count(delivered: bool) -> None:
            if delivered:
                self.reminders_sent.inc()
            else:
                self.reminder_missed("undelivered")

        if settled:
            _when_settled(settled, count)

    def reminder_missed(self, reason: str) -> None:
        self.reminders_missed.labels(reason=reason).inc()


def update_type(update: object) -> str:
    """ "message", "command", "button", "inline", "edited" or "other": never anything of its content
    beyond which kind of update it is."""
    if not isinstance(update, Update):
        return "other"
    if update.callback_query is not None:
        return "button"
    if update.inline_query is not None or update.chosen_inline_result is not None:
        return "inline"
    if update.edited_message is not None:
        return "edited"
    message = update.message
    if message is not None:
        return "command" if (message.text or "").startswith("/") else "message"
    return "other"


def _when_settled(futures: Sequence[asyncio.Future[bool]], then: Callable[[bool], object]) -> None:
    """Call ``then(all delivered)`` once every future is done."""
    left = len(futures)

    def one_settled(_: asyncio.Future[bool]) -> None:
        nonlocal left
        left -= 1
        if not left:
            then(all(not f.cancelled() and f.exception() is None and f.result() for f in futures))

    for future in futures:
        future.add_done_callback(one_settled)
