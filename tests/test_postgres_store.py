"""The PostgreSQL store as several instances share it: one person's events one at a time and
nobody else held up, a due reminder claimed once, the schema brought up to date once, and a
connection the server dropped replaced. Everything every store promises is in test_stores.py."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import psycopg
import pytest

from bot.engine import ButtonPress, Engine, StoreBusy, StoreError, StoreUnavailable, Text
from bot.engine.actions import ChooseZone, encode
from bot.engine.practice.changes import AddReminder
from bot.storage.postgres import PostgresStore
from bot.storage.postgres.migrate import migrations

from helpers import Conversation, FakeClock, clear_safety_check


@pytest.fixture
def open_store(postgres_url: str) -> Iterator[Callable[..., PostgresStore]]:
    """Opens stores on one database, as separate instances would; closes them after the test."""
    opened: list[PostgresStore] = []

    def open_one(busy_timeout: float = 15.0) -> PostgresStore:
        opened.append(PostgresStore(postgres_url, where="test", busy_timeout=busy_timeout))
        return opened[-1]

    yield open_one
    for store in opened:
        store.close()


def wait_for(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def lock_waiters(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").fetchone()
    return int(row[0]) if row else 0


def test_one_persons_events_take_turns_across_instances_and_nobody_else_waits(open_store, postgres_url):
    first, impatient, patient = open_store(), open_store(busy_timeout=0), open_store(busy_timeout=30)
    with ExitStack() as held:
        loaded = held.enter_context(first.transaction(1))  # the first instance is handling person 1
        loaded.state.greeted = True
        with pytest.raises(StoreBusy), impatient.transaction(1):
            pass  # refused at once, having written nothing
        with impatient.transaction(2) as other:  # someone else is not held up
            other.state.greeted = True

        def second_event() -> None:
            with patient.transaction(1) as later:
                assert later.state.greeted, "the second event sees what the first one wrote"
                later.state.ended_runs = ["second"]

        with ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(second_event)
            wait_for(lambda: lock_waiters(postgres_url) == 1)
            assert not waiting.done()
            held.close()  # the first event commits
            waiting.result(timeout=30)
    with first.transaction(1) as final:
        assert final.state.greeted and final.state.ended_runs == ["second"], "no write was lost"
    with first.transaction(2) as other:
        assert other.state.greeted


def test_a_lock_held_past_the_busy_timeout_refuses_the_event(open_store):
    first, second = open_store(), open_store(busy_timeout=0.2)
    with first.transaction(1) as loaded:
        loaded.state.greeted = True
        with pytest.raises(StoreBusy), second.transaction(1) as refused:
            refused.state.ended_runs = ["refused"]
    with second.transaction(1) as loaded:
        assert loaded.state.greeted and loaded.state.ended_runs == []


def test_a_due_reminder_is_claimed_by_exactly_one_of_many_instances(open_store):
    stores = [open_store() for _ in range(6)]
    with stores[0].transaction(1) as loaded:
        loaded.state.defer(AddReminder(1.0, (480,), 127, next_due=1_000.0))
    [reminder] = stores[0].practice.reminders(1)
    start = threading.Barrier(len(stores))

    def claim(store: PostgresStore) -> list[int]:
        start.wait()
        return [claimed.id for claimed in store.practice.claim_due(2_000.0, 10)]

    with ThreadPoolExecutor(len(stores)) as pool:
        claimed = list(pool.map(claim, stores))
    assert sorted(claimed) == [[]] * 5 + [[reminder.id]]


def test_the_schema_is_brought_up_to_date_once_however_many_instances_start(postgres_url):
    start = threading.Barrier(4)

    def open_one() -> PostgresStore:
        start.wait()
        return PostgresStore(postgres_url, where="test")

    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: open_one(), range(4)))
    try:
        latest = [migration.version for migration in migrations()]
        assert sorted(version for store in stores for version in store.migrated) == latest, "each file applied once"
        again = PostgresStore(postgres_url, where="test")
        assert again.migrated == []
        again.close()
    finally:
        for store in stores:
            store.close()


def test_a_database_written_by_a_newer_release_is_refused(open_store, postgres_url):
    open_store().close()
    newer = len(migrations()) + 1
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("INSERT INTO kneebot_schema (version, name) VALUES (%s, 'from_the_future')", (newer,))
    with pytest.raises(StoreUnavailable, match=f"schema is at version {newer}, written by a newer kneebot"):
        PostgresStore(postgres_url, where="test")


def test_connections_the_server_dropped_are_replaced(open_store, postgres_url):
    store = open_store()
    with store.transaction(1) as loaded:
        loaded.state.greeted = True
    with psycopg.connect(postgres_url, autocommit=True) as admin:  # a restart, or a proxy cutting them
        dropped = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'kneebot' AND pid <> pg_backend_pid()"
        ).fetchone()
    assert dropped and dropped[0] >= 1
    with store.transaction(1) as loaded:
        assert loaded.state.greeted
    assert store.practice.reminders(1) == []


def test_a_health_check_says_why_the_database_cannot_be_used(open_store, postgres_url):
    store = open_store()
    store.ping()
    with psycopg.connect(postgres_url, autocommit=True) as admin:  # someone restored the wrong backup
        admin.execute("DROP TABLE users")
    with pytest.raises(StoreError, match="SQLSTATE 42P01"):
        store.ping()


# --- the engine on two instances ----------------------------------------------------------------


def test_two_instances_continue_each_others_conversations(open_store, knowledge, matcher, triage):
    clock = FakeClock()
    one, two = (Engine(knowledge, open_store(), clock=clock, matcher=matcher, triage=triage) for _ in range(2))
    chat = Conversation(one)
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("7")
    step = chat.payload_of("Next ▶")
    assert "Step 2 of" in two.handle(1, ButtonPress(step)).replies[0].text
    stale = one.handle(1, ButtonPress(step))
    assert "Step 2 of" in stale.replies[0].text, "the first instance sees the second's step"
    assert [(r.kind, r.score) for r in two.practice.store.ratings(1)] == [("before", 7)]


def test_two_instances_send_a_due_reminder_once(open_store, knowledge, matcher, triage):
    clock = FakeClock()
    one, two = (Engine(knowledge, open_store(), clock=clock, matcher=matcher, triage=triage) for _ in range(2))
    one.handle(7, ButtonPress(encode(ChooseZone("UTC"))))
    one.handle(7, Text("remind me every day at 8"))
    [job] = two.reminder_jobs()
    clock.now = job.due
    sent = [engine.remind(7, job.reminder_id) for engine in (two, one, two)]
    assert [bool(response.replies) for response in sent] == [True, False, False]
