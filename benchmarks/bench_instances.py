"""One or two kneebot instances behind one webhook, on SQLite and on PostgreSQL: updates per second
and reply latency.

    python benchmarks/bench_instances.py                       # 1 and 2 instances x sqlite and postgres
    python benchmarks/bench_instances.py --people 60 --messages 5 --rate 40 --seconds 10 --stores sqlite

Each configuration gets a fresh fake Bot API server, a fresh database (a SQLite file the
instances share, or a new database on a PostgreSQL server started from this machine's binaries,
as the tests do: durability off) and fresh processes, `kneebot run` in webhook mode with
KNEEBOT_MAX_RATE=0 (Telegram's 30 messages per second would cap any load test). This script plays
the proxy: it POSTs each update to the instances in turn, as a round-robin proxy would, with the
webhook secret.

* Throughput: every person sends ``messages`` questions, each after the previous one was
  accepted (200), all people at once; updates answered per second, from the first POST to the
  last reply reaching the fake server.
* Latency: ``rate`` updates per second for ``seconds``, each from a person with nothing else
  outstanding; from the POST to the reply reaching the fake server: p50, p99.

The questions are the project's labelled ones whose answer is one message (as in
bench_telegram.py). Prints figures; asserts nothing. On this shared 2-core machine two instances
share the same two cores, so a second instance buys availability, not speed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the fake server and the PostgreSQL starter live with the tests

import psycopg  # noqa: E402
from bench_telegram import QUESTIONS, REPLY_METHODS, percentile  # noqa: E402
from bot_process import free_port, post_update  # noqa: E402
from fake_bot_api import TOKEN, FakeBotApi  # noqa: E402

from postgres_server import PostgresServer  # noqa: E402


def greeting_replies() -> int:
    """How many messages a person's first message ("hello") gets."""
    from bot.engine import Engine, Text
    from bot.knowledge import load_knowledge
    from bot.storage import MemoryStore

    return len(Engine(load_knowledge(), MemoryStore()).handle(1, Text("hello")).replies)


GREETING = greeting_replies()


def draw_pictures(folder: Path) -> None:
    from bot.knowledge import load_knowledge
    from bot.pictures.cache import PictureCache

    PictureCache(folder, load_knowledge()).render_all()


SECRET = "bench-secret"
POSTERS = 16  # concurrent POSTs, as Telegram opens several connections to a webhook


@dataclass
class Cluster:
    api: FakeBotApi
    urls: list[str]
    _turn: Iterator[int]

    def post(self, user: int, text: str) -> None:
        """POST one update to the next instance, as a round-robin proxy does; on to the other
        when one does not answer."""
        update = self.api.webhook_update(user, text)
        for _ in range(len(self.urls) * 20):
            if post_update(self.urls[next(self._turn)], SECRET, update) == 200:
                return
            time.sleep(0.05)
        raise RuntimeError("no instance took the update")

    def replies(self, chats: set[int]) -> list[tuple[int, float]]:
        with self.api._cond:
            calls = [c for c in self.api.calls if c.method in REPLY_METHODS and c.status == 200]
        return [(int(c.params["chat_id"]), c.at) for c in calls if int(c.params["chat_id"]) in chats]


@contextmanager
def cluster(instances: int, database: str, workdir: Path, cache: Path) -> Iterator[Cluster]:
    api = FakeBotApi().start()
    processes: list[subprocess.Popen[bytes]] = []
    urls = []
    try:
        for number in range(instances):
            port = free_port()
            url = f"http://127.0.0.1:{port}/telegram"
            env = {
                **os.environ,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "KNEEBOT_STATE_DB": database,
                "KNEEBOT_PICTURES_DIR": str(workdir.parent / "pictures"),  # drawn once, before
                "KNEEBOT_CACHE_DIR": str(cache),
                "KNEEBOT_MAX_RATE": "0",
                "KNEEBOT_LOG_LEVEL": "WARNING",
                "KNEEBOT_WEBHOOK_SECRET": SECRET,
            }
            command = [sys.executable, "-m", "bot", "run", "--api-url", api.url, "--webhook-url", url]
            command += ["--listen", f"127.0.0.1:{port}"]
            log = open(workdir / f"bot-{number}.log", "wb")  # noqa: SIM115 (closed with the process)
            processes.append(subprocess.Popen(command, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT))
            urls.append(url)
        for url in urls:
            api.wait_for(lambda url=url: post_update(url, "wrong", {}) == 403, 120, "an instance to listen")
        yield Cluster(api, urls, itertools.cycle(range(len(urls))))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)
        api.stop()


