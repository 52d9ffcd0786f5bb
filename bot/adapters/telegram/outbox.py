"""Replies and reminders wait here until Telegram has them: one queue per chat, kept in order,
retried through outages.

A chat's messages go out one after another, so a person reads them in the order they were
written; other chats' messages go out at the same time, so one slow conversation holds up nobody
else, and Telegram's budget of messages a second is shared out with replies first
(:mod:`.pacing`). A message that cannot be delivered now (Telegram answers 5xx, the network is
down) is tried again with growing pauses for PATIENCE seconds from its first attempt; the chat's
later messages wait behind it rather than overtake it. A newer edit of the same message takes the
place of one still waiting, so a screen ends up showing the newest state without replaying old
ones. An error that will not go away (a bad request, a bot the person blocked) drops the
message with a log line.

A message written to the store's outbox with the event that decided it has a row there
(``row``): before each attempt the row is marked started (:meth:`bot.engine.stores.Outbox.start`:
a message started by an instance that then died is never sent again, as it may have arrived),
after a certain failure it is marked startable again, and once delivered or given up it is
deleted. Handlers put messages here and return at once; :meth:`Outbox.put` gives a future that
tells when the message has settled (delivered, or given up), which is when its update counts as
done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

from telegram import Bot
from telegram.error import RetryAfter, TelegramError

from bot.adapters.telegram.delivery import is_transient
from bot.adapters.telegram.logs import describe
from bot.adapters.telegram.pacing import REMINDER, REPLY, PriorityRateLimiter, priority, retry_after_seconds
from bot.engine.stores import Outbox as Rows
from bot.engine.stores import StoreError

log = logging.getLogger(__name__)

PATIENCE = 150.0  # seconds a message is retried for; the issue asks for at least two minutes
BACKOFF = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0)  # pauses between attempts; the last one repeats
MAX_WAITING = 30  # replies per chat; beyond this the oldest waiting one is dropped
DELETE_PAUSES = (0.02, 0.05, 0.1, 0.2, 0.5)  # seconds between tries to delete a delivered message's row


class Job(Protocol):
    """One message's delivery. ``run`` raises when it failed; it is called again to retry."""

    @property
    def key(self) -> Hashable | None: ...

    async def run(self, bot: Bot) -> None: ...


@dataclass(eq=False)
class _Entry:
    job: Job
    settled: asyncio.Future[bool]
    level: int = REPLY
    row: int | None = None  # the message's row in the store's outbox, if it has one
    attempts: int = 0
    first_attempt: float | None = None
    running: bool = False
    started: bool = False  # its row is marked started (for this attempt)


