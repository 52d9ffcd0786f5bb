"""The engine in a group chat: nothing personal is shown there, it continues in the private chat."""

from __future__ import annotations

import pytest

from bot.engine import ButtonPress, Engine
from bot.engine.actions import decode, deep_link
from bot.engine.groups import is_personal
from bot.engine.replies import Reply
from bot.engine.state import UserState

from helpers import SAFETY_CHECK, Conversation

USER = 7
# What only someone who told the bot about themselves, or ran a routine, would see.
PERSONAL = ("blood thinners", "warfarin", "For you", "4/10", "Safety check", "1 pain rating", "🗂 What I keep about you")


@pytest.fixture
def private(engine: Engine) -> Conversation:
    return Conversation(engine, USER)


@pytest.fixture
def group(engine: Engine) -> Conversation:
    """The same person, writing in a group (to the bot, by mention or command)."""
    return Conversation(engine, USER, group=True)


def stored(engine: Engine, user_id: int = USER) -> UserState:
    with engine.store.transaction(user_id) as loaded:
        return loaded.state.model_copy(deep=True)


def links(replies: list[Reply]) -> list[str]:
    """The /start arguments of the buttons that open the private chat."""
    return [button.payload for reply in replies for row in reply.buttons for button in row if button.private]


def assert_nothing_personal_acts(replies: list[Reply]) -> None:
    """Every button on a group's message either opens the private chat or acts on nothing
    personal (a point, a menu)."""
    for reply in replies:
        for row in reply.buttons:
            for button in row:
                if button.private:
                    assert deep_link(button.payload) is not None, button
                else:
                    action = decode(button.payload)
                    assert action is not None and not is_personal(action), button


def test_a_routine_asked_for_in_a_group_is_a_button_to_the_private_chat(engine, group, private):
    group.say("start the calf massage")
    assert "private chat" in group.text and SAFETY_CHECK not in group.text
    assert links(list(group.last.replies)) == ["routine-calf-massage"]
    assert_nothing_personal_acts(list(group.last.replies))
    assert stored(engine).routine is None, "nothing started in the group"
    group.say("yes")  # as if to start it: still only the way to the private chat
    assert SAFETY_CHECK not in group.text and links(list(group.last.replies)) == ["routine-calf-massage"]
    assert stored(engine).routine is None
    private.command("start", "routine-calf-massage")  # the link, followed
    assert "Calf acupressure massage" in private.text and "▶ Start" in private.labels
    private.press("▶ Start")
    assert SAFETY_CHECK in private.text


def test_routine_buttons_pressed_in_a_group_change_nothing(engine, group, private):
    private.say("start the calf massage")
    private.press("▶ Start")
    assert SAFETY_CHECK in private.text
    before = stored(engine).routine
    for label in ("✓ None of these", "One or more", "■ Stop"):
        group.send(ButtonPress(private.payload_of(label)))
        assert SAFETY_CHECK not in group.text and "private chat" in group.text
        assert links(list(group.last.replies)) == ["routine-calf-massage"]
        assert stored(engine).routine == before, f"{label!r} pressed in a group changed the routine"
    group.command("stop")
    assert stored(engine).routine == before
    private.press("✓ None of these")
    assert "how much does your knee hurt" in private.text, "the routine goes on in private where it was"


def test_nothing_personal_is_shown_in_a_group(engine, group, private):
    private.say("I take warfarin")
    private.say("pain 4/10")
    asked = {
        ("mydata", ""): "mydata",
        ("progress", ""): "progress",
        ("reminders", ""): "reminders",
        ("export", ""): "export",
        ("forget", ""): "forget",
    }
    shown: list[Reply] = []
    for (name, argument), link in asked.items():
        group.command(name, argument)
        assert link in links(list(group.last.replies)), name
        shown.extend(group.last.replies)
    for text, link in [
        ("how am I doing?", "progress"),
        ("remind me every day at 9", "reminders"),
        ("where is BL60", "entry-BL60"),
        ("what helps stiff knees in the morning?", None),
        ("start the steam towel method", "routine-steam-towel"),
    ]:
        group.say(text)
        assert link is None or link in links(list(group.last.replies)), text
        shown.extend(group.last.replies)
    group.say("yes")  # the /forget question is not asked in a group, so this erases nothing
    shown.extend(group.last.replies)
    assert_nothing_personal_acts(shown)
    everything = "\n".join(reply.text for reply in shown)
    for personal in PERSONAL:
        assert personal not in everything
    assert not any(reply.file for reply in shown), "no chart or diary file in a group"
    private.command("mydata")  # nothing was erased
    assert "you take blood thinners" in private.text and "1 pain rating" in private.text


def test_what_is_told_in_a_group_is_noted_without_repeating_it(engine, group, private):
    group.say("I take warfarin, where is SP10?")
    assert "Xuehai" in group.text
    told = "you take blood thinners"  # the card's own caution for everyone may name blood thinners
    assert told not in group.text and "warfarin" not in group.text and "For you" not in group.text
    assert "stays between us" in group.text
    private.say("where is SP10?")
    assert "For you" in private.text, "it shapes the answers in private"


def test_a_pain_rating_in_a_group_goes_quietly_into_the_diary(engine, group, private):
    group.say("pain 4/10")
    assert "4/10" not in group.text and "progress" in links(list(group.last.replies))
    private.command("mydata")
    assert "1 pain rating" in private.text


def test_a_red_flag_in_a_group_gets_its_advice_there(group):
    group.say("my calf is swollen and hot")
    assert "Possible blood clot in the leg" in group.text and "get this checked today" in group.text
    assert not links(list(group.last.replies)), "safety advice is not behind a link"


def test_a_red_flag_in_a_group_during_a_private_routine_stops_it(engine, group, private):
    private.say("start the calf massage")
    private.press("▶ Start")
    group.say("my knee looks deformed, the kneecap is out of place")
    assert "This needs urgent medical help" in group.text and "Visible deformity" in group.text
    assert group.last.cancel_timers and stored(engine).routine is None
    assert "routine" not in group.text.lower(), "the group does not learn that a routine was under way"


def test_a_red_flag_resting_on_what_was_told_in_private_is_named_only_in_private(group, private):
    private.say("I'm pregnant")
    group.say("I have a bad headache and blurred vision")
    assert "pre-eclampsia" not in group.text and "pregnan" not in group.text.lower()
    assert "call your local emergency number" in group.text, "urgency is not hidden behind a link"
    assert links(list(group.last.replies)) == ["entry-pregnancy-warning"]
    private.command("start", "entry-pregnancy-warning")
    assert "Warning signs in pregnancy" in private.text and "pre-eclampsia" in private.text


def test_a_red_flag_in_a_group_shows_what_the_message_calls_for_and_the_rest_in_private(group, private):
    private.say("I'm pregnant")
    group.say("my calf is swollen and I have a headache")
    assert "Possible blood clot in the leg" in group.text, "the advice the message itself calls for"
    assert "pre-eclampsia" not in group.text and "Warning signs in pregnancy" not in group.text
    assert links(list(group.last.replies)) == ["entry-pregnancy-warning"]
