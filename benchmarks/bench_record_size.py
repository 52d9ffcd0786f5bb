"""Size of one person's stored state record with a full profile and history (prints figures).

Every fact the bot recognises, a red flag with its recent findings, a topic under discussion
with "Did you mean" suggestions, eight screening answers and a routine under way at its pain
rating: about as much as one record can hold. Also how long one event takes end to end on
SQLite (one transaction each), as a median over many events.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.engine import Engine, Text
from bot.knowledge import load_knowledge
from bot.semantic import Semantics
from bot.storage import SqliteStore

MESSAGES = [
    "I'm 20 weeks pregnant",
    "I take warfarin",
    "I have varicose veins on my left leg",
    "I'm diabetic",
    "I have osteoarthritis",
    "I had a knee replacement",
    "I have osteoporosis",
    "I have cancer",
    "my left knee hurts",
    "my calf is swollen",
    "it is warm too",
    "start the qigong routine",
    "start",
    "no",
    "no",
    "no",
    "knee surgery",
]


def main() -> None:
    knowledge = load_knowledge()
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder) / "state.sqlite3")
        engine = Engine(knowledge, store, semantics=Semantics.load(Path(folder) / "cache"))
        for message in MESSAGES:
            engine.handle(1, Text(message))
        record = store.raw(1) or ""
        timings = []
        for number in range(200):
            started = time.perf_counter()
            engine.handle(100 + number % 20, Text("how long should I press it?" if number % 2 else "where is SP10"))
            timings.append((time.perf_counter() - started) * 1000)
        store.close()
    print(f"record with a full profile and history: {len(record.encode())} bytes (limit 4096)")
    stamps = record.count('"at"')
    print(f"dated items in it: {stamps} (profile facts, screening answers, red flag, findings, topic)")
    print(f"one event on SQLite, median of 200: {statistics.median(timings):.2f} ms")


if __name__ == "__main__":
    main()
