"""What every store promises (bot.engine.stores), checked on each kind of store: a new one joins
the ``OPENERS`` (and, when several instances can share it, ``SHARED``) and must pass the same
tests. PostgreSQL runs on a real server the tests start (conftest.py). What is particular to
SQLite's locking is in test_state_store.py, to PostgreSQL's in test_postgres_store.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.engine import StoreBusy, StoreUnavailable
from bot.engine.actions import Next, OpenEntry
from bot.engine.outgoing import Outgoing
from bot.engine.practice.changes import (
    AddRating,
    AddReminder,
    ClearTimer,
    EraseDiary,
    EraseReminders,
    ReminderHandled,
    RemoveRating,
    RemoveReminder,
    Reschedule,
    SetTimer,
    SetZone,
    SnoozeReminder,
    TrimDiary,
    WithdrawRating,
)
from bot.engine.practice.records import Timer
from bot.engine.replies import Button, File, Reply, rows
from bot.engine.stores import REMEMBER_HANDLED, Incoming, Storage
from bot.storage import MemoryStore, SqliteStore, local_file, open_storage, shown
from bot.storage.postgres import PostgresStore

from helpers import FakeClock
from postgres_server import PostgresServer, free_port

LEASE = 30.0
AnyStore = MemoryStore | SqliteStore | PostgresStore
# kind -> how to open one, in a folder (or the test's PostgreSQL schema), as an owner, with a clock
OPENERS: dict[str, Callable[[pytest.FixtureRequest, Path, str, FakeClock], AnyStore]] = {
    "memory": lambda _, __, owner, clock: MemoryStore(owner=owner, lease=LEASE, clock=clock),
    "sqlite": lambda _, folder, owner, clock: SqliteStore(
        folder / "state.sqlite3", owner=owner, lease=LEASE, clock=clock
    ),
    "postgres": lambda request, _, owner, clock: PostgresStore(
        request.getfixturevalue("postgres_url"), where="test", owner=owner, lease=LEASE, clock=clock
    ),
}
SHARED = {
    "sqlite",
    "postgres",
}  # kinds several instances can share (a second one opened the same way sees the same data)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(1_000.0)


@pytest.fixture(params=sorted(OPENERS))
def store(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock) -> Iterator[AnyStore]:
    opened = OPENERS[request.param](request, tmp_path, "this-instance", clock)
    yield opened
    opened.close()


@pytest.fixture
def other(request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock, store: object) -> Iterator[Storage]:
    """Another instance of the bot on the same store."""
    kind = request.node.callspec.params["store"]
    if kind not in SHARED:
        pytest.skip(f"a {kind} store is not shared by several instances")
    opened = OPENERS[kind](request, tmp_path, "other-instance", clock)
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


def test_a_health_check_reaches_the_database(store: AnyStore) -> None:
    store.ping()  # returns: the database answers


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


def test_a_rating_typed_in_a_message_goes_when_the_message_is_edited(store: AnyStore) -> None:
    for user in (1, 2):
        with store.transaction(user) as loaded:
            loaded.state.defer(AddRating(1.0, "check-in", 6, source="1:10"))
            loaded.state.defer(AddRating(2.0, "check-in", 4, source="1:11"))
    with store.transaction(1) as loaded:
        loaded.state.defer(WithdrawRating("1:10"))
        loaded.state.defer(AddRating(3.0, "check-in", 5, source="1:10"))
    assert [(r.score, r.source) for r in store.practice.ratings(1)] == [(4, "1:11"), (5, "1:10")]
    assert len(store.practice.ratings(2)) == 2, "someone else's diary is left alone"


def test_one_rating_is_removed_by_its_instant_and_kind(store: AnyStore) -> None:
    for user in (1, 2):
        with store.transaction(user) as loaded:
            loaded.state.defer(AddRating(1.5, "check-in", 6))
            loaded.state.defer(AddRating(1.5, "before", 7, "calf-massage", "r1"))
            loaded.state.defer(AddRating(2.5, "check-in", 4))
    with store.transaction(1) as loaded:
        loaded.state.defer(RemoveRating(1.5, "check-in"))
    assert [(r.at, r.kind, r.score) for r in store.practice.ratings(1)] == [(1.5, "before", 7), (2.5, "check-in", 4)]
    assert len(store.practice.ratings(2)) == 3, "someone else's diary is left alone"


def test_a_due_reminder_moves_on_once(store: AnyStore, clock: FakeClock) -> None:
    with store.transaction(1) as loaded:
        loaded.state.defer(AddReminder(1.0, (480,), 127, next_due=100.0))
        loaded.state.defer(AddReminder(1.0, (600,), 127, next_due=900.0))
    first, later = store.practice.reminders(1)
    assert (first.next_due, later.next_due) == (100.0, 900.0)
    with store.transaction(1) as loaded:
        loaded.state.defer(SnoozeReminder(later.id, 50.0))  # sooner than it was due: it comes then
        loaded.state.defer(SnoozeReminder(first.id, 500.0))  # later: it still comes at 100 first
    assert [r.next_due for r in store.practice.reminders(1)] == [100.0, 50.0]
    assert store.practice.count_due(99.0) == 1 and store.practice.count_due(100.0) == 2
    with store.transaction(1) as loaded:
        loaded.state.defer(ReminderHandled(first.id, 100.0, 200.0, sent_for=100.0))
    handled = store.practice.reminder(1, first.id)
    assert handled is not None and (handled.next_due, handled.last_sent, handled.snoozed_until) == (200.0, 100.0, 500.0)
    with pytest.raises(StoreBusy), store.transaction(1) as loaded:  # a second process read it when it was due
        loaded.state.greeted = True
        loaded.state.defer(ReminderHandled(first.id, 100.0, 200.0, sent_for=100.0))
        loaded.outgoing = [message(1)]
    with store.transaction(1) as loaded:
        assert not loaded.state.greeted, "nothing of that event was written"
    clock.advance(LEASE + 1)
    assert store.outbox.claim(10) == [], "its message neither"
    with store.transaction(1) as loaded:
        loaded.state.defer(ReminderHandled(later.id, 50.0, 900.0, snooze_over=True))
        loaded.state.defer(Reschedule(first.id, 300.0))
    assert [(r.next_due, r.snoozed_until) for r in store.practice.reminders(1)] == [(300.0, 500.0), (900.0, None)]


def test_due_reminders_are_claimed_by_one_instance_until_the_claim_expires(
    store: Storage, other: Storage, clock: FakeClock
) -> None:
    with store.transaction(1) as loaded:
        for due in (30.0, 10.0, 20.0, 5000.0):
            loaded.state.defer(AddReminder(1.0, (480,), 127, next_due=due))
    mine = store.practice.claim_due(100.0, 2)
    assert [r.next_due for r in mine] == [10.0, 20.0], "soonest first"
    assert store.practice.count_due(100.0) == 1 and other.practice.count_due(100.0) == 1
    theirs = other.practice.claim_due(100.0, 10)
    assert [r.next_due for r in theirs] == [30.0]
    assert store.practice.claim_due(100.0, 10) == [] and other.practice.claim_due(100.0, 10) == []
    clock.advance(LEASE + 1)  # neither handled what it claimed (both died, say)
    assert [r.next_due for r in other.practice.claim_due(100.0, 10)] == [10.0, 20.0, 30.0]


def test_a_message_decided_with_an_event_is_sent_once(store: Storage, other: Storage, clock: FakeClock) -> None:
    with store.transaction(1, update="7:1") as loaded:
        loaded.state.greeted = True
        loaded.outgoing = [message(1, "first"), message(1, "second")]
    first, second = loaded.queued
    assert first.id is not None and second.id is not None and first.id != second.id
    assert (first.reply.html, first.chat_id, first.context) == ("first", 1, {"edit": 5})
    assert other.outbox.claim(10) == [], "claimed by the instance that wrote them"
    assert store.outbox.claim(10) == [], "this instance is at work on them"
    assert store.outbox.start(first.id)
    store.outbox.sent(first.id)
    clock.advance(LEASE + 1)  # this instance died before it started the second
    assert [m.reply.html for m in other.outbox.claim(10)] == ["second"]
    assert not store.outbox.start(second.id), "the other instance holds it now"
    assert other.outbox.start(second.id)
    other.outbox.retry(second.id)  # Telegram refused it for now
    assert other.outbox.start(second.id)
    other.outbox.sent(second.id)
    assert other.outbox.claim(10) == [] and store.outbox.abandoned() == 0


def test_a_message_whose_sender_died_during_the_call_is_not_sent_again(store: Storage, clock: FakeClock) -> None:
    with store.transaction(1) as loaded:
        loaded.state.greeted = True
        loaded.outgoing = [message(1)]
    [queued] = loaded.queued
    assert queued.id is not None and store.outbox.start(queued.id)
    assert store.outbox.abandoned() == 0, "its sender is alive"
    store.renew()
    clock.advance(LEASE / 2)
    store.renew()
    clock.advance(LEASE / 2 + 1)
    assert store.outbox.claim(10) == [] and store.outbox.abandoned() == 0, "renewed: still alive"
    clock.advance(LEASE + 1)
    assert store.outbox.claim(10) == [], "started: never claimed again"
    assert store.outbox.abandoned() == 1


def test_a_message_on_its_way_when_its_instance_stopped_is_dropped_at_the_next_look(store: Storage) -> None:
    with store.transaction(1) as loaded:
        loaded.state.greeted = True
        loaded.outgoing = [message(1, "on its way"), message(1, "waiting")]
    on_its_way, _ = loaded.queued
    assert on_its_way.id is not None and store.outbox.start(on_its_way.id)
    store.release()  # a stop cut its call short: it may have arrived
    assert [m.reply.html for m in store.outbox.claim(10)] == ["waiting"]
    assert store.outbox.abandoned() == 1 and not store.outbox.start(on_its_way.id)


def test_an_update_handled_once_is_not_handled_again(store: Storage) -> None:
    with store.transaction(1, update="7:41") as loaded:
        assert not loaded.handled
        loaded.state.defer(AddRating(1.0, "check-in", 6))
        loaded.outgoing = [message(1)]
    with store.transaction(1, update="7:41") as loaded:  # after a crash, from the inbox
        assert loaded.handled
        loaded.state.defer(AddRating(1.0, "check-in", 6))
        loaded.outgoing = [message(1)]
    assert loaded.queued == []
    assert len(store.practice.ratings(1)) == 1
    with store.transaction(1, update="7:42") as loaded:
        assert not loaded.handled


def test_messages_keep_their_buttons_files_and_delivery_details(store: Storage) -> None:
    buttons = rows(
        [Button("Next ▶", Next("calf-massage", "3fa2c1", 2)), Button("Open", OpenEntry("SP10"), private=True)], 1
    )
    reply = Reply(
        "<b>Step 2</b> & more", buttons, edit=True, picture="SP10", file=File("a.csv", b"\x00\x01", "document")
    )
    with store.transaction(1) as loaded:
        loaded.state.greeted = True
        loaded.outgoing = [Outgoing(1, -100, reply, "reminder", {"edit": 9, "text": True})]
    [queued] = loaded.queued
    assert queued.reply == reply and queued.kind == "reminder" and queued.chat_id == -100
    assert dict(queued.context) == {"edit": 9, "text": True}


def test_timers_are_set_and_cleared_with_the_event(store: Storage, clock: FakeClock) -> None:
    with store.transaction(1) as loaded:
        loaded.state.defer(SetTimer("run-1", 50.0))
    with store.transaction(2) as loaded:
        loaded.state.defer(SetTimer("run-2", 40.0))
    assert [(t.user_id, t.token) for t in store.timers.pending()] == [(2, "run-2"), (1, "run-1")]
    assert store.timers.claim_due(45.0, 10) == [Timer(2, "run-2", 40.0)]
    assert store.timers.claim_due(60.0, 10) == [Timer(1, "run-1", 50.0)], "the claimed one is left out"
    with store.transaction(2) as loaded:
        loaded.state.defer(ClearTimer())
    with store.transaction(1) as loaded:
        loaded.state.defer(SetTimer("run-1b", 70.0))
    assert store.timers.pending() == [Timer(1, "run-1b", 70.0)]
    assert store.timers.claim_due(80.0, 10) == [Timer(1, "run-1b", 70.0)], "a new timer is not claimed yet"


def test_updates_are_kept_until_handled_and_recognised_after(store: Storage, other: Storage, clock: FakeClock) -> None:
    updates = [Incoming.of(update(1, 5)), Incoming.of(update(2, 6))]
    assert updates[0].user_id == 5
    assert store.inbox.add(7, updates) == updates
    assert store.inbox.add(7, [updates[1], Incoming.of(update(3, 5))]) == [Incoming.of(update(3, 5))]
    assert other.inbox.claim(7, 10) == [], "this instance is at work on them"
    assert store.inbox.done(7, [1]) == [], "the next one is with this instance already"
    assert store.inbox.add(7, [updates[0]]) == [], "recognised when delivered again"
    clock.advance(LEASE + 1)  # this instance died
    assert [u.update_id for u in other.inbox.claim(7, 10)] == [2, 3]
    assert other.inbox.claim(7, 10) == []
    clock.advance(LEASE + 1)
    assert [u.update_id for u in store.inbox.claim(7, 10)] == [2, 3], "taken again: a third attempt"
    clock.advance(LEASE + 1)
    assert other.inbox.claim(7, 10) == [], "given up after three attempts: it may be what crashes the bot"
    assert store.inbox.claim(8, 10) == [] and store.inbox.add(8, [updates[0]]) == [updates[0]], "another bot's"


def test_a_persons_updates_are_handed_out_one_after_another_across_instances(store: Storage, other: Storage) -> None:
    assert ids(store.inbox.add(7, [Incoming.of(update(1, 5))])) == [1]
    assert ids(other.inbox.add(7, [Incoming.of(update(2, 5)), Incoming.of(update(3, 6))])) == [3], "2 waits for 1"
    assert other.inbox.claim(7, 10) == [], "still waiting: 1 is being handled"
    assert ids(store.inbox.done(7, [1])) == [2], "whoever finished 1 takes 2"
    assert ids(other.inbox.add(7, [Incoming.of(update(4, 5)), Incoming.of(update(5, 5))])) == []
    assert ids(store.inbox.done(7, [2])) == [4, 5]
    assert ids(other.inbox.add(7, [Incoming.of(update(6, None))])) == [6], "an update from nobody waits for nobody"
    assert store.inbox.claim(7, 10) == [], "and is taken once"


def test_updates_an_instance_that_died_had_taken_are_taken_over_in_order(
    store: Storage, other: Storage, clock: FakeClock
) -> None:
    store.inbox.add(7, [Incoming.of(update(1, 5))])
    assert other.inbox.add(7, [Incoming.of(update(2, 5))]) == []
    clock.advance(LEASE + 1)  # the first instance died with 1
    assert other.inbox.add(7, [Incoming.of(update(3, 5))]) == [], "taking over is the sweep's: it sends first"
    assert ids(other.inbox.claim(7, 10)) == [1, 2, 3]
    assert ids(other.inbox.add(7, [Incoming.of(update(4, 5))])) == [4], "behind its own"


def test_replies_left_waiting_by_an_instance_that_died_go_with_the_update_that_decided_them(
    store: Storage, other: Storage, clock: FakeClock
) -> None:
    store.inbox.add(7, [Incoming.of(update(1, 5))])
    with store.transaction(5, update="7:1") as loaded:  # handled; its reply not sent yet
        loaded.state.greeted = True
        loaded.outgoing = [message(5, "the answer to 1")]
    with store.transaction(6) as loaded:
        loaded.state.greeted = True
        loaded.outgoing = [message(6, "someone else's")]
    clock.advance(LEASE + 1)  # it died
    assert [m.reply.html for m in other.outbox.claim(10)] == ["someone else's"], "5 has an update unfinished"
    assert ids(other.inbox.claim(7, 10)) == [1]
    with other.transaction(5, update="7:1") as loaded:
        assert loaded.handled
    assert [m.reply.html for m in loaded.queued] == ["the answer to 1"], "recognised, and its reply taken over"
    assert other.outbox.claim(10) == []


def test_replies_claimed_after_their_update_go_with_it_when_it_is_taken_over(
    store: Storage, other: Storage, clock: FakeClock
) -> None:
    """The reply is claimed when the update is handled, later than the update itself: its claim
    outlives the update's, and the person's next update must not be answered first."""
    store.inbox.add(7, [Incoming.of(update(1, 5))])
    clock.advance(LEASE / 2)  # handling took a while
    with store.transaction(5, update="7:1") as loaded:
        loaded.state.greeted = True
        loaded.outgoing = [message(5, "the answer to 1")]
    clock.advance(LEASE / 2 + 1)  # it died: the update's claim has expired, the reply's not yet
    assert ids(other.inbox.claim(7, 10)) == [1]
    with other.transaction(5, update="7:1") as loaded:
        assert loaded.handled
    assert [m.reply.html for m in loaded.queued] == ["the answer to 1"]
    assert not store.outbox.start(loaded.queued[0].id or 0), "the first instance, if only slow, cannot send it"


def test_an_update_handled_again_brings_back_replies_no_one_is_sending(store: Storage, clock: FakeClock) -> None:
    with store.transaction(5, update="7:1") as loaded:
        loaded.state.greeted = True
        loaded.outgoing = [message(5, "first"), message(5, "second")]
    with store.transaction(5, update="7:1") as loaded:
        assert loaded.handled
    assert loaded.queued == [], "this instance is sending them"
    clock.advance(LEASE + 1)  # it was taken for dead, and handles the update again
    with store.transaction(5, update="7:1") as loaded:
        assert loaded.handled
    assert [m.reply.html for m in loaded.queued] == ["first", "second"]


def test_an_update_taken_too_often_is_given_up_and_the_next_one_is_in_turn(store: Storage, clock: FakeClock) -> None:
    store.inbox.add(7, [Incoming.of(update(1, 5))])
    clock.advance(LEASE + 1)  # this instance was taken for dead: its claim expired
    assert store.inbox.add(7, [Incoming.of(update(2, 5))]) == [], "1 is left to the sweep, and 2 waits for it"
    assert ids(store.inbox.claim(7, 10)) == [1, 2]
    clock.advance(LEASE + 1)
    assert ids(store.inbox.claim(7, 10)) == [1, 2]
    clock.advance(LEASE + 1)
    assert ids(store.inbox.claim(7, 10)) == [2], "1 was taken three times: given up; 2 goes on"
    assert ids(store.inbox.done(7, [2])) == []
    assert ids(store.inbox.add(7, [Incoming.of(update(3, 5))])) == [3]


def test_the_update_behind_one_left_to_the_sweep_goes_to_whoever_finishes_it(store: Storage, clock: FakeClock) -> None:
    store.inbox.add(7, [Incoming.of(update(1, 5))])
    clock.advance(LEASE + 1)
    assert store.inbox.add(7, [Incoming.of(update(2, 5))]) == []
    assert ids(store.inbox.done(7, [1])) == [2], "1 finished after all: 2 is in turn"


def ids(updates: list[Incoming]) -> list[int]:
    return [incoming.update_id for incoming in updates]


def test_update_ids_are_remembered_for_a_day(store: Storage, clock: FakeClock) -> None:
    store.inbox.add(7, [Incoming.of(update(1, 5))])
    store.inbox.done(7, [1])
    with store.transaction(5, update="7:1") as loaded:
        loaded.state.greeted = True
    clock.advance(REMEMBER_HANDLED + 1)
    store.tidy()
    assert store.inbox.add(7, [Incoming.of(update(1, 5))]) != []
    with store.transaction(5, update="7:1") as loaded:
        assert not loaded.handled


def test_releasing_gives_the_work_to_others_at_once(store: Storage, other: Storage) -> None:
    with store.transaction(1) as loaded:
        loaded.state.defer(AddReminder(1.0, (480,), 127, next_due=10.0))
        loaded.outgoing = [message(1)]
    store.inbox.add(7, [Incoming.of(update(1, 2))])
    assert store.practice.claim_due(100.0, 10)
    store.release()  # stopping cleanly
    assert len(other.outbox.claim(10)) == 1 and len(other.inbox.claim(7, 10)) == 1
    assert len(other.practice.claim_due(100.0, 10)) == 1


def test_forgetting_a_person_leaves_nothing_of_them_anywhere(store: Storage, clock: FakeClock) -> None:
    for user in (1, 2):
        store.inbox.add(7, [Incoming.of(update(user, user))])
        with store.transaction(user) as loaded:
            loaded.state.greeted = True
            loaded.state.defer(SetTimer("run", 50.0))
            loaded.outgoing = [message(user)]
    with store.transaction(1) as loaded:
        loaded.erase = True
        loaded.state.defer(EraseDiary())
        loaded.state.defer(EraseReminders())
    assert [t.user_id for t in store.timers.pending()] == [2]
    clock.advance(LEASE + 1)  # all of it is up for grabs
    assert [update.user_id for update in store.inbox.claim(7, 10)] == [2]
    store.inbox.done(7, [2])  # (a reply waits for its person's unfinished updates)
    assert [m.user_id for m in store.outbox.claim(10)] == [2]


def message(user_id: int, html: str = "hello") -> Outgoing:
    return Outgoing(user_id, user_id, Reply(html), context={"edit": 5})


def update(update_id: int, user_id: int | None) -> dict[str, Any]:
    if user_id is None:  # a channel post: from nobody
        return {"update_id": update_id, "channel_post": {"message_id": 1, "date": 0, "chat": {"id": -5}}}
    return {
        "update_id": update_id,
        "message": {"message_id": 1, "date": 0, "chat": {"id": user_id, "type": "private"}, "from": {"id": user_id}},
    }


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


def test_one_process_polls_for_a_bot_on_a_database_at_a_time(store: AnyStore, other: Storage) -> None:
    with store.sole_poller(1234):
        with pytest.raises(StoreBusy, match="another process is polling for this bot"), other.sole_poller(1234):
            pass
        with other.sole_poller(5678):  # another bot on the same database
            pass
    with other.sole_poller(1234):  # the first stopped polling
        pass


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
