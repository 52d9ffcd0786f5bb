"""Conversations as people hold them: follow-ups wherever they come, a new question that names
something else, and routines talked through in words (questions on the way, "carry on", "skip
this one", coming back later). Each test reads what the person would read."""

from __future__ import annotations

from bot.engine import Engine
from bot.storage import MemoryStore

from helpers import Conversation, at_step, clear_safety_check


def on_its_own(engine: Engine, text: str) -> str | None:
    """What a message gets from someone who has said nothing before."""
    return Conversation(engine, user_id=99).say(text).meta.id


# --- follow-ups outside point cards ---------------------------------------------------------------


def test_how_long_for_after_heat_or_ice_gets_the_times_of_that_answer(chat):
    chat.say("should I use heat or ice on my knee")
    assert chat.last.meta.id == "heat-or-ice"
    chat.say("how long for?")
    assert chat.last.meta.id == "heat-or-ice"
    assert "15 to 20 minutes" in chat.text and "about 20 minutes" in chat.text
    assert "don't know" not in chat.text


def test_how_often_after_heat_or_ice_stays_on_that_answer(chat):
    chat.say("is heat or ice better for my knee?")
    chat.say("and how often?")
    assert chat.last.meta.id == "heat-or-ice" and "every 2 to 3 hours" in chat.text


def test_a_question_naming_something_else_is_a_new_topic_not_the_old_one(chat, engine):
    chat.say("where is SP10")
    chat.say("why do my knees crack when I squat?")
    assert chat.last.meta.id != "SP10"
    assert chat.last.meta.id == on_its_own(engine, "why do my knees crack when I squat?")


def test_a_question_about_the_point_on_show_still_leans_on_it(chat):
    chat.say("where is SP10")
    chat.say("why would I press it?")
    assert (chat.last.meta.id, chat.last.meta.section) == ("SP10", "uses")


# --- questions on the way through a routine -------------------------------------------------------


def test_what_was_the_first_step_again_at_step_3(chat):
    at_step(chat, "start the qigong routine", 3)
    chat.say("what was the first step again?")
    assert "Step 1 of 6" in chat.text and "Press ST34" in chat.text
    assert "▶ Back to step 3" in chat.labels
    chat.press("▶ Back to step 3")
    assert "Step 3 of 6" in chat.text and "knee eyes" in chat.text


def test_what_does_this_point_do_on_a_points_step(chat):
    at_step(chat, "start the qigong routine", 1)
    chat.say("what does this point do")
    assert (chat.last.meta.id, chat.last.meta.section) == ("ST34", "uses")
    assert "Uses" in chat.text and "▶ Back to step 1" in chat.labels


def test_whats_it_for_on_a_points_step(chat):
    at_step(chat, "start the qigong routine", 2)
    chat.say("whats it for")
    assert (chat.last.meta.id, chat.last.meta.section) == ("SP10", "uses")
    assert "▶ Back to step 2" in chat.labels


def test_how_long_at_a_step_tells_that_steps_time(chat):
    at_step(chat, "start the calf massage", 2)
    chat.say("how long for?")
    assert "Twist the upper calf" in chat.text and "1 min" in chat.text
    assert "▶ Back to step 2" in chat.labels


def test_back_to_the_routine_after_a_question_shows_the_step_again(chat):
    step = at_step(chat, "start the qigong routine", 3)
    chat.say("what is empty palm patting?")
    assert chat.last.meta.id == "empty-palm-patting" and "▶ Back to step 3" in chat.labels
    chat.say("ok thanks, back to the routine")
    assert chat.text == step
    assert "only help with knees" not in chat.text


def test_carry_on_after_a_question_resumes_at_the_step_not_the_safety_check(chat):
    at_step(chat, "start the qigong routine", 3)
    chat.say("does it matter which hand I use?")
    chat.say("ok got it, carry on")
    assert "Step 3 of 6" in chat.text
    assert "do any of these apply" not in chat.text and "Safety check" not in chat.text


def test_carry_on_at_the_step_on_show_moves_to_the_next_step(chat):
    at_step(chat, "start the qigong routine", 3)
    chat.say("ok got it, carry on")
    assert "Step 4 of 6" in chat.text
    assert "do any of these apply" not in chat.text


