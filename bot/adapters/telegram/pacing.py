"""Telegram's budget of messages per second, shared out with replies first.

Telegram takes about 30 messages a second from a bot across all chats (and 20 a minute in one
group). When 10,000 reminders are due at 08:00 that budget is spent for five minutes, and a
person's reply must not wait behind them. So every Bot API call about a chat waits here for its
turn, and turns go by priority: a reply (:data:`REPLY`) before any reminder (:data:`REMINDER`),
first come, first served within each. A call also needs a place among the calls in flight (a
few at a time: more cost CPU in httpx's connection pool for nothing); one still running after
SLOW_CALL seconds gives its place up, so a slow chat cannot keep the others waiting. When
Telegram answers 429 "retry after", every call waits that long.

The priority of a call is set around it with :func:`priority` (a context variable, so it follows
the call through python-telegram-bot into :meth:`PriorityRateLimiter.process_request`), with what
to do once the turn has come, just before the call is made: the outbox marks a message started
then (:meth:`bot.engine.stores.Outbox.start`), so a message still waiting for its turn when the
process dies is not taken for one that may have arrived. Calls about no chat (getUpdates, inline
answers, button answers) are not held up.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import time
import warnings
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextvars import ContextVar
from datetime import timedelta
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

REPLY, REMINDER = 0, 1
SLOTS = 4  # calls in flight at once
SLOW_CALL = 1.0  # seconds after which a call gives up its place
GROUP_RATE = (20, 60.0)  # messages per seconds in one group, Telegram's documented limit

_PRIORITY: ContextVar[int] = ContextVar("priority", default=REPLY)
_ON_TURN: ContextVar[Callable[[], Awaitable[None]] | None] = ContextVar("on_turn", default=None)


@contextlib.contextmanager
def priority(level: int, on_turn: Callable[[], Awaitable[None]] | None = None) -> Iterator[None]:
    """Calls made in this block (in this task) wait for their turn at ``level``. ``on_turn`` is
    awaited once, when the first of them has its turn, before it is made; what it raises stops
    that call."""
    tokens = _PRIORITY.set(level), _ON_TURN.set(on_turn)
    try:
        yield
    finally:
        _ON_TURN.reset(tokens[1])
        _PRIORITY.reset(tokens[0])


class Turns:
    """Tokens at ``rate`` a second (a second's worth may be saved up; 0: no limit) and
    ``slots`` places, handed out by priority, then in order of asking."""

    def __init__(self, rate: float, slots: int = SLOTS, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.clock = clock
        self._capacity = max(1.0, rate)
        self._tokens = self._capacity
        self._filled = clock()
        self._free = slots
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._paused_until = 0.0
        self._timer: asyncio.TimerHandle | None = None

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def waiting_at(self, level: int) -> int:
        return sum(1 for entry in self._waiting if entry[0] == level and not entry[2].done())

    async def take(self, level: int) -> None:
        """Wait for a token and a place; give the place back with :meth:`give_back`."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiting, (level, next(self._order), future))
        self._pump()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.give_back()  # it had its turn already
            raise

    def give_back(self) -> None:
        self._free += 1
        self._pump()

    def pause(self, seconds: float) -> None:
        """No turns for ``seconds`` (Telegram asked to wait)."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)
        self._pump()

    def _pump(self) -> None:
        now = self.clock()
        if self.rate:
            self._tokens = min(self._capacity, self._tokens + (now - self._filled) * self.rate)
        self._filled = now
        while self._waiting and self._waiting[0][2].done():  # cancelled while waiting
            heapq.heappop(self._waiting)
        while self._waiting and self._free > 0 and now >= self._paused_until and (not self.rate or self._tokens >= 1):
            _, _, future = heapq.heappop(self._waiting)
            if future.done():
                continue
            self._free -= 1
            if self.rate:
                self._tokens -= 1
            future.set_result(None)
        if self._waiting and self._free > 0 and self._timer is None:
            wait = max(self._paused_until - now, (1 - self._tokens) / self.rate if self.rate else 0.0, 0.001)
            self._timer = asyncio.get_running_loop().call_later(wait, self._wake)

    def _wake(self) -> None:
        self._timer = None
        self._pump()


class PriorityRateLimiter(BaseRateLimiter[int]):
    """python-telegram-bot's rate limiter hook, with :class:`Turns` behind it."""

    def __init__(self, rate: float, slots: int = SLOTS) -> None:
        self.turns = Turns(rate, slots)
        self._groups: dict[int | str, AsyncLimiter] = {}

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat = data.get("chat_id")
        if chat is None:
            return await callback(*args, **kwargs)
        group = self._group(chat)
        async with group if group is not None else contextlib.nullcontext():
            await self.turns.take(_PRIORITY.get())
            place = _Place(self.turns)
            slow = asyncio.get_running_loop().call_later(SLOW_CALL, place.give_up)
            try:
                if (on_turn := _ON_TURN.get()) is not None:
                    _ON_TURN.set(None)  # once: the calls after it are part of the same message
                    await on_turn()
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                self.turns.pause(retry_after_seconds(error))
                raise
            finally:
                slow.cancel()
                place.give_up()

    def _group(self, chat: object) -> AsyncLimiter | None:
        """The limiter of a group's chat (negative ids and @names); None for a person's chat."""
        with contextlib.suppress(TypeError, ValueError):
            chat = int(chat)  # type: ignore[call-overload]
        if isinstance(chat, int) and chat > 0:
            return None
        key = chat if isinstance(chat, int | str) else str(chat)
        if len(self._groups) > 512:  # forget groups that have been quiet for a while
            self._groups = {k: v for k, v in self._groups.items() if not v.has_capacity(v.max_rate)}
        limiter = self._groups.get(key)
        if limiter is None:
            limiter = self._groups[key] = AsyncLimiter(*GROUP_RATE)
        return limiter


class _Place:
    """A place among the calls in flight, given back once: when the call ends or turns out slow."""

    def __init__(self, turns: Turns) -> None:
        self._turns: Turns | None = turns

    def give_up(self) -> None:
        if self._turns is not None:
            self._turns.give_back()
            self._turns = None


def retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # python-telegram-bot 22 warns that the int form is going away
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
