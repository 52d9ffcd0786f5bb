"""The real bot process under faults of the Bot API, the network, the database and the process.

One bot runs for this module at DEBUG level with a 3-second read timeout, so the last test can
check that nothing people wrote, nor their names, reached its log while all this happened.
Tests that stop or kill a bot start their own.
"""

from __future__ import annotations

import signal
import sqlite3
from collections.abc import Iterator

import pytest
from bot_process import BotProcess, messages_containing, press, say, start_routine
from fake_bot_api import FakeBotApi

pytestmark = pytest.mark.e2e

READ_TIMEOUT = 3  # seconds; KNEEBOT_READ_TIMEOUT for the module's bot
# Private things people send in this module; none of them may appear in the log.
SECRET_TEXT = "purple elephant knees"
NAMES = {"first_name": "Zebediah", "last_name": "Quackenbush", "username": "zq_private_handle"}


@pytest.fixture(scope="module")
def api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    env = {"KNEEBOT_LOG_LEVEL": "DEBUG", "KNEEBOT_READ_TIMEOUT": str(READ_TIMEOUT)}
    process = BotProcess(api, tmp_path_factory.mktemp("faults"), env=env).start()
    yield process
    process.stop()
    assert process.proc is not None and process.proc.returncode == 0, process.log[-3000:]


@pytest.fixture
def own_api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


def named(api: FakeBotApi, user: int) -> int:
    api.name_user(user, **NAMES)
    return user


# --- polling ------------------------------------------------------------------------------------


def test_a_401_or_404_from_get_updates_is_retried(api, bot):
    api.fail("getUpdates", 401)
    api.fail("getUpdates", 404)
    statuses = lambda: [c.status for c in api.calls_to("getUpdates")]  # noqa: E731
    api.wait_for(lambda: 401 in statuses() and 404 in statuses(), what="both failures to be answered")
    say(api, named(api, 601), "hello", "Hello")
    assert bot.proc is not None and bot.proc.poll() is None
    assert [c.status for c in api.calls_to("getUpdates")].count(401) == 1


def test_an_update_the_library_cannot_read_is_skipped_without_spinning(api, bot):
    user = named(api, 602)
    chat = api.private_chat(user)
    broken = api.push_raw(
        {
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": chat,
                "from": {"id": user, "is_bot": False, **NAMES},
                "text": f"my knee, {SECRET_TEXT}",
                "entities": [{"type": "a-kind-from-a-newer-bot-api"}],  # no offset or length
            }
        }
    )
    say(api, user, "thank you", "welcome")  # queued after the broken one, in the same batch
    fetched = [c for c in api.calls_to("getUpdates") if any(u["update_id"] == broken for u in c.result or [])]
    assert len(fetched) == 1, "the same batch was fetched again and again"
    api.wait_for(lambda: "skipped update" in bot.log, what="a log line about the skipped update")


# --- timeouts, outages and stale screens -------------------------------------------------------


def test_a_send_whose_answer_is_late_is_not_sent_again(api, bot):
    user = named(api, 603)
    say(api, user, "hello", "Hello")
    # Telegram delivers the next message at once, but its answer arrives after the read timeout.
    api.slow_down(user, READ_TIMEOUT + 4, method="sendMessage")
    api.user_says(user, "thank you")
    api.wait_for(lambda: messages_containing(api, user, "welcome"), what="the first reply")
    say(api, user, "where is BL40", "Weizhong")  # the next question is answered meanwhile
    assert len(messages_containing(api, user, "welcome")) == 1


def test_a_failed_callback_answer_still_moves_the_screen_on(api, bot):
    user = named(api, 604)
    screen = start_routine(api, user, "start the steam towel method", "Steam-towel warm-up", "5")
    api.fail("answerCallbackQuery", 500)
    screen = press(api, user, screen, "Next ▶", "Step 2 of 4")
    api.wait_for(lambda: all(api._queries.values()), what="every button press answered in the end")


def test_a_screen_left_behind_shows_the_current_step_on_the_next_press(api, bot):
    user = named(api, 605)
    screen = start_routine(api, user, "start the steam towel method", "Steam-towel warm-up", "5")
    old_next = dict(screen.buttons)["Next ▶"]
    api.fail("editMessageText", 500, times=1000, chat_id=user)  # the screen cannot be changed
    api.user_presses_payload(user, screen, old_next)  # the person is on step 2 from now on
    failed = lambda: [c for c in api.chat_calls(user, "editMessageText") if c.status == 500]  # noqa: E731
    api.wait_for(lambda: len(failed()) >= 4, what="the edit to fail a few times")
    api.clear_failures()
    api.user_presses_payload(user, screen, old_next)  # pressed again on the screen left behind
    api.wait_for(lambda: "Step 2 of 4" in screen.shown, what="the screen to show where the person is")
    assert "Step 3 of 4" not in screen.shown


def test_replies_are_delivered_after_a_send_outage(api, bot):
    user = named(api, 606)
    api.fail_for("sendMessage", 503, seconds=7, chat_id=user)  # longer than the old retries lasted
    api.user_says(user, "hello")
    api.user_says(user, "thank you")
    api.user_says(user, "what is ST36 good for")  # its answer is a picture: sendPhoto still works
    welcome = api.wait_for_message(user, "welcome", timeout=60)
    hello = api.wait_for_message(user, "Hello", timeout=60)
    picture = api.wait_for_message(user, "Zusanli", timeout=60)
    assert hello.message_id < welcome.message_id < picture.message_id, "the person's replies kept their order"


