"""Health checks and metrics for operators: /healthz, /readyz and /metrics, served by the real bot
process and by the pieces on their own, and `kneebot health`, the command a container's
HEALTHCHECK runs. Metrics count and time; they never hold what people wrote, names or ids."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bot_process import BotProcess, free_port, say
from fake_bot_api import FakeBotApi
from prometheus_client.parser import text_string_to_metric_families
from telegram import Update

from bot.adapters.telegram.health import Health, Monitor
from bot.adapters.telegram.metrics import Metrics, update_type
from bot.adapters.telegram.requests import method_of
from bot.engine.replies import Meta, Response
from bot.engine.stores import StoreError
from bot.storage import MemoryStore


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def samples(exposition: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus exposition, by name and labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


def value(exposition: str, name: str, **labels: str) -> float:
    return samples(exposition).get((name, tuple(sorted(labels.items()))), 0.0)


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
        assert get(url + "/healthz") == (200, '{"status": "alive"}')
        status, body = get(url + "/readyz")
        assert status == 200 and json.loads(body) == {"status": "ready", "database": "ok", "model": "ok"}
    with serving(BrokenStore(), model=False) as (url, monitor):
        assert get(url + "/healthz")[0] == 200  # alive, though it cannot serve anyone
        status, body = get(url + "/readyz")
        found = json.loads(body)
        assert status == 503 and found["status"] == "not ready"
        assert found["database"].startswith("unreachable") and "57P01" in found["database"]
        assert found["model"] == "not loaded"
        monitor.health.stopping = True
        assert json.loads(get(url + "/readyz")[1])["instance"] == "stopping"


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
    assert value(exposition, "kneebot_updates_total", type="message") == 1
    assert value(exposition, "kneebot_red_flags_total", severity="emergency") == 1
    assert value(exposition, "kneebot_fallbacks_total") == 1
    assert value(exposition, "kneebot_reply_latency_seconds_count") == 1
    assert value(exposition, "kneebot_reply_latency_seconds_bucket", le="0.25") == 0
    assert value(exposition, "kneebot_reply_latency_seconds_bucket", le="0.5") == 1
    assert value(exposition, "kneebot_bot_api_errors_total", method="sendMessage", error="HTTP 502") == 1


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
    assert value(exposition, "kneebot_reminders_sent_total") == 1
    assert value(exposition, "kneebot_reminders_missed_total", reason="undelivered") == 1


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


# --- the real bot -----------------------------------------------------------------------------


@pytest.fixture
def own_api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


def test_the_running_bot_serves_metrics_and_health_checks_without_anyones_words(own_api, tmp_path):
    api, port = own_api, free_port()
    listen = f"127.0.0.1:{port}"
    relative = {"KNEEBOT_STATE_DB": "state.sqlite3"}  # beside where it starts: it warns
    bot = BotProcess(api, tmp_path, env={"KNEEBOT_METRICS_LISTEN": listen, **relative}).start()
    base = f"http://{listen}"
    try:
        api.name_user(7301, first_name="Zebedee", username="zebedee_k")
        say(api, 7301, "where is SP10", "Xuehai")
        say(api, 7301, "my calf is swollen and warm since my flight", "clot")
        api.fail("sendMessage", 502)  # one failed try; the outbox tries again
        say(api, 7302, "zxqv blorf wibble", "")  # someone else: a red flag is read over a person's last messages
        assert get(base + "/healthz")[0] == 200
        status, body = get(base + "/readyz")
        assert status == 200 and json.loads(body)["database"] == "ok" and json.loads(body)["model"] == "ok"
        assert health("--ready", listen=listen).returncode == 0

        def scraped() -> str | None:
            status, exposition = get(base + "/metrics")
            done = value(exposition, "kneebot_reply_latency_seconds_count") >= 3
            return exposition if status == 200 and done else None

        exposition = api.wait_for(scraped, 60, "three replies timed in /metrics")
        assert value(exposition, "kneebot_updates_total", type="message") == 3
        assert value(exposition, "kneebot_red_flags_total", severity="same_day") == 1
        assert value(exposition, "kneebot_fallbacks_total") == 1
        assert value(exposition, "kneebot_bot_api_errors_total", method="sendMessage", error="HTTP 502") == 1
        for private in ("7301", "7302", "Zebedee", "zebedee", "SP10", "calf", "flight", "blorf", "Xuehai"):
            assert private not in exposition
    finally:
        bot.stop()
    assert bot.proc is not None and bot.proc.returncode == 0, bot.log
    assert health(listen=listen).returncode == 1  # stopped with the bot
    assert f"relative to the folder the bot was started in (now {tmp_path.resolve()}/state.sqlite3)" in bot.log
