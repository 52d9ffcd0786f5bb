"""The work that comes from the store rather than from Telegram, looked for every second.

* **Routine timers** that are due: each is claimed, and its firing handled like any event.
* **Reminders** that are due: claimed a few at a time and handed to the engine, which writes each
  reminder to the outbox with the move of its next due time, in one transaction. They are paced:
  no more are taken than the outbox can send in the next few seconds, and a burst larger than a
  second's budget is spread over the rest of its minute (600 reminders at 08:00 go out at ten a
  second until 08:01), so replies keep most of the budget and a reminder is decided close to when
  it is sent (one removed meanwhile is not sent). Reminders still due once their minute is over
  are late: they go at the whole budget (replies still go first).
* **Work another instance left** (or this one, before a restart): updates in the inbox
  unfinished under an expired claim or left waiting for their turn (with the replies they
  decided), then the other messages waiting in the outbox whose claims expired; and messages
  whose sending began when their instance died, which are dropped (they may have arrived).
* **Claims** this instance holds are renewed, and old marks forgotten now and then.

Nothing is scheduled in memory, so nothing is lost when the process stops: what is due is
found in the store by whichever instance looks first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Callable
from typing import Any

from bot.adapters.telegram.journal import Journal
from bot.adapters.telegram.logs import describe
from bot.adapters.telegram.outbox import Outbox
from bot.adapters.telegram.runner import EngineRunner
from bot.engine import TimerFired
from bot.engine.outgoing import Address
from bot.engine.replies import Outgoing
from bot.engine.stores import StoreBusy, StoreError

log = logging.getLogger(__name__)

TICK = 1.0  # seconds between looks
AHEAD = 3.0  # seconds of sending the outbox may hold in reminders
TIMERS_AT_ONCE = 100
TAKE_OVER_AT_ONCE = 500
TIDY_EVERY = 600.0  # seconds


class Sweeper:
    def __init__(
        self,
        runner: EngineRunner,
        outbox: Outbox,
        journal: Journal,
        send: Callable[[Outgoing], object],
        *,
        max_rate: float,
        lease: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``send`` queues a message (the journal hands updates taken over on);
        ``max_rate``: messages a second (0: no limit), which reminders are paced by."""
        self.runner = runner
        self.outbox = outbox
        self.journal = journal
        self.send = send
        self.max_rate = max_rate
        self.lease = lease
        self.clock = clock
        self._wake = asyncio.Event()
        self._last_renewal = self._last_tidy = clock()
        self._burst_ends: float | None = None  # the end of the minute the due reminders are of

    @property
    def store(self) -> Any:
        return self.runner.engine.store

    def wake(self) -> None:
        """Look now (a reminder or timer was just set)."""
        self._wake.set()

    async def run(self) -> None:
        """Look every TICK seconds until cancelled; the first look takes over what was left."""
        await self._take_over()
        while True:
            self._wake.clear()
            try:
                await self.sweep()
            except StoreError as error:
                log.warning("could not look for due work (%s); trying again", describe(error))
            except Exception:
                log.exception("looking for due work failed; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), TICK)

    async def sweep(self) -> None:
        """One look: due timers and reminders, work left by others; renewals and tidying when
        their time has come."""
        await self._timers()
        await self._reminders()
        await self._take_over()
        now = self.clock()
        if now - self._last_renewal >= self.lease / 4:
            self._last_renewal = now
            await asyncio.to_thread(self.store.renew)
        if now - self._last_tidy >= TIDY_EVERY:
            self._last_tidy = now
            await asyncio.to_thread(self.store.tidy)
            await self.outbox.tidy()

    # --- due work -------------------------------------------------------------------------------

    async def _timers(self) -> None:
        engine = self.runner.engine
        for timer in await asyncio.to_thread(engine.store.timers.claim_due, engine.clock(), TIMERS_AT_ONCE):
            try:  # routines run in the private chat, whose id is the person's
                response = await self.runner.handle(
                    timer.user_id, TimerFired(timer.token), send_to=Address(timer.user_id)
                )
            except StoreBusy:
                continue  # claimed, not cleared: taken again when the claim expires
            for message in response.outgoing:
                self.send(message)

    async def _reminders(self) -> None:
        engine = self.runner.engine
        now = engine.clock()
        room = self._room()
        if room <= 0:
            return
        backlog = await asyncio.to_thread(engine.store.practice.count_due, now)
        if not backlog:
            self._burst_ends = None
            return
        wanted = min(room, self._share(backlog, now))
        claimed = await asyncio.to_thread(engine.store.practice.claim_due, now, wanted)
        if claimed and self._burst_ends is None:  # the burst's minute: that of its first reminder
            first = min((reminder.next_due or now) for reminder in claimed)
            self._burst_ends = (first // 60 + 1) * 60
        for reminder in claimed:
            try:
                response = await self.runner.call(engine.remind, reminder.user_id, reminder.id, send=True)
            except StoreBusy:  # another instance handled it, or the database stayed locked
                continue
            for message in response.outgoing:
                self.send(message)

    def _room(self) -> int:
        """How many more reminders the outbox should hold: AHEAD seconds of sending."""
        most = max(10, math.ceil(self.max_rate * AHEAD)) if self.max_rate else 500
        return most - self.outbox.reminders

    def _share(self, backlog: int, now: float) -> int:
        """This look's share of ``backlog`` due reminders: all of it when a second's budget
        covers it or their minute is over (they are late: the whole budget, replies first), else
        an even share of what is left of their minute."""
        if not self.max_rate or backlog <= self.max_rate * TICK:
            return backlog
        ends = self._burst_ends if self._burst_ends is not None else (now // 60 + 1) * 60
        left = ends - now
        if left <= TICK:
            return backlog
        return max(1, math.ceil(backlog * TICK / left))

    # --- work left by others ---------------------------------------------------------------------

    async def _take_over(self) -> None:
        """Updates left unfinished, or waiting for their turn, are handed on first, in order; an
        update handled before its instance stopped brings the replies it left waiting with it
        (the store gives them back when it is recognised). Then the other messages left waiting
        (reminders, timers, replies to people with nothing unfinished) are sent. So a chat's
        messages stay in the order of the updates that led to them."""
        store = self.store
        if dropped := await asyncio.to_thread(store.outbox.abandoned):
            log.warning(
                "%d message(s) were on their way when their instance stopped; not sent again, as they may have arrived",
                dropped,
            )
        await self.journal.unfinished()
        waiting = await asyncio.to_thread(store.outbox.claim, TAKE_OVER_AT_ONCE)
        if waiting:
            log.info("sending %d message(s) decided before a stop", len(waiting))
        for message in waiting:
            self.send(message)
