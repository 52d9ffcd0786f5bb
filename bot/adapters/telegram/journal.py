"""The inbox (:class:`bot.engine.stores.Inbox`) as the adapter uses it: updates are kept there as
they arrive, by polling or webhook, and their bodies deleted once they have been handled and
their replies have settled, so that after a crash only unfinished ones are handled again."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterable
from typing import Any

from bot.adapters.telegram.logs import describe
from bot.engine.stores import Inbox, Incoming, StoreError

log = logging.getLogger(__name__)

TAKE_OVER = 1000  # updates claimed at once from an instance that stopped


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
        self._watched: dict[int, asyncio.Event] = {}  # updates someone waits to see finished

    async def keep(self, updates: list[Incoming]) -> list[Incoming]:
        """Write ``updates`` to the inbox; those not seen before. StoreError if it cannot."""
        if self.inbox is None:
            return updates
        return await asyncio.to_thread(self.inbox.add, self.bot_id, updates)

    async def unfinished(self) -> list[dict[str, Any]]:
        """Updates taken in before a stop (this instance's or another's) and not finished, now
        claimed to be handled here."""
        if self.inbox is None:
            return []
        try:
            claimed = await asyncio.to_thread(self.inbox.claim, self.bot_id, TAKE_OVER)
        except StoreError as error:
            log.error("could not read the inbox (%s); unfinished updates wait", describe(error.__cause__ or error))
            return []
        if claimed:
            log.info("handling %d update(s) taken in but not finished before a stop", len(claimed))
        return [json.loads(update.body) for update in claimed]

    def watch(self, update_ids: Iterable[int]) -> list[asyncio.Event]:
        """Events set when each of ``update_ids`` has been handled (its replies queued)."""
        return [self._watched.setdefault(update_id, asyncio.Event()) for update_id in update_ids]

    def expect(self, update_id: int, settled: Iterable[asyncio.Future[bool]]) -> None:
        if self.inbox is not None:
            self._expected.setdefault(update_id, []).extend(settled)

    def finished(self, update_id: int) -> None:
        if (watched := self._watched.pop(update_id, None)) is not None:
            watched.set()
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

    async def mark_done(self, update_ids: list[int]) -> None:
        if self.inbox is None or not update_ids:
            return
        try:
            await asyncio.to_thread(self.inbox.done, self.bot_id, update_ids)
        except StoreError as error:
            log.error(
                "could not mark update(s) done in the inbox (%s); they may be handled again",
                describe(error.__cause__ or error),
            )

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
        try:
            while self._due:
                due, self._due = self._due, []
                await self.mark_done(due)
        finally:
            self._writer = None
