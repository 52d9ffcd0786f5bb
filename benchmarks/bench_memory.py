"""Does anything grow without bound while the bot answers many people? (prints figures)

    python benchmarks/bench_memory.py                    # 5,000 people x 10 messages
    python benchmarks/bench_memory.py --people 2000 --messages 5

The engine answers the project's labelled questions for many people on a SQLite state file, each
person's questions made a little different (a number and a typo of their own), the way real
messages differ. After every tenth of the run it prints the process's resident memory and
tracemalloc's count of allocated bytes; at the end, the ten places whose allocations grew most in
the second half of the run (file:line), which is where anything unbounded shows.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.engine import Engine, Text  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.storage import SqliteStore  # noqa: E402


def questions() -> list[str]:
    found: list[str] = []
    for name in ("questions.yaml", "natural_questions.yaml"):
        cases = yaml.safe_load((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))
        found += [case["q"] for case in cases if isinstance(case, dict) and isinstance(case.get("q"), str)]
    return found or ["where is SP10", "why does my knee hurt after sitting", "start the calf massage"]


def varied(text: str, person: int, turn: int, rng: random.Random) -> str:
    """``text`` as this person might type it: a slip of their own and a number."""
    letters = list(text)
    if len(letters) > 4:
        at = rng.randrange(1, len(letters) - 1)
        letters[at], letters[at + 1] = letters[at + 1], letters[at]
    return "".join(letters) + f" ({person % 97 + turn})"


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--messages", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(27)
    texts = questions()
    knowledge = load_knowledge()
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder) / "state.sqlite3")
        engine = Engine(knowledge, store)
        engine.handle(1, Text("hello"))  # models loaded before measuring
        tracemalloc.start(1)
        total = args.people * args.messages
        tenth = max(1, total // 10)
        half: tracemalloc.Snapshot | None = None
        began = time.perf_counter()
        print(f"{total:,} messages from {args.people:,} people; start: RSS {rss_mib():.0f} MiB")
        for done in range(1, total + 1):
            person = 10_000 + (done - 1) % args.people
            turn = (done - 1) // args.people
            engine.handle(person, Text(varied(rng.choice(texts), person, turn, rng)))
            if done % tenth == 0:
                traced, _ = tracemalloc.get_traced_memory()
                print(f"  {done:>7,} messages: RSS {rss_mib():6.0f} MiB, traced {traced / 2**20:6.1f} MiB")
            if done == total // 2:
                half = tracemalloc.take_snapshot()
        end = tracemalloc.take_snapshot()
        print(f"{total / (time.perf_counter() - began):.0f} messages/s (with tracemalloc)")
        if half is not None:
            print("grew most in the second half (file:line, bytes):")
            for stat in end.compare_to(half, "lineno")[:10]:
                frame = stat.traceback[0]
                print(f"  {stat.size_diff / 1024:+9.0f} KiB  {Path(frame.filename).name}:{frame.lineno}")
        store.close()


if __name__ == "__main__":
    main()
