"""Running the real bot process (`kneebot run`) against the fake Bot API server, and talking to
it the way a person would: say something, press a button, wait for what appears on screen.

Every wait is on a condition with a generous timeout, never a fixed sleep, so a loaded machine
makes the tests slower but not flaky.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from fake_bot_api import TOKEN, FakeBotApi, StoredMessage

ROOT = Path(__file__).resolve().parent.parent
# Seconds for a bot process to start polling: a guard against a hang, not a speed limit (a start
# takes 2 s of CPU, and over a minute on a machine loaded ten times over).
START_TIMEOUT = 300.0
# The bots a test run starts share one embeddings cache: computing it takes seconds per start.
# With pytest-xdist the workers inherit it from the controller, which made it and removes it.
_SHARED_CACHE = "TESTS_KNEEBOT_CACHE_DIR"
if _SHARED_CACHE in os.environ:
    CACHE_DIR = Path(os.environ[_SHARED_CACHE])
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
else:
    CACHE_DIR = Path(tempfile.mkdtemp(prefix="kneebot-test-cache-"))
    os.environ[_SHARED_CACHE] = str(CACHE_DIR)
    atexit.register(shutil.rmtree, CACHE_DIR, ignore_errors=True)
# For commands the tests run (`kneebot chat`, `ask`, `eval`): the same cache (see conftest.py's
# semantics), so none of them spends seconds embedding the knowledge again.
CACHE_ENV = {"KNEEBOT_CACHE_DIR": str(CACHE_DIR)}


class BotProcess:
    def __init__(self, api: FakeBotApi, workdir: Path, *extra: str, env: dict[str, str] | None = None) -> None:
        self.api = api
        self.workdir = workdir
        self.extra = extra
        self.env = env or {}
        self.log_path = workdir / "bot.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, ready: str = "polling") -> BotProcess:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "KNEEBOT_STATE_DB": str(self.workdir / "state.sqlite3"),
            "KNEEBOT_PICTURES_DIR": str(self.workdir / "pictures"),
            "KNEEBOT_CACHE_DIR": str(CACHE_DIR),
            "KNEEBOT_LOG_LEVEL": "INFO",
            **self.env,
        }
        polls = len(self.api.calls_to("getUpdates"))
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run", "--api-url", self.api.url, *self.extra],
                env=env,
                cwd=self.workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            if ready == "polling":
                self.api.wait_for(
                    lambda: self._alive() and len(self.api.calls_to("getUpdates")) > polls,
                    START_TIMEOUT,
                    "the bot to start polling",
                )
            elif ready == "webhook":
                self.api.wait_for(
                    lambda: self._alive() and self.api.webhook, START_TIMEOUT, "the bot to set its webhook"
                )
        except BaseException:
            self.stop(signal.SIGKILL)  # a test that failed here leaves no process behind
            raise
        return self

    def _alive(self) -> bool:
        """True while the process runs; a process that ended while starting fails the test at
        once, with its log, rather than when the start timeout runs out."""
        if self.proc is not None and self.proc.poll() is not None:
            raise AssertionError(f"the bot exited ({self.proc.returncode}) while starting:\n{self.log[-3000:]}")
        return True

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(START_TIMEOUT)  # a clean stop takes a second; this guards a hang
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def say(api: FakeBotApi, user: int, text: str, expect: str) -> StoredMessage:
    before = newest_id(api, user)
    api.user_says(user, text)
    return api.wait_for(lambda: newest_containing(api, user, expect, before), what=f"a reply containing {expect!r}")


def press(api: FakeBotApi, user: int, message: StoredMessage, label: str, expect: str) -> StoredMessage:
    """Press a button; the reply is the same message edited, or a new message."""
    before, edits = newest_id(api, user), message.edits
    api.user_presses(user, message, label)

    def shown() -> StoredMessage | None:
        if message.edits > edits and expect in message.shown:
            return message
        return newest_containing(api, user, expect, before)

    return api.wait_for(shown, what=f"{expect!r} after pressing {label!r}")


SAFETY_CHECK = "do any of these apply"  # the one-screen safety check before a routine


def start_routine(api: FakeBotApi, user: int, request: str, title: str, pain: str) -> StoredMessage:
    """Ask for a routine, start it, answer its safety check "None of these", rate the pain."""
    intro = say(api, user, request, title)
    screen = press(api, user, intro, "▶ Start", SAFETY_CHECK)
    screen = press(api, user, screen, "✓ None of these", "how much does your knee hurt")
    return press(api, user, screen, pain, "Step 1 of")


def short_timer_knowledge(tmp_path: Path) -> Path:
    """The shipped knowledge with every step timer at 5 seconds, so tests need not wait long."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    routines = yaml.safe_load((knowledge / "routines.yaml").read_text())
    for routine in routines["routines"]:
        for step in routine["steps"]:
            if step.get("timer_seconds"):
                step["timer_seconds"] = 5
    (knowledge / "routines.yaml").write_text(yaml.safe_dump(routines, allow_unicode=True, sort_keys=False))
    return knowledge


def start_the_towel_timer(api: FakeBotApi, user: int) -> None:
    """Walk the steam-towel routine to step 3 and start its (5-second) timer."""
    screen = start_routine(api, user, "start the steam towel method", "Steam-towel warm-up", "Skip")
    screen = press(api, user, screen, "Next ▶", "Step 2 of 4")
    screen = press(api, user, screen, "Next ▶", "Step 3 of 4")
    press(api, user, screen, "⏱ Start timer (5 s)", "Timer running")


def newest_id(api: FakeBotApi, chat: int) -> int:
    last = api.last_message(chat)
    return last.message_id if last else 0


def newest_containing(api: FakeBotApi, chat: int, text: str, after: int) -> StoredMessage | None:
    for message in reversed(api.chat_messages(chat)):
        if message.message_id > after and text in message.shown:
            return message
    return None


def messages_containing(api: FakeBotApi, chat: int, text: str) -> list[StoredMessage]:
    return [message for message in api.chat_messages(chat) if text in message.shown]


def post_update(url: str, secret: str, update: dict[str, object], timeout: float = 30.0) -> int | None:
    """POST ``update`` to a bot's webhook as Telegram does; the status, or None when nothing
    listens there (yet, or any more)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def http_get(url: str) -> tuple[int, str]:
    """GET ``url``: the status and the body, for error statuses too."""
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return int(answer.status), answer.read().decode()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read().decode()


def metric(exposition: str, name: str, **labels: str) -> float:
    """One sample's value in a Prometheus exposition (0 when absent)."""
    from prometheus_client.parser import text_string_to_metric_families

    wanted = sorted(labels.items())
    for family in text_string_to_metric_families(exposition):
        for sample in family.samples:
            if sample.name == name and sorted(sample.labels.items()) == wanted:
                return float(sample.value)
    return 0.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
