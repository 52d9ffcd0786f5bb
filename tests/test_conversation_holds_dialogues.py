"""Conversations that hold: a screen that asks for an answer keeps asking when it gets none
(thanks or a polite word at a pain rating), and the place is kept for the answer that follows.
Each test reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, at_step

RATING = "how much does your knee hurt"


def ratings(engine, user_id: int = 1) -> list[tuple[str, int | None]]:
    return [(rating.kind, rating.score) for rating in engine.practice.store.ratings(user_id)]


# --- thanks or a polite word where a rating is asked ---------------------------------------------


def test_thanks_at_the_rating_before_asks_for_the_number_again(engine, chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.press("▶ Start")
    chat.press("✓ None of these")
    assert RATING in chat.text

    chat.say("cheers, great stuff")

    assert "number" in chat.text and RATING in chat.text, chat.text
    assert "Let me know if you want" not in chat.text
    chat.say("3")
    assert "Step 1 of" in chat.text, chat.text
    assert ratings(engine) == [("before", 3)]


def test_a_word_of_approval_at_their_rating_asks_for_their_number(chat: Conversation) -> None:
    chat.say("start the friction technique")
    chat.press("▶ Start")
    chat.press("✓ None of these")

    chat.say("good")

    assert "their knee" in chat.text and "number" in chat.text, chat.text
    assert any(label == "Skip" for label in chat.labels)


def test_thanks_at_the_check_shows_the_check_again(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.press("▶ Start")

    chat.say("lovely, thank you")

    assert SAFETY_CHECK in chat.text, chat.text
    chat.say("none")
    assert RATING in chat.text, chat.text


# --- on a step: what it is for, a question in its own words, heat said to be too much ------------


def test_what_is_this_for_on_a_step_explains_that_step(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 3)

    chat.say("wait, what are these for")

    assert "Step 3 of 7" in chat.text and "Twist the lower calf" in chat.text, chat.text
    assert "Shall we stop" not in chat.text
    assert any(label.startswith("▶ Back to step 3") for label in chat.labels), chat.labels


def test_a_question_about_the_warm_up_in_its_own_words_shows_that_step_not_another_routine(
    chat: Conversation,
) -> None:
    at_step(chat, "start the calf massage", 1)

    chat.say("how warm does the water need to be?")

    assert "Step 1 of 7" in chat.text and "not boiling" in chat.text, chat.text
    assert "▶ Start" not in chat.labels  # not the steam-towel routine's introduction
    chat.say("and do I wring the towel out?")
    assert "Step 1 of 7" in chat.text, chat.text
    assert "didn't catch" not in chat.text


def test_heat_said_to_be_too_much_on_the_warm_up_gets_let_it_cool_and_test_again(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)

    chat.say("ooh that flannel feels way too hot against my skin")

    assert "cool" in chat.text and "wrist" in chat.text, chat.text
    assert any(label.startswith("▶ Back to step 1") for label in chat.labels), chat.labels
    assert "Skip this step" in chat.labels


def test_heat_said_to_be_too_much_after_a_question_on_the_step_still_gets_the_tip(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)
    chat.say("how long do I leave the towel on?")

    chat.say("it's scalding my leg a bit")

    assert "cool" in chat.text and "wrist" in chat.text, chat.text


def test_heat_said_not_to_be_too_much_is_no_warning(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)

    chat.say("it's not too hot")

    assert "let it cool" not in chat.text, chat.text


def test_swelling_told_on_the_warm_up_still_gets_the_clot_warning(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 1)

    chat.say("hmm my calf has gone all puffy and swollen")

    assert chat.last.meta.id == "blood-clot", chat.last.meta.why


# --- a routine asked for again ------------------------------------------------------------------


def _finish_qigong(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.say("none")
    chat.press("Skip")
    while "Step" in chat.text:
        chat.press("Next ▶")
    assert RATING in chat.text.lower()
    chat.say("3")
    assert "Well done" in chat.text, chat.text


def test_asking_to_go_through_the_routine_once_more_right_after_it_starts_it_again(chat: Conversation) -> None:
    _finish_qigong(chat)

    chat.say("can we do it again")

    assert "earlier today" in chat.text and RATING in chat.text.lower(), chat.text
    chat.say("2")
    assert "Qigong knee self-massage · Step 1 of" in chat.text, chat.text


def test_asking_for_the_routine_done_earlier_again_after_other_questions_starts_that_routine(
    chat: Conversation,
) -> None:
    _finish_qigong(chat)
    chat.say("where is st36")
    chat.say("what helps knees that click")

    chat.say("ok, let's do that one again")

    assert "earlier today" in chat.text and RATING in chat.text.lower(), chat.text
    chat.say("2")
    assert "Qigong knee self-massage · Step 1 of" in chat.text, chat.text


def test_again_with_no_routine_done_is_not_a_routine(chat: Conversation) -> None:
    chat.say("let's do that one again")
    assert "Step" not in chat.text and "earlier today" not in chat.text, chat.text


# --- asking whether something told is kept ------------------------------------------------------


def test_asking_whether_a_fact_told_earlier_is_kept_says_yes_with_the_fact(chat: Conversation) -> None:
    chat.say("I take apixaban every morning")

    chat.say("you do remember I'm on blood thinners, don't you?")

    assert "Yes, I have that noted" in chat.text and "blood thinners" in chat.text, chat.text
    assert chat.last.meta.kind != "clarify"


def test_asking_whether_a_fact_never_told_is_kept_notes_it_now(chat: Conversation) -> None:
    chat.say("do you know that I've got varicose veins?")

    assert "Noted" in chat.text and "hadn't noted" in chat.text, chat.text
    assert "varicose" in chat.command("mydata").replies[0].text


def test_a_carer_asking_whether_their_own_pregnancy_is_kept_does_not_tick_it_for_the_person_massaged(
    chat: Conversation,
) -> None:
    chat.say("is there a massage I could do for my grandad's knees")
    assert "person you're massaging" in chat.text, chat.text

    chat.say("you remember that I'm pregnant, right?")

    assert "That's about you" in chat.text, chat.text
    assert "counts on the safety check" not in chat.text
    chat.say("let's start")
    chat.say("none of those")
    assert "their knee" in chat.text, chat.text


# --- tight calves in pregnancy, on both sides, with nothing else: no clot warning ---------------


def test_both_calves_tight_in_pregnancy_with_no_swelling_is_no_clot_warning_and_the_talk_goes_on(
    chat: Conversation,
) -> None:
    chat.say("I'm 26 weeks pregnant and both my calves get tight by bedtime, no swelling or redness")
    assert chat.last.meta.severity is None, chat.last.meta.why

    chat.say("is there a routine that would help with that?")

    assert chat.last.meta.severity is None, chat.last.meta.why
    assert "Earlier you mentioned" not in chat.text


def test_calves_in_the_plural_in_pregnancy_are_both_sides(chat: Conversation) -> None:
    chat.say("pregnant with twins and my calves ache a bit in the evenings")
    assert chat.last.meta.severity is None, chat.last.meta.why


def test_one_of_the_calves_sore_in_pregnancy_still_gets_the_clot_warning(chat: Conversation) -> None:
    chat.say("I'm 30 weeks pregnant and one of my calves is sore and tight")
    assert chat.last.meta.id == "blood-clot", chat.last.meta.why


# --- a break long healed, asked about with a routine ---------------------------------------------


def test_a_break_long_healed_asked_about_with_a_routine_gets_that_routine_with_a_note(chat: Conversation) -> None:
    chat.say("I fractured my kneecap about 25 years back and it healed fine, is the calf routine ok for me")

    assert chat.last.meta.id == "calf-massage", chat.last.meta.why
    assert "healed long ago" in chat.text and "▶ Start" in chat.labels, chat.text


def test_a_break_long_healed_asked_about_on_its_own_gets_the_note_before_the_answer(chat: Conversation) -> None:
    chat.say("broke my shin in 2004, fully mended now, can I still have massages")

    assert "healed long ago" in chat.text, chat.text


def test_a_recent_break_with_a_routine_still_gets_the_caution(chat: Conversation) -> None:
    chat.say("I fractured my kneecap six weeks ago, is the calf routine ok for me")

    assert chat.last.meta.id == "recent-fracture", chat.last.meta.why
    assert "healed long ago" not in chat.text


# --- at the question "Shall we stop here?", at the check, at the clear leg -----------------------


def test_a_yes_with_stop_at_shall_we_stop_stops(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 2)
    chat.say("can we finish it here")
    assert "Shall we stop" in chat.text, chat.text

    chat.say("yes stop it")

    assert "Stopped" in chat.text, chat.text


def test_a_line_named_with_its_leg_in_the_next_clause_leaves_that_leg_out(chat: Conversation) -> None:
    chat.say("start the quad compression")

    chat.say("just the varicose veins, on his right leg, nothing else")

    assert "left leg is clear" in chat.text, chat.text
    assert "▶ Left leg only" in chat.labels


def test_their_rating_passed_on_at_the_clear_leg_screen_goes_on_with_it(chat: Conversation) -> None:
    chat.say("start the quad compression")
    chat.say("just the varicose veins, on his right leg, nothing else")

    chat.say("he reckons about a 4")

    assert "Step 1 of" in chat.text and "left leg" in chat.text, chat.text
    diary = chat.command("diary").replies[0].text
    assert "4/10 · before" in diary and "person you help" in diary, diary


# --- how hard to squeeze, asked by a parent: no emergency ----------------------------------------


def test_asking_how_hard_to_squeeze_a_childs_legs_is_no_emergency(chat: Conversation) -> None:
    chat.say("my daughter is 8 and her knees ache after netball, how hard can I squeeze when I rub her legs")
    assert chat.last.meta.severity is None, chat.last.meta.why


def test_a_childs_calf_gone_rock_hard_after_a_fall_is_still_an_emergency(chat: Conversation) -> None:
    chat.say("my son got kicked at football and now his calf is rock hard and the pain keeps getting worse")
    assert chat.last.meta.severity == "emergency", chat.last.meta.why


# --- a fact dropped by one of its words; a greeting on coming back --------------------------------


def test_a_fact_dropped_by_one_of_its_own_words_is_forgotten_and_the_rest_kept(chat: Conversation) -> None:
    chat.say("I've got varicose veins on my left leg")
    chat.say("I also take warfarin")

    chat.say("please drop the vein thing")

    assert "forgotten" in chat.text and "varicose" in chat.text, chat.text
    data = chat.command("mydata").replies[0].text
    assert "varicose" not in data and "blood thinners" in data, data


def test_a_greeting_on_coming_back_is_not_read_as_a_back(chat: Conversation) -> None:
    chat.say("hey I am back")
    assert "only help with knees" not in chat.text, chat.text


# --- a routine offered under an answer, named in a few words -------------------------------------


def test_a_routine_offered_under_an_answer_named_in_a_few_words_is_that_routine(chat: Conversation) -> None:
    chat.say("my girlfriend is expecting, is it ok to massage her knees")
    assert "Or: ▶ Quad compression" in chat.labels, chat.labels

    chat.say("I like the sound of the quad one")

    assert chat.last.meta.id == "partner-quad", chat.last.meta.why
    assert "▶ Start" in chat.labels


def test_what_is_for_after_a_point_card_gives_its_uses(chat: Conversation) -> None:
    chat.say("where's st36")
    chat.say("what is for")
    assert (chat.last.meta.id, chat.last.meta.section) == ("ST36", "uses"), chat.last.meta.why


# --- the carer's own rating beside theirs --------------------------------------------------------


def test_the_carers_own_rating_said_beside_theirs_is_kept_as_the_carers(chat: Conversation) -> None:
    chat.say("start the lift technique")
    chat.press("▶ Start")
    chat.press("✓ None of these")
    chat.say("he's about a 5")
    assert "Step 1 of" in chat.text, chat.text

    chat.say("and mine's a 3")

    assert "3/10" in chat.text, chat.text
    diary = chat.command("diary").replies[0].text.splitlines()
    assert any("3/10" in line and "person you help" not in line for line in diary), diary
    assert any("5/10" in line and "person you help" in line for line in diary), diary


def test_their_rating_passed_on_as_a_bare_number_is_read_at_their_rating(chat: Conversation) -> None:
    chat.say("start the lift technique")
    chat.press("▶ Start")
    chat.press("✓ None of these")

    chat.say("he says 6")

    assert "Step 1 of" in chat.text, chat.text
