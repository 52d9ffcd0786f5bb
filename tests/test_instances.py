"""Several kneebot processes on one database, as operators run them: one poller per bot, however
many are started; and the fault test of webhook instances sharing PostgreSQL behind a proxy:
each due reminder sent once, a burst that loses nothing when one instance is killed outright
(SIGKILL), answered once and in order, and a routine timer that fires after its instance died."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from bot_process import (
    CACHE_DIR,
    BotProcess,
    free_port,
    post_update,
    say,
    short_timer_knowledge,
    start_the_towel_timer,
)
from fake_bot_api import TOKEN, FakeBotApi
from webhook_delivery import WebhookDelivery

from bot.engine.practice.changes import AddReminder, SetZone
from bot.storage.postgres import PostgresStore

SECRET = "instances-test-secret"
REMINDER = "Time for your knee practice"


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


def test_a_second_poller_on_the_same_database_is_refused_with_what_to_do(api, tmp_path):
    relative = {"KNEEBOT_STATE_DB": "state.sqlite3"}  # beside where they start (cwd): a warning
    first = BotProcess(api, tmp_path, env=relative).start()
    try:
        second = subprocess.run(
            [sys.executable, "-m", "bot", "run", "--api-url", api.url],
            env={
                **os.environ,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                **relative,
                "KNEEBOT_CACHE_DIR": str(CACHE_DIR),
            },
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert second.returncode == 1
        assert "another process is polling for this bot" in second.stderr and "webhook mode" in second.stderr
        say(api, 8101, "where is SP10", "Xuehai")  # the first goes on as before
    finally:
        first.stop()
    assert first.proc is not None and first.proc.returncode == 0, first.log
    resolved = tmp_path.resolve() / "state.sqlite3"
    assert f"relative to the folder the bot was started in (now {resolved})" in first.log


def start_instances(
    api: FakeBotApi, database: str, folder: Path, count: int, *extra: str, lease: float = 30.0
) -> list[BotProcess]:
    """``count`` webhook instances on ``database``, each listening on a port of its own (the test
    plays the proxy in front of them), started at once and waited for until they listen."""
    instances, urls = [], []
    for number in range(count):
        port = free_port()
        workdir = folder / f"instance-{number}"
        workdir.mkdir()
        urls.append(f"http://127.0.0.1:{port}/telegram")
        env = {"KNEEBOT_STATE_DB": database, "KNEEBOT_WEBHOOK_SECRET": SECRET, "KNEEBOT_MAX_RATE": "0"}
        env["KNEEBOT_LEASE_SECONDS"] = str(lease)
        arguments = ("--webhook-url", urls[-1], "--listen", f"127.0.0.1:{port}", *extra)
        instances.append(BotProcess(api, workdir, *arguments, env=env).start(ready="none"))
    for url in urls:
        api.wait_for(lambda url=url: post_update(url, "wrong", {}) == 403, 120, "an instance to listen")
    return instances


def url_of(instance: BotProcess) -> str:
    return instance.extra[1]


def test_two_instances_send_each_of_a_thousand_reminders_due_in_one_minute_once(api, postgres_url, tmp_path):
    people = range(8000, 9000)
    due = time.time() // 60 * 60  # this minute
    minute = int(due // 60 % (24 * 60))  # of the day, in UTC
    created = due - 3600
    seed = PostgresStore(postgres_url, where="test")
    try:
        for person in people:
            api.private_chat(person)
            with seed.transaction(person) as loaded:
                loaded.state.defer(SetZone(created, "UTC"))
                loaded.state.defer(AddReminder(created, (minute,), 127, None, next_due=due))
    finally:
        seed.close()
    instances = start_instances(api, postgres_url, tmp_path, 2)
    try:

        def reminded() -> list[int]:
            return [person for person in people for m in api.chat_messages(person) if REMINDER in m.shown]

        api.wait_for(lambda: len(set(reminded())) == len(people), 300, "every reminder sent")
        assert sorted(reminded()) == list(people)  # each once
    finally:
        for instance in instances:
            instance.stop()
    assert all(instance.proc is not None and instance.proc.returncode == 0 for instance in instances)


# --- one of two instances killed ----------------------------------------------------------------

PEOPLE = range(7000, 7200)
MESSAGES = 3
LEASE = 5.0  # seconds a dead instance's claims last (the default is 30)


def kill_between_sends(instance: BotProcess, database: str) -> None:
    """SIGKILL ``instance`` at a moment when none of its sends is on its way. A send is made at
    most once: one whose request may have reached Telegram when its instance died is never made
    again, so a crash at that very moment may lose it (the price of never sending twice). The
    instance is frozen (SIGSTOP), so it can start nothing meanwhile, and killed if the outbox
    shows none of its messages started; else it runs on a moment and is looked at again.

    Frozen means every thread stopped and none of its database statements still running: one
    sent just before the freeze (marking a send started) would otherwise commit after the look."""
    assert instance.proc is not None
    pid, marker = instance.proc.pid, f"%:{instance.proc.pid}:%"
    with psycopg.connect(database, autocommit=True) as connection:
        for _ in range(2000):
            os.kill(pid, signal.SIGSTOP)
            if _frozen(pid, connection):
                row = connection.execute(
                    "SELECT count(*) FROM outbox WHERE started AND claimed_by LIKE %s", (marker,)
                ).fetchone()
                if row is not None and row[0] == 0:
                    os.kill(pid, signal.SIGKILL)
                    instance.proc.wait(30)
                    return
            os.kill(pid, signal.SIGCONT)
            time.sleep(0.005)
    raise AssertionError("the instance always had a send on its way")


def _frozen(pid: int, connection: psycopg.Connection[tuple[object, ...]]) -> bool:
    """Whether every thread of ``pid`` has stopped, nothing it wrote to a socket is still unread
    at the other end, and none of its database sessions is running a statement (two looks in a
    row, within a second)."""
    settled = 0
    for _ in range(200):
        tasks = os.listdir(f"/proc/{pid}/task")
        stopped = all(_state(f"/proc/{pid}/task/{task}/stat") in "tT" for task in tasks)
        ports = _quiet_ports(pid)
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE client_port = ANY(%s) AND state = 'active'",
            (list(ports or ()),),
        ).fetchone()
        settled = settled + 1 if stopped and ports is not None and row is not None and row[0] == 0 else 0
        if settled == 2:
            return True
        time.sleep(0.005)
    return False


def _state(stat: str) -> str:
    return Path(stat).read_text().rsplit(")", 1)[1].split()[0]


def _quiet_ports(pid: int) -> set[int] | None:
    """The local TCP ports of ``pid``'s sockets, or None while bytes it sent wait unread: in its
    own send queue or in the receive queue of the socket at the other end."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    rows = [
        line.split()
        for table in ("tcp", "tcp6")
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
    ]
    unread = {(fields[1], fields[2]) for fields in rows if int(fields[4].split(":")[1], 16)}
    ports = set()
    for fields in rows:
        if fields[9] in inodes and fields[3] != "0A":  # a listening socket's queues count connections
            if int(fields[4].split(":")[0], 16) or (fields[2], fields[1]) in unread:
                return None
            ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def noted(api: FakeBotApi, person: int) -> list[str]:
    """The pain ratings the bot confirmed to ``person``, in the order it sent them."""
    confirmations = [m.shown for m in api.chat_messages(person) if "Noted: pain" in m.shown]
    return [text.split("Noted: ", 1)[1].split(" (", 1)[0] for text in confirmations]


