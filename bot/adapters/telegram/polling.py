"""Long polling that outlasts what the Bot API and the network do; it replaces python-telegram-bot's
Updater in polling mode.

The Updater ends polling for good at a single 401 or 404 answer while the process lives on doing
nothing, and an update it cannot read makes it fetch the same batch again in a tight loop. Here:

* every failure is retried with growing pauses (0.5 s up to 30 s), each with a log line saying
  why; when the token has been rejected (401/404) with no success for ``give_up_after``
  seconds, :class:`TokenRejected` ends the bot, so a supervisor restarts it and the operator
  reads why;
* each update is read on its own (:mod:`.intake`): one that cannot be read is logged by id,
  counted, and skipped;
* each batch is written to the inbox before it is confirmed to Telegram (by asking for the next
  offset), so nothing fetched is lost in a crash.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import warnings
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Bot, Update
from telegram.error import Conflict, EndPointNotFound, InvalidToken, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

from bot.adapters.telegram.intake import Intake
from bot.adapters.telegram.logs import describe
from bot.engine.stores import StoreError

log = logging.getLogger(__name__)
T = TypeVar("T")

POLL_TIMEOUT = 10  # seconds Telegram holds a getUpdates call open while there is nothing new
PAUSES = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0)  # after consecutive failures; the last repeats
QUICKEST_EMPTY_POLL = 0.5  # seconds; an empty answer sooner than this means no long polling

# getUpdates is called through Bot.do_api_request to get the raw updates (Bot.get_updates reads
# them all at once, and fails for all when one cannot be read); the library warns about that.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)


class TokenRejected(Exception):
    """The Bot API has rejected the token for longer than the bot waits for it to come back."""


class _Stopped(Exception):
    pass


class Poller:
    def __init__(
        self,
        bot: Bot,
        intake: Intake,
        *,
        give_up_after: float,
        read_timeout: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot = bot
        self.intake = intake
        self.give_up_after = give_up_after
        self.read_timeout = read_timeout
        self.clock = clock
        self._failures = 0
        self._rejected_since: float | None = None
        self._stop = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set; raises TokenRejected when the token is refused for good."""
        self._stop = stop
        offset: int | None = None
        webhook_removed = False
        while not stop.is_set():
            started = self.clock()
            try:
                if not webhook_removed:  # polling is refused while a webhook is set
                    await self._until_stopped(self.bot.delete_webhook())
                    webhook_removed = True
                batch = await self._until_stopped(self._fetch(offset))
            except _Stopped:
                break
            except Exception as error:
                await self._pause_after(error)
                continue
            self._failures, self._rejected_since = 0, None
            if batch:
                offset = await self._take(batch, offset)
            elif self.clock() - started < QUICKEST_EMPTY_POLL:
                await self._pause(PAUSES[0])  # something answers without long polling: do not spin
        await self._confirm(offset)

    # --- fetching -----------------------------------------------------------------------------

    async def _fetch(self, offset: int | None) -> list[Any]:
        result = await self.bot.do_api_request(
            "getUpdates",
            api_kwargs={"offset": offset, "timeout": POLL_TIMEOUT, "allowed_updates": list(Update.ALL_TYPES)},
            read_timeout=POLL_TIMEOUT + self.read_timeout,
        )
        if not isinstance(result, list):
            raise TelegramError("getUpdates answered with something other than a list")
        return result

    async def _confirm(self, offset: int | None) -> None:
        """Tell Telegram, on the way out, that everything fetched has been taken."""
        if offset is None:
            return
        try:
            await self.bot.do_api_request("getUpdates", api_kwargs={"offset": offset, "timeout": 0}, read_timeout=5)
        except TelegramError as error:
            log.info(
                "could not confirm the last updates on stopping (%s); they are recognised next time", describe(error)
            )

    async def _take(self, batch: list[Any], offset: int | None) -> int | None:
        """Keep the batch in the inbox, which hands each new, readable update on; the next offset."""
        with_id = [raw for raw in batch if isinstance(raw, dict) and isinstance(raw.get("update_id"), int)]
        if len(with_id) < len(batch):
            self.intake.skipped += len(batch) - len(with_id)
            log.error("skipped %d update(s) without an update id", len(batch) - len(with_id))
        if not with_id:
            await self._pause(PAUSES[-1])  # nothing to confirm them by: ask again, slowly
            return offset
        try:
            await self.intake.keep(with_id)
        except StoreError as error:
            cause = describe(error.__cause__ or error)
            log.error("could not write updates to the inbox (%s); a crash now would lose them", cause)
            for raw in with_id:
                await self.intake.hand_on(raw)
        return max(int(raw["update_id"]) for raw in with_id) + 1

    # --- failures -----------------------------------------------------------------------------

    async def _pause_after(self, error: Exception) -> None:
        pause = PAUSES[min(self._failures, len(PAUSES) - 1)]
        self._failures += 1
        if isinstance(error, InvalidToken | EndPointNotFound):
            if isinstance(error, EndPointNotFound) and isinstance(error.__cause__, InvalidToken):
                error = error.__cause__  # the library reads a 404 as "no such method" once started
            now = self.clock()
            self._rejected_since = self._rejected_since or now
            rejected_for = now - self._rejected_since
            if rejected_for >= self.give_up_after:
                raise TokenRejected(f"{describe(error)}, for {rejected_for:.0f} s") from error
            problem = f"the Bot API rejects the bot token ({describe(error)}); stopping if it still does in"
            problem += f" {self.give_up_after - rejected_for:.0f} s"
        elif isinstance(error, RetryAfter):
            pause = max(pause, 1.0)
            problem = "the Bot API asks to wait (429)"
        elif isinstance(error, Conflict):
            problem = f"polling was refused ({describe(error)}): is another copy of the bot running?"
        elif isinstance(error, TelegramError):
            problem = f"getting updates failed ({describe(error)})"
        else:
            log.error("getting updates failed unexpectedly", exc_info=error)
            problem = f"getting updates failed ({describe(error)})"
        log.warning("%s; trying again in %.1f s", problem, pause)
        await self._pause(pause)

    async def _pause(self, seconds: float) -> None:
        """Sleep, but wake at once when the bot is asked to stop."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)

    async def _until_stopped(self, call: Awaitable[T]) -> T:
        task = asyncio.ensure_future(call)
        stopping = asyncio.ensure_future(self._stop.wait())
        try:
            await asyncio.wait((task, stopping), return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
        if not task.done():
            task.cancel()
            raise _Stopped
        return task.result()
