"""What the inbox costs per update: each one added as it arrives and marked done a little later
(ten updates behind, as replies settle), from 100 people in turn, on SQLite and in memory.

    python benchmarks/bench_inbox.py [--updates 3000]

Prints the CPU and wall time per update of ``add`` plus ``done``; asserts nothing. The order
rule (each person's next update is handed out only when it is their turn) is inside both calls.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bot.engine.stores import Incoming, Storage
from bot.storage import MemoryStore, SqliteStore

BEHIND = 10  # updates between one arriving and its being done
PEOPLE = 100


def update(update_id: int) -> Incoming:
    person = 100 + update_id % PEOPLE
    chat = {"id": person, "type": "private"}
    message = {"message_id": update_id, "date": 0, "chat": chat, "from": {"id": person}, "text": "x" * 40}
    return Incoming.of({"update_id": update_id, "message": message})


def measure(store: Storage, count: int) -> tuple[float, float]:
    """CPU and wall milliseconds per update."""
    updates = [update(number) for number in range(1, count + 1)]
    cpu, wall = time.process_time(), time.perf_counter()
    for number, incoming in enumerate(updates):
        store.inbox.add(7, [incoming])
        if number >= BEHIND:
            store.inbox.done(7, [updates[number - BEHIND].update_id])
    return 1000 * (time.process_time() - cpu) / count, 1000 * (time.perf_counter() - wall) / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kneebot-bench-inbox-") as folder:
        for name, store in (("sqlite", SqliteStore(Path(folder) / "state.sqlite3")), ("memory", MemoryStore())):
            try:
                cpu, wall = measure(store, args.updates)
            finally:
                store.close()
            print(f"{name:<7} add + done per update: {cpu:.3f} ms CPU, {wall:.3f} ms wall ({args.updates} updates)")


if __name__ == "__main__":
    main()
