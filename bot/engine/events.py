"""What can happen to a conversation: the person types, sends a command, presses a button, or a
timer the engine asked for runs out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    text: str
    message: str | None = None  # which message it is (in Telegram "<chat id>:<message id>")
    edited: bool = False  # the message was edited after it was sent: read again as a correction


@dataclass(frozen=True)
class Command:
    name: str  # without the slash, lower-case: "start", "stop"
    argument: str = ""  # e.g. the deep-link payload of /start


@dataclass(frozen=True)
class ButtonPress:
    payload: str


@dataclass(frozen=True)
class TimerFired:
    token: str


@dataclass(frozen=True)
class Attachment:
    """Something that is not text: a sticker, photo, voice message, location..."""

    kind: str


Event = Text | Command | ButtonPress | TimerFired | Attachment
