"""A fake Telegram Bot API server for end-to-end tests, on 127.0.0.1 with a random port.

It speaks the real wire format (form-encoded, JSON and multipart bodies; JSON-encoded
reply_markup; ``{"ok": ..., "result": ...}`` answers), queues updates for getUpdates long
polling, records every call, and enforces the Bot API rules the bot must respect:

* message text 1-4096 characters after HTML parsing (counted in UTF-16 units), captions 1024;
* only Telegram's HTML tags, properly nested, with ``<``, ``>`` and ``&`` escaped in text;
* inline buttons with 1-64 bytes of callback_data, or a link (a deep link into the bot's private
  chat carries a /start argument of up to 64 letters, digits, dashes and underscores);
* a reply (``reply_parameters``) to a message that does not exist answers 400, unless asked to be
  sent anyway; the bot's messages that are replies carry ``reply_to_message``, as do the messages
  in callback queries, so the bot can tell whom a message was made for;
* one answerCallbackQuery per callback query;
* editMessageText with unchanged content answers 400 "message is not modified";
* unknown chats answer 400 "chat not found";
* only the bot's own token is accepted (401 otherwise).

Faults on demand, each optionally for one chat only: an error status (401, 404, 429 with
retry_after, 5xx) for the next calls of a method or for a stretch of time; answers held back
until released, or slowed after the call took effect (as when Telegram has done the work but
the answer is slow to arrive); a fixed latency for every call; updates python-telegram-bot cannot
read; and an update delivered again, as Telegram does when the bot never confirmed it.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

TOKEN = "123456789:TEST-fake-token-for-local-tests_0123"
BOT_USER = {
    "id": 999000,
    "is_bot": True,
    "first_name": "Kneebot",
    "username": "kneebot_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
JSON_FIELDS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "results",
    "entities",
    "link_preview_options",
    "scope",
    "reply_parameters",
}
DEEP_LINK = re.compile(rf"https://t\.me/{BOT_USER['username']}\?start=([A-Za-z0-9_-]{{1,64}})")
TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
}
_TOKEN_RE = re.compile(
    r"<(/?)([A-Za-z][A-Za-z-]*)((?:\s+[A-Za-z-]+(?:=\"[^\"]*\"|='[^']*')?)*)\s*>|&(#\d+|#x[0-9A-Fa-f]+|lt|gt|amp|quot);"
)


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def parse_html(text: str) -> str:
    """The plain text Telegram would show for ``text``; ApiError(400) if it would reject it."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    for match in _TOKEN_RE.finditer(text):
        chunk = text[position : match.start()]
        for char in "<>&":
            if char in chunk:
                raise ApiError(400, f"Bad Request: can't parse entities: unescaped {char!r} at byte offset {position}")
        out.append(chunk)
        position = match.end()
        if match.group(4):
            out.append(html.unescape(match.group(0)))
            continue
        closing, tag = match.group(1), match.group(2).lower()
        if tag not in TAGS:
            raise ApiError(400, f'Bad Request: can\'t parse entities: unsupported start tag "{tag}"')
        if closing:
            if not stack or stack.pop() != tag:
                raise ApiError(400, f'Bad Request: can\'t parse entities: unmatched end tag "{tag}"')
        else:
            stack.append(tag)
    tail = text[position:]
    for char in "<>&":
        if char in tail:
            raise ApiError(400, f"Bad Request: can't parse entities: unescaped {char!r}")
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: can't find end tag corresponding to \"{stack[-1]}\"")
    out.append(tail)
    return "".join(out)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    result: Any = None


@dataclass
class StoredMessage:
    chat_id: int
    message_id: int
    text: str | None  # as displayed (entities parsed)
    caption: str | None = None
    photo: str | None = None  # file_id
    document: str | None = None  # file name
    markup: Any = None
    edits: int = 0
    raw_text: str | None = None
    reply_to: int | None = None  # the id of the message (in the same chat) this one replies to

    @property
    def shown(self) -> str:
        """What the person reads: the text, or a photo's caption."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback data) of the buttons that are pressed (not links)."""
        rows = (self.markup or {}).get("inline_keyboard", [])
        return [
            (button["text"], button["callback_data"]) for row in rows for button in row if "callback_data" in button
        ]

    @property
    def links(self) -> list[tuple[str, str]]:
        """(label, URL) of the buttons that are links."""
        rows = (self.markup or {}).get("inline_keyboard", [])
        return [(button["text"], button["url"]) for row in rows for button in row if "url" in button]


