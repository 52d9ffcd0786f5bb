"""Health checks and metrics for operators: /healthz, /readyz and /metrics, and `kneebot health`,
the command a container's HEALTHCHECK runs. Metrics count and time; they never hold what people
wrote, names or ids. The real bot process serves them in test_deployment.py, started as the
container starts it."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot_process import free_port, http_get, metric
from telegram import Update

from bot.adapters.telegram.health import Health, Monitor
from bot.adapters.telegram.metrics import Metrics, update_type
from bot.adapters.telegram.requests import method_of
from bot.engine.replies import Meta, Response
from bot.engine.stores import StoreError
from bot.storage import MemoryStore


def health(*arguments: str, listen: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "health", "--metrics-listen", listen, *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# --- the pieces -------------------------------------------------------------------------------


class BrokenStore(MemoryStore):
    def ping(self) -> None:
        raise StoreError("the state database failed (OperationalError (SQLSTATE 57P01))")


@contextmanager
def serving(store: MemoryStore, model: bool = True) -> Iterator[tuple[str, Monitor]]:
    """A monitor on a free port, in an event loop on a thread of its own."""
    loop = asyncio.new_event_loop()
    port = free_port()
    monitor = Monitor(Health(store, lambda: model), Metrics(), ("127.0.0.1", port))
    started = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        monitor.start()
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait(30)
    try:
        yield f"http://127.0.0.1:{port}", monitor
    finally:
        loop.call_soon_threadsafe(monitor.stop)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)
        loop.close()


def test_ready_says_which_check_fails_and_answers_503():
    with serving(MemoryStore()) as (url, _):
        assert http_get(url + "/healthz") == (200, '{"status": "alive"}')
        status, body = http_get(url + "/readyz")
        assert status == 200 and json.loads(body) == {"status": "ready", "database": "ok", "model": "ok"}
    with serving(BrokenStore(), model=False) as (url, monitor):
        assert http_get(url + "/healthz")[0] == 200  # alive, though it cannot serve anyone
        status, body = http_get(url + "/readyz")
        found = json.loads(body)
        assert status == 503 and found["status"] == "not ready"
        assert found["database"].startswith("unreachable") and "57P01" in found["database"]
        assert found["model"] == "not loaded"
        monitor.health.stopping = True
        assert json.loads(http_get(url + "/readyz")[1])["instance"] == "stopping"


def test_the_health_command_exits_0_only_for_a_live_or_ready_bot():
    with serving(BrokenStore()) as (url, _):
        listen = url.removeprefix("http://")
        alive, ready = health(listen=listen), health("--ready", listen=listen)
        assert alive.returncode == 0 and "200" in alive.stdout
        assert ready.returncode == 1 and "503" in ready.stdout and "database: unreachable" in ready.stdout
    gone = health(listen=listen)  # the server has stopped
    assert gone.returncode == 1 and "no answer" in gone.stderr
    unset = subprocess.run(
        [sys.executable, "-m", "bot", "health"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).parent,
    )
    assert unset.returncode == 2 and "KNEEBOT_METRICS_LISTEN" in unset.stderr


def test_metrics_count_what_the_engine_decided_and_time_replies_until_they_arrive():
    now = [100.0]
    metrics = Metrics(clock=lambda: now[0])

    async def scenario() -> None:
        metrics.arrived(Update.de_json({"update_id": 1, "message": _message("where is SP10")}, None))
        metrics.decided(Response(meta=Meta("safety", severity="emergency")))
        metrics.decided(Response(meta=Meta("fallback")))
        metrics.decided(Response(meta=Meta("point", "SP10")))
        delivered = asyncio.get_running_loop().create_future()
        metrics.replying([delivered])
        now[0] += 0.3
        delivered.set_result(True)
        await asyncio.sleep(0)

    asyncio.run(scenario())
    metrics.api_error("sendMessage", "HTTP 502")
    exposition = _exposition(metrics)
    assert metric(exposition, "kneebot_updates_total", type="message") == 1
    assert metric(exposition, "kneebot_red_flags_total", severity="emergency") == 1
    assert metric(exposition, "kneebot_fallbacks_total") == 1
    assert metric(exposition, "kneebot_reply_latency_seconds_count") == 1
    assert metric(exposition, "kneebot_reply_latency_seconds_bucket", le="0.25") == 0
    assert metric(exposition, "kneebot_reply_latency_seconds_bucket", le="0.5") == 1
    assert metric(exposition, "kneebot_bot_api_errors_total", method="sendMessage", error="HTTP 502") == 1


def test_a_reminder_counts_as_sent_once_delivered_and_as_missed_when_given_up():
    metrics = Metrics()

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        sent, lost = loop.create_future(), loop.create_future()
        metrics.reminder([sent])
        metrics.reminder([lost])
        sent.set_result(True)
        lost.set_result(False)
        await asyncio.sleep(0)

    asyncio.run(scenario())
    exposition = _exposition(metrics)
    assert metric(exposition, "kneebot_reminders_sent_total") == 1
    assert metric(exposition, "kneebot_reminders_missed_total", reason="undelivered") == 1


def test_update_types_and_api_methods_name_kinds_never_content():
    def update(**body: object) -> Update:
        return Update.de_json({"update_id": 1, **body}, None)

    assert update_type(update(message=_message("hello"))) == "message"
    assert update_type(update(message=_message("/start"))) == "command"
    assert update_type(update(edited_message=_message("hello"))) == "edited"
    press = {"id": "1", "from": _person(), "chat_instance": "x", "data": "n", "message": _message("x")}
    assert update_type(update(callback_query=press)) == "button"
    assert update_type("not an update") == "other"
    assert method_of("https://api.telegram.org/bot123:ABC/sendMessage") == "sendMessage"
    assert method_of("https://api.telegram.org/bot123:ABC/") == "other"


def _person() -> dict[str, object]:
    return {"id": 5551234, "is_bot": False, "first_name": "Zebedee"}


def _message(text: str) -> dict[str, object]:
    return {"message_id": 1, "date": 0, "chat": {"id": 5551234, "type": "private"}, "from": _person(), "text": text}


def _exposition(metrics: Metrics) -> str:
    from prometheus_client import generate_latest

    return generate_latest(metrics.registry).decode()
