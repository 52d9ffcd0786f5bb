"""Health and metrics over HTTP, for a container's health check, a load balancer and Prometheus:

* ``/healthz``: the process is alive (its event loop answers);
* ``/readyz``: it can serve people: the database answers, the model is loaded, and it is not
  stopping (503, with what is wrong, otherwise; a proxy then sends updates to another instance);
* ``/metrics``: the counters and timings of :mod:`.metrics`, in Prometheus' text format.

The handlers are tornado's (which python-telegram-bot's webhook extra brings) and run in the
bot's event loop, so an answer from /healthz also says the loop is not stuck. :class:`Monitor`
serves them on an address of their own (``KNEEBOT_METRICS_LISTEN``); :func:`routes` gives the
same handlers to mount on another server. Answers are small JSON objects that name no one, and
no request is logged (a health check comes every few seconds).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler

from bot.adapters.telegram.logs import describe
from bot.adapters.telegram.metrics import Metrics
from bot.engine.stores import Storage, StoreError

log = logging.getLogger(__name__)

PING_TIMEOUT = 3.0  # seconds /readyz waits for the database


class Health:
    """What /readyz reports. ``model_loaded`` tells whether the sentence-embedding model is in
    memory; the application sets ``stopping`` as it begins to stop."""

    def __init__(self, store: Storage, model_loaded: Callable[[], bool]) -> None:
        self.store = store
        self.model_loaded = model_loaded
        self.stopping = False

    async def readiness(self) -> tuple[bool, dict[str, str]]:
        """Whether this instance can serve people now, and each check's finding."""
        checks = {"database": await self._database(), "model": "ok" if self.model_loaded() else "not loaded"}
        if self.stopping:
            checks["instance"] = "stopping"
        return all(value == "ok" for value in checks.values()), checks

    async def _database(self) -> str:
        try:
            await asyncio.wait_for(asyncio.to_thread(self.store.ping), PING_TIMEOUT)
        except TimeoutError:
            return f"no answer within {PING_TIMEOUT:.0f} s"
        except StoreError as error:
            return f"unreachable: {describe(error)}"
        return "ok"


class _Quiet(RequestHandler):
    SUPPORTED_METHODS = ("GET",)

    def log_exception(self, *args: Any) -> None:  # tornado's own shows the request
        log.error("a health or metrics request failed: %s", describe(args[1]) if len(args) > 1 else "?")


class _Json(_Quiet):
    def answer(self, status: int, body: dict[str, str]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))


class Alive(_Json):
    async def get(self) -> None:
        self.answer(200, {"status": "alive"})


class Ready(_Json):
    def initialize(self, health: Health) -> None:
        self.health = health

    async def get(self) -> None:
        ready, checks = await self.health.readiness()
        self.answer(200 if ready else 503, {"status": "ready" if ready else "not ready", **checks})


class Exposition(_Quiet):
    def initialize(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def get(self) -> None:
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(generate_latest(self.metrics.registry))


def routes(health: Health, metrics: Metrics | None = None) -> list[Any]:
    """tornado rules for /healthz, /readyz and (given ``metrics``) /metrics."""
    found: list[Any] = [(r"/healthz", Alive), (r"/readyz", Ready, {"health": health})]
    if metrics is not None:
        found.append((r"/metrics", Exposition, {"metrics": metrics}))
    return found


class Monitor:
    """The metrics and health server of one bot: started and stopped in the bot's event loop."""

    def __init__(self, health: Health, metrics: Metrics, address: tuple[str, int] | None) -> None:
        self.health = health
        self.metrics = metrics
        self.address = address  # None: not served
        self._server: HTTPServer | None = None

    def start(self) -> None:
        """Listen, if an address is set; OSError when it is taken (the bot does not start then)."""
        if self.address is None or self._server is not None:
            return
        host, port = self.address
        server = HTTPServer(Application(routes(self.health, self.metrics), log_function=_unlogged))
        server.listen(port, host)
        self._server = server
        log.info("metrics and health checks at http://%s:%d/metrics, /healthz and /readyz", host, port)

    def stop(self) -> None:
        self.health.stopping = True
        if self._server is not None:
            self._server.stop()
            self._server = None


def _unlogged(handler: RequestHandler) -> None:
    """No line per request."""
