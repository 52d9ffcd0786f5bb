"""The pain diary and reminders in people's own words: a rating said first with a remark after
it, and a city typed with its country at the time-zone question. Each test reads what the
person would read."""

from __future__ import annotations


def test_a_rating_with_a_remark_after_it_is_logged(engine, chat):
    chat.say("knee pain 3/10 this evening, the long walk didn't help")
    assert "Noted: pain 3/10" in chat.text
    assert [(r.kind, r.score) for r in engine.practice.store.ratings(1)] == [("check-in", 3)]


def test_a_rating_with_a_worrying_remark_still_gets_the_safety_advice_first(chat):
    chat.say("pain 6 today. and my calf has gone red, hot and swollen since the flight")
    assert chat.last.meta.kind == "safety"


def test_a_city_with_its_country_answers_the_time_zone_question(chat):
    chat.say("remind me every day at 7pm")
    assert "time zone" in chat.text
    chat.say("I'm in Kochi, India")
    assert "Asia/Kolkata" in chat.text and "19:00" in chat.text
