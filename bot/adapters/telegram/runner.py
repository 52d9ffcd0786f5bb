"""The engine, called from the event loop without blocking it.

The engine is synchronous and reads and writes SQLite. It runs here on one worker thread: the
event loop stays free to fetch updates, answer inline queries and send replies, and the engine
(written without threads in mind) is used by one thread at a time, as before. The store gives
up at once when the database is locked (StoreBusy) instead of blocking that thread, and the
event is tried again after a pause here, so a lock held elsewhere delays only the people whose
records must change while everyone else is served.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from bot.engine import Engine, Event, Response, StoreBusy
from bot.engine.outgoing import Address
from bot.engine.replies import Card

log = logging.getLogger(__name__)
T = TypeVar("T")

PATIENCE = 60.0  # seconds a person's event waits for a locked database before it fails
FIRST_PAUSE, LONGEST_PAUSE = 0.02, 1.0


class EngineRunner:
    def __init__(self, engine: Engine, clock: Callable[[], float] = time.monotonic) -> None:
        self.engine = engine
        self.clock = clock
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine")

    async def handle(
        self,
        user_id: int,
        event: Event,
        *,
        group: bool = False,
        send_to: Address | None = None,
        update: str | None = None,
    ) -> Response:
        return await self.call(partial(self.engine.handle, group=group, send_to=send_to, update=update), user_id, event)

    async def cards(self, text: str) -> list[Card]:
        return await self.call(self.engine.cards, text)

    async def call(self, function: Callable[..., T], *args: object, **kwargs: object) -> T:
        """``function(*args, **kwargs)`` on the engine's thread, tried again while a record it
        must write cannot be written (StoreBusy: nothing was written, so running it again is safe)."""
        pause, deadline = FIRST_PAUSE, self.clock() + PATIENCE
        while True:
            try:
                return await self._call(partial(function, **kwargs) if kwargs else function, *args)
            except StoreBusy:
                if self.clock() >= deadline:
                    raise
                await asyncio.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)

    def close(self) -> None:
        self._thread.shutdown(wait=True)

    async def _call(self, function: Callable[..., T], *args: object) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._thread, function, *args)
