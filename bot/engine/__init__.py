"""The conversation engine, free of Telegram: events in, replies with buttons out."""

from bot.engine.engine import Engine
from bot.engine.events import Attachment, ButtonPress, Command, Event, Text, TimerFired
from bot.engine.replies import Button, Meta, Reply, Response
from bot.engine.store import MemoryStore, SqliteStore, StateStore, StoreBusy, StoreUnavailable

__all__ = [
    "Attachment",
    "Button",
    "ButtonPress",
    "Command",
    "Engine",
    "Event",
    "MemoryStore",
    "Meta",
    "Reply",
    "Response",
    "SqliteStore",
    "StateStore",
    "StoreBusy",
    "StoreUnavailable",
    "Text",
    "TimerFired",
]
