"""Button actions: every action survives the trip through a payload, fits in one, and anything
else that arrives as a payload is refused without an exception."""

from __future__ import annotations

import re
import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.engine import actions
from bot.engine.actions import (
    PAYLOAD_LIMIT,
    Action,
    AnswerScreening,
    Back,
    ChangeAnswer,
    ContinueSafely,
    DoctorChecked,
    MenuName,
    Next,
    NoneOfThese,
    OpenEntry,
    OpenMenu,
    OpenRoutine,
    OpenTopic,
    PainAfter,
    PainBefore,
    PracticeView,
    Resume,
    ShowMyData,
    ShowPractice,
    StartRoutine,
    StartTimer,
    Stop,
    decode,
    deep_link,
    encode,
    link,
)
from bot.engine.replies import Button
from bot.knowledge.sections import Section

ACTION_TYPES = typing.get_args(Action)


def _values(codec: actions.Codec[typing.Any], optional: bool) -> st.SearchStrategy[typing.Any]:
    """Every value a field written with ``codec`` can hold, worst cases included."""
    if isinstance(codec, actions.MinutesOfDay):
        minutes = st.lists(st.integers(0, 1439), min_size=1, max_size=4, unique=True)
        values: st.SearchStrategy[typing.Any] = minutes.map(lambda times: tuple(sorted(times)))
    elif isinstance(codec, actions.Word):
        values = st.from_regex(codec.pattern, fullmatch=True)
    elif isinstance(codec, actions.Number):
        values = st.integers(codec.low, codec.high)
        if codec.none is not None:
            values = values | st.none()
    else:
        assert isinstance(codec, actions.Choice)
        values = st.sampled_from(list(codec.codes))
    return values | st.none() if optional else values


def _any_action(kind: type[actions.BaseAction]) -> st.SearchStrategy[Action]:
    fields = {field.name: _values(field.codec, field.optional) for field in actions.layout(kind)}
    return st.builds(kind, **fields)


every_action = st.one_of([_any_action(kind) for kind in ACTION_TYPES])


@given(every_action)
def test_every_action_round_trips_through_a_payload_that_fits(action):
    payload = encode(action)
    assert 1 <= len(payload.encode()) <= PAYLOAD_LIMIT
    assert decode(payload) == action


@given(every_action, st.data())
def test_a_garbled_payload_is_refused_or_read_as_some_valid_action(action, data):
    payload = encode(action)
    cut = data.draw(st.integers(0, len(payload)))
    garbled = payload[:cut] + data.draw(st.text(max_size=8)) + payload[cut + data.draw(st.integers(0, 3)) :]
    decoded = decode(garbled)
    assert decoded is None or decode(encode(decoded)) == decoded


@given(st.one_of(st.text(max_size=80), st.binary(max_size=80).map(lambda raw: raw.decode("latin-1"))))
def test_forged_payloads_never_raise(payload):
    decoded = decode(payload)
    assert decoded is None or encode(decoded) == payload


def _longest(codec: actions.Codec[typing.Any]) -> typing.Any:
    if codec is actions.WORD:
        return "A" * 40  # the longest id the knowledge allows
    if codec is actions.RUN_ID:
        return "f" * 6
    if codec is actions.ZONE:
        return "A" * 48
    if isinstance(codec, actions.MinutesOfDay):
        return (1436, 1437, 1438, 1439)  # four times of three digits each
    if isinstance(codec, actions.Number):
        return codec.high
    assert isinstance(codec, actions.Choice)
    return max(codec.codes, key=lambda value: len(codec.codes[value]))


@pytest.mark.parametrize("kind", ACTION_TYPES, ids=lambda kind: kind.__name__)
def test_every_action_fits_in_a_payload_with_its_longest_values(kind):
    action = kind(**{field.name: _longest(field.codec) for field in actions.layout(kind)})
    assert len(encode(action).encode()) <= PAYLOAD_LIMIT
    assert decode(encode(action)) == action


def test_fresh_run_ids_travel_in_payloads():
    run = actions.new_run_id()
    assert decode(encode(Next("calf-massage", run, 0))) == Next("calf-massage", run, 0)


def test_every_action_type_is_in_the_union_the_dispatch_is_checked_against():
    registered = {kind for kind in vars(actions).values() if isinstance(kind, type) and hasattr(kind, "tag")}
    registered -= {actions.BaseAction, actions.InRun}
    assert registered == set(ACTION_TYPES)
    assert len({kind.tag for kind in ACTION_TYPES}) == len(ACTION_TYPES)


