"""When reminders are due, across time zones and daylight-saving changes, on a fake clock; and
that a due reminder is sent once, even by two processes sharing one database file."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.engine import ButtonPress, Engine, Text
from bot.engine.actions import ChooseZone, encode
from bot.engine.outgoing import Address
from bot.engine.practice.schedule import EVERY_DAY, WEEKDAYS, Schedule, latest_due, next_due
from bot.engine.practice.zones import zone
from bot.storage import SqliteStore

from helpers import Conversation, FakeClock

LONDON, NEW_YORK, SYDNEY = ZoneInfo("Europe/London"), ZoneInfo("America/New_York"), ZoneInfo("Australia/Sydney")


def at(text: str, where: ZoneInfo) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=where).timestamp()


def local(instant: float, where: ZoneInfo) -> str:
    return datetime.fromtimestamp(instant, where).strftime("%a %Y-%m-%d %H:%M %Z")


def test_every_morning_at_8_in_three_zones():
    eight = Schedule.of([8 * 60])
    now = at("2024-06-10 12:00", LONDON)  # a Monday
    assert local(next_due(eight, LONDON, now), LONDON) == "Tue 2024-06-11 08:00 BST"
    assert local(next_due(eight, NEW_YORK, now), NEW_YORK) == "Mon 2024-06-10 08:00 EDT"  # 07:00 there now
    assert local(next_due(eight, SYDNEY, now), SYDNEY) == "Tue 2024-06-11 08:00 AEST"


def test_weekdays_skip_the_weekend():
    lunch = Schedule.of([12 * 60 + 30], WEEKDAYS)
    friday_afternoon = at("2024-06-14 13:00", LONDON)
    assert local(next_due(lunch, LONDON, friday_afternoon), LONDON) == "Mon 2024-06-17 12:30 BST"
    assert local(latest_due(lunch, LONDON, at("2024-06-16 09:00", LONDON)), LONDON) == "Fri 2024-06-14 12:30 BST"


def test_twice_a_day_comes_in_order():
    twice = Schedule.of([8 * 60, 20 * 60])
    first = next_due(twice, LONDON, at("2024-06-10 07:00", LONDON))
    second = next_due(twice, LONDON, first)
    third = next_due(twice, LONDON, second)
    assert [local(t, LONDON)[4:] for t in (first, second, third)] == [
        "2024-06-10 08:00 BST",
        "2024-06-10 20:00 BST",
        "2024-06-11 08:00 BST",
    ]


def test_local_time_holds_when_the_clocks_change():
    eight = Schedule.of([8 * 60])
    # London springs forward on 31 March 2024: 8:00 on the Sunday is 23 hours after 8:00 on the Saturday.
    saturday = next_due(eight, LONDON, at("2024-03-29 12:00", LONDON))
    sunday = next_due(eight, LONDON, saturday)
    assert local(sunday, LONDON) == "Sun 2024-03-31 08:00 BST" and sunday - saturday == 23 * 3600
    # New York falls back on 3 November 2024: a 25-hour day.
    before = next_due(eight, NEW_YORK, at("2024-11-01 12:00", NEW_YORK))
    after = next_due(eight, NEW_YORK, before)
    assert local(after, NEW_YORK) == "Sun 2024-11-03 08:00 EST" and after - before == 25 * 3600


def test_a_time_the_clocks_skip_or_repeat_comes_once():
    half_past_one = Schedule.of([90])
    # 01:30 does not exist in London on 31 March 2024: it comes at 02:30 by the new clock.
    skipped = next_due(half_past_one, LONDON, at("2024-03-30 12:00", LONDON))
    assert local(skipped, LONDON) == "Sun 2024-03-31 02:30 BST"
    # 01:30 happens twice on 27 October 2024: the reminder comes the first time only.
    repeated = next_due(half_past_one, LONDON, at("2024-10-26 12:00", LONDON))
    following = next_due(half_past_one, LONDON, repeated)
    assert local(repeated, LONDON) == "Sun 2024-10-27 01:30 BST"
    assert local(following, LONDON) == "Mon 2024-10-28 01:30 GMT"


def test_a_fixed_offset_zone():
    assert next_due(Schedule.of([8 * 60]), zone("UTC+05:30"), at("2024-06-10 00:00", ZoneInfo("UTC"))) == at(
        "2024-06-10 02:30", ZoneInfo("UTC")
    )


@pytest.mark.parametrize("times", [[], [1440], [60, 60, 60, 60, 60]])
def test_a_schedule_refuses_what_is_not_one(times):
    with pytest.raises(ValueError):
        Schedule(tuple(times), EVERY_DAY)


# --- the engine: scheduling, claiming, snoozing ------------------------------------------------


def set_reminder(chat: Conversation, text: str, zone_name: str = "Europe/London") -> None:
    chat.say(text)
    chat.send(ButtonPress(encode(ChooseZone(zone_name))))
    assert "Done." in chat.text, chat.text


def test_a_reminder_is_due_at_its_time_and_sent_once(engine, chat, clock):
    clock.now = at("2024-06-10 12:00", LONDON)
    set_reminder(chat, "remind me every morning at 8")
    [job] = engine.reminder_jobs(1)
    assert local(job.due, LONDON) == "Tue 2024-06-11 08:00 BST"
    assert not engine.remind(1, job.reminder_id).replies, "not due yet"
    clock.now = job.due
    sent = engine.remind(1, job.reminder_id)
    assert "Time for your knee practice" in sent.replies[0].text
    assert sent.replies[0].labels == ["▶ Start now", "Snooze 1 h", "Stop these reminders"]
    assert not engine.remind(1, job.reminder_id).replies, "a second call for the same time sends nothing"
    [after] = engine.reminder_jobs(1)
    assert local(after.due, LONDON) == "Wed 2024-06-12 08:00 BST"


def test_snooze_brings_it_back_in_an_hour_and_stop_ends_it(engine, chat, clock):
    clock.now = at("2024-06-10 07:00", LONDON)
    set_reminder(chat, "remind me daily at 8")
    [job] = engine.reminder_jobs(1)
    clock.now = job.due + 5
    chat.shown.extend(engine.remind(1, job.reminder_id).replies)
    chat.press("Snooze 1 h")
    assert chat.last.reminders_changed and "again at 09:00" in chat.text
    [snoozed] = engine.reminder_jobs(1)
    assert snoozed.due == job.due + 5 + 3600
    clock.now = snoozed.due
    again = engine.remind(1, job.reminder_id)
    assert "Reminder again" in again.replies[0].text
    chat.shown.extend(again.replies)
    chat.press("Stop these reminders")
    assert "Stopped" in chat.text and engine.reminder_jobs(1) == []


def test_a_reminder_missed_while_the_bot_was_down(engine, chat, clock):
    clock.now = at("2024-06-10 07:00", LONDON)
    set_reminder(chat, "remind me at 8:00")
    clock.now = at("2024-06-10 08:40", LONDON)  # the bot was down at 8:00; it starts again now
    [job] = engine.reminder_jobs(1)
    assert job.due == at("2024-06-10 08:00", LONDON), "still worth sending, at once"
    assert engine.remind(1, job.reminder_id).replies
    clock.now = at("2024-06-11 10:30", LONDON)  # down again, for longer than an hour past 8:00
    [job] = engine.reminder_jobs(1)
    assert job.due == at("2024-06-12 08:00", LONDON)
    assert not engine.remind(1, job.reminder_id).replies


def test_a_new_time_zone_moves_the_reminders(engine, chat, clock):
    clock.now = at("2024-06-10 12:00", LONDON)
    set_reminder(chat, "remind me every day at 8")
    chat.say("my time zone is New York")
    assert "America/New_York" in chat.text and chat.last.reminders_changed
    [job] = engine.reminder_jobs(1)
    assert local(job.due, NEW_YORK) == "Mon 2024-06-10 08:00 EDT"  # 07:00 there now


def test_two_processes_sharing_one_database_send_a_reminder_once(knowledge, matcher, triage, tmp_path):
    clock = FakeClock(at("2024-06-10 12:00", LONDON))
    path = tmp_path / "state.sqlite3"
    stores = [SqliteStore(path), SqliteStore(path)]
    first, second = (Engine(knowledge, store, clock=clock, matcher=matcher, triage=triage) for store in stores)
    try:
        first.handle(7, Text("weekdays at 12:30"))
        first.handle(7, ButtonPress(encode(ChooseZone("Europe/London"))))
        [job] = second.reminder_jobs()  # the second process sees it (at its start-up)
        assert first.reminder_jobs() == [job]
        clock.now = job.due
        sent = [engine.remind(7, job.reminder_id) for engine in (second, first, second, first)]
        assert [bool(response.replies) for response in sent] == [True, False, False, False]
    finally:
        for store in stores:
            store.close()


def test_a_reminder_is_written_to_the_outbox_with_its_move_to_the_next_day(knowledge, matcher, triage, tmp_path):
    clock = FakeClock(at("2024-06-10 12:00", LONDON))
    store = SqliteStore(tmp_path / "state.sqlite3")
    engine = Engine(knowledge, store, clock=clock, matcher=matcher, triage=triage)
    try:
        set_reminder(Conversation(engine, user_id=7), "every day at 12:30")
        [reminder] = store.practice.reminders(7)
        assert reminder.next_due == at("2024-06-10 12:30", LONDON)
        clock.now = at("2024-06-10 12:30", LONDON)
        [due] = store.practice.claim_due(clock.now, 10)
        sent = engine.remind(7, due.id, send=True)
        [message] = sent.outgoing
        assert message.id is not None and message.kind == "reminder" and message.chat_id == 7
        assert "Time for your knee practice" in message.reply.text
        [moved] = store.practice.reminders(7)
        assert moved.next_due == at("2024-06-11 12:30", LONDON) and moved.last_sent == clock.now
        assert store.practice.claim_due(clock.now, 10) == []
    finally:
        store.close()


def test_an_update_handled_again_after_a_crash_changes_nothing_twice(knowledge, matcher, triage, tmp_path):
    store = SqliteStore(tmp_path / "state.sqlite3")
    engine = Engine(knowledge, store, matcher=matcher, triage=triage)
    try:
        first = engine.handle(7, Text("pain 6/10"), send_to=Address(7), update="1:500")
        assert [m.id is not None for m in first.outgoing] == [True, True], "the disclaimer and the note, written"
        again = engine.handle(7, Text("pain 6/10"), send_to=Address(7), update="1:500")
        assert again.replies == () and again.outgoing == ()
        assert len(store.practice.ratings(7)) == 1
        question = engine.handle(7, Text("where is SP10"), send_to=Address(-5, {"reply_to": 3}), update="1:501")
        [answer] = question.outgoing
        assert (answer.chat_id, answer.context, answer.reply) == (-5, {"reply_to": 3}, question.replies[0])
    finally:
        store.close()


def test_an_update_handled_before_its_instance_died_sends_the_replies_it_left_waiting(
    knowledge, matcher, triage, tmp_path
):
    clock = FakeClock()
    died = SqliteStore(tmp_path / "state.sqlite3", owner="died", lease=30.0, clock=clock)
    took_over = SqliteStore(tmp_path / "state.sqlite3", owner="took-over", lease=30.0, clock=clock)
    try:
        first = Engine(knowledge, died, matcher=matcher, triage=triage).handle(
            7, Text("pain 6/10"), send_to=Address(7), update="1:500"
        )
        clock.advance(31)  # its instance died before sending them; its claims expired
        again = Engine(knowledge, took_over, matcher=matcher, triage=triage).handle(
            7, Text("pain 6/10"), send_to=Address(7), update="1:500"
        )
        assert again.replies == () and len(took_over.practice.ratings(7)) == 1, "not handled twice"
        assert [(m.id, m.reply) for m in again.outgoing] == [(m.id, m.reply) for m in first.outgoing]
    finally:
        died.close()
        took_over.close()
