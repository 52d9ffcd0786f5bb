"""Load test through the fake Bot API server: kneebot next to a bare python-telegram-bot echo bot.

    python benchmarks/bench_telegram.py                 # 50 users x 15 messages, then 100 updates/s
    python benchmarks/bench_telegram.py --users 20 --messages 10 --rate 100 --seconds 5

Both bots run as real processes against their own fake server on 127.0.0.1 and are measured in
the same run, plus the echo bot sending replies as large as kneebot's (same length, same
number of buttons) to separate the cost of the bot's work from the cost of bigger messages:
throughput (updates answered per second, all queued at once) and reply latency at
a steady rate (update queued -> reply received by the server). The messages are the project's
labelled questions, so kneebot does its real work (and its caches see realistic repetition). kneebot runs with
KNEEBOT_MAX_RATE=0, because its default (Telegram's 30 messages per second) would throttle any
load test; the echo bot has no rate limiter at all. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fake server lives with the tests

from fake_bot_api import TOKEN, FakeBotApi  # noqa: E402


def single_message_questions() -> list[str]:
    """The project's labelled questions whose answer is one Telegram message (the latency
    bookkeeping pairs each question with one reply): no red flags, and no point answer too long
    for its picture's caption (those send the picture, then the rest as text)."""
    from bot.engine import Engine, MemoryStore, Text
    from bot.engine.replies import split_caption
    from bot.knowledge import load_knowledge

    engine = Engine(load_knowledge(), MemoryStore())
    engine.handle(1, Text("hello"))
    questions = []
    for case in yaml.safe_load((ROOT / "tests" / "data" / "questions.yaml").read_text()):
        replies = engine.handle(1, Text(str(case["q"]))).replies
        if case["cat"] == "redflag" or len(replies) != 1:
            continue
        if replies[0].picture and split_caption(replies[0].html)[1]:
            continue
        questions.append(str(case["q"]))
    return questions


QUESTIONS = single_message_questions()
ECHO_BOT = textwrap.dedent(
    """
    import sys
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
    from telegram.ext import ApplicationBuilder, MessageHandler, filters

    SIZE, BUTTONS = int(sys.argv[3]), int(sys.argv[4])
    TEXT = ("knee " * SIZE)[:SIZE]
    KEYBOARD = InlineKeyboardMarkup(
        [[InlineKeyboardButton(f"Button {n}", callback_data=f"e:button-{n}")] for n in range(BUTTONS)]
    ) if BUTTONS else None

    async def echo(update: Update, context) -> None:
        if SIZE:  # a reply as large as kneebot's answers
            await update.message.reply_text(TEXT, reply_markup=KEYBOARD)
        else:  # a bare echo
            await update.message.reply_text(update.message.text)

    app = ApplicationBuilder().token(sys.argv[1]).base_url(sys.argv[2]).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling()
    """
)


def typical_reply() -> tuple[int, int]:
    """Median length and button count of kneebot's answers to the benchmark questions."""
    from bot.engine import Engine, MemoryStore, Text
    from bot.knowledge import load_knowledge

    engine = Engine(load_knowledge(), MemoryStore())
    engine.handle(1, Text("hello"))
    replies = [engine.handle(1, Text(question)).replies[-1] for question in QUESTIONS]
    return int(statistics.median(len(r.text) for r in replies)), int(statistics.median(len(r.labels) for r in replies))


def start_bot(
    kind: str, api: FakeBotApi, workdir: Path, reply_size: tuple[int, int] = (0, 0)
) -> subprocess.Popen[bytes]:
    if kind.startswith("echo"):
        script = workdir / "echo_bot.py"
        script.write_text(ECHO_BOT)
        size, buttons = reply_size if kind == "echo-sized" else (0, 0)
        command = [sys.executable, str(script), TOKEN, api.url, str(size), str(buttons)]
        env = dict(os.environ)
    else:
        command = [sys.executable, "-m", "bot", "run", "--api-url", api.url]
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "KNEEBOT_STATE_DB": str(workdir / "state.sqlite3"),
            "KNEEBOT_MAX_RATE": "0",
            "KNEEBOT_LOG_LEVEL": "WARNING",
        }
    process = subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    api.wait_for(lambda: api.calls_to("getUpdates"), 60, f"{kind} bot to start")
    return process


REPLY_METHODS = ("sendMessage", "sendPhoto")  # point answers go out as their diagram


def replies(api: FakeBotApi, chats: set[int]) -> list[tuple[int, float]]:
    """(chat, time) of every message sent to ``chats``, in order."""
    with api._cond:
        calls = [c for c in api.calls if c.method in REPLY_METHODS and c.status == 200]
    return [(int(c.params["chat_id"]), c.at) for c in calls if int(c.params["chat_id"]) in chats]


