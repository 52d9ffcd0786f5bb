"""Questions on a routine's step answered rather than met with the step again (how hard to
press, what the step is for), a yes under an introduction that says some of its check applies,
what the check is for asked under the introduction, a carer's own rating said beside the one
passed on at their step, a daily plan asked for without saying which, follow-ups with a clause
of their own after them, and a past session told. Each test reads what the person would read."""

from __future__ import annotations

from helpers import SAFETY_CHECK, Conversation, at_step


def ratings(engine, user_id: int = 1) -> list[tuple[str, int | None]]:
    return [(rating.kind, rating.score) for rating in engine.practice.store.ratings(user_id)]


# --- on a step --------------------------------------------------------------------------------------


def test_how_hard_on_a_point_step_gives_that_points_way_of_pressing(chat: Conversation) -> None:
    at_step(chat, "start the qigong routine", 1)  # ST34

    chat.say("how firmly am I meant to push?")

    assert "How to press" in chat.text and "Pressure" in chat.text, chat.text
    assert any(label.startswith("▶ Back to step 1") for label in chat.labels), chat.labels


def test_how_hard_on_a_step_with_no_point_gives_the_answer_on_pressure(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 2)  # the twists

    chat.say("how tight should my grip be?")

    assert "How hard and how long" in chat.text, chat.text
    assert any(label.startswith("▶ Back to step 2") for label in chat.labels), chat.labels


def test_what_a_point_step_even_does_gives_that_points_uses(chat: Conversation) -> None:
    at_step(chat, "start the qigong routine", 1)

    chat.say("and what does this one actually do?")

    assert "ST34" in chat.text and "Uses" in chat.text, chat.text


def test_what_a_step_with_no_point_is_for_says_what_its_routine_is_for(chat: Conversation) -> None:
    at_step(chat, "start the calf massage", 3)

    chat.say("sorry, what's the point of this twisting?")

    assert "Loosens stiff calf muscles" in chat.text and "Step 3 of 7" in chat.text, chat.text
    assert any(label.startswith("▶ Back to step 3") for label in chat.labels), chat.labels


# --- under a routine's introduction --------------------------------------------------------------------


def test_a_yes_that_says_some_of_the_check_applies_under_the_introduction_asks_which(chat: Conversation) -> None:
    chat.say("start the calf massage")

    chat.say("yeah I do unfortunately")

    assert "Which ones?" in chat.text, chat.text


def test_a_plain_yes_under_the_introduction_still_starts_with_the_check(chat: Conversation) -> None:
    chat.say("start the calf massage")

    chat.say("yes")

    assert SAFETY_CHECK in chat.text and "Which ones?" not in chat.text, chat.text


def test_why_the_check_is_wanted_under_the_introduction_says_what_it_is_for(chat: Conversation) -> None:
    chat.say("start the qigong routine")

    chat.say("wait, why do you need to know all that?")

    assert "keep the massage safe" in chat.text and "▶ Start" in chat.labels, chat.text


# --- a carer's own rating beside theirs, on their step -----------------------------------------------------


def test_own_rating_beside_theirs_on_their_step_goes_in_the_carers_diary(engine, chat: Conversation) -> None:
    chat.say("start the partner lift")
    chat.press("▶ Start")
    chat.press("✓ None of these")
    chat.press("Skip")
    assert "Step 1 of" in chat.text

    chat.say("she reckons 4 at the moment, and mine's about a 2 today")

    assert ratings(engine) == [("check-in", 2)], ratings(engine)
    assert "4/10" in chat.text and "Step 1 of" in chat.text, chat.text
    assert "someone else's pain" not in chat.text


# --- a daily plan asked for without saying which ----------------------------------------------------------


def test_a_plan_asked_for_as_a_kind_after_telling_a_condition_is_that_conditions_plan(chat: Conversation) -> None:
    chat.say("I've got arthritis in both knees")

    chat.say("what plan would be right for me?")

    assert "A daily plan for knees with osteoarthritis" in chat.text, chat.text
    chat.say("and on saturdays?")
    assert "weekends" in chat.text and "osteoarthritis" in chat.text, chat.text


def test_a_plan_asked_for_as_a_kind_with_nothing_told_offers_the_plans(chat: Conversation) -> None:
    chat.say("which plan suits me?")

    assert "Did you mean" in chat.text and "don't know" not in chat.text, chat.text
    assert sum(label.startswith("📅") for label in chat.labels) >= 2, chat.labels


# --- follow-ups after an answer ----------------------------------------------------------------------------


def test_the_other_knee_asked_with_a_clause_that_tells_gets_the_same_answer(chat: Conversation) -> None:
    chat.say("should I use heat or cold on my sore knee")
    assert chat.last.meta.kind == "faq"
    topic = chat.last.meta.id

    chat.say("and what about my other knee, that one aches as well")

    assert chat.last.meta.id == topic and "other leg" in chat.text, chat.text


def test_how_hard_after_an_answer_that_says_nothing_of_it_gives_the_answer_on_pressure(chat: Conversation) -> None:
    chat.say("why would I massage my calves for a knee problem")
    assert chat.last.meta.kind == "faq"

    chat.say("how firmly should I squeeze them?")

    assert "How hard and how long" in chat.text, chat.text


# --- a past session told --------------------------------------------------------------------------------------


def test_a_session_told_in_the_past_is_a_remark_not_a_request(chat: Conversation) -> None:
    chat.say("did the calf massage last night, my knee was much easier after")

    assert "Thanks for telling me how" in chat.text and SAFETY_CHECK not in chat.text, chat.text
    assert any("progress" in label.lower() for label in chat.labels), chat.labels


def test_a_session_to_come_is_still_the_routine(chat: Conversation) -> None:
    chat.say("I'll do the calf massage tomorrow")

    assert "Thanks for telling me how" not in chat.text


def test_exercise_done_yesterday_is_no_session_of_a_routine(chat: Conversation) -> None:
    chat.say("did lots of lunges at the gym yesterday, my quads are killing me")

    assert "Thanks for telling me how" not in chat.text, chat.text
