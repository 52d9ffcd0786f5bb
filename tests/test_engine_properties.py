"""Whatever arrives, in whatever order, the engine answers within Telegram's limits."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import ButtonPress, Command, Engine, Text, TimerFired
from bot.storage import MemoryStore

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


# No deadline and no "too slow" health check: on a loaded machine a slow example is not a failure.
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
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


people_messages = st.sampled_from(
    [
        "I'm 20 weeks pregnant",
        "I take warfarin",
        "I have varicose veins on my left leg",
        "my calf is swollen and warm",
        "where is SP10",
        "how long should I press it?",
        "start the qigong routine",
        "start",
        "no",
        "about a 6",
    ]
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mine=st.lists(people_messages, min_size=1, max_size=8), theirs=st.lists(people_messages, max_size=4))
def test_after_forget_no_stored_row_mentions_the_person(tmp_path_factory, knowledge, matcher, triage, mine, theirs):
    """Whatever a person said, after /forget their row is gone and nothing of theirs is left
    in the database file or its write-ahead log; another person's record is untouched."""
    import sqlite3

    from bot.storage import SqliteStore

    path = tmp_path_factory.mktemp("forget") / "state.sqlite3"
    engine = Engine(knowledge, SqliteStore(path), matcher=matcher, triage=triage)
    person, other = 4242, 77
    for text in theirs:
        engine.handle(other, Text(text))
    for text in mine:
        engine.handle(person, Text(text))
    engine.handle(person, Command("forget"))
    engine.handle(person, Text("yes"))
    before_other = engine.store.raw(other)
    engine.store.close()

    with sqlite3.connect(path) as db:
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
            if "user_id" in columns:
                assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", (person,)).fetchone() == (0,)
        others = db.execute("SELECT record FROM users WHERE user_id = ?", (other,)).fetchone()
    assert (others[0] if others else None) == before_other
    if not theirs:  # nothing anyone said may be left anywhere in the files
        data = b"".join(p.read_bytes() for p in path.parent.glob("state.sqlite3*"))
        for marker in (b"pregnant", b"blood-thinners", b"varicose", b"qigong", b"SP10", b"profile"):
            assert marker not in data, marker
