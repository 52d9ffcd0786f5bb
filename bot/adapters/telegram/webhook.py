"""The webhook server: Telegram POSTs each update to it, and an update answered with 200 is one
Telegram will not send again. So nothing is answered 200 before it is safe:

* the secret (``X-Telegram-Bot-Api-Secret-Token``), the path and the announced size are checked
  from the headers alone, before a byte of the body is read: a request without the secret, or
  announcing more than MAX_BODY bytes, is refused and its connection closed unread (so a stranger
  cannot make the bot read 90 MB bodies into memory);
* the body is read up to MAX_BODY bytes and must be one update with an id;
* the update is written to the inbox (the same as polling's, in the store) before the 200, so a
  crash or a stop afterwards loses nothing: it is handled after the restart, or by another
  instance. An update delivered twice is recognised by its id and answered once. If the inbox
  cannot be written the answer is 503, and Telegram sends the update again later.

tornado (which python-telegram-bot's webhook extra brings) serves it, in the bot's event loop.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from tornado.http1connection import HTTP1Connection
from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler, stream_request_body

from bot.adapters.telegram.intake import Intake
from bot.adapters.telegram.logs import describe
from bot.engine.stores import StoreError

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # bytes; an update is a few KB (a long message with entities: tens of KB)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@stream_request_body
class UpdateHandler(RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, secret: str, accept: Callable[[dict[str, Any]], Awaitable[int]]) -> None:
        self.secret = secret.encode()
        self.accept = accept
        self.body = bytearray()

    def prepare(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            self._refuse(403, "a webhook call without the right secret")
            return
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            self._refuse(413, "a webhook call larger than an update can be")
            return
        _connection(self).set_max_body_size(MAX_BODY)  # also for a body sent in chunks

    def data_received(self, chunk: bytes) -> None:
        self.body += chunk

    async def post(self) -> None:
        try:
            update = json.loads(self.body)
        except (ValueError, UnicodeDecodeError):
            update = None
        if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
            log.warning("a webhook call that is not an update was refused")
            self.set_status(400)
            return
        self.set_status(await self.accept(update))

    def _refuse(self, status: int, what: str) -> None:
        log.warning("%s was refused (%d) without reading it", what, status)
        self.set_status(status)
        self.finish()
        _connection(self).set_max_body_size(0)  # the body is not read: the connection closes

    def log_exception(self, *args: Any) -> None:  # tornado's own would show the request
        log.warning("the webhook server failed on a call")


def _connection(handler: RequestHandler) -> HTTP1Connection:
    connection = handler.request.connection
    assert isinstance(connection, HTTP1Connection)
    return connection


class WebhookServer:
    """Listens on ``host:port`` at ``path`` and takes updates in through ``intake``."""

    def __init__(self, intake: Intake, host: str, port: int, path: str, secret: str, more: Sequence[Any] = ()) -> None:
        """``more``: other tornado rules to serve beside the webhook (the health checks)."""
        self.intake = intake
        self.host, self.port = host, port
        route = "/" + path.strip("/")
        handlers = [(route, UpdateHandler, {"secret": secret, "accept": self.accept}), *more]
        self._server = HTTPServer(Application(handlers), max_body_size=MAX_BODY, idle_connection_timeout=60)

    async def accept(self, update: dict[str, Any]) -> int:
        """Keep ``update`` in the inbox and hand it on if it is new and its turn; the status to answer."""
        try:
            await self.intake.keep([update])
        except StoreError as error:
            log.error("could not keep an update (%s); Telegram will send it again", describe(error.__cause__ or error))
            return 503
        return 200

    def start(self) -> None:
        self._server.listen(self.port, self.host)

    async def stop(self) -> None:
        """Take no more updates; those taken are in the inbox."""
        self._server.stop()
        await asyncio.wait_for(self._server.close_all_connections(), timeout=5)
