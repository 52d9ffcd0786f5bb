"""What the engine answers with: messages in Telegram's HTML subset, with rows of buttons.

Text is built with :func:`esc`, :func:`bold` and :func:`formatted` so every piece of knowledge
text is escaped; only ``<b>`` and ``<i>`` tags are ever produced. :func:`plain` gives the text as
a person reads it, which is also what Telegram counts against its 4,096-character limit.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypedDict

from bot.engine.actions import Action, encode, link

MESSAGE_LIMIT = 4096  # characters after entity parsing, counted in UTF-16 code units
CAPTION_LIMIT = 1024
_TAG = re.compile(r"</?(?:b|i)>")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
BULLET = "• "  # Telegram's HTML has no list tags, so a list is lines that start with a bullet


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def bold(text: str) -> str:
    return f"<b>{esc(text)}</b>"


def italic(text: str) -> str:
    return f"<i>{esc(text)}</i>"


def formatted(text: str) -> str:
    """A curator's answer as HTML: paragraphs, and lists written as lines starting with "- ".

    A blank line starts a paragraph and a line starting with "- " a bullet. Any other line break
    is a space, so long lines can be wrapped in the YAML; only an unindented line right after a
    bullet starts a line of its own (the next heading or sentence after a list).
    """
    paragraphs = []
    for block in _BLANK_LINE.split(text.strip()):
        lines: list[str] = []
        in_list = False
        for raw in block.split("\n"):
            line = raw.strip()
            if line.startswith("- "):
                lines.append(BULLET + line[2:].lstrip())
                in_list = True
            elif lines and line and (raw[:1].isspace() or not in_list):
                lines[-1] += " " + line
            elif line:
                lines.append(line)
                in_list = False
        paragraphs.append("\n".join(esc(line) for line in lines))
    return "\n\n".join(paragraphs)


def plain(markup: str) -> str:
    """The text a person sees for ``markup`` (tags removed, entities decoded)."""
    return html.unescape(_TAG.sub("", markup))


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji may count as two)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class Button:
    """A button and what pressing it does; ``payload`` is the action as Telegram carries it.

    A ``private`` button is a link that opens the person's private chat with the bot, where the
    action is done (a deep link; its payload is the /start argument): how a group hands
    something personal over to the private chat.
    """

    label: str
    action: Action
    private: bool = False
    payload: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Either raises if the action cannot travel this way (too long, or no deep link for it).
        object.__setattr__(self, "payload", link(self.action) if self.private else encode(self.action))


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class File:
    """A picture or document made for one person: the progress chart, the diary as CSV. It goes
    with its message (which becomes its caption, so at most 1,024 characters)."""

    name: str
    data: bytes = field(repr=False)
    kind: Literal["photo", "document"] = "photo"


@dataclass(frozen=True)
class Reply:
    """One message. ``edit`` asks to replace the message whose button was pressed."""

    html: str
    buttons: Keyboard = ()
    edit: bool = False
    picture: str | None = None  # id of the point whose diagram belongs with this message
    notice: bool = False  # a side note (the disclaimer), not the answer itself
    file: File | None = None  # sent with this message as its caption

    @property
    def text(self) -> str:
        return plain(self.html)

    @property
    def labels(self) -> list[str]:
        return [button.label for row in self.buttons for button in row]


@dataclass(frozen=True)
class Suggestion:
    """An entry offered under "Did you mean…", as `kneebot ask --json` reports it."""

    id: str
    title: str
    score: float


# The id of a fallback that shows the routine's screen again (a message the screen could not
# read): the screen is on show, so the person has not gone away from it.
SCREEN_AGAIN = "at-screen"

# The id of the choices offered for oneself after something for the person one helps ("and for
# me?"): a choice the conversation offers, not the matcher's "Did you mean".
FOR_ONESELF = "for-oneself"


@dataclass(frozen=True)
class Meta:
    """What the engine decided, for `kneebot ask --json`, evaluation and logs."""

    # point, faq, routine, safety, smalltalk, clarify, fallback, data (/mydata, /forget), practice
    # (reminders, the diary, progress), or "flow" for routine steps
    kind: str
    id: str | None = None
    title: str | None = None
    score: float = 0.0
    candidates: tuple[Suggestion, ...] = ()
    severity: str | None = None
    section: str | None = None
    # Why: the red flag's evidence, or each leading candidate's word and meaning scores.
    why: tuple[str, ...] = ()
    topic: bool = False  # an answer about an entry, which follow-ups may be about
    declined: str | None = None  # why a message understood was declined ("animal": a pet's, the vet's)
    step: int | None = None  # the routine step the answer shows or is about


@dataclass(frozen=True)
class Card:
    """A shareable answer for inline mode ("@bot sp10" in any chat)."""

    id: str
    title: str
    description: str
    html: str
    picture: str | None = None


@dataclass(frozen=True)
class TimerRequest:
    token: str
    seconds: int


@dataclass(frozen=True)
class Response:
    replies: tuple[Reply, ...] = ()
    meta: Meta = field(default_factory=lambda: Meta(kind="flow"))
    timer: TimerRequest | None = None  # deliver TimerFired(token) after this many seconds
    cancel_timers: bool = False  # forget any timer requested earlier for this person
    note: str | None = None  # a short pop-up note for a pressed button ("Already on step 3")
    reminders_changed: bool = False  # schedule this person's reminders again (Engine.reminder_jobs)
    # The replies as messages to send, when the adapter gave an address: with their outbox rows
    # when the store wrote them with the event (bot.engine.outgoing).
    outgoing: tuple[Outgoing, ...] = ()


Kind = Literal["reply", "reminder"]  # replies go before reminders
Context = Mapping[str, int | str | bool | None]


@dataclass(frozen=True)
class Address:
    """Where an event's replies go: the chat, and the adapter's own delivery details."""

    chat_id: int
    context: Context = field(default_factory=dict)


@dataclass(frozen=True)
class Outgoing:
    """One message for ``chat_id`` on behalf of ``user_id`` (whose /forget removes it), as it
    waits in the outbox (see :mod:`bot.engine.outgoing`).

    ``id`` is its row in the outbox once a store has written it; None when it was not written
    (an event that changed nothing: it is delivered from memory, and its update stays in the
    inbox until it has been, so a crash only means handling the update again).
    """

    user_id: int
    chat_id: int
    reply: Reply
    kind: Kind = "reply"
    context: Context = field(default_factory=dict)
    id: int | None = None


def rows(buttons: list[Button], per_row: int) -> Keyboard:
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


def fit(markup: str, buttons: Keyboard = (), *, edit: bool = False, picture: str | None = None) -> list[Reply]:
    """``markup`` as one Reply, or several when it is longer than a Telegram message.

    Splits between paragraphs (never inside a tag, since every paragraph closes its own tags);
    a single paragraph too long on its own is cut at a word boundary with an ellipsis. Buttons go
    with the last message, so they stay under the end of the answer.
    """
    chunks: list[str] = []
    current = ""
    for paragraph in markup.split("\n\n"):
        paragraph = _trim(paragraph)
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if telegram_length(plain(candidate)) <= MESSAGE_LIMIT:
            current = candidate
        else:
            chunks.append(current)
            current = paragraph
    chunks.append(current)
    chunks = [chunk for chunk in chunks if chunk.strip()] or ["…"]
    last = len(chunks) - 1
    return [
        Reply(
            chunk,
            buttons if i == last else (),
            edit=edit and i == 0,
            picture=picture if i == 0 else None,
        )
        for i, chunk in enumerate(chunks)
    ]


def split_caption(markup: str, limit: int = CAPTION_LIMIT) -> tuple[str, str]:
    """Split ``markup`` between paragraphs into a photo caption of at most ``limit`` characters
    and the rest (possibly empty), which follows as a text message."""
    caption = ""
    paragraphs = markup.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        candidate = f"{caption}\n\n{paragraph}" if caption else paragraph
        if telegram_length(plain(candidate)) > limit:
            if not caption:  # even the first paragraph is too long: no caption, all text
                return "", markup
            return caption, "\n\n".join(paragraphs[index:])
        caption = candidate
    return caption, ""


def _trim(paragraph: str) -> str:
    """Cut a paragraph that alone exceeds the limit; its tags are dropped to keep it valid."""
    if telegram_length(plain(paragraph)) <= MESSAGE_LIMIT:
        return paragraph
    text = plain(paragraph)
    while telegram_length(text) > MESSAGE_LIMIT - 1:
        text = text[: int(len(text) * 0.9)].rsplit(" ", 1)[0]
    return esc(text) + "…"


class SuggestionRecord(TypedDict):
    id: str
    title: str
    score: float


class ResponseRecord(TypedDict):
    """What `kneebot ask --json` prints per question."""

    kind: str
    id: str | None
    title: str | None
    score: float
    text: str
    buttons: list[str]
    candidates: list[SuggestionRecord]
    severity: str | None
    section: str | None
    why: list[str]


def record(response: Response) -> ResponseRecord:
    """A response as one JSON-ready object: what `kneebot ask --json` prints per question."""
    answers = [reply for reply in response.replies if not reply.notice]
    meta = response.meta
    return {
        "kind": meta.kind,
        "id": meta.id,
        "title": meta.title,
        "score": round(min(meta.score, 100.0), 1),
        "text": "\n\n".join(reply.text for reply in answers) or (response.note or ""),
        "buttons": [label for reply in answers for label in reply.labels],
        "candidates": [{"id": c.id, "title": c.title, "score": round(min(c.score, 100.0), 1)} for c in meta.candidates],
        "severity": meta.severity,
        "section": meta.section,
        "why": list(meta.why),
    }
