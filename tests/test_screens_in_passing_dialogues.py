"""Screens that keep their place when the words around a reply are one's own: a start asked for
under a routine's introduction, a command typed among words, gibberish after a question on a
step, a rating after a "no" in clauses of its own, the leg to do said in a sentence, and thanks
after a red flag's advice. Each test reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, at_step

RATING = "how much does your knee hurt"


def ratings(engine, user_id: int = 1) -> list[tuple[str, int | None]]:
    return [(rating.kind, rating.score) for rating in engine.practice.store.ratings(user_id)]


# --- a start asked for right under the routine's introduction -------------------------------------


def test_a_start_naming_the_partner_routine_introduced_opens_its_check(chat: Conversation) -> None:
    chat.say("could I give my husband a knee massage")
    assert "▶ Start" in chat.labels and "lift technique" in chat.text

    chat.say("right, ok start the lift one then")

    assert "apply to the person you're massaging" in chat.text, chat.text
    assert "Before the first step I ask" not in chat.text  # not the summary of its checks


def test_a_start_naming_another_routine_under_an_introduction_is_that_routine(chat: Conversation) -> None:
    chat.say("could I give my husband a knee massage")
    assert "lift technique" in chat.text

    chat.say("start the friction one")

    assert "friction technique" in chat.text and "▶ Start" in chat.labels, chat.text
    assert SAFETY_CHECK not in chat.text


def test_a_routine_asked_for_again_after_stopping_it_is_introduced_again(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    chat.command("stop")

    chat.say("start the qigong routine")

    assert "▶ Start" in chat.labels, chat.labels


# --- a command typed among words -----------------------------------------------------------------


def test_a_command_among_words_at_the_check_runs_that_command(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")

    chat.say("hmm on second thoughts /forget")

    assert "Erase everything" in chat.text, chat.text


def test_a_path_with_a_slash_is_no_command(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")

    chat.say("knee/forget")

    assert "Erase everything" not in chat.text


# --- a step keeps its place --------------------------------------------------------------------------


def test_gibberish_after_a_question_on_a_step_shows_the_step_with_what_it_takes(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 2)
    chat.say("how long is this one?")

    chat.say("zzkx plimf")

    assert "Step 2 of 7" in chat.text and "next, back, skip or stop" in chat.text, chat.text
    assert "don't know that one" not in chat.text


# --- a rating after a "no", each in a clause of its own ------------------------------------------------


def test_a_bare_number_after_a_no_and_a_none_is_the_rating(engine, chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")

    chat.say("nah, none. 2")

    assert "Step 1 of 7" in chat.text, chat.text
    assert ratings(engine) == [("before", 2)]


# --- the leg to do, said in a sentence ------------------------------------------------------------------


def test_the_leg_to_do_said_among_words_of_ones_own_is_the_clear_leg(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("varicose veins")
    assert "Which leg" in chat.text

    chat.say("fine, I'll just do the right one then")

    assert "▶ Right leg only" in chat.labels, chat.text


def test_a_leg_said_not_to_be_done_is_not_taken_for_the_leg_to_do(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")
    chat.say("varicose veins")

    chat.say("I won't do the left")

    assert "▶ Left leg only" not in chat.labels, chat.text


# --- thanks after a red flag's advice ---------------------------------------------------------------------


def test_thanks_right_after_a_red_flag_gets_a_kind_send_off_with_the_doctor_button(chat: Conversation) -> None:
    chat.say("my knee has swollen right up, it's hot and red, and I've got a fever")
    assert chat.last.meta.kind == "safety"

    chat.say("thank you so much")

    assert "A doctor has checked it" in chat.labels, chat.labels
    assert "🧘 Routines" not in chat.labels and "Earlier you mentioned" not in chat.text
    chat.say("ok")
    assert "A doctor has checked it" in chat.labels and "Earlier you mentioned" not in chat.text


def test_a_routine_asked_for_after_the_send_off_still_waits_for_the_doctor(chat: Conversation) -> None:
    chat.say("my knee has swollen right up, it's hot and red, and I've got a fever")
    chat.say("cheers")

    chat.say("start the calf massage")

    assert "Earlier you mentioned" in chat.text and SAFETY_CHECK not in chat.text


def test_thanks_beside_what_one_will_do_after_a_red_flag_gets_the_send_off(chat: Conversation) -> None:
    chat.say("my knee has swollen right up, it's hot and red, and I've got a fever")

    chat.say("right, I'll get my husband to drive me in now, thank you")

    assert "A doctor has checked it" in chat.labels and "Earlier you mentioned" not in chat.text, chat.text


def test_a_question_beside_thanks_after_a_red_flag_is_no_send_off(chat: Conversation) -> None:
    chat.say("my knee has swollen right up, it's hot and red, and I've got a fever")

    chat.say("thanks, can I put some ice on it while I wait?")

    assert "Once a doctor has seen it" not in chat.text, chat.text


# --- why a step is left out; answers given earlier said under another introduction ----------------------


def test_why_a_step_is_left_out_says_why_and_keeps_the_check(chat: Conversation) -> None:
    chat.say("I'm 24 weeks pregnant")
    chat.say("start the calf massage")
    chat.press("▶ Start")

    chat.say("how come you're skipping the ankle circles?")

    assert "is left out" in chat.text and "pregnancy" in chat.text, chat.text
    assert SAFETY_CHECK in chat.text


def test_their_answer_given_earlier_is_said_under_another_partner_routines_introduction(chat: Conversation) -> None:
    chat.say("start the partner lift")
    chat.press("▶ Start")
    chat.say("my dad takes warfarin")
    chat.press("✓ None of these")

    chat.say("show me the partner friction technique")

    assert "From what you told me today" in chat.text and "bruise" in chat.text, chat.text


def test_an_ok_naming_the_partner_routine_introduced_is_that_routine_not_its_checks(chat: Conversation) -> None:
    chat.say("could I give my husband a knee massage")

    chat.say("ok then the lift one for him")

    assert "apply to the person you're massaging" in chat.text, chat.text
    assert "Before the first step I ask" not in chat.text


def test_is_it_ok_after_a_point_still_gives_its_cautions(chat: Conversation) -> None:
    chat.say("where is SP10")

    chat.say("is it ok in pregnancy?")

    assert "pregnancy" in chat.text.lower() and "Cautions" in chat.text, chat.text


def test_a_no_with_not_today_under_an_introduction_keeps_it_waiting(chat: Conversation) -> None:
    chat.say("start the calf massage")

    chat.say("nah, not today")

    assert "▶ Start" in chat.labels and "don't know" not in chat.text, chat.text
    assert SAFETY_CHECK not in chat.text


def test_a_line_named_in_a_carers_request_is_theirs_and_said_under_the_introduction(chat: Conversation) -> None:
    chat.say("my wife has bad veins in her legs, what massage can I do for her knee?")
    assert "▶ Start" in chat.labels

    assert "From what you told me today" in chat.text and "varicose veins" in chat.text.lower(), chat.text
    chat.press("▶ Start")
    assert "Which leg" in chat.text, chat.text


def test_a_recent_operation_told_of_somebody_else_is_answered_and_kept_for_their_check(chat: Conversation) -> None:
    chat.say("my gran had keyhole surgery on her knee 4 weeks ago")

    assert chat.last.meta.kind == "safety" and "surgeon" in chat.text, chat.text
    assert "Noted" not in chat.text  # not the writer's own
    chat.say("start the partner quad massage")
    assert "From what you told me today" in chat.text and "surgeon" in chat.text, chat.text


def test_a_condition_told_of_somebody_else_with_a_request_gets_the_partner_routines_beneath(
    chat: Conversation,
) -> None:
    chat.say("my husband takes apixaban, his knees are stiff after digging the allotment, any massage I could do?")

    assert chat.last.meta.kind == "safety" and "bruise" in chat.text, chat.text
    assert any("Lift technique" in label for label in chat.labels), chat.labels
    chat.say("let's try it")
    assert "apply to the person you're massaging" in chat.text and "Blood thinners" not in chat.text, chat.text


def test_a_condition_asked_about_for_oneself_gets_no_partner_routines(chat: Conversation) -> None:
    chat.say("is acupressure ok if I take blood thinners?")

    assert not any("Lift technique" in label for label in chat.labels), chat.labels