def test_a_burst_survives_one_of_two_instances_killed_in_the_middle(api, postgres_url, tmp_path):
    """200 people send three ratings each; a third of the way through, one instance is killed.
    Every rating is confirmed once, in the order sent, and written to the diary once."""
    instances = start_instances(api, postgres_url, tmp_path, 2, lease=LEASE)
    delivery = WebhookDelivery(api, [url_of(instance) for instance in instances], SECRET).start()
    try:
        for number in range(1, MESSAGES + 1):
            for person in PEOPLE:
                api.user_says(person, f"pain {number}/10")
        total = len(PEOPLE) * MESSAGES
        api.wait_for(lambda: delivery.delivered >= total // 3, 120, "a third of the burst delivered")
        kill_between_sends(instances[0], postgres_url)
        api.wait_for(lambda: all(len(noted(api, p)) >= MESSAGES for p in PEOPLE), 300, "every rating confirmed")
        assert delivery.delivered == total and delivery.accepted[url_of(instances[0])] > 0
        expected = [f"pain {number}/10" for number in range(1, MESSAGES + 1)]
        for person in PEOPLE:
            assert noted(api, person) == expected, person  # each once, in the order sent
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            rows = connection.execute("SELECT user_id, count(*) FROM pain_diary GROUP BY user_id").fetchall()
        assert dict(rows) == dict.fromkeys(PEOPLE, MESSAGES)  # nothing handled twice
    finally:
        delivery.stop()
        for instance in instances:
            instance.stop()


def test_a_routine_timer_fires_when_the_instance_that_set_it_has_died(api, postgres_url, tmp_path):
    knowledge = short_timer_knowledge(tmp_path)
    instances = start_instances(api, postgres_url, tmp_path, 2, "--knowledge", str(knowledge), lease=LEASE)
    delivery = WebhookDelivery(api, [url_of(instances[0])], SECRET).start()  # the routine on the first
    try:
        start_the_towel_timer(api, 7300)
        instances[0].stop(signal.SIGKILL)
        done = api.wait_for_message(7300, "Time is up", timeout=120)  # sent by the second
        assert "Wrap the calf" in done.text
    finally:
        delivery.stop()
        for instance in instances:
            instance.stop()
