"""Follow-ups about whatever the conversation is on, beyond a point card: a daily plan's time,
"how often?" after an answer that does not say, and the position for a point. Each test reads
what the person would read."""

from __future__ import annotations

from helpers import Conversation


def test_how_long_after_a_daily_plan_gives_its_time_a_day(chat):
    chat.say("what's a good everyday plan for knees that are stiff when I get up")
    assert chat.last.meta.kind == "plan"
    chat.say("and how many minutes is all that per day?")
    assert chat.last.meta.kind == "plan" and chat.last.meta.section == "time"
    assert "About 15 minutes a day" in chat.text
    assert any(label.startswith("▶ Start") for label in chat.labels)


def test_how_much_time_after_another_plan_gives_that_plans_time(chat):
    chat.say("I drive for work all day, what should I do daily for my knees")
    assert chat.last.meta.id == "sitting-all-day"
    chat.say("how much time does it take?")
    assert "About 25 minutes a day" in chat.text and "Calf massage (about 12 min)" in chat.text


def test_a_new_question_after_a_plan_is_not_taken_for_its_time(chat, engine):
    chat.say("daily plan for my osteoarthritis knees")
    chat.say("why do my knees make a popping noise")
    assert chat.last.meta.kind != "plan"
    assert chat.last.meta.id == Conversation(engine, user_id=9).say("why do my knees make a popping noise").meta.id


def test_how_often_after_an_answer_that_says_nothing_of_it_is_read_on_its_own(chat, engine):
    chat.say("does massage actually help knee arthritis")
    shown = chat.last.meta.id
    chat.say("ok how often would I need to do it")
    assert chat.last.meta.id != shown
    assert chat.last.meta.id == Conversation(engine, user_id=9).say("how often should I massage my knees").meta.id


def test_how_often_after_an_answer_that_says_it_stays_on_that_answer(chat):
    chat.say("should I put something cold or warm on my sore knee")
    assert chat.last.meta.id == "heat-or-ice"
    chat.say("how often though?")
    assert chat.last.meta.id == "heat-or-ice" and "every 2 to 3 hours" in chat.text


def test_sitting_or_standing_after_a_point_shows_how_to_find_it(chat):
    chat.say("where's Liangqiu")
    chat.say("standing up or sitting?")
    assert (chat.last.meta.id, chat.last.meta.section) == ("ST34", "location")
    assert "Sit" in chat.text


def test_a_position_question_after_an_answer_without_one_is_not_forced_onto_it(chat):
    chat.say("heat or ice for a stiff knee")
    chat.say("lying down or sitting?")
    assert chat.last.meta.id != "heat-or-ice"


def test_a_routine_asked_for_with_a_remark_shows_its_introduction_without_a_stray_step(chat):
    chat.say("could I try the calf massage? my sister recommended it")
    assert chat.last.meta.id == "calf-massage"
    assert "Step" not in chat.text.split("\n")[0] and "👉" not in chat.text
    assert "▶ Start" in chat.labels


def test_a_routine_asked_about_with_a_steps_own_words_shows_that_step(chat):
    chat.say("how long do I hold each twist in the calf routine")
    assert "👉 Step" in chat.text and "twist" in chat.text.lower()
