"""Updates coming in, by polling or by webhook: kept in the inbox first, then handed to
python-telegram-bot's update queue, each update id once.

An update is read on its own: one python-telegram-bot cannot read is logged by id, counted,
marked done and skipped, and never holds up the others.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot, Update

from bot.adapters.telegram.journal import Journal
from bot.adapters.telegram.logs import describe

log = logging.getLogger(__name__)


class Intake:
    def __init__(self, bot: Bot, updates: asyncio.Queue[object], journal: Journal) -> None:
        self.bot = bot
        self.updates = updates
        self.journal = journal
        self.skipped = 0  # updates that could not be read

    async def keep(self, raw: list[dict[str, Any]]) -> None:
        """Write updates (each with an int ``update_id``) to the inbox, and hand on those this
        instance is to handle now: the new ones that are their sender's turn (see
        :class:`bot.engine.stores.Inbox`), with any of the sender's that waited behind them.
        StoreError when the inbox cannot be written (nothing is handed on then)."""
        await self.journal.keep(raw)

    async def hand_on(self, raw: dict[str, Any]) -> None:
        """Put an update taken in (or taken over from an instance that stopped) on the queue."""
        update_id = raw["update_id"]
        try:
            update = Update.de_json(raw, self.bot)
        except Exception as error:
            self.skipped += 1
            log.warning(
                "skipped update %d, which could not be read (%s); %d skipped so far",
                update_id,
                describe(error),
                self.skipped,
            )
            self.journal.finished(update_id)
            return
        await self.updates.put(update)
