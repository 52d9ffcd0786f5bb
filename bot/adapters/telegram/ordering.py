"""Handle different people's updates at the same time, each person's strictly in order, and keep
one person from holding up anyone else.

python-telegram-bot handles updates one after another by default, so every Bot API round trip
holds up everybody; with ``concurrent_updates`` it runs them all at once, so two quick messages
from one person could be answered out of order, or a double-tapped button could advance a
routine twice at once. This processor sits in between, and for each update, in this order:

1. the flood guard: an update from a person over the limit is dropped on arrival, before it
   waits for anything (the first one over gets a "slow down" note);
2. the person's lock: updates from the same person wait for each other, in arrival order
   (python-telegram-bot starts one task per update in order, and asyncio's locks and
   semaphores wake waiters first come, first served);
3. a slot: at most ``slots`` updates are handled at once. A person waiting for their
   own earlier update holds no slot, so someone sending many messages uses one slot at a time.

Inline queries change no one's conversation, so they skip the lock (and the flood guard).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.adapters.telegram.flood import FloodGuard, Verdict

# The slots bound memory, not speed: handling holds a slot only while the engine decides (a
# millisecond, or longer while a locked database is waited for); replies travel afterwards.
DEFAULT_SLOTS = 64
# python-telegram-bot takes its own slot before calling do_process_update (and does not let that
# be changed); with this many, its slot never makes anyone wait, and ours, taken after the
# person's turn, does the limiting.
_LIBRARY_SLOTS = 1_000_000


class PerPersonUpdateProcessor(BaseUpdateProcessor):
    def __init__(
        self,
        slots: int = DEFAULT_SLOTS,
        *,
        flood: FloodGuard | None = None,
        on_arrival: Callable[[object], None] = lambda update: None,
        on_flood: Callable[[Update], None] = lambda update: None,
        on_finished: Callable[[object], None] = lambda update: None,
    ) -> None:
        super().__init__(_LIBRARY_SLOTS)
        self.flood = flood
        self.on_arrival = on_arrival  # told first, in the update's own task (metrics time it from here)
        self.on_flood = on_flood  # told about the first update over the limit (to say so)
        self.on_finished = on_finished  # told when an update has been handled or dropped
        self._slots = asyncio.BoundedSemaphore(slots)
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: dict[int, int] = {}  # updates per person running or waiting

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        self.on_arrival(update)
        try:
            person = _person(update)
            if person is None:
                async with self._slots:
                    await coroutine
                return
            if self.flood is not None and (verdict := self.flood.check(person)) is not Verdict.ALLOW:
                _discard(coroutine)
                if verdict is Verdict.WARN and isinstance(update, Update):
                    self.on_flood(update)
                return
            await self._in_turn(person, coroutine)
        finally:
            self.on_finished(update)

    async def _in_turn(self, person: int, coroutine: Awaitable[Any]) -> None:
        lock = self._locks.get(person) or self._locks.setdefault(person, asyncio.Lock())
        self._holders[person] = self._holders.get(person, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            self._holders[person] -= 1
            if not self._holders[person]:  # forget idle people, so memory stays flat
                del self._holders[person], self._locks[person]

    @property
    def people(self) -> int:
        """How many people have updates running or waiting right now."""
        return len(self._locks)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _person(update: object) -> int | None:
    """Whose conversation ``update`` belongs to; None for inline queries and channel posts."""
    if not isinstance(update, Update) or update.inline_query is not None or update.effective_user is None:
        return None
    return update.effective_user.id


def _discard(coroutine: Awaitable[Any]) -> None:
    """Drop a handler coroutine that will not run (closing it avoids "never awaited" warnings)."""
    close = getattr(coroutine, "close", None)
    if close is not None:
        close()
