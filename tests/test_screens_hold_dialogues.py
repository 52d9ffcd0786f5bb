"""Screens that hold: a reply typed at a routine's screen, or at /forget's question, read as the
person meant it, with the place kept. Each test reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, at_safety_check, at_step

RATING = "how much does your knee hurt"


def ratings(engine, user_id: int = 1) -> list[tuple[str, int | None]]:
    return [(rating.kind, rating.score) for rating in engine.practice.store.ratings(user_id)]


# --- the list of the check: "none" with a number, "none of the others" --------------------------


def test_none_then_a_bare_number_on_the_list_is_no_line_and_the_rating(engine, chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.press("One or more")

    chat.say("none of them, 3")

    assert "Step 1 of" in chat.text, chat.text
    assert ratings(engine) == [("before", 3)]


def test_nope_then_a_number_at_the_check_is_the_rating_not_a_line(engine, chat: Conversation) -> None:
    at_safety_check(chat, "start the qigong routine")

    chat.say("nope. 6")

    assert "Step 1 of" in chat.text, chat.text
    assert ratings(engine) == [("before", 6)]


def test_just_a_number_after_a_no_still_ticks_that_line(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.press("One or more")

    chat.say("no, only 5")

    assert "☑ Varicose veins" in chat.labels, chat.labels


def test_none_of_the_others_after_ticking_a_line_is_done(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.press("One or more")
    chat.press(lambda label: label.startswith("☐") and "Varicose" in label)

    chat.say("none of the other ones")

    assert "didn't catch" not in chat.text, chat.text
    assert "Which leg" in chat.text, chat.text  # the line ticked is asked about, the rest cleared
    chat.press("Right leg")
    assert "left leg only" in chat.text.lower() or "Left leg only" in chat.labels, chat.text


# --- what the check is for, after a polite word -----------------------------------------------------


def test_what_is_this_for_after_hold_on_at_the_check_says_what_it_is_for(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")

    chat.say("hold on, what's all this for")

    assert "keep the massage safe" in chat.text, chat.text
    assert SAFETY_CHECK in chat.text
    assert not any(line in chat.text for line in ("116 123", "988"))


# --- a rating in passing where the check only asks to go on -------------------------------------------


def test_a_loose_rating_at_the_clear_leg_is_the_rating_and_the_steps_then_hold(engine, chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("I've got varicose veins in my right leg, nothing else")
    assert "Left leg only" in " ".join(chat.labels), chat.labels

    chat.say("well it's maybe sitting at a 3 i think")

    assert "Step 1 of" in chat.text and "left leg" in chat.text, chat.text
    assert ratings(engine) == [("before", 3)]
    chat.say("ow that's too sore")
    assert "go lighter" in chat.text, chat.text
    chat.say("skip it")
    assert "Step 2 of" in chat.text, chat.text


# --- heat said to be too much while the towel is being readied ---------------------------------------


def test_a_towel_too_hot_on_the_wrist_while_testing_it_gets_let_it_cool(chat: Conversation) -> None:
    at_step(chat, "start the steam towel warm-up", 2)

    chat.say("hmm that flannel is much too hot on my wrist")

    assert "cool" in chat.text and "wrist" in chat.text, chat.text
    assert any(label.startswith("▶ Back to step 2") for label in chat.labels), chat.labels


def test_after_the_towel_is_off_heat_words_are_not_the_towel_tip(chat: Conversation) -> None:
    at_step(chat, "start the steam towel warm-up", 4)

    chat.say("it was too hot")

    assert "test it again on the inside of your wrist" not in chat.text, chat.text


# --- /forget's question answered with a yes that says what it says yes to -----------------------------


def test_a_yes_that_restates_the_erasing_erases(chat: Conversation, engine) -> None:
    chat.say("I'm diabetic")
    chat.command("forget")

    chat.say("yes, wipe all of it")

    assert "erased everything" in chat.text, chat.text
    assert engine.store.raw(1) is None


def test_a_yes_with_a_but_erases_nothing(chat: Conversation, engine) -> None:
    chat.say("I'm diabetic")
    chat.command("forget")

    chat.say("yes but keep my reminders")

    assert "erased everything" not in chat.text, chat.text
    assert engine.store.raw(1) is not None


def test_a_no_that_names_the_erasing_keeps_everything(chat: Conversation, engine) -> None:
    chat.say("I'm diabetic")
    chat.command("forget")

    chat.say("no don't erase my data")

    assert "Nothing was erased" in chat.text, chat.text
    assert engine.store.raw(1) is not None


# --- varicose veins and the leg: the leg with the veins, the leg to massage --------------------------


def test_veins_told_with_their_leg_in_the_next_clause_leave_that_leg_out(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")

    chat.say("I have varicose veins, some tiny ones on my right leg, none of the others")

    assert "Which leg" not in chat.text, chat.text
    assert "The left leg is clear" in chat.text, chat.text
    chat.say("ok do the left then")
    assert RATING in chat.text, chat.text  # the rest were said clear: on to the rating


def test_the_leg_to_do_at_which_leg_is_the_clear_one(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.press("One or more")
    chat.press(lambda label: label.startswith("☐") and "Varicose" in label)
    chat.press("✓ Done")
    assert "Which leg" in chat.text

    chat.say("fine, let's just do the left")

    assert "The left leg is clear" in chat.text, chat.text
    assert "▶ Left leg only" in chat.labels, chat.labels


def test_the_leg_named_at_which_leg_is_where_the_veins_are(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.press("One or more")
    chat.press(lambda label: label.startswith("☐") and "Varicose" in label)
    chat.press("✓ Done")

    chat.say("they're on the left")

    assert "The right leg is clear" in chat.text, chat.text
    assert "▶ Right leg only" in chat.labels, chat.labels


def test_veins_told_without_a_leg_at_the_check_ask_which_leg(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")

    chat.say("I suffer from varicose veins")

    assert "Which leg" in chat.text, chat.text
    assert "Let us not do this routine" not in chat.text
    chat.press("Left leg")
    assert "The right leg is clear" in chat.text, chat.text


def test_veins_told_before_without_a_leg_are_asked_about_at_the_check(chat: Conversation) -> None:
    chat.say("I've got varicose veins")
    chat.say("start the calf massage")
    chat.press("▶ Start")

    assert "Which leg" in chat.text, chat.text
    chat.say("my right one")
    assert "The left leg is clear" in chat.text, chat.text


def test_what_is_this_for_where_the_clear_leg_is_offered_says_what_it_is_for(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("veins on my right leg, that's all")

    chat.say("hang on what's that for")

    assert "My answer has changed" in chat.text and "left out" in chat.text, chat.text
    assert "Shall we stop" not in chat.text, chat.text


# --- a routine waiting under its introduction ---------------------------------------------------------


def test_carry_on_after_not_now_under_the_introduction_starts_it(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.say("not right now")

    chat.say("ok let's continue")

    assert SAFETY_CHECK in chat.text, chat.text


# --- "Did you mean…" answered in one's own words ---------------------------------------------------


def test_a_choice_answered_in_own_words_is_read_with_what_the_choices_share(chat: Conversation) -> None:
    chat.say("new heels at work")
    assert "Did you mean" in chat.text and "Switching to high heels" in chat.labels, chat.labels

    chat.say("only just started with them really")

    assert "suddenly start wearing high heels" in chat.text, chat.text


def test_something_else_after_the_choices_is_not_taken_for_one(chat: Conversation) -> None:
    chat.say("my new heels")

    chat.say("what's the weather like")

    assert "high heels" not in chat.text.lower(), chat.text


# --- what a step with no point of its own is for ------------------------------------------------------


def test_what_this_is_for_on_a_step_with_an_answer_of_its_own_gives_that_answer(chat: Conversation) -> None:
    at_step(chat, "start the qigong routine", 5)  # empty palm patting

    chat.say("sorry what does this one actually do")

    assert "Step 5 of" not in chat.text, chat.text
    assert "cupped hand" in chat.text, chat.text
    assert any(label.startswith("▶ Back to step 5") for label in chat.labels), chat.labels


# --- thanks where a rating waits, after what it is for or an answer on the way ------------------------


def test_thanks_after_what_the_rating_is_for_asks_for_the_number_again(engine, chat: Conversation) -> None:
    at_safety_check(chat, "start the qigong routine")
    chat.press("✓ None of these")
    chat.say("why does that matter?")
    assert "pain diary" in chat.text, chat.text

    chat.say("ah brilliant")

    assert "number" in chat.text and RATING in chat.text, chat.text
    chat.say("2")
    assert "Step 1 of" in chat.text, chat.text
    assert ratings(engine) == [("before", 2)]


def test_thanks_after_an_answer_on_the_way_in_shows_the_rating_again(chat: Conversation) -> None:
    at_safety_check(chat, "start the qigong routine")
    chat.press("✓ None of these")
    chat.say("what exactly is qigong?")

    chat.say("cool thanks")

    assert RATING in chat.text, chat.text
    assert "📍 Points" not in chat.labels, chat.labels


def test_thanks_on_a_step_keeps_the_step_and_its_buttons(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 2)

    chat.say("lovely, cheers")

    assert "Step 2 of 7" in chat.text, chat.text
    assert "Next ▶" in chat.labels and "📍 Points" not in chat.labels, chat.labels


def test_the_leg_with_the_other_said_fine_at_which_leg_is_where_the_veins_are(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("I get varicose veins")
    assert "Which leg" in chat.text, chat.text

    chat.say("only my left one, my right leg is fine")

    assert "The right leg is clear" in chat.text, chat.text


def test_the_leg_said_to_be_fine_at_which_leg_is_the_clear_one(chat: Conversation) -> None:
    at_safety_check(chat, "start the calf massage")
    chat.say("I get varicose veins")

    chat.say("my left leg is fine")

    assert "The left leg is clear" in chat.text, chat.text
