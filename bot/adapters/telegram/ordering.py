"""Handle different people's updates at the same time, each person's strictly in order.

python-telegram-bot handles updates one after another by default, so every Bot API round trip
(tens of milliseconds to Telegram) holds up everybody else; with ``concurrent_updates`` it runs
them all at once, so two quick messages from one person could be answered out of order, or a
double-tapped button could advance a routine twice at once. This processor sits in between:
updates from the same person wait for each other (in arrival order: python-telegram-bot starts
one task per update in order, and asyncio's semaphores and locks wake waiters first come, first
served); everybody else goes ahead, up to ``max_concurrent_updates`` at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# A few at a time is enough to keep working while answers travel: Telegram accepts about 30
# messages per second from a bot, and more concurrency only adds bookkeeping.
DEFAULT_CONCURRENCY = 4


class PerPersonUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = DEFAULT_CONCURRENCY) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._holders: dict[int, int] = {}  # updates per person running or waiting

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        person = update.effective_user.id if isinstance(update, Update) and update.effective_user else None
        if person is None:  # e.g. a channel post: nobody's conversation to keep in order
            await coroutine
            return
        lock = self._locks.get(person) or self._locks.setdefault(person, asyncio.Lock())
        self._holders[person] = self._holders.get(person, 0) + 1
        try:
            async with lock:
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
