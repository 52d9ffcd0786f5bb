"""Marking updates done in the inbox (:mod:`bot.storage.sqlite.inbox`) once they have been
handled and their replies have settled, so that after a crash only unfinished ones are handled
again."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable

from bot.adapters.telegram.logs import describe
from bot.engine.stores import StoreError
from bot.storage.sqlite.inbox import Inbox

log = logging.getLogger(__name__)


class Journal:
    """Marks an update done in the inbox once it has been handled and its replies have settled.

    Handlers report the replies an update produced (:meth:`expect`); the update processor reports
    when the handlers have finished with it (:meth:`finished`). Done marks are written in the
    background, each write taking every update that settled while the previous one ran. Without
    an inbox (webhook mode) it does nothing.
    """

    def __init__(self, inbox: Inbox | None) -> None:
        self.inbox = inbox
        self._expected: dict[int, list[asyncio.Future[bool]]] = {}
        self._due: list[int] = []  # settled, not yet marked
        self._writer: asyncio.Task[None] | None = None

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

    async def mark_done(self, update_ids: list[int]) -> None:
        if self.inbox is None or not update_ids:
            return
        try:
            await asyncio.to_thread(self.inbox.done, update_ids)
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
