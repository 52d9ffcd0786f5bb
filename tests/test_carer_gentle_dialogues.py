"""A carer massaging someone on blood thinners, told over several messages: what is said of them
is ticked on their check with its caution straight away, the rest said clear in a later message
lets the routine go on gently (never the check again), and their ratings in a routine not
finished yet are counted in /progress as they are listed in /diary. Each test reads what the
person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, clear_safety_check

RATING = "how much does their knee hurt"


def test_a_blood_thinner_said_of_them_at_their_check_says_to_keep_it_gentle(chat: Conversation) -> None:
    chat.say("could I do the partner friction technique on my grandad")
    chat.say("he takes rivaroxaban")
    assert "Ticked on the safety check: Blood thinners" in chat.text
    assert "bruise" in chat.text and "gentle" in chat.text  # what it means for him, said now
    assert "You may bruise" not in chat.text  # about him, not the carer
    assert SAFETY_CHECK in chat.text  # the rest of his check is still to answer


def test_the_rest_said_clear_in_the_next_message_goes_on_gently(chat: Conversation) -> None:
    chat.say("could I do the partner friction technique on my grandad")
    chat.say("he takes rivaroxaban")
    chat.say("no to the others, can we begin")
    assert SAFETY_CHECK not in chat.text and "comes first" not in chat.text
    assert "They may bruise" in chat.text and "Thumb friction" in chat.text  # the step left out for him
    chat.press(lambda label: label.startswith("▶ Continue"))
    assert RATING in chat.text


def test_nothing_else_said_of_him_after_a_line_ticked_answers_the_check(chat: Conversation) -> None:
    chat.say("the partner lift technique for my father please")
    chat.say("dad's on warfarin for his heart")
    chat.say("there's nothing else wrong with him, go ahead")
    assert SAFETY_CHECK not in chat.text
    assert "They may bruise" in chat.text
    chat.say("ok")
    assert RATING in chat.text


def test_a_no_with_not_today_at_the_check_is_not_taken_for_none_of_these(chat: Conversation) -> None:
    chat.say("the partner lift technique for my father please")
    chat.press("▶ Start")
    chat.say("nah, not today thanks")
    assert RATING not in chat.text  # he declined: nothing on his check was answered


def test_blood_thinners_said_of_him_are_never_noted_as_the_carers(chat: Conversation) -> None:
    chat.say("the partner lift technique for my father please")
    chat.say("dad's on warfarin for his heart")
    chat.say("there's nothing else wrong with him, go ahead")
    mine, _, theirs = chat.command("mydata").replies[0].text.partition("About the person you help")
    assert "blood thinners" not in mine.lower() and "blood thinners" in theirs.lower()


def test_their_rating_in_a_routine_under_way_shows_in_progress_as_in_the_diary(chat: Conversation) -> None:
    chat.say("start the quad compression")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("7")
    assert "Step 1 of" in chat.text
    chat.command("diary")
    assert "7/10" in chat.text and "the person you help" in chat.text
    chat.command("progress")
    assert "no pain ratings" not in chat.text
    assert "1 rating" in chat.text and "7" in chat.text
    assert chat.last.replies[0].file is None  # nothing of the carer's own to chart


def test_their_rating_in_a_stopped_routine_is_still_theirs_in_progress(chat: Conversation) -> None:
    chat.say("pain 4/10")  # the carer's own rating
    chat.say("start the quad compression")
    chat.press("▶ Start")
    clear_safety_check(chat)
    chat.press("8")
    chat.command("stop")
    chat.command("progress")
    [reply] = chat.last.replies
    assert reply.file is not None  # the carer's own rating is charted
    mine, _, theirs = reply.text.partition("the person you help")
    assert "8" not in mine and "8" in theirs


def test_words_the_rating_cannot_read_ask_again_about_their_knee(chat: Conversation) -> None:
    chat.say("start the quad compression")
    chat.press("▶ Start")
    clear_safety_check(chat)
    assert RATING in chat.text
    chat.say("hmm hang on let me ask him")
    assert "their knee hurts" in chat.text and "your knee" not in chat.text


# --- a carer's first message tells of the person's condition ------------------------------------


def test_a_condition_of_theirs_in_a_request_not_placed_gets_its_advice_and_the_partner_routines(
    chat: Conversation,
) -> None:
    chat.say("what might help my grandad's knees? he takes rivaroxaban")
    assert "don't know" not in chat.text and "Did you mean" not in chat.text
    assert "gentl" in chat.text.lower() and "bruise" in chat.text  # the blood thinners' advice first
    assert any(label.startswith("Or: ▶") for label in chat.labels)  # the partner routines under it
    assert "Noted: you take" not in chat.text
    chat.say("great, we'll give that a go")
    assert "person you're massaging" in chat.text
    assert "Blood thinners (such as" not in chat.text  # his answer is known: not asked again


def test_a_condition_of_theirs_with_a_request_the_matcher_hesitates_over_gets_its_advice(
    chat: Conversation,
) -> None:
    chat.say("is there any massage I can do for my mother? she's on clopidogrel")
    assert "Did you mean" not in chat.text
    assert "bruise" in chat.text and any(label.startswith("Or: ▶") for label in chat.labels)
    mine, _, theirs = chat.command("mydata").replies[0].text.partition("About the person you help")
    assert "you take blood thinners" not in mine and "blood thinners" in theirs.lower()


def test_a_condition_of_theirs_known_from_the_request_is_said_with_what_it_means(chat: Conversation) -> None:
    chat.say("my partner is 26 weeks pregnant and her knees are sore, anything I could do for her?")
    chat.say("ok, let's try it")
    assert "pregnant (yes)" in chat.text  # known from the request, not asked again
    assert "her midwife" in chat.text  # and what it means for the massage, said about her
