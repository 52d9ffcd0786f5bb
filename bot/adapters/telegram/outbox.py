"""Replies wait here until Telegram has them: one queue per chat, kept in order, retried through
outages.

A chat's replies go out one after another, so a person reads them in the order they were
written; other chats' replies go out at the same time, so one slow conversation holds up nobody
else. A reply that cannot be delivered now (Telegram answers 5xx, the network is down) is tried
again with growing pauses for PATIENCE seconds from its first attempt; the chat's later replies
wait behind it rather than overtake it. A newer edit of the same message takes the place of one
still waiting, so a screen ends up showing the newest state without replaying old ones. An error
that will not go away (a bad request, a bot the person blocked) drops the reply with a log line.

Handlers put replies here and return at once; :meth:`Outbox.put` gives a future that tells when
the reply has settled (delivered, or given up), which is when its update counts as done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Protocol

from telegram import Bot
from telegram.error import RetryAfter, TelegramError

from bot.adapters.telegram.delivery import is_transient
from bot.adapters.telegram.logs import describe

log = logging.getLogger(__name__)

PATIENCE = 150.0  # seconds a reply is retried for; the issue asks for at least two minutes
BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0)  # pauses between attempts; the last one repeats
MAX_WAITING = 30  # replies per chat; beyond this the oldest waiting one is dropped
# Bot API calls in flight at once, over all chats: enough for Telegram's ~30 messages per second
# at a 100 ms round trip. More costs CPU: httpx's connection pool checks every connection it
# holds for each request. A call still running after SLOW_CALL seconds (a slow chat) gives up
# its place, so slow conversations cannot keep the others waiting.
IN_FLIGHT = 4
SLOW_CALL = 1.0


class Job(Protocol):
    """One reply's delivery. ``run`` raises when it failed; it is called again to retry."""

    @property
    def key(self) -> Hashable | None: ...

    async def run(self, bot: Bot) -> None: ...


@dataclass(eq=False)
class _Entry:
    job: Job
    settled: asyncio.Future[bool]
    attempts: int = 0
    first_attempt: float | None = None
    running: bool = False


@dataclass(eq=False)
class _Chat:
    queue: deque[_Entry] = field(default_factory=deque)
    wake: asyncio.Event = field(default_factory=asyncio.Event)  # a waiting reply was replaced
    worker: asyncio.Task[None] | None = None


class Outbox:
    def __init__(
        self,
        bot: Bot,
        *,
        patience: float = PATIENCE,
        backoff: Sequence[float] = BACKOFF,
        clock: Callable[[], float] = time.monotonic,
        in_flight: int = IN_FLIGHT,
    ) -> None:
        self.bot = bot
        self.patience = patience
        self.backoff = tuple(backoff)
        self.clock = clock
        self._chats: dict[int, _Chat] = {}
        self._calls = asyncio.Semaphore(in_flight)

    def put(self, chat_id: int, job: Job) -> asyncio.Future[bool]:
        """Queue ``job`` for ``chat_id``; the future is True once delivered, False if given up."""
        entry = _Entry(job, asyncio.get_running_loop().create_future())
        chat = self._chats.get(chat_id) or self._chats.setdefault(chat_id, _Chat())
        if not self._replace(chat, entry):
            chat.queue.append(entry)
            self._limit(chat)
        if chat.worker is None:
            chat.worker = asyncio.create_task(self._deliver(chat_id, chat), name=f"outbox:{chat_id}")
        return entry.settled

    @property
    def waiting(self) -> int:
        return sum(len(chat.queue) for chat in self._chats.values())

    async def close(self, grace: float) -> None:
        """Give waiting replies up to ``grace`` seconds, then stop. Replies still waiting are
        left unsettled, so their updates are handled again after a restart."""
        workers = [chat.worker for chat in self._chats.values() if chat.worker is not None]
        if workers:
            await asyncio.wait(workers, timeout=grace)
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        if left := self.waiting:
            log.warning("stopping with %d repl%s not yet delivered", left, "y" if left == 1 else "ies")

    # --- the queue ----------------------------------------------------------------------------

    @staticmethod
    def _replace(chat: _Chat, entry: _Entry) -> bool:
        """Put ``entry`` in the place of a waiting edit of the same message, if there is one."""
        key = entry.job.key
        if key is None:
            return False
        for index, waiting in enumerate(chat.queue):
            if not waiting.running and waiting.job.key == key:
                chat.queue[index] = entry
                _settle(waiting, True)  # superseded: the newer edit carries its intent
                chat.wake.set()
                return True
        return False

    @staticmethod
    def _limit(chat: _Chat) -> None:
        while len(chat.queue) > MAX_WAITING:
            oldest = next(entry for entry in chat.queue if not entry.running)
            chat.queue.remove(oldest)
            _settle(oldest, False)
            log.warning("too many replies waiting for one chat; dropped the oldest")

    async def _deliver(self, chat_id: int, chat: _Chat) -> None:
        try:
            while chat.queue:
                entry = chat.queue[0]
                pause = await self._attempt(entry)
                if pause is None:
                    chat.queue.popleft()
                    continue
                chat.wake.clear()
                await _sleep_or_wake(pause, chat.wake)
        finally:
            chat.worker = None
            if not chat.queue:
                self._chats.pop(chat_id, None)

    async def _attempt(self, entry: _Entry) -> float | None:
        """Try ``entry`` once: None when it has settled, else the pause before the next try."""
        await self._calls.acquire()
        place = _Place(self._calls)
        slow = asyncio.get_running_loop().call_later(SLOW_CALL, place.give_up)
        now = self.clock()
        if entry.first_attempt is None:
            entry.first_attempt = now
        entry.running = True
        try:
            await entry.job.run(self.bot)
        except Exception as error:
            if not is_transient(error):
                bug = not isinstance(error, TelegramError)  # Telegram's own refusals need no traceback
                log.warning("a reply was dropped: %s", describe(error), exc_info=bug)
                _settle(entry, False)
                return None
            if now - entry.first_attempt >= self.patience:
                log.error(
                    "a reply was given up after %.0f s of failures (%s)", now - entry.first_attempt, describe(error)
                )
                _settle(entry, False)
                return None
            pause = self.backoff[min(entry.attempts, len(self.backoff) - 1)]
            entry.attempts += 1
            if isinstance(error, RetryAfter):
                pause = max(pause, _seconds_to_wait(error))
            log.warning("a reply could not be delivered (%s); trying again in %.1f s", describe(error), pause)
            return pause
        finally:
            entry.running = False
            slow.cancel()
            place.give_up()
        _settle(entry, True)
        return None


class _Place:
    """A place among the calls in flight, given up once: when the call ends or turns out slow."""

    def __init__(self, places: asyncio.Semaphore) -> None:
        self._places: asyncio.Semaphore | None = places

    def give_up(self) -> None:
        if self._places is not None:
            self._places.release()
            self._places = None


def _settle(entry: _Entry, delivered: bool) -> None:
    if not entry.settled.done():
        entry.settled.set_result(delivered)


def _seconds_to_wait(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # python-telegram-bot 22 warns that the int form is going away
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _sleep_or_wake(seconds: float, wake: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(wake.wait(), timeout=seconds)