def test_lets_continue_after_a_question(chat):
    at_step(chat, "start the calf massage", 4)
    chat.say("where is BL57 exactly?")
    assert chat.last.meta.id == "BL57"
    chat.say("let's continue")
    assert "Step 4 of" in chat.text and "Thumb-press down the back of the calf" in chat.text


def test_coming_back_and_asking_to_carry_on_resumes_at_the_step(chat, engine):
    at_step(chat, "start the calf massage", 3)
    welcome = engine.welcome(1)
    assert "Welcome back" in welcome.replies[0].text and "Step 3 of" in welcome.replies[1].text
    chat.say("ok I'm back, let's carry on with the massage")
    assert "Step 3 of" in chat.text and "Twist the lower calf" in chat.text
    assert "do any of these apply" not in chat.text and "▶ Start" not in chat.labels


def test_an_answer_given_mid_routine_offers_the_way_back_to_the_step(chat):
    at_step(chat, "start the qigong routine", 2)
    chat.say("what is qigong massage?")
    assert chat.last.meta.kind == "faq" and "▶ Back to step 2" in chat.labels


# --- words at every screen --------------------------------------------------------------------------


def test_skip_this_one_at_a_step_moves_on(chat):
    at_step(chat, "start the calf massage", 1)
    chat.say("skip this one")
    assert "Step 2 of" in chat.text and "Twist the upper calf" in chat.text


def test_go_on_under_a_routines_introduction_starts_it(chat):
    chat.say("start the qigong routine")
    assert "▶ Start" in chat.labels
    chat.say("go on")
    assert "do any of these apply" in chat.text


def test_yep_i_do_at_a_single_safety_question(chat):
    chat.say("start the calf massage")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.command("stop")
    chat.say("start the steam towel warm up")
    chat.press("▶ Start")
    assert "Safety check" in chat.text and "numb" in chat.text, "the one question not answered today"
    chat.say("yep I do")
    assert "Let us not do this routine now" in chat.text


def test_nope_none_of_them_at_the_safety_check(chat):
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    chat.say("nope, none of them")
    assert "how much does your knee hurt" in chat.text


def test_yep_at_the_safety_check_asks_which(chat):
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    chat.say("yep I do")
    assert "Which ones?" in chat.text


def test_typing_more_opens_the_rest_of_the_answer(chat):
    chat.say("should I use heat or ice on my knee")
    assert "➕ More" in chat.labels and "15 to 20 minutes" not in chat.text
    chat.say("more")
    assert chat.last.meta.id == "heat-or-ice" and "15 to 20 minutes" in chat.text
    assert "➕ More" not in chat.labels


def test_ok_thanks_is_small_talk(chat):
    chat.say("where is ST36")
    for thanks in ("ok thanks", "cheers mate", "ok great, thanks a lot"):
        chat.say(thanks)
        assert chat.last.meta.kind == "smalltalk", thanks
        assert "don't know" not in chat.text


def test_ok_thanks_after_a_red_flag_still_reminds_of_it(chat):
    chat.say("my calf is swollen and hot since my flight")
    assert chat.last.meta.kind == "safety"
    chat.say("ok thanks")
    # a kind send-off (the advice is on show), still pointing to the doctor before any massage
    assert "Once a doctor has seen it" in chat.text and "A doctor has checked it" in chat.labels
    chat.say("start the calf massage")
    assert "Earlier you mentioned" in chat.text


def test_tell_me_about_a_routine_shows_its_introduction_alone(chat):
    chat.say("tell me about the calf massage routine")
    assert chat.last.meta.id == "calf-massage"
    assert "👉" not in chat.text and chat.last.replies[-1].text.startswith("🧘")


def test_a_step_that_speaks_of_an_article_names_it(chat, knowledge):
    at_step(chat, "start the calf massage", 3)
    assert "calf-massage article" in chat.text
    assert knowledge.titles_of(["calf-article"])[0] in chat.text


def test_a_new_conversation_is_not_confused_by_an_old_routine(knowledge, matcher, triage, clock):
    engine = Engine(knowledge, MemoryStore(), clock=clock, matcher=matcher, triage=triage)
    chat = Conversation(engine)
    at_step(chat, "start the qigong routine", 2)
    chat.command("stop")
    chat.say("carry on")
    assert "Step" not in chat.text