def wait_for(cluster: Cluster, chats: set[int], count: int, timeout: float = 600.0) -> float:
    deadline = time.monotonic() + timeout
    while len(cluster.replies(chats)) < count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(cluster.replies(chats))} of {count} replies came")
        time.sleep(0.01)
    return max(at for _, at in cluster.replies(chats))


def greet(cluster: Cluster, people: list[int]) -> None:
    with ThreadPoolExecutor(POSTERS) as pool:
        list(pool.map(lambda person: cluster.post(person, "hello"), people))
    wait_for(cluster, set(people), GREETING * len(people))


def throughput(cluster: Cluster, people: list[int], messages: int) -> float:
    greet(cluster, people)  # so the burst is of questions, not first messages
    already = len(cluster.replies(set(people)))
    questions = itertools.cycle(QUESTIONS)
    plan = {person: [next(questions) for _ in range(messages)] for person in people}

    def one_person(person: int) -> None:
        for text in plan[person]:
            cluster.post(person, text)

    started = time.monotonic()
    with ThreadPoolExecutor(POSTERS) as pool:
        list(pool.map(one_person, people))
    finished = wait_for(cluster, set(people), already + len(people) * messages)
    return len(people) * messages / (finished - started)


def latency(cluster: Cluster, people: list[int], rate: float, seconds: float) -> list[float]:
    greet(cluster, people)
    before = {person: GREETING for person in people}
    asked: dict[int, list[float]] = {person: [] for person in people}
    questions, turn = itertools.cycle(QUESTIONS), itertools.cycle(people)
    started, count = time.monotonic(), int(rate * seconds)
    with ThreadPoolExecutor(POSTERS) as pool:
        for number in range(count):
            pause = started + number / rate - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            person = next(turn)
            asked[person].append(time.monotonic())
            pool.submit(cluster.post, person, next(questions))
    wait_for(cluster, set(people), sum(before.values()) + count)
    delays = []
    for person in people:
        answered = [at for chat, at in cluster.replies({person})][before[person] :]
        delays += [reply - question for question, reply in zip(asked[person], answered, strict=False)]
    return delays


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--messages", type=int, default=5, help="questions per person in the burst")
    parser.add_argument("--rate", type=float, default=40.0, help="updates per second for the latency run")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--instances", default="1,2")
    args = parser.parse_args()
    burst, steady = f"{args.people} people x {args.messages} questions", f"{args.rate:.0f} updates/s"
    print(f"burst: {burst}; latency: {steady} for {args.seconds:.0f} s")
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kneebot-bench-")))
        cache = workdir / "cache"
        draw_pictures(workdir / "pictures")  # not in the instances' first seconds
        server = None
        if "postgres" in args.stores:
            server = PostgresServer.start()
            stack.callback(server.stop)
        ids = itertools.count(10_000)
        for store, instances in itertools.product(args.stores.split(","), [int(n) for n in args.instances.split(",")]):
            name = f"run{next(ids)}"
            if store == "postgres":
                assert server is not None
                with psycopg.connect(server.url(), autocommit=True) as admin:
                    admin.execute(f"CREATE DATABASE {name}")
                database = server.url(name)
            else:
                database = str(workdir / f"{name}.sqlite3")
            folder = workdir / name
            folder.mkdir()
            with cluster(instances, database, folder, cache) as running:
                burst_people = [next(ids) for _ in range(args.people)]
                rate = throughput(running, burst_people, args.messages)
                steady_people = [next(ids) for _ in range(max(10, int(args.rate)))]
                delays = latency(running, steady_people, args.rate, args.seconds)
            print(
                f"{store:<9} {instances} instance{'s' if instances > 1 else ' '}: {rate:6.0f} updates/s; "
                f"at {args.rate:.0f}/s reply latency p50 {1000 * statistics.median(delays):6.1f} ms, "
                f"p99 {1000 * percentile(delays, 0.99):6.1f} ms ({len(delays)} replies)"
            )


if __name__ == "__main__":
    main()
