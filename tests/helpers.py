"""Test helpers: a fake clock, a conversation driver, and Telegram's limits as assertions."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine import ButtonPress, Command, Engine, Response, Text, TimerFired
from bot.engine.actions import PAYLOAD_LIMIT
from bot.engine.replies import MESSAGE_LIMIT, Reply, record, telegram_length
from bot.knowledge import Knowledge


class FakeClock:
    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


_ALLOWED_TAGS = re.compile(r"<(/?)(b|i)>")


def assert_valid_reply(reply: Reply) -> None:
    """What Telegram would reject: too long, bad payloads, unknown or unbalanced tags."""
    assert 0 < telegram_length(reply.text) <= MESSAGE_LIMIT
    for row in reply.buttons:
        for button in row:
            assert 1 <= len(button.payload.encode()) <= PAYLOAD_LIMIT
            assert button.label.strip()
    stripped = _ALLOWED_TAGS.sub("", reply.html)
    assert "<" not in stripped and ">" not in stripped, "unescaped or unsupported markup"
    stack: list[str] = []
    for closing, tag in _ALLOWED_TAGS.findall(reply.html):
        if closing:
            assert stack and stack.pop() == tag, "unbalanced tags"
        else:
            stack.append(tag)
    assert not stack, "unclosed tag"


class Conversation:
    """Drives the engine like a person would: type, press a button by its label, wait."""

    def __init__(self, engine: Engine, user_id: int = 1, *, group: bool = False) -> None:
        self.engine = engine
        self.user_id = user_id
        self.group = group  # the person writes in a group chat (see bot.engine.groups)
        self.last: Response = Response()
        self.shown: list[Reply] = []  # every message on screen, newest last

    def send(self, event: Text | Command | ButtonPress | TimerFired) -> Response:
        self.last = self.engine.handle(self.user_id, event, group=self.group)
        for reply in self.last.replies:
            assert_valid_reply(reply)
        self.shown.extend(self.last.replies)
        return self.last

    def say(self, text: str) -> Response:
        return self.send(Text(text))

    def command(self, name: str, argument: str = "") -> Response:
        return self.send(Command(name, argument))

    def payload_of(self, label: str | Callable[[str], bool]) -> str:
        match = label if callable(label) else (lambda text: text == label)
        for reply in reversed(self.shown):
            for row in reply.buttons:
                for button in row:
                    if match(button.label):
                        return button.payload
        raise AssertionError(f"no button {label!r} on screen")

    def press(self, label: str | Callable[[str], bool]) -> Response:
        return self.send(ButtonPress(self.payload_of(label)))

    @property
    def text(self) -> str:
        return "\n".join(reply.text for reply in self.last.replies)

    @property
    def labels(self) -> list[str]:
        return [label for reply in self.last.replies for label in reply.labels]


SAFETY_CHECK = "do any of these apply"  # the one-screen safety check before a routine


def clear_safety_check(chat: Conversation) -> None:
    """Answer a routine's safety check "None of these" (and any single question left "No")."""
    while SAFETY_CHECK in chat.text or "Safety check" in chat.text:
        chat.press("✓ None of these" if SAFETY_CHECK in chat.text else "No")


def tick_safety_check(chat: Conversation, *labels: str) -> None:
    """Answer a routine's safety check "One or more", tick the lines whose buttons name each of
    ``labels`` (case aside), and press Done."""
    chat.press("One or more")
    for wanted in labels:
        chat.press(lambda label, wanted=wanted: label.startswith("☐") and wanted.lower() in label.lower())
    chat.press("✓ Done")


def at_safety_check(chat: Conversation, request: str) -> str:
    """Ask for a routine and press ▶ Start: its one-screen safety check, as the person reads it."""
    chat.say(request)
    chat.press("▶ Start")
    assert SAFETY_CHECK in chat.text
    return chat.text


def at_step(chat: Conversation, request: str, number: int) -> str:
    """Start a routine, clear its safety check, skip the rating and go to step ``number``;
    the step's screen as the person reads it."""
    at_safety_check(chat, request)
    clear_safety_check(chat)
    chat.press("Skip")
    for _ in range(number - 1):
        chat.press("Next ▶")
    assert f"Step {number} of" in chat.text
    return chat.text


CRISIS_LINES = ("116 123", "988")
EMERGENCY_NUMBERS = ("112", "999", "911")


def assert_crisis_support(reply: dict[str, object], routines: set[str]) -> None:
    """The crisis reply, with its support lines and none of ``routines`` (their buttons) offered."""
    assert (reply["kind"], reply["id"], reply["severity"]) == ("safety", "crisis", "emergency"), reply["why"]
    for line in CRISIS_LINES:
        assert line in str(reply["text"]), line
    assert not routines & set(reply["buttons"]), reply["buttons"]  # type: ignore[arg-type]


def assert_no_warning(reply: dict[str, object]) -> None:
    """No red flag, no "if this is happening now" card and no crisis line in a recorded reply."""
    assert reply["severity"] is None, reply["why"]
    assert not str(reply["id"]).startswith("now-"), reply["why"]
    assert not any(line in str(reply["text"]) for line in CRISIS_LINES), reply["why"]


def said(engine: Engine, text: str, user_id: int = 1) -> dict[str, object]:
    """The recorded reply (kind, id, severity, text, buttons, why) to ``text`` from a new person."""
    return dict(record(Conversation(engine, user_id=user_id).say(text)))


def routine_buttons(knowledge: Knowledge) -> set[str]:
    """The buttons that start each routine: what a safety reply must never offer."""
    return {f"▶ {routine.label}" for routine in knowledge.routines}