_DESCRIPTIONS = {401: "Unauthorized", 404: "Not Found", 502: "Bad Gateway", 503: "Service Unavailable"}


@dataclass
class Failure:
    method: str
    status: int
    remaining: int  # calls still to fail (ignored when ``until`` is set)
    retry_after: int = 1
    chat_id: int | None = None  # only calls about this chat
    until: float | None = None  # fail every call until this time (time.monotonic)

    def applies(self, method: str, chat_id: int | None, now: float) -> bool:
        if self.method not in (method, "*") or (self.chat_id is not None and self.chat_id != chat_id):
            return False
        return now < self.until if self.until is not None else self.remaining > 0


@dataclass
class Slowdown:
    seconds: float
    method: str | None = None


class _Server(ThreadingHTTPServer):
    # The standard library's backlog of 5 pending connections resets the rest when many chats'
    # replies are sent at once; Telegram takes them all.
    request_queue_size = 256


@dataclass
class FakeBotApi:
    token: str = TOKEN
    port: int = 0  # 0: any free port
    latency: float = 0.0  # seconds added to every call but getUpdates (a real network's round trip)
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], StoredMessage] = field(default_factory=dict)
    uploads: list[bytes] = field(default_factory=list)
    answered: Counter[str] = field(default_factory=Counter)  # successful calls per method

    def __post_init__(self) -> None:
        self._cond = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._chats: dict[int, dict[str, Any]] = {}
        self._by_chat: dict[int, list[StoredMessage]] = {}  # chat id -> its messages, oldest first
        self._queries: dict[str, bool] = {}  # callback query id -> answered
        self._failures: list[Failure] = []
        self._slow: dict[int, list[Slowdown]] = {}  # chat id -> delays for its next calls
        self._held: dict[int, threading.Event] = {}  # chat id -> released
        self._waiting: Counter[int] = Counter()  # chat id -> calls hanging on a hold
        self._names: dict[int, dict[str, str]] = {}  # user id -> first_name, username, ...
        self._delivered: dict[int, dict[str, Any]] = {}  # update id -> update, as sent
        self._said: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, message id) -> a user's message
        self._message_of_update: dict[int, int] = {}  # update id -> the id of the user's message in it
        self._again: list[dict[str, Any]] = []  # updates to deliver once more
        self._migrated: dict[int, int] = {}  # group id -> the supergroup it became
        self._faults_added = 0  # a long poll under way ends when faults are added, so they apply at once
        self.webhook: dict[str, Any] | None = None
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else keep-alive replies wait ~40 ms on delayed ACKs

            def do_POST(self) -> None:
                api._serve(self)

            do_GET = do_POST

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._handler = Handler
        self._server: ThreadingHTTPServer | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> FakeBotApi:
        """Listen on 127.0.0.1 (the port chosen by the system unless one was given) and serve."""
        self._server = _Server(("127.0.0.1", self.port), self._handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        with self._cond:
            for released in self._held.values():
                released.set()
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # --- what a test does ---------------------------------------------------------------------

    def name_user(self, user_id: int, **names: str) -> None:
        """Give a user the first_name, last_name or username their updates will carry."""
        with self._cond:
            self._names[user_id] = names

    def user_says(self, user_id: int, text: str, *, chat: dict[str, Any] | None = None, **extra: Any) -> int:
        chat = chat or self.private_chat(user_id)
        message = self._incoming(user_id, chat, text=text, **extra)
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return self._push({"message": message})

    def update_for_webhook(self, user_id: int, text: str, *, edits: dict[str, Any] | None = None) -> dict[str, Any]:
        """An update of ``user_id`` saying ``text`` in their private chat, as Telegram would POST
        it to a webhook (not queued for getUpdates); with ``edits``, the edit of that message."""
        update_id = next(self._update_ids)
        if edits is not None:
            return {"update_id": update_id, "edited_message": {**edits, "text": text, "edit_date": int(time.time())}}
        message = self._incoming(user_id, self.private_chat(user_id), text=text)
        with self._cond:
            self._message_of_update[update_id] = message["message_id"]
        return {"update_id": update_id, "message": message}

    def user_follows(self, user_id: int, url: str) -> int:
        """Open a link to the bot's private chat, as a person tapping a link button does: the
        chat sends the bot "/start <argument>"."""
        found = DEEP_LINK.fullmatch(url)
        if found is None:
            raise AssertionError(f"not a link into the bot's private chat: {url!r}")
        return self.user_says(user_id, f"/start {found.group(1)}")

    def message_id(self, update_id: int) -> int:
        """The id of the user's message that update ``update_id`` carries (what a reply to it
        names)."""
        with self._cond:
            return self._message_of_update[update_id]

    def user_sends_sticker(self, user_id: int) -> int:
        sticker = {
            "file_id": "sticker-1",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self._push({"message": self._incoming(user_id, self.private_chat(user_id), sticker=sticker)})

    def user_presses(self, user_id: int, message: StoredMessage, label: str) -> str:
        payload = dict(message.buttons)[label]
        return self.user_presses_payload(user_id, message, payload)

    def user_presses_payload(self, user_id: int, message: StoredMessage, payload: str) -> str:
        query_id = f"cq{next(self._query_ids)}"
        with self._cond:
            self._queries[query_id] = False
        body = {
            "id": query_id,
            "from": self._user(user_id),
            "chat_instance": f"ci{message.chat_id}",
            "data": payload,
            "message": self._message_json(message),
        }
        self._push({"callback_query": body})
        return query_id

    def user_types_inline(self, user_id: int, query: str) -> int:
        return self._push(
            {
                "inline_query": {
                    "id": f"iq{next(self._query_ids)}",
                    "from": self._user(user_id),
                    "query": query,
                    "offset": "",
                }
            }
        )

    def webhook_update(self, user_id: int, text: str) -> dict[str, Any]:
        """An update of ``user_id`` saying ``text`` in their private chat, for a test to POST to the
        bot's webhook (it is not queued for getUpdates)."""
        with self._cond:
            chat = self._chats.get(user_id)
        message = self._incoming(user_id, chat or self.private_chat(user_id), text=text)
        with self._cond:
            update_id = next(self._update_ids)
            self._message_of_update[update_id] = message["message_id"]
        return {"update_id": update_id, "message": message}

    def take_updates(self, timeout: float = 1.0) -> list[dict[str, Any]]:
        """The updates people sent since the last call (waiting up to ``timeout`` seconds for
        one), as Telegram hands them to a webhook: each once, in order."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._updates and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            batch, self._updates = self._updates, []
            for update in batch:
                self._delivered[update["update_id"]] = update
            return batch

    def push_raw(self, update: dict[str, Any]) -> int:
        """Queue an update exactly as given (for instance one python-telegram-bot cannot read)."""
        return self._push(update)

    def redeliver(self, update_id: int) -> None:
        """Deliver an update the bot already received once more, as Telegram does when the bot
        stopped before confirming it (by asking for the next offset)."""
        with self._cond:
            self._again.append(self._delivered[update_id])
            self._cond.notify_all()

    def private_chat(self, user_id: int) -> dict[str, Any]:
        chat = {"id": user_id, "type": "private", **self._user(user_id)}
        chat.pop("is_bot")
        with self._cond:
            self._chats[user_id] = chat
        return chat

    def group_chat(self, chat_id: int) -> dict[str, Any]:
        chat = {"id": chat_id, "type": "group", "title": "Knee club"}
        with self._cond:
            self._chats[chat_id] = chat
        return chat

    def upgrade_group(self, chat_id: int, supergroup_id: int) -> dict[str, Any]:
        """The group becomes a supergroup, as Telegram does it: the group gets a service message
        saying so, and a call about the old group is refused with 400 and the new id."""
        supergroup = {"id": supergroup_id, "type": "supergroup", "title": "Knee club"}
        with self._cond:
            self._chats[supergroup_id] = supergroup
            self._migrated[chat_id] = supergroup_id
        old = self._chats[chat_id]
        self._push(
            {
                "message": {
                    "message_id": next(self._message_ids),
                    "date": int(time.time()),
                    "chat": old,
                    "from": self._user(1),
                    "migrate_to_chat_id": supergroup_id,
                }
            }
        )
        return supergroup

    def user_edits(self, user_id: int, update_id: int, text: str) -> int:
        """``user_id`` edits the message they sent in update ``update_id`` to ``text``."""
        with self._cond:
            said = self._said[(user_id, self._message_of_update[update_id])]
        return self._push({"edited_message": {**said, "text": text, "edit_date": int(time.time())}})

    def fail(self, method: str, status: int, times: int = 1, retry_after: int = 1, chat_id: int | None = None) -> None:
        """Answer the next ``times`` calls of ``method`` ("*": any) with ``status``, without
        doing anything; with ``chat_id``, only calls about that chat."""
        with self._cond:
            self._failures.append(Failure(method, status, times, retry_after, chat_id))
            self._faults_added += 1
            self._cond.notify_all()

    def clear_failures(self) -> None:
        with self._cond:
            self._failures.clear()

    def fail_for(self, method: str, status: int, seconds: float, chat_id: int | None = None) -> None:
        """Answer every call of ``method`` with ``status`` for the next ``seconds`` (an outage)."""
        with self._cond:
            self._failures.append(Failure(method, status, 0, chat_id=chat_id, until=time.monotonic() + seconds))
            self._faults_added += 1
            self._cond.notify_all()

    def slow_down(self, chat_id: int, seconds: float, times: int = 1, method: str | None = None) -> None:
        """Delay the answers to the next ``times`` calls about ``chat_id`` (of ``method`` only, if
        given) by ``seconds``. The call takes effect at once; only its answer is late, as when
        Telegram has delivered a message but the answer takes long to come back."""
        with self._cond:
            self._slow.setdefault(chat_id, []).extend([Slowdown(seconds, method)] * times)

    def hold(self, chat_id: int) -> None:
        """Leave calls about ``chat_id`` hanging, without effect, until :meth:`release` (or a
        minute passes, so a forgotten hold never keeps the server from stopping)."""
        with self._cond:
            self._held.setdefault(chat_id, threading.Event())

    def held_calls(self, chat_id: int) -> int:
        """How many calls about ``chat_id`` are hanging on a hold right now."""
        with self._cond:
            return self._waiting[chat_id]

    def release(self, chat_id: int) -> None:
        with self._cond:
            released = self._held.pop(chat_id, None)
        if released is not None:
            released.set()

    def chat_calls(self, chat_id: int, method: str | None = None) -> list[Call]:
        """Calls about ``chat_id`` (of ``method`` only, if given), in order."""
        with self._cond:
            return [
                call
                for call in self.calls
                if str(call.params.get("chat_id")) == str(chat_id) and method in (None, call.method)
            ]

    def wait_for(self, check: Callable[[], Any], timeout: float = 120.0, what: str = "condition") -> Any:
        """``check()``'s first true value: looked at again as soon as a call to this server ends,
        and at least every 20 ms (for what changes elsewhere: a file, a database, a process).
        ``timeout`` guards against a hang; it is no speed limit, so it is generous."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                value = check()
                left = deadline - time.monotonic()
                if value or left <= 0:
                    break
                self._cond.wait(min(left, 0.02))
        if value:
            return value
        raise AssertionError(f"timed out waiting for {what}; last calls: {[c.method for c in self.calls[-15:]]}")

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [call for call in self.calls if call.method == method]

    def calls_to_chat(self, method: str, chat_id: int) -> list[Call]:
        """The calls of ``method`` to one chat, once there is one: a call is recorded just after
        what it sent is stored, so a test that saw the message may look a moment too early."""
        return list(
            self.wait_for(
                lambda: [c for c in self.calls_to(method) if c.params.get("chat_id") == str(chat_id)] or None,
                what=f"a {method} call to chat {chat_id}",
            )
        )

    def chat_messages(self, chat_id: int) -> list[StoredMessage]:
        with self._cond:
            return list(self._by_chat.get(chat_id, ()))

    def last_message(self, chat_id: int) -> StoredMessage | None:
        messages = self.chat_messages(chat_id)
        return messages[-1] if messages else None

    def wait_for_message(self, chat_id: int, contains: str, timeout: float = 120.0) -> StoredMessage:
        def found() -> StoredMessage | None:
            for message in reversed(self._by_chat.get(chat_id, ())):
                if contains in message.shown:
                    return message
            return None

        return self.wait_for(found, timeout, f"a message containing {contains!r}")

    def pending_updates(self) -> int:
        with self._cond:
            return len(self._updates)

    # --- the server ---------------------------------------------------------------------------

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", request.path.split("?")[0])
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        status, payload, method, params = 404, {"ok": False, "error_code": 404, "description": "Not Found"}, "?", {}
        try:
            if not match:
                raise ApiError(404, "Not Found")
            token, method = match.groups()
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            params = self._params(request.headers.get("Content-Type", ""), body)
            chat_id = self._chat_of(params)
            if method != "getUpdates":
                self._wait_while_held(chat_id)
                if self.latency:
                    time.sleep(self.latency)
            self._maybe_fail(method, chat_id)
            result = self._dispatch(method, params)
            status, payload = 200, {"ok": True, "result": result}
            self._maybe_delay(method, chat_id)
        except ApiError as exc:
            status = exc.code
            payload = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                payload["parameters"] = exc.parameters
        with self._cond:
            self.calls.append(Call(method, params, time.monotonic(), status, payload.get("result")))
            if status == 200:
                self.answered[method] += 1
            self._cond.notify_all()
        data = json.dumps(payload).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot process went away (a test killed it) while a long poll was open

    def _params(self, content_type: str, body: bytes) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if content_type.startswith("application/json"):
            params = json.loads(body or b"{}")
        elif content_type.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(
                b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
            )
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if part.get_filename():
                    data = part.get_payload(decode=True)
                    self.uploads.append(data)
                    params[name] = {"upload": len(data), "filename": part.get_filename()}
                else:  # Telegram reads fields as UTF-8 whether or not a part names its charset
                    params[name] = part.get_payload(decode=True).decode()
        elif body:
            params = {key: values[-1] for key, values in parse_qs(body.decode(), keep_blank_values=True).items()}
        for key in JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                try:
                    params[key] = json.loads(params[key])
                except json.JSONDecodeError as exc:
                    raise ApiError(400, f"Bad Request: can't parse {key} JSON object") from exc
        return params

    @staticmethod
    def _chat_of(params: dict[str, Any]) -> int | None:
        chat = str(params.get("chat_id", ""))
        return int(chat) if chat.lstrip("-").isdigit() else None

    def _wait_while_held(self, chat_id: int | None) -> None:
        with self._cond:
            released = self._held.get(chat_id) if chat_id is not None else None
        if released is None:
            return
        with self._cond:
            self._waiting[chat_id] += 1
        try:
            released.wait(60)
        finally:
            with self._cond:
                self._waiting[chat_id] -= 1

    def _maybe_delay(self, method: str, chat_id: int | None) -> None:
        delay = 0.0
        with self._cond:
            pending = self._slow.get(chat_id, []) if chat_id is not None else []
            for index, slowdown in enumerate(pending):
                if slowdown.method in (None, method):
                    delay = pending.pop(index).seconds
                    break
        if delay:
            time.sleep(delay)  # outside the lock: other conversations go on meanwhile

    def _maybe_fail(self, method: str, chat_id: int | None) -> None:
        now = time.monotonic()
        with self._cond:
            for failure in self._failures:
                if failure.applies(method, chat_id, now):
                    failure.remaining -= 1
                    if failure.status == 429:
                        raise ApiError(
                            429,
                            f"Too Many Requests: retry after {failure.retry_after}",
                            {"retry_after": failure.retry_after},
                        )
                    raise ApiError(failure.status, _DESCRIPTIONS.get(failure.status, "Internal Server Error"))

    def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        if method == "getUpdates":
            return handler(params)  # takes the lock itself, and waits on it
        with self._cond:
            return handler(params)

    # --- API methods --------------------------------------------------------------------------

    def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        self.webhook = params
        return True

    def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        for command in params.get("commands", []):
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]) or not 1 <= len(command["description"]) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        return True

    def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 5.0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._cond:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            faults = self._faults_added
            while not (self._updates or self._again) and faults == self._faults_added and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            again, self._again = self._again, []
            batch = [*again, *self._updates][:limit]
            for update in batch:
                self._delivered[update["update_id"]] = update
            return batch

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat(params)
        text = self._text(params.get("text"), params.get("parse_mode"), 4096, "message text")
        markup = self._markup(params.get("reply_markup"))
        message = StoredMessage(chat_id, 0, text, markup=markup, raw_text=params.get("text"))
        message.reply_to = self._reply_to(chat_id, params)
        return self._store(message)

    def _api_sendPhoto(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat(params)
        caption = None
        if params.get("caption"):
            caption = self._text(params["caption"], params.get("parse_mode"), 1024, "message caption")
        photo = params.get("photo")
        if isinstance(photo, dict):  # an upload
            file_id = f"photo-file-{next(self._file_ids)}"
        elif isinstance(photo, str) and photo.startswith("photo-file-"):
            file_id = photo
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        message = StoredMessage(
            chat_id, 0, None, caption=caption, photo=file_id, markup=self._markup(params.get("reply_markup"))
        )
        message.reply_to = self._reply_to(chat_id, params)
        return self._store(message)

    def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        chat_id = self._chat(params)
        document = params.get("document")
        if not isinstance(document, dict):  # this fake takes uploads only
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        caption = None
        if params.get("caption"):
            caption = self._text(params["caption"], params.get("parse_mode"), 1024, "message caption")
        message = StoredMessage(
            chat_id,
            0,
            None,
            caption=caption,
            document=document["filename"],
            markup=self._markup(params.get("reply_markup")),
        )
        message.reply_to = self._reply_to(chat_id, params)
        return self._store(message)

    def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        message = self._find(params)
        if message.text is None:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        text = self._text(params.get("text"), params.get("parse_mode"), 4096, "message text")
        markup = self._markup(params.get("reply_markup"))
        if text == message.text and markup == message.markup and params.get("text") == message.raw_text:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message",
            )
        message.text, message.markup, message.raw_text = text, markup, params.get("text")
        message.edits += 1
        return self._message_json(message)

    def _api_editMessageCaption(self, params: dict[str, Any]) -> Any:
        message = self._find(params)
        if message.photo is None:
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        caption = self._text(params.get("caption"), params.get("parse_mode"), 1024, "message caption")
        markup = self._markup(params.get("reply_markup"))
        if caption == message.caption and markup == message.markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup are "
                "exactly the same",
            )
        message.caption, message.markup = caption, markup
        message.edits += 1
        return self._message_json(message)

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        message = self._find(params)
        message.markup = self._markup(params.get("reply_markup"))
        return self._message_json(message)

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        query_id = params.get("callback_query_id")
        if query_id not in self._queries or self._queries[query_id]:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(params.get("text") or "") > 200:
            raise ApiError(400, "Bad Request: text is too long")
        self._queries[query_id] = True
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> Any:
        results = params.get("results", [])
        if len(results) > 50 or len({r["id"] for r in results}) != len(results):
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH or duplicate result id")
        for result in results:
            content = result.get("input_message_content")
            if content:
                self._text(content.get("message_text"), content.get("parse_mode"), 4096, "message text")
            if result.get("caption"):
                self._text(result["caption"], result.get("parse_mode"), 1024, "message caption")
        return True

    # --- helpers ------------------------------------------------------------------------------

    def _chat(self, params: dict[str, Any]) -> int:
        try:
            chat_id = int(params.get("chat_id"))
        except (TypeError, ValueError) as exc:
            raise ApiError(400, "Bad Request: chat not found") from exc
        if chat_id in self._migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat_id]},
            )
        if chat_id not in self._chats:
            raise ApiError(400, "Bad Request: chat not found")
        return chat_id

    def _reply_to(self, chat_id: int, params: dict[str, Any]) -> int | None:
        """The message a send replies to, if it names one that exists (else 400, unless it is
        to be sent without the reply)."""
        asked = params.get("reply_parameters")
        if not asked:
            return None
        replied = int(asked.get("message_id") or 0)
        if (chat_id, replied) in self._said or (chat_id, replied) in self.messages:
            return replied
        if asked.get("allow_sending_without_reply"):
            return None
        raise ApiError(400, "Bad Request: message to be replied not found")

    def _find(self, params: dict[str, Any]) -> StoredMessage:
        chat_id = self._chat(params)
        message = self.messages.get((chat_id, int(params.get("message_id") or 0)))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    @staticmethod
    def _text(text: Any, parse_mode: Any, limit: int, what: str) -> str:
        if not isinstance(text, str) or not text:
            raise ApiError(400, f"Bad Request: {what} is empty")
        shown = parse_html(text) if str(parse_mode).upper() == "HTML" else text
        if not shown.strip():
            raise ApiError(400, f"Bad Request: {what} is empty")
        if utf16_length(shown) > limit:
            raise ApiError(400, f"Bad Request: {what} is too long")
        return shown

    @staticmethod
    def _markup(markup: Any) -> Any:
        if markup is None:
            return None
        rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
        if not isinstance(rows, list):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in rows:
            for button in row:
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                data, url = button.get("callback_data"), button.get("url")
                if (data is None) == (url is None):
                    raise ApiError(400, 'Bad Request: can\'t find field "callback_data" or "url"')
                if data is not None and not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if url is not None and not re.fullmatch(r"(https?|tg)://\S+", url):
                    raise ApiError(400, "Bad Request: BUTTON_URL_INVALID")
        return markup

    def _store(self, message: StoredMessage) -> Any:
        with self._cond:
            message.message_id = next(self._message_ids)
            self.messages[(message.chat_id, message.message_id)] = message
            self._by_chat.setdefault(message.chat_id, []).append(message)  # in message id order
        return self._message_json(message)

    def _message_json(self, message: StoredMessage, *, with_reply: bool = True) -> dict[str, Any]:
        """The message as the Bot API shows it; the message it replies to is shown one level
        deep, as Telegram does."""
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": self._chats.get(message.chat_id, {"id": message.chat_id, "type": "private"}),
            "from": BOT_USER,
        }
        if message.text is not None:
            body["text"] = message.text
        if message.photo is not None:
            body["photo"] = [
                {"file_id": message.photo, "file_unique_id": message.photo + "u", "width": 640, "height": 480}
            ]
            if message.caption:
                body["caption"] = message.caption
        if message.document is not None:
            body["document"] = {"file_id": "doc-" + message.document, "file_unique_id": "d" + message.document}
            if message.caption:
                body["caption"] = message.caption
        if message.markup:
            body["reply_markup"] = message.markup
        if message.reply_to is not None and with_reply:
            key = (message.chat_id, message.reply_to)
            said, sent = self._said.get(key), self.messages.get(key)
            if said is not None:
                body["reply_to_message"] = said
            elif sent is not None:
                body["reply_to_message"] = self._message_json(sent, with_reply=False)
        return body

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", **self._names.get(user_id, {})}

    def _incoming(self, user_id: int, chat: dict[str, Any], **content: Any) -> dict[str, Any]:
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self._user(user_id),
            **content,
        }
        with self._cond:
            self._said[(chat["id"], message["message_id"])] = message
        return message

    def _push(self, update: dict[str, Any]) -> int:
        with self._cond:
            update_id = next(self._update_ids)
            if "message" in update:
                self._message_of_update[update_id] = update["message"]["message_id"]
            self._updates.append({"update_id": update_id, **update})
            self._cond.notify_all()
        return update_id
