"""The conversation engine, free of Telegram: events in, replies with buttons out."""

from bot.engine.engine import Engine
from bot.engine.events import Attachment, ButtonPress, Command, Event, Text, TimerFired
from bot.engine.replies import Button, Meta, Reply, Response
from bot.engine.stores import Storage, StoreBusy, StoreError, StoreUnavailable

__all__ = [
    "Attachment",
    "Button",
    "ButtonPress",
    "Command",
    "Engine",
    "Event",
    "Meta",
    "Reply",
    "Response",
    "Storage",
    "StoreBusy",
    "StoreError",
    "StoreUnavailable",
    "Text",
    "TimerFired",
]
