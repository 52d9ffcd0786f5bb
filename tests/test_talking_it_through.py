"""Conversations held in words from start to end, as people type them on a phone: the safety
check answered at a routine's introduction, a routine started a few messages after it was
introduced, replies at the end of a longer message, follow-ups with slips in them. Each test
reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation

# --- a routine's introduction answered in words ---------------------------------------------------


def test_the_introduction_lists_the_safety_check_so_it_can_be_answered_there(chat: Conversation) -> None:
    chat.say("I'd like to do the qigong knee massage")
    assert "Pregnancy" in chat.text and "Blood thinners" in chat.text  # the check's lines
    assert "▶ Start" in chat.labels


def test_no_to_everything_at_the_introduction_goes_straight_to_the_pain_rating(chat: Conversation) -> None:
    chat.say("take me through the calf massage")
    chat.say("nah, none of them")
    assert "how much does your knee hurt" in chat.text.lower()
    chat.say("3")
    assert "Step 1 of" in chat.text


def test_none_apply_in_other_words_at_the_introduction(chat: Conversation) -> None:
    for answer in ("no to all of it", "nothing on that list applies", "none of the above"):
        talk = Conversation(chat.engine, user_id=hash(answer) % 10_000 + 10)
        talk.say("the qigong routine please")
        talk.say(answer)
        assert "how much does your knee hurt" in talk.text.lower(), answer


def test_some_apply_at_the_introduction_asks_which(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.say("yes, some of them")
    assert "☐" in chat.text  # the lines to tick
    assert "how much does your knee hurt" not in chat.text.lower()


def test_numbers_at_the_introduction_tick_those_lines(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    lines = [line for line in chat.text.splitlines() if line[:2] in {f"{n}." for n in range(1, 10)}]
    pregnancy = next(line for line in lines if "Pregnancy" in line).split(".")[0]
    chat.say(f"just number {pregnancy}")
    assert any(label.startswith("☑") and "Pregnant" in label for label in chat.labels)
    chat.say("that's it")
    assert "I will leave out" in chat.text


def test_a_plain_go_ahead_at_the_introduction_shows_the_check_with_its_buttons(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.say("ok let's get going")
    assert SAFETY_CHECK in chat.text.lower() and "✓ None of these" in chat.labels


def test_lets_go_a_few_messages_after_the_introduction_still_starts_that_routine(chat: Conversation) -> None:
    chat.say("can I try the calf massage")
    chat.say("how long does the whole routine take?")
    chat.say("is heat or ice better for my knee?")
    chat.say("right, let's do it")
    assert SAFETY_CHECK in chat.text.lower() and "✓ None of these" in chat.labels


# --- replies at the end of a longer message -------------------------------------------------------


def _at_step_one(chat: Conversation, request: str = "start the qigong routine") -> None:
    chat.say(request)
    chat.say("none")
    chat.say("skip")
    assert "Step 1 of" in chat.text


def test_where_was_i_after_an_apology_shows_the_same_step(chat: Conversation) -> None:
    _at_step_one(chat)
    chat.say("sorry, the phone rang. where was I?")
    assert "Step 1 of 6" in chat.text and "Press ST34" in chat.text


def test_next_after_a_remark_moves_on(chat: Conversation) -> None:
    _at_step_one(chat)
    chat.say("that felt nice actually. next")
    assert "Step 2 of 6" in chat.text


def test_a_no_after_a_remark_is_not_read_as_an_answer(chat: Conversation) -> None:
    chat.say("start the calf massage")
    chat.say("my knee feels a bit odd today, no")
    assert "how much does your knee hurt" not in chat.text.lower()


# --- follow-ups with slips ------------------------------------------------------------------------


def test_how_long_to_press_with_a_slip_stays_on_the_point(chat: Conversation) -> None:
    chat.say("where is stomach 34")
    chat.say("how lnog shuld I hold it?")
    assert (chat.last.meta.id, chat.last.meta.section) == ("ST34", "technique")
    assert "How long" in chat.text


def test_the_other_leg_after_a_slipped_how_long(chat: Conversation) -> None:
    chat.say("where is SP9")
    chat.say("for how many minuts do I press it")
    chat.say("and on my other knee?")
    assert chat.last.meta.id == "SP9"
    chat.say("what's it actually good for")
    assert (chat.last.meta.id, chat.last.meta.section) == ("SP9", "uses")


# --- personal data asked for in words -------------------------------------------------------------


def test_what_have_you_saved_about_me_lists_the_data_kept(chat: Conversation) -> None:
    chat.say("I take warfarin")
    chat.say("what have you saved about me?")
    assert chat.last.meta.kind == "data"
    assert "What I keep about you" in chat.text and "blood thinners" in chat.text


def test_wipe_my_data_in_words_asks_first_then_a_typed_yes_erases(chat: Conversation) -> None:
    chat.say("I'm diabetic")
    chat.say("please wipe everything you have on me")
    assert "cannot be undone" in chat.text.lower() or "can't be undone" in chat.text.lower()
    chat.say("yes")
    chat.say("what have you saved about me?")
    assert "numb" not in chat.text.lower() and "diabet" not in chat.text.lower()


def test_asking_whether_messages_are_stored_gets_the_plain_answer(chat: Conversation) -> None:
    chat.say("do you keep what I write?")
    assert "not kept" in chat.text and "/mydata" in chat.text


def test_coming_off_a_medicine_weeks_ago_takes_the_fact_back(chat: Conversation) -> None:
    chat.say("I'm on warfarin")
    chat.say("actually I came off the warfarin a couple of weeks ago")
    assert "forgotten that you take blood thinners" in chat.text
    chat.say("what have you saved about me?")
    assert "you take blood thinners" not in chat.text


def test_an_operation_years_ago_is_not_noted_as_recent_surgery(chat: Conversation) -> None:
    chat.say("my knee was replaced about 3 yrs ago and it aches a bit in the cold")
    assert "surgery recently" not in chat.text


# --- small talk -----------------------------------------------------------------------------------


def test_warm_thanks_with_an_endearment_gets_a_friendly_reply(chat: Conversation) -> None:
    chat.say("where is SP10")
    chat.say("that's very kind, thank you love")
    assert chat.last.meta.id == "thanks"


def test_a_bare_k_after_an_answer_is_an_acknowledgement(chat: Conversation) -> None:
    chat.say("why do my knees click")
    chat.say("kk")
    assert chat.last.meta.kind == "smalltalk" and "don't know" not in chat.text


def test_not_now_maybe_later_is_an_acknowledgement(chat: Conversation) -> None:
    chat.say("show me the routines")
    chat.say("maybe later, ta")
    assert chat.last.meta.kind == "smalltalk" and "don't know" not in chat.text


# --- more replies at a routine's screens ------------------------------------------------------------


def test_a_rating_said_with_pain_and_text_speak_is_the_rating_before(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.say("none of them")
    chat.say("my pain's around a 5 atm")
    assert "Step 1 of 6" in chat.text


def test_one_or_more_at_the_introduction_asks_which(chat: Conversation) -> None:
    chat.say("qigong massage please")
    chat.say("one or more of those")
    assert "☐" in chat.text


def test_a_slipped_where_were_we_shows_the_step_again(chat: Conversation) -> None:
    _at_step_one(chat)
    chat.say("hiya, back now. were were we")
    assert "Step 1 of 6" in chat.text


def test_hang_on_what_does_this_point_do_on_a_step(chat: Conversation) -> None:
    _at_step_one(chat)
    chat.say("hang on, what does this point do")
    assert (chat.last.meta.id, chat.last.meta.section) == ("ST34", "uses")


# --- carers ---------------------------------------------------------------------------------------


def test_a_routine_to_follow_for_someone_else_offers_a_partner_routine(chat: Conversation) -> None:
    chat.say("my dad's knees are stiff, is there a routine I could walk through with him?")
    assert chat.last.meta.kind == "routine" and chat.last.meta.id.startswith("partner-")
    assert "person you're massaging" in chat.text


def test_asking_for_the_partner_massage_by_that_name_offers_it(chat: Conversation) -> None:
    chat.say("the partner massage please")
    assert chat.last.meta.kind == "routine" and chat.last.meta.id.startswith("partner-")


def test_what_applies_to_the_person_massaged_is_not_noted_as_the_carers_own(chat: Conversation) -> None:
    chat.say("I want to massage my husband's knees")
    assert chat.last.meta.id.startswith("partner-")
    chat.press("▶ Start")
    chat.say("only the blood thinners one")
    assert chat.last.meta.kind == "flow" and "Noted" not in chat.text
    chat.say("what have you saved about me?")
    assert "you take blood thinners" not in chat.text
    _yours, theirs = chat.text.split("About the person you help")
    assert "blood thinners" in theirs.lower()


def test_lets_go_after_ticking_finishes_the_check(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.say("one or more")
    chat.say("2")
    chat.say("ok let's go")
    assert "☐" not in chat.text


def test_what_to_do_at_home_for_an_older_relative_leads_with_a_partner_routine(chat: Conversation) -> None:
    chat.say("my gran has arthritis in both knees, what could I do for her at home?")
    assert chat.last.meta.kind == "routine" and chat.last.meta.id.startswith("partner-")
    assert "Noted" not in chat.text  # her arthritis is not the carer's


def test_a_carers_question_about_safety_keeps_its_safety_answer(chat: Conversation) -> None:
    chat.say("my wife is pregnant, is it ok to massage her knees?")
    assert chat.last.meta.id == "pregnancy"


# --- questions at a routine's screens, and carers' words -------------------------------------------


def test_a_question_for_this_at_the_pain_rating_is_answered_not_the_introduction_again(chat: Conversation) -> None:
    chat.say("start the qigong routine")
    chat.say("none of them")
    chat.say("which oil is best to use for this?")
    assert chat.last.meta.kind != "routine" and "oil" in chat.text.lower()
    assert "Qigong knee self-massage\n" not in chat.text and any("Back to" in label for label in chat.labels)


def test_a_leg_said_with_a_condition_at_a_partner_check_is_not_asked_again(chat: Conversation) -> None:
    chat.say("I want to massage my husband's knees")
    chat.press("▶ Start")
    chat.say("his left leg has varicose veins")
    assert "Which leg is it on?" not in chat.text


def test_an_animals_knee_is_not_taken_for_a_person_to_massage(chat: Conversation) -> None:
    chat.say("my cat has a sore back leg, is there a massage I can do for her?")
    assert not (chat.last.meta.id or "").startswith("partner-")
