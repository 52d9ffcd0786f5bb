"""One person floods; how long does someone else wait for a reply? Prints figures, asserts nothing.

    python benchmarks/bench_flood.py                    # 40 questions per phase, 100 ms per API call
    python benchmarks/bench_flood.py --samples 20 --latency 0.1
    python benchmarks/bench_flood.py --code /path/to/other/checkout    # the same, another version

kneebot runs as a real process, as deployed (default settings), against the fake Bot API server
on 127.0.0.1, which answers every call after ``--latency`` seconds, as over a real network.
One person ("quiet") asks a question, waits for the reply, pauses 0.4 s and asks the next;
reply latency is update queued -> reply received by the server. Three phases:

* quiet:     nobody else is using the bot;
* flooded:   another person sends bursts of 60 messages (a new burst every 2 s) meanwhile;
* slow:      another person's replies take 2 s each to send (say their network is bad), while
             they keep sending messages.

Acceptance (issue #13): flooded at most quiet + 150 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fake server lives with the tests

from fake_bot_api import TOKEN, FakeBotApi  # noqa: E402

QUIET, FLOODER = 1001, 2002
PAUSE = 0.4  # seconds between the quiet person's questions: well within the flood guard's limit
GIVE_UP = 30.0  # seconds; a reply later than this counts as this late
QUESTIONS = ["thank you", "what causes knee pain", "hello", "can I massage over varicose veins", "/help"]
EXPECTED = ["welcome", "Knee pain has many causes", "Hello", "Do not massage", "Ask me in your own words"]


def start_bot(api: FakeBotApi, workdir: Path, code: Path | None) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "KNEEBOT_STATE_DB": str(workdir / "state.sqlite3"),
        "KNEEBOT_PICTURES_DIR": str(workdir / "pictures"),
        "KNEEBOT_LOG_LEVEL": "WARNING",
    }
    if code is not None:
        env["PYTHONPATH"] = str(code)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--api-url", api.url],
        env=env,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    api.wait_for(lambda: api.calls_to("getUpdates"), 60, "the bot to start polling")
    return process


def ask(api: FakeBotApi, user: int, question: str, expected: str) -> float:
    """Seconds from the question being queued to its reply arriving at the server; GIVE_UP
    when it has not arrived by then."""
    before = len(api.chat_calls(user))
    asked = time.monotonic()
    api.user_says(user, question)

    def reply() -> float | None:
        for call in api.chat_calls(user)[before:]:
            if call.method == "sendMessage" and call.status == 200 and expected in str(call.params.get("text")):
                return call.at
        return None

    try:
        return api.wait_for(reply, GIVE_UP, f"the reply to {question!r}") - asked
    except AssertionError:
        return GIVE_UP


def measure(api: FakeBotApi, samples: int) -> list[float]:
    delays = []
    for number in range(samples):
        index = number % len(QUESTIONS)
        delays.append(ask(api, QUIET, QUESTIONS[index], EXPECTED[index]))
        time.sleep(PAUSE)
    return delays


def meanwhile(action, stop: threading.Event) -> threading.Thread:
    def loop() -> None:
        while not stop.is_set():
            action()
            stop.wait(2.0)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


def report(name: str, delays: list[float]) -> tuple[float, float]:
    """Print the phase's figures; its median and longest latency in ms."""
    ordered = sorted(delays)
    p50 = statistics.median(ordered) * 1000
    p90 = ordered[int(0.9 * (len(ordered) - 1))] * 1000
    longest = ordered[-1] * 1000
    late = sum(delay >= GIVE_UP for delay in delays)
    print(
        f"  {name:8} p50 {p50:6.0f} ms   p90 {p90:6.0f} ms   max {longest:6.0f} ms   ({len(ordered)} questions"
        + (f", {late} not answered within {GIVE_UP:.0f} s)" if late else ")")
    )
    return p50, longest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=40, help="questions the quiet person asks per phase")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds the server takes per API call")
    parser.add_argument("--code", type=Path, help="run the bot from this checkout instead (PYTHONPATH)")
    args = parser.parse_args()

    api = FakeBotApi(latency=args.latency).start()
    with tempfile.TemporaryDirectory() as workdir:
        process = start_bot(api, Path(workdir), args.code)
        try:
            for user in (QUIET, FLOODER):
                api.private_chat(user)
                ask(api, user, "hello", "Hello")  # greeted: later questions get one reply each
            print(f"reply latency of one person, {args.latency * 1000:.0f} ms per Bot API call:")
            quiet = report("quiet", measure(api, args.samples))

            stop = threading.Event()
            burst = lambda: [api.user_says(FLOODER, f"hello {n}") for n in range(60)]  # noqa: E731
            flooding = meanwhile(burst, stop)
            flooded = report("flooded", measure(api, args.samples))
            stop.set()
            flooding.join()

            time.sleep(6)  # let the flood guard's window pass
            stop = threading.Event()
            api.slow_down(FLOODER, 2.0, times=10_000)

            def trickle() -> None:
                for _ in range(5):
                    api.user_says(FLOODER, "thank you")

            slowing = meanwhile(trickle, stop)
            slow = report("slow", measure(api, args.samples))
            stop.set()
            slowing.join()
        finally:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
            api.stop()
    for name, phase in (("flooded", flooded), ("slow", slow)):
        print(
            f"{name} - quiet: p50 {phase[0] - quiet[0]:+.0f} ms, max {phase[1] - quiet[1]:+.0f} ms "
            "(wanted: at most +150 ms)"
        )


if __name__ == "__main__":
    main()
