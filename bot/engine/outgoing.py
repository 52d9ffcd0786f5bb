"""Messages to send (:class:`bot.engine.replies.Outgoing`) as they wait in the outbox
(:class:`bot.engine.stores.Outbox`).

An event's replies are written to the outbox in the same transaction as what the event changed
(the transactional outbox pattern), so after a crash what was decided is still sent, once. A
message is a :class:`bot.engine.replies.Reply` with where it goes: the chat, and what the adapter
needs to deliver it (``context``: in Telegram, the message a reply edits or answers), which the
engine keeps without reading. :func:`dumps` and :func:`loads` turn it into text and back for a
store to keep; a store never looks inside.
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

from bot.engine.actions import decode, deep_link
from bot.engine.replies import Address, Button, File, Keyboard, Kind, Outgoing, Reply

log = logging.getLogger(__name__)


def dumps(message: Outgoing) -> str:
    """``message`` as text (JSON) for the outbox; its id is the row's and is not included."""
    reply = message.reply
    body: dict[str, Any] = {
        "user": message.user_id,
        "chat": message.chat_id,
        "kind": message.kind,
        "context": dict(message.context),
        "html": reply.html,
        "buttons": [[[button.label, button.payload, button.private] for button in row] for row in reply.buttons],
    }
    if reply.edit:
        body["edit"] = True
    if reply.picture is not None:
        body["picture"] = reply.picture
    if reply.notice:
        body["notice"] = True
    if reply.file is not None:
        data = base64.b64encode(reply.file.data).decode("ascii")
        body["file"] = {"name": reply.file.name, "kind": reply.file.kind, "data": data}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def loads(text: str, row_id: int | None = None) -> Outgoing:
    """The message :func:`dumps` wrote (ValueError if ``text`` is not one). A button whose
    payload this version no longer reads is left out."""
    try:
        body = json.loads(text)
        file = body.get("file")
        reply = Reply(
            html=body["html"],
            buttons=_keyboard(body["buttons"]),
            edit=bool(body.get("edit", False)),
            picture=body.get("picture"),
            notice=bool(body.get("notice", False)),
            file=File(file["name"], base64.b64decode(file["data"]), file["kind"]) if file else None,
        )
        kind: Kind = "reminder" if body["kind"] == "reminder" else "reply"
        return Outgoing(int(body["user"]), int(body["chat"]), reply, kind, dict(body["context"]), row_id)
    except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a message from the outbox ({type(exc).__name__})") from exc


def _keyboard(rows: list[list[list[Any]]]) -> Keyboard:
    keyboard = []
    for row in rows:
        buttons = []
        for label, payload, private in row:
            action = deep_link(payload) if private else decode(payload)
            if action is None:
                log.warning("a waiting message's button is no longer understood; it is left out")
                continue
            buttons.append(Button(label, action, private=bool(private)))
        if buttons:
            keyboard.append(tuple(buttons))
    return tuple(keyboard)


__all__ = ["Address", "Outgoing", "dumps", "loads"]