def sent(api: FakeBotApi) -> int:
    return sum(api.answered[method] for method in REPLY_METHODS)


def wait_for_replies(api: FakeBotApi, count: int, timeout: float) -> None:
    """Wait until ``count`` messages have been sent in all (a counter: cheap while under load)."""
    api.wait_for(lambda: sent(api) >= count, timeout, f"{count} replies")


def warm_up(api: FakeBotApi, users: list[int]) -> None:
    """Each user starts the bot first, so later messages get exactly one reply each; then a pause
    longer than the flood guard's window (20 messages in 5 s per person)."""
    for user in users:
        api.private_chat(user)
        api.user_says(user, "/start")
    api.wait_for(lambda: {chat for chat, _ in replies(api, set(users))} == set(users), 60, "warm-up replies")
    time.sleep(5.5)


def throughput(api: FakeBotApi, users: list[int], messages: int) -> float:
    already = sent(api)
    started = time.monotonic()
    for round_number in range(messages):
        for user in users:
            api.user_says(user, QUESTIONS[(user + round_number) % len(QUESTIONS)])
    total = len(users) * messages
    wait_for_replies(api, already + total, 300)
    last = max(at for _, at in replies(api, set(users)))
    return total / (last - started)


def latency(api: FakeBotApi, users: list[int], rate: float, seconds: float) -> list[float]:
    asked: dict[int, list[float]] = {user: [] for user in users}
    before = {user: sum(1 for chat, _ in replies(api, {user})) for user in users}
    already = sent(api)
    interval = 1.0 / rate
    count = int(rate * seconds)
    started = time.monotonic()
    for number in range(count):
        due = started + number * interval
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        user = users[number % len(users)]
        asked[user].append(time.monotonic())
        api.user_says(user, QUESTIONS[number % len(QUESTIONS)])
    wait_for_replies(api, already + count, 120)
    delays = []
    for user in users:
        answered = [at for chat, at in replies(api, {user})][before[user] :]
        delays += [(reply - asked) * 1000 for asked, reply in zip(asked[user], answered, strict=False)]
    return delays


def measure(kind: str, args: argparse.Namespace, reply_size: tuple[int, int]) -> tuple[float, list[float]]:
    api = FakeBotApi().start()
    with tempfile.TemporaryDirectory() as workdir:
        process = start_bot(kind, api, Path(workdir), reply_size)
        try:
            users = list(range(5000, 5000 + args.users))
            warm_up(api, users)
            rate = throughput(api, users, args.messages)
            steady = list(range(7000, 7000 + args.users))
            warm_up(api, steady)
            delays = latency(api, steady, args.rate, args.seconds)
        finally:
            process.terminate()
            process.wait(20)
            api.stop()
    return rate, delays


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--messages",
        type=int,
        default=15,
        help="messages per user for the throughput run (the flood guard allows 20 in 5 s)",
    )
    parser.add_argument("--rate", type=float, default=100.0, help="updates per second for the latency run")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3, help="alternate the two bots this many times (medians)")
    args = parser.parse_args()

    kinds = ("echo", "echo-sized", "kneebot")
    reply_size = typical_reply()
    print(f"kneebot's typical answer: {reply_size[0]} characters, {reply_size[1]} buttons (echo-sized sends the same)")
    rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    delays: dict[str, list[float]] = {kind: [] for kind in kinds}
    for round_number in range(1, args.rounds + 1):
        for kind in kinds:
            rate, round_delays = measure(kind, args, reply_size)
            rates[kind].append(rate)
            delays[kind] += round_delays
            print(f"  round {round_number}: {kind:10} {rate:7.1f} updates/s", flush=True)
    for kind in kinds:
        print(
            f"{kind:10} throughput median {statistics.median(rates[kind]):7.1f} updates/s "
            f"({args.users} users x {args.messages} messages, {args.rounds} rounds)   "
            f"latency at {args.rate:.0f}/s: p50 {statistics.median(delays[kind]):6.1f} ms, "
            f"p99 {percentile(delays[kind], 0.99):6.1f} ms ({len(delays[kind])} replies)"
        )
    kneebot = statistics.median(rates["kneebot"])
    print(f"kneebot / bare echo throughput:       {100 * kneebot / statistics.median(rates['echo']):.0f}%")
    print(f"kneebot / echo-sized throughput:      {100 * kneebot / statistics.median(rates['echo-sized']):.0f}%")


if __name__ == "__main__":
    main()
