"""Reminders in plain words, pain ratings on their own, and the other practice phrases: a table
of what people type and what it must become, including the bad ones that get a question back."""

from __future__ import annotations

import pytest

from bot.engine.practice import phrases, zones
from bot.engine.practice.phrases import (
    AskWhen,
    AtThisTime,
    BadRating,
    ChangeZone,
    CheckIn,
    ExportDiary,
    SetReminder,
    ShowProgress,
    ShowReminders,
)
from bot.engine.practice.schedule import EVERY_DAY, WEEKDAYS, WEEKENDS

MON, TUE, WED, THU, FRI, SAT, SUN = (1 << day for day in range(7))


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


# What people type -> (times, days) of the reminder it sets.
SETS = {
    "remind me every morning at 8": (["08:00"], EVERY_DAY),
    "every day at 7pm": (["19:00"], EVERY_DAY),
    "weekdays at 12:30": (["12:30"], WEEKDAYS),
    "twice a day, 8 and 20:00": (["08:00", "20:00"], EVERY_DAY),
    "Remind me every evening at 8": (["20:00"], EVERY_DAY),
    "remind me at 8 in the evening": (["20:00"], EVERY_DAY),
    "please remind me at 7.30am": (["07:30"], EVERY_DAY),
    "remind me daily at 21:15": (["21:15"], EVERY_DAY),
    "Remind me at 6 p.m. every day": (["18:00"], EVERY_DAY),
    "remind me mon-fri at 7:45": (["07:45"], WEEKDAYS),
    "remind me on weekdays at 1pm": (["13:00"], WEEKDAYS),
    "set a reminder for 9am on weekends": (["09:00"], WEEKENDS),
    "mondays and thursdays at 6pm": (["18:00"], MON | THU),
    "remind me mon wed fri at 17:00": (["17:00"], MON | WED | FRI),
    "remind me tuesday to thursday at 10": (["10:00"], TUE | WED | THU),
    "remind me every day except sundays at 9": (["09:00"], EVERY_DAY & ~SUN),
    "remind me every sunday at 10am": (["10:00"], SUN),
    "remind me at half past 7": (["07:30"], EVERY_DAY),
    "remind me at quarter to 9 every night": (["20:45"], EVERY_DAY),
    "remind me at noon": (["12:00"], EVERY_DAY),
    "three times a day at 8, 13:00 and 8pm": (["08:00", "13:00", "20:00"], EVERY_DAY),
    "remind me every morning at 7 and every evening at 9": (["07:00", "21:00"], EVERY_DAY),
    "remind me morning and evening, 8 and 8": (["08:00", "20:00"], EVERY_DAY),
    "can you remind me to do my knee exercises at 18:30 please": (["18:30"], EVERY_DAY),
    "Remind me every day at 08:00!": (["08:00"], EVERY_DAY),
    "reminder at 10pm daily": (["22:00"], EVERY_DAY),
    "remind me at 0:15": (["00:15"], EVERY_DAY),
}

# What people type -> words the question asked back must contain (and the offer, if any).
ASKS = {
    "remind me": ("When should I remind you", None),
    "remind me every morning": ("What time in the morning", ["07:00"]),
    "remind me in the evening": ("What time in the evening", ["18:00"]),
    "remind me twice a day": ("which two times", ["08:00", "20:00"]),
    "remind me twice a day at 8": ("You said twice a day but gave 1 time", ["08:00", "20:00"]),
    "remind me 3 times a day": ("which three times", ["08:00", "13:00", "20:00"]),
    "remind me at 25:00": ("“25:00” is not a time of day", None),
    "remind me at 13pm": ("“13pm” is not a time of day", None),
    "remind me at 7:75": ("“7:75” is not a time of day", None),
    "remind me in 10 minutes": ("not after a while or every few hours", None),
    "remind me every 2 hours": ("not after a while or every few hours", None),
    "remind me hourly": ("not after a while or every few hours", None),
    "remind me tomorrow at 8": ("reminders that repeat", ["08:00"]),
    "remind me tonight at 10": ("reminders that repeat", ["22:00"]),
    "remind me every other day at 8": ("chosen days of the week", ["08:00"]),
    "remind me 6 times a day": ("up to 4 times a day", None),
    "remind me at 7, 9, 12, 15 and 20": ("up to 4 times a day", None),
    "remind me to take my pills at 8": ("only remind you about your knee practice", None),
}

# Not reminder requests: left for the rest of the engine to read.
NOT_REMINDERS = [
    "remind me where SP10 is",
    "remind me how long to press ST36",
    "remind me what the calf massage is for",
    "I massage every day at 7pm, is that too much?",
    "what should I do every day for stiff knees",
    "my knee hurts every morning",
    "where is SP10",
    "I'm 40 today",
]


