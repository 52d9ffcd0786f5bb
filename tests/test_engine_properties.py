"""Whatever arrives, in whatever order, the engine answers within Telegram's limits."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import ButtonPress, Command, Engine, MemoryStore, Text, TimerFired

from helpers import assert_valid_reply

PREFIXES = ["e", "r", "go", "q", "redo", "safe", "pb", "pa", "n", "b", "t", "x", "res", "m", "none", "ok"]
IDS = ["SP10", "calf-massage", "qigong-knee", "high-heels", "points", "topic", "varicose-veins", "nope"]

texts = st.text(max_size=4096)
knee_texts = st.sampled_from(
    [
        "where is SP10",
        "start the qigong routine",
        "start the calf massage",
        "my calf is swollen and hot",
        "it's fine",
        "thanks",
        "how long should I press ST34",
        "knee surgery",
        "SP6",
    ]
)
forged_payloads = st.one_of(
    st.text(max_size=80),
    st.builds(
        lambda prefix, parts: ":".join([prefix, *parts]),
        st.sampled_from(PREFIXES),
        st.lists(st.one_of(st.sampled_from(IDS), st.text(max_size=12), st.integers(-5, 120).map(str)), max_size=4),
    ),
)
commands = st.builds(
    Command,
    st.sampled_from(["start", "help", "points", "routines", "faq", "safety", "stop", "about", "xyz"]),
    st.one_of(st.just(""), st.sampled_from(["point-SP10", "routine-qigong-knee", "faq-x", "topic-causes"]), st.text()),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_random_conversations_never_raise_and_stay_within_limits(knowledge, matcher, triage, data):
    engine = Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage)
    on_screen: list[str] = []  # payloads of buttons the person could press
    pending: list[str] = []  # timer tokens handed out
    for _ in range(data.draw(st.integers(1, 25))):
        choice = data.draw(st.sampled_from(["text", "knee", "command", "press", "forged", "timer"]))
        if choice == "press" and on_screen:
            event = ButtonPress(data.draw(st.sampled_from(on_screen)))
        elif choice == "timer" and pending:
            event = TimerFired(data.draw(st.sampled_from(pending)))
        elif choice == "command":
            event = data.draw(commands)
        elif choice == "forged":
            event = ButtonPress(data.draw(forged_payloads))
        elif choice == "knee":
            event = Text(data.draw(knee_texts))
        else:
            event = Text(data.draw(texts))
        response = engine.handle(1, event)
        for reply in response.replies:
            assert_valid_reply(reply)
            on_screen.extend(button.payload for row in reply.buttons for button in row)
        if response.timer:
            pending.append(response.timer.token)
            assert 0 < response.timer.seconds <= 1800
        assert response.replies or response.note or isinstance(event, TimerFired)
