"""Load test through the fake Bot API server: kneebot next to a bare python-telegram-bot echo bot.

    python benchmarks/bench_telegram.py                 # 50 users x 15 messages, 15 rounds, then 100 updates/s
    python benchmarks/bench_telegram.py --users 20 --messages 10 --rounds 3 --rate 100 --seconds 5

Every bot runs as a real process against its own fake server on 127.0.0.1, all started once and
measured turn by turn in the same run: a bare echo bot, the echo bot sending replies as large as
kneebot's (same length, same number of buttons; this separates the cost of the bot's work from
the cost of bigger messages), and kneebot.

* Throughput: a burst of updates queued at once; updates answered per second. The bots take
  turns, one burst each per round, in a rotating order, and each round gives a kneebot/echo
  ratio. Reported: the median of those ratios (pairing bursts that ran seconds apart keeps the
  machine's drift out: this is a shared 2-core VM), the ratio of the median rates, and the ratio
  of CPU time per update of the bot processes (steadier still: time the machine spent on other
  work does not count).
* Latency: update queued -> reply received by the server, at a steady rate.

The messages are the project's labelled questions spread over the whole set, so kneebot does its
real work (about one answer in five is a point, sent as its diagram). kneebot runs as deployed
(four people's updates at a time, each person's in order) except for KNEEBOT_MAX_RATE=0, because
its default (Telegram's 30 messages per second) would throttle any load test; the echo bot runs
with python-telegram-bot's defaults (one update at a time, no rate limiter). Prints figures;
asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fake server lives with the tests

from fake_bot_api import TOKEN, FakeBotApi  # noqa: E402

KINDS = ("echo", "echo-sized", "kneebot")
REPLY_METHODS = ("sendMessage", "sendPhoto")  # point answers go out as their diagram
FLOOD_WINDOW = 5.5  # seconds: longer than the flood guard's window (20 messages in 5 s per person)


def single_message_questions() -> tuple[list[str], float]:
    """The project's labelled questions whose answer is one Telegram message (the latency
    bookkeeping pairs each question with one reply): no red flags, and no point answer too long
    for its picture's caption (those send the picture, then the rest as text). Also the share of
    them answered with a picture."""
    from bot.engine import Engine, Text
    from bot.engine.replies import split_caption
    from bot.knowledge import load_knowledge
    from bot.storage import MemoryStore

    engine = Engine(load_knowledge(), MemoryStore())
    engine.handle(1, Text("hello"))
    questions, pictures = [], 0
    for case in yaml.safe_load((ROOT / "tests" / "data" / "questions.yaml").read_text()):
        replies = engine.handle(1, Text(str(case["q"]))).replies
        if case["cat"] == "redflag" or len(replies) != 1:
            continue
        if replies[0].picture and split_caption(replies[0].html)[1]:
            continue
        questions.append(str(case["q"]))
        pictures += replies[0].picture is not None
    return questions, pictures / len(questions)


QUESTIONS, PICTURE_SHARE = single_message_questions()
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
    from bot.engine import Engine, Text
    from bot.knowledge import load_knowledge
    from bot.storage import MemoryStore

    engine = Engine(load_knowledge(), MemoryStore())
    engine.handle(1, Text("hello"))
    replies = [engine.handle(1, Text(question)).replies[-1] for question in QUESTIONS]
    return int(statistics.median(len(r.text) for r in replies)), int(statistics.median(len(r.labels) for r in replies))


@dataclass
class Bot:
    """One bot process and the fake server it talks to; users are handed out fresh per run."""

    kind: str
    api: FakeBotApi
    process: subprocess.Popen[bytes]
    rates: list[float] = field(default_factory=list)
    cpu_per_update: list[float] = field(default_factory=list)  # ms of the bot process's CPU time
    delays: list[float] = field(default_factory=list)
    _next_user: Iterator[int] = field(default_factory=lambda: itertools.count(5000))

    def new_users(self, count: int) -> list[int]:
        return [next(self._next_user) for _ in range(count)]

    def cpu_seconds(self) -> float:
        """CPU time the bot process has used so far (Linux; NaN elsewhere). Unlike wall-clock
        throughput, it does not count time the machine spent on other work."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def running(kind: str, workdir: Path, reply_size: tuple[int, int]) -> Iterator[Bot]:
    api = FakeBotApi().start()
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
            "KNEEBOT_PICTURES_DIR": str(workdir / "pictures"),
            "KNEEBOT_MAX_RATE": "0",
            "KNEEBOT_LOG_LEVEL": "WARNING",
        }
    process = subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        api.wait_for(lambda: api.calls_to("getUpdates"), 60, f"{kind} bot to start")
        yield Bot(kind, api, process)
    finally:
        process.terminate()
        process.wait(20)
        api.stop()


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


