"""What every store promises the engine (bot.engine.stores), checked on each kind of store: a new
one joins the ``store`` fixture's parameters and must pass the same tests. PostgreSQL runs on a
real server the tests start (conftest.py). What is particular to SQLite's locking is in
test_state_store.py, to PostgreSQL's in test_postgres_store.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.engine import StoreUnavailable
from bot.engine.practice.changes import (
    AddRating,
    AddReminder,
    EraseDiary,
    EraseReminders,
    RemoveReminder,
    SetZone,
    SnoozeReminder,
    TrimDiary,
)
from bot.storage import MemoryStore, SqliteStore, local_file, open_storage, shown
from bot.storage.postgres import PostgresStore

from postgres_server import PostgresServer, free_port

AnyStore = MemoryStore | SqliteStore | PostgresStore
OPENERS: dict[str, Callable[[pytest.FixtureRequest, Path], AnyStore]] = {
    "memory": lambda request, folder: MemoryStore(),
    "sqlite": lambda request, folder: SqliteStore(folder / "state.sqlite3"),
    "postgres": lambda request, folder: PostgresStore(request.getfixturevalue("postgres_url"), where="test"),
}


@pytest.fixture(params=sorted(OPENERS))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AnyStore]:
    opened = OPENERS[request.param](request, tmp_path)
    yield opened
    opened.close()


def test_a_record_is_kept_between_events_and_erased_on_request(store: AnyStore) -> None:
    with store.transaction(1) as loaded:
        assert not loaded.state.greeted and not loaded.reset
        loaded.state.greeted = True
    with store.transaction(1) as loaded:
        assert loaded.state.greeted
        loaded.erase = True
    with store.transaction(1) as loaded:
        assert not loaded.state.greeted
    assert [user for user, _ in store.states()] == [1]


def test_an_event_that_fails_writes_nothing(store: AnyStore) -> None:
    with pytest.raises(RuntimeError), store.transaction(1) as loaded:
        loaded.state.greeted = True
        loaded.state.defer(SetZone(1.0, "Europe/Berlin"))
        raise RuntimeError("the engine failed half-way")
    with store.transaction(1) as loaded:
        assert not loaded.state.greeted
    assert store.practice.zone(1) is None


def test_practice_writes_are_made_with_the_record(store: AnyStore) -> None:
    with store.transaction(1) as loaded:
        loaded.state.defer(SetZone(10.0, "Europe/London"))
        loaded.state.defer(AddReminder(10.0, (480,), 127, "calf-massage"))
        loaded.state.defer(AddRating(20.0, "check-in", 5))
        loaded.state.defer(AddRating(20.0, "before", 6, "calf-massage", "run1"))
    with store.transaction(2) as loaded:
        loaded.state.defer(AddReminder(11.0, (600, 1200), 31))
    [reminder] = store.practice.reminders(1)
    assert (reminder.user_id, reminder.schedule.times, reminder.routine_id) == (1, (480,), "calf-massage")
    assert reminder.zone == "Europe/London" and store.practice.reminder(1, reminder.id) == reminder
    assert [r.user_id for r in store.practice.reminders()] == [1, 2]
    assert store.practice.reminders(2)[0].zone is None
    assert [(r.kind, r.score) for r in store.practice.ratings(1)] == [("check-in", 5), ("before", 6)]
    assert store.practice.ratings(1, since=21.0) == []
    zone = store.practice.zone(1)
    assert zone is not None and (zone.name, zone.at) == ("Europe/London", 10.0)


def test_a_person_changes_only_their_own_reminders(store: AnyStore) -> None:
    with store.transaction(1) as loaded:
        loaded.state.defer(AddReminder(10.0, (480,), 127))
    [reminder] = store.practice.reminders(1)
    with store.transaction(2) as loaded:  # a forged button from someone else
        loaded.state.defer(SnoozeReminder(reminder.id, 99.0))
        loaded.state.defer(RemoveReminder(reminder.id))
    assert store.practice.reminders(1) == [reminder]
    with store.transaction(1) as loaded:
        loaded.state.defer(SnoozeReminder(reminder.id, 99.0))
    assert store.practice.reminders(1)[0].snoozed_until == 99.0
    with store.transaction(1) as loaded:
        loaded.state.defer(RemoveReminder(reminder.id))
    assert store.practice.reminders(1) == []


def test_old_ratings_go_and_erasing_leaves_nothing_of_the_person(store: AnyStore) -> None:
    with store.transaction(1) as loaded:
        for at in (1.0, 2.0, 3.0):
            loaded.state.defer(AddRating(at, "check-in", 4))
        loaded.state.defer(TrimDiary(2.0, 100))
        loaded.state.defer(SetZone(1.0, "UTC"))
        loaded.state.defer(AddReminder(1.0, (480,), 127))
    with store.transaction(2) as loaded:
        loaded.state.defer(AddRating(1.0, "check-in", 3))
    assert [rating.at for rating in store.practice.ratings(1)] == [2.0, 3.0]
    with store.transaction(1) as loaded:
        loaded.state.defer(EraseDiary())
        loaded.state.defer(EraseReminders())
        loaded.erase = True
    assert store.practice.ratings(1) == [] and store.practice.reminders(1) == [] and store.practice.zone(1) is None
    assert len(store.practice.ratings(2)) == 1, "someone else's diary is left alone"


def test_the_diary_keeps_the_newest_ratings_up_to_its_limit(store: AnyStore) -> None:
    with store.transaction(1) as loaded:
        for at in (5.0, 1.0, 3.0, 3.0, 4.0):  # two at the same instant: the later one added is newer
            loaded.state.defer(AddRating(at, "check-in", int(at) + len(loaded.state.deferred)))
    with store.transaction(2) as loaded:
        loaded.state.defer(AddRating(1.0, "check-in", 1))
    with store.transaction(1) as loaded:
        loaded.state.defer(TrimDiary(0.0, 3))
    assert [(rating.at, rating.score) for rating in store.practice.ratings(1)] == [(3.0, 6), (4.0, 8), (5.0, 5)]
    assert len(store.practice.ratings(2)) == 1, "someone else's diary is left alone"


def test_a_due_reminder_is_claimed_once(store: AnyStore) -> None:
    with store.transaction(1) as loaded:
        loaded.state.defer(AddReminder(1.0, (480,), 127))
        loaded.state.defer(SnoozeReminder(1, 50.0))
    [reminder] = store.practice.reminders(1)
    assert store.practice.claim(reminder.id, 100.0)
    assert not store.practice.claim(reminder.id, 100.0), "already sent for this due time"
    assert store.practice.claim(reminder.id, 200.0)
    assert not store.practice.claim(reminder.id + 1, 300.0), "no such reminder"
    assert not store.practice.claim_snooze(reminder.id, 40.0)
    assert store.practice.claim_snooze(reminder.id, 50.0)
    assert not store.practice.claim_snooze(reminder.id, 50.0)


def test_an_unreadable_record_starts_afresh_and_says_so(store: AnyStore) -> None:
    with store.transaction(1) as loaded:
        loaded.state.greeted = True
    put_raw = store.put_raw  # each store's way to plant a record (tests only)
    put_raw(1, '{"version": 0, "something": "old"}')
    put_raw(2, "not json at all")
    assert list(store.states()) == [], "unreadable records are left out at start-up"
    with store.transaction(2) as loaded:
        assert loaded.reset and not loaded.state.greeted
    with store.transaction(2) as loaded:
        assert not loaded.reset


# --- opening a store from where it is --------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "kind", "file"),
    [
        ("memory://", MemoryStore, None),
        ("sqlite:///data/a.sqlite3", SqliteStore, "data/a.sqlite3"),  # three slashes: relative
        ("data/b.sqlite3", SqliteStore, "data/b.sqlite3"),  # a plain path is a SQLite file
    ],
)
def test_a_store_opens_from_its_url_or_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, location: str, kind: type, file: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    opened = open_storage(location)
    opened.close()
    assert isinstance(opened, kind)
    assert local_file(location) == (Path(file) if file else None)
    assert file is None or (tmp_path / file).is_file()


def test_an_absolute_sqlite_url_has_four_slashes(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    location = f"sqlite:///{path}"  # the path's own slash makes the fourth
    open_storage(location).close()
    assert path.is_file() and local_file(location) == path


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("mysql://kneebot:secret@db/kneebot", r"kneebot:\*\*\*@db.*'mysql://' is not a kind of store"),
        ("sqlite://", "it names no file"),
    ],
)
def test_a_store_kneebot_cannot_open_is_named_with_the_reason(location: str, reason: str) -> None:
    with pytest.raises(StoreUnavailable, match=reason):
        open_storage(location)


def test_an_unreachable_postgresql_is_named_with_the_reason_and_without_the_password() -> None:
    location = f"postgresql://kneebot:s3cret@127.0.0.1:{free_port()}/kneebot"
    with pytest.raises(StoreUnavailable, match=r"kneebot:\*\*\*@127.0.0.1.*cannot connect.*refused") as raised:
        open_storage(location)
    assert "s3cret" not in str(raised.value)


def test_a_postgresql_database_that_does_not_exist_is_named(postgres_server: PostgresServer) -> None:
    with pytest.raises(StoreUnavailable, match=r'cannot connect to PostgreSQL: .*database "missing" does not exist'):
        open_storage(postgres_server.url("missing"))


def test_a_password_in_a_store_url_is_not_shown() -> None:
    assert shown("postgresql://kneebot:s3cret@db:5432/kneebot") == "postgresql://kneebot:***@db:5432/kneebot"
    assert shown("postgresql://db/kneebot?user=k&password=s3cret&sslmode=require") == (
        "postgresql://db/kneebot?user=k&password=***&sslmode=require"
    )
    assert shown(".kneebot/state.sqlite3") == ".kneebot/state.sqlite3"