class NotOurs(Exception):
    """Another instance holds the message (this one was taken for dead): it is not sent here."""


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
        rows: Rows | None = None,
        patience: float = PATIENCE,
        backoff: Sequence[float] = BACKOFF,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot = bot
        self.rows = rows
        # With python-telegram-bot's calls paced by PriorityRateLimiter, a row is marked started
        # when its first call has its turn; else (tests) just before the attempt.
        self.paced = isinstance(getattr(bot, "rate_limiter", None), PriorityRateLimiter)
        self.patience = patience
        self.backoff = tuple(backoff)
        self.clock = clock
        self._chats: dict[int, _Chat] = {}
        self._reminders = 0  # reminders waiting or on their way
        self._leftover: list[int] = []  # rows delivered but not yet deleted (the database was locked)
        self._deleting: set[asyncio.Task[None]] = set()  # rows being deleted now

    def put(self, chat_id: int, job: Job, *, level: int = REPLY, row: int | None = None) -> asyncio.Future[bool]:
        """Queue ``job`` for ``chat_id`` at priority ``level``; the future is True once
        delivered, False if given up. ``row``: its row in the store's outbox."""
        entry = _Entry(job, asyncio.get_running_loop().create_future(), level, row)
        if level == REMINDER:
            self._reminders += 1
            entry.settled.add_done_callback(self._reminder_settled)
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

    @property
    def reminders(self) -> int:
        """Reminders queued and not yet settled (the sweeper paces what it adds by this)."""
        return self._reminders

    async def tidy(self) -> None:
        """Delete the rows of messages delivered while the database was locked."""
        leftover, self._leftover = self._leftover, []
        for row in leftover:
            await self._row_done(row)

    async def close(self, grace: float) -> None:
        """Give waiting messages up to ``grace`` seconds, then stop. Those still waiting are left
        unsettled: their updates are handled again after a restart, and those with rows in the
        store are sent from there."""
        workers = [chat.worker for chat in self._chats.values() if chat.worker is not None]
        if workers:
            await asyncio.wait(workers, timeout=grace)
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        if self._deleting:  # the rows of messages delivered go, so they are not taken for lost ones
            await asyncio.wait(set(self._deleting), timeout=grace)
        if left := self.waiting:
            log.info("stopping with %d message(s) not yet delivered; they go out after the restart", left)

    def _reminder_settled(self, _: asyncio.Future[bool]) -> None:
        self._reminders -= 1

    # --- the queue ----------------------------------------------------------------------------

    def _replace(self, chat: _Chat, entry: _Entry) -> bool:
        """Put ``entry`` in the place of a waiting edit of the same message, if there is one."""
        key = entry.job.key
        if key is None:
            return False
        for index, waiting in enumerate(chat.queue):
            if not waiting.running and waiting.job.key == key:
                chat.queue[index] = entry
                self._settle(waiting, True)  # superseded: the newer edit carries its intent
                chat.wake.set()
                return True
        return False

    def _limit(self, chat: _Chat) -> None:
        while len(chat.queue) > MAX_WAITING:
            oldest = next(entry for entry in chat.queue if not entry.running)
            chat.queue.remove(oldest)
            self._settle(oldest, False)
            log.warning("too many messages waiting for one chat; dropped the oldest")

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
        now = self.clock()
        if entry.first_attempt is None:
            entry.first_attempt = now
        entry.running = True
        try:
            if not self.paced:
                await self._start(entry)
            with priority(entry.level, partial(self._start, entry) if self.paced else None):
                await entry.job.run(self.bot)
        except NotOurs:
            self._settle(entry, False, delete=False)
            return None
        except StoreError as error:  # its row could not be marked started: it was not sent
            log.warning("could not mark a message as being sent (%s); trying again", describe(error))
            return self.backoff[0]
        except Exception as error:
            if not is_transient(error):
                bug = not isinstance(error, TelegramError)  # Telegram's own refusals need no traceback
                log.warning("a message was dropped: %s", describe(error), exc_info=bug)
                self._settle(entry, False)
                return None
            if now - entry.first_attempt >= self.patience:
                log.error(
                    "a message was given up after %.0f s of failures (%s)", now - entry.first_attempt, describe(error)
                )
                self._settle(entry, False)
                return None
            if entry.started and entry.row is not None and self.rows is not None:
                with contextlib.suppress(StoreError):  # else it stays started: not sent twice
                    await asyncio.to_thread(self.rows.retry, entry.row)
                    entry.started = False
            pause = self.backoff[min(entry.attempts, len(self.backoff) - 1)]
            entry.attempts += 1
            if isinstance(error, RetryAfter):
                pause = max(pause, retry_after_seconds(error))
            log.warning("a message could not be delivered (%s); trying again in %.1f s", describe(error), pause)
            return pause
        finally:
            entry.running = False
        self._settle(entry, True)
        return None

    async def _start(self, entry: _Entry) -> None:
        """Mark ``entry``'s row started, once per attempt; NotOurs when another instance has it."""
        if entry.started or entry.row is None or self.rows is None:
            return
        if not await asyncio.to_thread(self.rows.start, entry.row):
            raise NotOurs
        entry.started = True

    def _settle(self, entry: _Entry, delivered: bool, *, delete: bool = True) -> None:
        if not entry.settled.done():
            entry.settled.set_result(delivered)
        if entry.row is not None and delete:
            deleting = asyncio.get_running_loop().create_task(self._row_done(entry.row))
            self._deleting.add(deleting)
            deleting.add_done_callback(self._deleting.discard)

    async def _row_done(self, row: int) -> None:
        """Delete a settled message's row. A database locked for a moment (another connection
        writing) is tried again a few times at once, so the row does not outlive the process and
        get taken, after a stop, for a message lost on its way; failing that, tidy() deletes it."""
        if self.rows is None:
            return
        for pause in (*DELETE_PAUSES, None):
            try:
                await asyncio.to_thread(self.rows.sent, row)
                return
            except StoreError:
                if pause is None:
                    self._leftover.append(row)
                    return
                await asyncio.sleep(pause)


async def _sleep_or_wake(seconds: float, wake: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(wake.wait(), timeout=seconds)