@pytest.mark.parametrize("text", list(SETS))
def test_a_reminder_in_plain_words(text):
    times, days = SETS[text]
    found = phrases.read(text)
    assert isinstance(found, SetReminder), found
    assert found.schedule.times == tuple(hm(t) for t in times)
    assert found.schedule.days == days


@pytest.mark.parametrize("text", list(ASKS))
def test_unclear_reminders_get_a_clear_question(text):
    words, offer = ASKS[text]
    found = phrases.read(text)
    assert isinstance(found, AskWhen), found
    assert words in found.question
    if offer is not None:
        assert tuple(hm(t) for t in offer) in [schedule.times for schedule in found.offers]


@pytest.mark.parametrize("text", NOT_REMINDERS)
def test_other_messages_are_not_reminders(text):
    assert not isinstance(phrases.read(text), SetReminder | AskWhen | AtThisTime)


def test_the_table_is_as_large_as_promised():
    assert len(SETS) + len(ASKS) + len(NOT_REMINDERS) >= 40


def test_at_this_time():
    assert phrases.read("remind me at this time every day") == AtThisTime(EVERY_DAY)
    assert phrases.read("remind me at the same time on weekdays") == AtThisTime(WEEKDAYS)


def test_a_time_on_its_own_is_an_answer_only_when_one_was_asked_for():
    assert phrases.read("7:30") is None
    answer = phrases.reminder(phrases.tidy("7:30"), expected=True)
    assert isinstance(answer, SetReminder) and answer.schedule.times == (450,)
    assert phrases.reminder(phrases.tidy("where is SP10"), expected=True) is None


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("I'm at a 5 today", 5),
        ("im at 3", 3),
        ("I am at a six today", 6),
        ("pain 6/10", 6),
        ("my pain is about 4 today", 4),
        ("knee pain today is 7 out of 10", 7),
        ("today's pain 2", 2),
        ("my knee is a 3 today", 3),
        ("5/10 today", 5),
        ("log my pain as 0", 0),
        ("I'm a 10 today", 10),
        # whose it is, said after it
        ("i'm at a 4 myself", 4),
        ("I'm about a 2 today too", 2),
    ],
)
def test_a_pain_rating_on_its_own(text, score):
    assert phrases.read(text) == CheckIn(score)


def test_a_rating_off_the_scale_is_questioned_and_ages_are_not_ratings():
    assert isinstance(phrases.read("pain is 15/10"), BadRating)
    assert isinstance(phrases.read("I'm at 12 out of 10"), BadRating)
    assert phrases.read("I'm at 40 today") is None
    assert phrases.read("I'm 20 weeks pregnant") is None


@pytest.mark.parametrize(
    "text",
    ["how am I doing?", "How am I doing so far", "show my progress", "my progress", "am I getting better?",
     "show me my pain chart", "is my knee improving", "how's my progress"],
)  # fmt: skip
def test_progress_in_plain_words(text):
    assert phrases.read(text) == ShowProgress()


def test_reminders_export_and_time_zone_in_plain_words():
    assert phrases.read("my reminders") == ShowReminders()
    assert phrases.read("show me my reminders please") == ShowReminders()
    assert phrases.read("stop reminding me") == ShowReminders(stop=True)
    assert phrases.read("no more reminders") == ShowReminders(stop=True)
    assert phrases.read("export my diary") == ExportDiary()
    assert phrases.read("send me my pain diary as a csv") == ExportDiary()
    assert phrases.read("my time zone is Berlin") == ChangeZone("Europe/Berlin")
    assert phrases.read("change my time zone") == ChangeZone(None)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("London", "Europe/London"),
        ("lodnon", "Europe/London"),
        ("new york", "America/New_York"),
        ("I'm in Madrid", "Europe/Madrid"),
        ("Munich", "Europe/Berlin"),
        ("Mumbai", "Asia/Kolkata"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Europe/Lisbon", "Europe/Lisbon"),
        ("CET", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("UTC+2", "UTC+02:00"),
        ("gmt -5", "UTC-05:00"),
        ("+5:30", "UTC+05:30"),
        ("utc+0", "UTC"),
    ],
)
def test_a_typed_time_zone(typed, zone):
    assert zones.resolve(typed) == zone
    assert zones.is_known(zone)


@pytest.mark.parametrize("typed", ["Narnia", "UTC+15", "+5:20", "my knee hurts", ""])
def test_what_names_no_time_zone(typed):
    assert zones.resolve(typed) is None