def test_an_update_delivered_twice_is_answered_once(api, bot):
    user = named(api, 607)
    first = api.user_says(user, "thank you")
    api.wait_for(lambda: messages_containing(api, user, "welcome"), what="the reply")
    api.redeliver(first)
    say(api, user, "hello", "Hello")
    assert len(messages_containing(api, user, "welcome")) == 1


# --- the database -------------------------------------------------------------------------------


def test_a_locked_database_delays_only_those_whose_records_must_change(api, bot):
    known, newcomer = named(api, 608), named(api, 609)
    say(api, known, "hello", "Hello")  # greeted: asking a question changes nothing stored
    database = sqlite3.connect(bot.workdir / "state.sqlite3", isolation_level=None)
    database.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        api.user_says(newcomer, "hello")  # a first message: the greeting must be stored
        say(api, known, "thank you", "welcome")
        before = len(api.calls_to("answerInlineQuery"))
        api.user_types_inline(known, "sp10")
        api.wait_for(lambda: api.calls_to("answerInlineQuery")[before:], what="the inline answer")
        assert not api.chat_messages(newcomer), "the newcomer cannot be answered while the lock is held"
    finally:
        database.execute("COMMIT")
        database.close()
    api.wait_for_message(newcomer, "Hello")


def test_a_reminder_change_waiting_for_a_locked_database_holds_up_no_one_else(api, bot):
    waiting, other = named(api, 611), named(api, 612)
    ask = say(api, waiting, "remind me every day at 8", "which time zone")
    press(api, waiting, ask, "UTC", "every day at 08:00")
    reminders = say(api, waiting, "/reminders", "Your reminders")
    say(api, other, "hello", "Hello")
    database = sqlite3.connect(bot.workdir / "state.sqlite3", isolation_level=None)
    database.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        # Removing a reminder changes only the reminders table, not the person's record.
        pressed = api.user_presses(waiting, reminders, "✖ Remove 1")
        api.wait_for(lambda: api.pending_updates() == 0, what="the bot to take the press")
        say(api, other, "thank you", "welcome")  # answered while the press waits for the lock
        assert not api._queries[pressed], "the press cannot be done while the lock is held"
        assert reminders.edits == 0
    finally:
        database.execute("COMMIT")
        database.close()
    api.wait_for(lambda: "You have no reminders" in reminders.shown, what="the reminder to be removed")
    with sqlite3.connect(bot.workdir / "state.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM reminders WHERE user_id = ?", (waiting,)).fetchone() == (0,)


# --- crashes and stops -------------------------------------------------------------------------


def test_updates_fetched_before_a_crash_are_answered_after_it(own_api, tmp_path):
    api, user = own_api, 701
    first = BotProcess(api, tmp_path).start()
    try:
        say(api, user, "hello", "Hello")
        api.hold(user)  # the next answer hangs on its way; the two after it wait behind it
        asked = [
            ("thank you", "welcome"),
            ("where is BL40", "Weizhong"),
            ("what causes knee pain", "Knee pain has many causes"),
        ]
        last = max(api.user_says(user, question) for question, _ in asked)
        api.wait_for(lambda: api.held_calls(user), what="the first answer to be on its way")
        api.wait_for(
            lambda: any(int(c.params.get("offset") or 0) > last for c in api.calls_to("getUpdates")),
            what="the bot to confirm it has all three updates",
        )
    finally:
        first.stop(signal.SIGKILL)
        api.release(user)
    second = BotProcess(api, tmp_path).start()
    try:
        answers = [api.wait_for_message(user, expected) for _, expected in asked]
        assert [a.message_id for a in answers] == sorted(a.message_id for a in answers)
        # The reply that was on its way when the process died may arrive twice; the others once.
        assert len(messages_containing(api, user, "Weizhong")) == 1
    finally:
        second.stop()


def test_a_token_rejected_for_good_stops_the_bot(own_api, tmp_path):
    env = {"KNEEBOT_REJECTED_TOKEN_TIMEOUT": "3"}
    process = BotProcess(own_api, tmp_path, env=env).start()
    try:
        own_api.fail("getUpdates", 401, times=1_000_000)  # the token was revoked
        assert process.proc is not None
        process.proc.wait(90)
        assert process.proc.returncode == 1
        assert "Telegram rejected the bot token" in process.log and "@BotFather" in process.log
    finally:
        process.stop()


# --- last: what the module's bot wrote to its log ---------------------------------------------


def test_the_debug_log_carries_no_text_or_names(api, bot):
    user = named(api, 610)
    api.user_says(user, f"tell me about {SECRET_TEXT}")
    api.wait_for(lambda: api.chat_messages(user), what="a reply")
    api.user_types_inline(user, SECRET_TEXT)
    log = bot.log
    assert "DEBUG" in log, "the bot really ran at DEBUG level"
    for private in (SECRET_TEXT, *NAMES.values()):
        assert private not in log