def start_users(bot: Bot, count: int) -> list[int]:
    """New users who have each started the bot, so later messages get exactly one reply each."""
    users = bot.new_users(count)
    for user in users:
        bot.api.private_chat(user)
        bot.api.user_says(user, "/start")
    expected = 2 if bot.kind == "kneebot" else 1  # kneebot greets a newcomer with the disclaimer first

    def everyone_answered() -> bool:
        answered = Counter(chat for chat, _ in replies(bot.api, set(users)))
        return all(answered[user] >= expected for user in users)

    bot.api.wait_for(everyone_answered, 60, "start replies")
    return users


def throughput(bot: Bot, users: list[int], messages: int) -> None:
    """Queue ``messages`` questions per user at once; records answered updates per second and
    the bot's CPU time per update. Each user starts at a different point of the question list,
    so a burst covers the whole set."""
    stride = max(1, len(QUESTIONS) // len(users))
    already = sent(bot.api)
    cpu_before = bot.cpu_seconds()
    started = time.monotonic()
    for number in range(messages):
        for index, user in enumerate(users):
            bot.api.user_says(user, QUESTIONS[(index * stride + number) % len(QUESTIONS)])
    total = len(users) * messages
    wait_for_replies(bot.api, already + total, 300)
    last = max(at for _, at in replies(bot.api, set(users)))
    bot.rates.append(total / (last - started))
    bot.cpu_per_update.append(1000 * (bot.cpu_seconds() - cpu_before) / total)


def latency(bot: Bot, users: list[int], rate: float, seconds: float) -> list[float]:
    api = bot.api
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
        help="messages per user in a burst (the flood guard allows 20 in 5 s)",
    )
    parser.add_argument("--rounds", type=int, default=15, help="bursts per bot, taken in turns")
    parser.add_argument("--rate", type=float, default=100.0, help="updates per second for the latency run")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    reply_size = typical_reply()
    print(
        f"kneebot's typical answer: {reply_size[0]} characters, {reply_size[1]} buttons (echo-sized sends the same); "
        f"{len(QUESTIONS)} questions, {100 * PICTURE_SHARE:.0f}% answered with a diagram"
    )
    with ExitStack() as stack:
        workdirs = {kind: Path(stack.enter_context(tempfile.TemporaryDirectory())) for kind in KINDS}
        bots = {kind: stack.enter_context(running(kind, workdirs[kind], reply_size)) for kind in KINDS}
        crowds = {kind: [start_users(bot, args.users) for _ in range(args.rounds)] for kind, bot in bots.items()}
        time.sleep(FLOOD_WINDOW)
        ratios: dict[str, list[float]] = {"echo": [], "echo-sized": []}
        for round_number in range(args.rounds):
            order = KINDS[round_number % len(KINDS) :] + KINDS[: round_number % len(KINDS)]
            for kind in order:
                throughput(bots[kind], crowds[kind][round_number], args.messages)
            kneebot = bots["kneebot"].rates[-1]
            for baseline in ratios:
                ratios[baseline].append(kneebot / bots[baseline].rates[-1])
            print(
                f"  round {round_number + 1}: "
                + "   ".join(f"{kind} {bots[kind].rates[-1]:6.1f}/s" for kind in KINDS)
                + f"   kneebot/echo {100 * ratios['echo'][-1]:.0f}%",
                flush=True,
            )
        for kind in KINDS:
            bot = bots[kind]
            bot.delays = latency(bot, start_users(bot, args.users), args.rate, args.seconds)
            print(
                f"{kind:10} throughput median {statistics.median(bot.rates):7.1f} updates/s "
                f"({args.users} users x {args.messages} messages, {args.rounds} rounds), "
                f"CPU {statistics.median(bot.cpu_per_update):.2f} ms/update   "
                f"latency at {args.rate:.0f}/s: p50 {statistics.median(bot.delays):6.1f} ms, "
                f"p99 {percentile(bot.delays, 0.99):6.1f} ms ({len(bot.delays)} replies)"
            )
    kneebot = bots["kneebot"]
    for baseline, values in ratios.items():
        other = bots[baseline]
        of_medians = statistics.median(kneebot.rates) / statistics.median(other.rates)
        cpu = statistics.median(other.cpu_per_update) / statistics.median(kneebot.cpu_per_update)
        print(
            f"kneebot / {baseline:10} throughput {100 * statistics.median(values):.0f}% (median of the rounds' "
            f"ratios; rounds {min(values) * 100:.0f}-{max(values) * 100:.0f}%), {100 * of_medians:.0f}% (ratio of "
            f"medians); by CPU time per update {100 * cpu:.0f}%"
        )


if __name__ == "__main__":
    main()
