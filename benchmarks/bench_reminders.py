"""A burst of reminders against the real bot process and the fake Bot API, with questions asked
all the while.

    python benchmarks/bench_reminders.py                       # 10,000 reminders at 08:00, 30 messages/s
    python benchmarks/bench_reminders.py --kill                # the same, killed (SIGKILL) half-way
    python benchmarks/bench_reminders.py --people 2000 --rate 30 --kill

The people's reminders are written to a fresh state database, all due in the same minute; the
bot starts with its clock set a few seconds before that minute and Telegram's budget set to
``--rate`` messages a second. Every second someone else asks a question (a different person each
time, so the flood guard stays out of it), and the time from the question reaching the fake Bot
API to the answer reaching it is measured. With ``--kill`` the bot is killed once half of the
reminders are out and started again at once; questions asked while no bot runs are not counted.

Printed: how long the burst took, reminders sent (and how many people got one twice, or none),
the messages the restarted bot reported as on their way at the kill (not sent again: they may
have arrived), and the answer times during the burst (median, 95th percentile, worst). Asserts
nothing.
"""

from __future__ import annotations

import argparse
import re
import signal
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fake server and the bot process live with the tests

from bot_process import BotProcess  # noqa: E402
from fake_bot_api import FakeBotApi  # noqa: E402

from bot.engine.practice.changes import AddReminder, SetZone  # noqa: E402
from bot.storage import SqliteStore  # noqa: E402

REMINDER = "Time for your knee practice"
QUESTION, ANSWER_CHATS = "where is SP10", range(900_000, 901_000)
DROPPED = re.compile(r"(\d+) message\(s\) were on their way when their instance stopped")


def write_reminders(state: Path, people: range, due: datetime) -> None:
    store = SqliteStore(state)
    created = (due - timedelta(days=1)).timestamp()
    try:
        for user_id in people:
            with store.transaction(user_id) as loaded:
                loaded.state.defer(SetZone(created, "UTC"))
                minute = due.hour * 60 + due.minute
                loaded.state.defer(AddReminder(created, (minute,), 127, next_due=due.timestamp()))
    finally:
        store.close()


def left_to_do(state: Path, due: datetime) -> int:
    with sqlite3.connect(state, timeout=30) as db:
        due_now = db.execute("SELECT count(*) FROM reminders WHERE next_due <= ?", (due.timestamp(),)).fetchone()[0]
        waiting = db.execute("SELECT count(*) FROM outbox").fetchone()[0]
    return int(due_now) + int(waiting)


class Asker:
    """Asks a question every second from a new person; keeps the answer times (seconds)."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api
        self.times: list[float] = []
        self.unanswered = 0
        self.paused = threading.Event()  # set while no bot runs
        self._stop = threading.Event()
        self._chats = iter(ANSWER_CHATS)
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            if self.paused.is_set():
                continue
            chat = next(self._chats)
            self.api.private_chat(chat)
            with self.api._cond:
                first = len(self.api.calls)
            asked = time.monotonic()
            self.api.user_says(chat, QUESTION)
            answered = self._answer_time(chat, asked, first)
            if answered is None:
                if not self.paused.is_set():
                    self.unanswered += 1
            else:
                self.times.append(answered - asked)

    def _answer_time(self, chat: int, asked: float, first: int, patience: float = 60.0) -> float | None:
        """When the first call about ``chat`` after call number ``first`` was answered."""
        deadline = asked + patience
        while time.monotonic() < deadline and not self._stop.is_set():
            with self.api._cond:
                calls = self.api.calls[first:]
            first += len(calls)
            for call in calls:
                if call.params.get("chat_id") in (chat, str(chat)) and call.status == 200:
                    return call.at
            time.sleep(0.02)
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=30.0, help="Telegram's budget, messages a second")
    parser.add_argument("--kill", action="store_true", help="kill the bot (SIGKILL) half-way and start it again")
    args = parser.parse_args()

    people = range(1_000_000, 1_000_000 + args.people)
    due = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
    workdir = Path(tempfile.mkdtemp(prefix="kneebot-bench-reminders-"))
    state = workdir / "state.sqlite3"
    began = time.monotonic()
    write_reminders(state, people, due)
    print(f"{args.people} reminders written for 08:00 in {time.monotonic() - began:.1f} s")

    api = FakeBotApi().start()
    for user_id in people:
        api.private_chat(user_id)
    # The bot's clock: a few seconds before 08:00 by the time it is running.
    env = {
        "KNEEBOT_MAX_RATE": str(args.rate),
        "KNEEBOT_CLOCK_OFFSET": str(due.timestamp() - 3 - time.time()),
        "KNEEBOT_LOG_LEVEL": "INFO",
        "KNEEBOT_CACHE_DIR": str(ROOT / ".kneebot" / "cache"),  # the embeddings, computed once
    }

    def sent() -> Counter[int]:
        with api._cond:
            calls = list(api.calls)
        return Counter(
            int(c.params["chat_id"])
            for c in calls
            if c.method == "sendMessage" and c.status == 200 and REMINDER in str(c.params.get("text", ""))
        )

    asker = Asker(api)
    bot = BotProcess(api, workdir, env=env).start()
    started = time.monotonic()
    asker.start()
    bots = [bot]
    try:
        if args.kill:
            api.wait_for(lambda: sum(sent().values()) >= args.people // 2, 3600, "half of the reminders")
            asker.paused.set()
            bot.stop(signal.SIGKILL)
            killed_at = sum(sent().values())
            bot = BotProcess(api, workdir, env=env).start()
            bots.append(bot)
            asker.paused.clear()
            print(f"killed with {killed_at} reminders out; started again")
        api.wait_for(lambda: left_to_do(state, due) == 0, 7200, "every reminder to be handled")
        took = time.monotonic() - started
    finally:
        asker.stop()
        for process in bots:
            process.stop()
        api.stop()
    counts = sent()
    dropped = sum(int(n) for n in DROPPED.findall(bots[0].log))
    twice = sum(1 for n in counts.values() if n > 1)
    missing = args.people - len(counts)
    times = sorted(asker.times)
    print(f"burst: {args.people} reminders at {args.rate:g} messages/s in {took:.0f} s from start-up")
    print(f"sent: {sum(counts.values())} to {len(counts)} people; twice: {twice}; none: {missing}")
    print(f"on their way at a kill, not sent again (may have arrived): {dropped}")
    if times:
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        print(
            f"answers during the burst: {len(times)} asked, median {statistics.median(times):.2f} s, "
            f"p95 {p95:.2f} s, worst {times[-1]:.2f} s, unanswered {asker.unanswered}"
        )
    print(f"(state and log in {workdir})")


if __name__ == "__main__":
    main()
