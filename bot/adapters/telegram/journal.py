"""The inbox (:class:`bot.engine.stores.Inbox`) as the adapter uses it: updates are kept there as
they arrive, by polling or webhook, and their bodies deleted once they have been handled and
their replies have settled, so that after a crash only unfinished ones are handled again.

The inbox hands each person's updates out one after another, across instances: an update that
arrives while an earlier one of the same person is with another instance waits in the inbox,
and whoever marks that earlier one done takes it next. Whatever the inbox hands this instance
(as an update arrives, as one is marked done, or as work left by others is taken over) is put
on the update queue before the inbox is asked again, so updates reach the per-person update
processor in the order the inbox gave them out."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from bot.adapters.telegram.logs import describe
from bot.engine.stores import Inbox, Incoming, StoreError

log = logging.getLogger(__name__)

TAKE_OVER = 1000  # updates claimed at once from an instance that stopped
RETRY_PAUSE = 1.0  # seconds before done marks that could not be written are tried again


class Journal:
    """Keeps updates in the inbox and marks each done once it has been handled and its replies
    have settled.

    Handlers report the replies an update produced (:meth:`expect`); the update processor reports
    when the handlers have finished with it (:meth:`finished`). Done marks are written in the
    background, each write taking every update that settled while the previous one ran. Without
    an inbox it does nothing.
    """

    def __init__(self, inbox: Inbox | None, bot_id: int = 0) -> None:
        self.inbox = inbox
        self.bot_id = bot_id
        self._expected: dict[int, list[asyncio.Future[bool]]] = {}
        self._due: list[int] = []  # settled, not yet marked
        self._writer: asyncio.Task[None] | None = None
        # Puts an update this instance takes on the update queue (set once the intake exists).
        self.hand_on: Callable[[dict[str, Any]], Awaitable[None]] = _nowhere
        self._taking = asyncio.Lock()  # one call that takes updates at a time, with its handing on

    async def keep(self, updates: list[dict[str, Any]]) -> None:
        """Write ``updates`` to the inbox and hand on those this instance is to handle now (see
        :meth:`bot.engine.stores.Inbox.add`). StoreError if it cannot: nothing is handed on."""
        if self.inbox is None:
            for update in updates:
                await self.hand_on(update)
            return
        given = {update["update_id"]: update for update in updates}
        async with self._taking:
            taken = await asyncio.to_thread(self.inbox.add, self.bot_id, [Incoming.of(raw) for raw in updates])
            await self._hand_on(taken, given)

    async def unfinished(self) -> int:
        """Take and hand on the updates left unfinished by an instance that stopped (this one or
        another) or left waiting for their turn; how many."""
        if self.inbox is None:
            return 0
        async with self._taking:
            try:
                claimed = await asyncio.to_thread(self.inbox.claim, self.bot_id, TAKE_OVER)
            except StoreError as error:
                log.error("could not read the inbox (%s); unfinished updates wait", describe(error.__cause__ or error))
                return 0
            if claimed:
                log.info("handling %d update(s) left unfinished or waiting for their turn", len(claimed))
            await self._hand_on(claimed)
        return len(claimed)

    async def _hand_on(self, taken: list[Incoming], given: dict[int, dict[str, Any]] | None = None) -> None:
        for update in taken:
            await self.hand_on((given or {}).get(update.update_id) or json.loads(update.body))

    def expect(self, update_id: int, settled: Iterable[asyncio.Future[bool]]) -> None:
        if self.inbox is not None:
            self._expected.setdefault(update_id, []).extend(settled)

    def finished(self, update_id: int) -> None:
        if self.inbox is None:
            return
        waiting = [future for future in self._expected.pop(update_id, []) if not future.done()]
        if not waiting:
            self._settled(update_id)
            return
        left = len(waiting)

        def one_settled(_: asyncio.Future[bool]) -> None:
            nonlocal left
            left -= 1
            if not left:
                self._settled(update_id)

        for future in waiting:
            future.add_done_callback(one_settled)

    async def mark_done(self, update_ids: list[int]) -> bool:
        """Mark ``update_ids`` done and hand on the updates that were waiting behind them; False
        when the inbox could not be written."""
        if self.inbox is None or not update_ids:
            return True
        async with self._taking:
            try:
                following = await asyncio.to_thread(self.inbox.done, self.bot_id, update_ids)
            except StoreError as error:
                log.error(
                    "could not mark update(s) done in the inbox (%s); trying again", describe(error.__cause__ or error)
                )
                return False
            await self._hand_on(following)
        return True

    async def close(self, grace: float = 2.0) -> None:
        """Write the done marks that are due; replies that never settled leave their updates
        unfinished, to be handled again after a restart."""
        if self._writer is not None:
            await asyncio.wait([self._writer], timeout=grace)

    def _settled(self, update_id: int) -> None:
        self._due.append(update_id)
        if self._writer is None:
            self._writer = asyncio.create_task(self._write())

    async def _write(self) -> None:
        """Until every settled update is marked: an update left unmarked would keep its person's
        next updates waiting."""
        try:
            while self._due:
                due, self._due = self._due, []
                if not await self.mark_done(due):
                    self._due = due + self._due
                    await asyncio.sleep(RETRY_PAUSE)
        finally:
            self._writer = None


async def _nowhere(update: dict[str, Any]) -> None:
    raise RuntimeError("the journal was given no update queue")