# Payloads as earlier versions wrote them, still on buttons in people's chats.
EARLIER_PAYLOADS = {
    "e:SP10": OpenEntry("SP10"),
    "e:SP10:l": OpenEntry("SP10", Section.LOCATION),
    "r:calf-massage": OpenRoutine("calf-massage"),
    "go:calf-massage:3fa2c1": StartRoutine("calf-massage", "3fa2c1"),
    "q:calf-massage:3fa2c1:0:y": AnswerScreening("calf-massage", "3fa2c1", 0, True),
    "q:calf-massage:3fa2c1:2:n": AnswerScreening("calf-massage", "3fa2c1", 2, False),
    "redo:calf-massage:3fa2c1": ChangeAnswer("calf-massage", "3fa2c1"),
    "safe:calf-massage:3fa2c1": ContinueSafely("calf-massage", "3fa2c1"),
    "pb:calf-massage:3fa2c1:7": PainBefore("calf-massage", "3fa2c1", 7),
    "pa:calf-massage:3fa2c1:s": PainAfter("calf-massage", "3fa2c1", None),
    "n:calf-massage:3fa2c1:2": Next("calf-massage", "3fa2c1", 2),
    "b:calf-massage:3fa2c1:2": Back("calf-massage", "3fa2c1", 2),
    "t:calf-massage:3fa2c1:2": StartTimer("calf-massage", "3fa2c1", 2),
    "x:calf-massage:3fa2c1": Stop("calf-massage", "3fa2c1"),
    "res:calf-massage:3fa2c1": Resume("calf-massage", "3fa2c1"),
    "m:main": OpenMenu(MenuName.MAIN),
    "m:faq": OpenMenu(MenuName.FAQ),
    "m:topic:causes": OpenTopic("causes"),
    "none": NoneOfThese(),
    "ok:dvt": DoctorChecked("dvt"),
}


@pytest.mark.parametrize("payload", EARLIER_PAYLOADS)
def test_payloads_from_earlier_versions_mean_what_they_meant(payload):
    assert decode(payload) == EARLIER_PAYLOADS[payload]
    assert encode(EARLIER_PAYLOADS[payload]) == payload


@pytest.mark.parametrize(
    "payload",
    [
        "m:topic",  # a topic without its id
        "m:nowhere",
        "pb:calf-massage:3fa2c1:11",  # pain above 10
        "n:calf-massage:3fa2c1:02",  # not written the way this bot writes numbers
        "n:calf-massage:3fa2c1:-1",
        "q:calf-massage:3fa2c1:0:maybe",
        "e:SP10:z",  # no such section
        "e:SP10:l:extra",
        "e:SP 10",
        "e:SP10\n",
        "x:calf-massage",
        "none:x",
        "e:" + "A" * 41,
    ],
)
def test_payloads_this_bot_never_wrote_are_refused(payload):
    assert decode(payload) is None


def test_deep_links_become_the_same_actions_as_buttons():
    assert deep_link("point-SP10") == OpenEntry("SP10")
    assert deep_link("faq-high-heels") == OpenEntry("high-heels")
    assert deep_link("routine-calf-massage") == OpenRoutine("calf-massage")
    assert deep_link("topic-causes") == OpenTopic("causes")
    for argument in ("", "point-", "point", "planet-SP10", "point-SP10:l", "point-SP 10", "x" * 300):
        assert deep_link(argument) is None


@given(every_action)
def test_a_link_into_the_private_chat_does_there_what_it_stands_for(action):
    try:
        argument = link(action)
    except ValueError:  # no deep link stands for it (a routine's step, a reminder's time)
        return
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", argument), "Telegram's limit for a /start argument"
    assert deep_link(argument) == action


def test_the_private_chat_links_a_group_uses():
    assert link(OpenRoutine("calf-massage")) == "routine-calf-massage"
    assert link(OpenEntry("BL60")) == "entry-BL60" and deep_link("entry-BL60") == OpenEntry("BL60")
    assert link(ShowMyData()) == "mydata" and deep_link("MyData") == ShowMyData()
    assert link(ShowPractice(PracticeView.PROGRESS)) == "progress"
    assert Button("Go", OpenRoutine("calf-massage"), private=True).payload == "routine-calf-massage"
    with pytest.raises(ValueError):
        link(OpenEntry("SP10", Section.USES))  # a section is only ever a button on the answer
    with pytest.raises(ValueError):
        Button("Go", Next("calf-massage", "abc123", 1), private=True)


def test_a_button_whose_action_cannot_travel_is_refused_when_it_is_made():
    with pytest.raises(ValueError):
        Button("Open", OpenEntry("SP10:l"))
    with pytest.raises(ValueError):
        Button("Open", OpenEntry("A" * 41))
    assert Button("Open", OpenEntry("SP10")).payload == "e:SP10"
