"""The real bot process (`kneebot run`) against the fake Bot API server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from bot_process import (
    CACHE_DIR,
    SAFETY_CHECK,
    START_TIMEOUT,
    BotProcess,
    free_port,
    newest_containing,
    newest_id,
    press,
    say,
    short_timer_knowledge,
    start_routine,
    start_the_towel_timer,
)
from fake_bot_api import TOKEN, FakeBotApi, StoredMessage

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def api() -> Iterator[FakeBotApi]:
    server = FakeBotApi().start()
    yield server
    server.stop()


@pytest.fixture
def own_api() -> Iterator[FakeBotApi]:
    """A server of its own, for tests that start their own bot process (two bots polling one
    server would take each other's updates)."""
    server = FakeBotApi().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bot(api: FakeBotApi, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotProcess]:
    process = BotProcess(api, tmp_path_factory.mktemp("bot")).start()
    yield process
    process.stop()
    assert process.proc is not None and process.proc.returncode == 0, process.log


# --- conversation -----------------------------------------------------------------------------


def test_start_greets_with_the_disclaimer_and_sets_the_command_menu(api, bot):
    greeting = say(api, 101, "/start", "Hi, I am Kneebot")
    assert "📍 Points" in dict(greeting.buttons)
    texts = [m.text or "" for m in api.chat_messages(101)]
    assert any("not medical advice" in text for text in texts)
    [commands] = [call.params["commands"] for call in api.calls_to("setMyCommands")][:1]
    assert {c["command"] for c in commands} >= {"start", "help", "points", "routines", "faq", "safety", "stop", "about"}
    assert {"mydata", "forget"} <= {c["command"] for c in commands}


def test_a_point_answer_is_its_diagram_and_sections_edit_the_caption(api, bot):
    answer = say(api, 102, "where is SP10?", "Xuehai")
    assert answer.photo is not None and "two thumb widths" in answer.caption
    [upload] = api.calls_to_chat("sendPhoto", 102)
    assert isinstance(upload.params["photo"], dict), "the first time the picture is uploaded"
    assert upload.params.get("parse_mode") == "HTML"
    uses = press(api, 102, answer, "💡 Uses", "nourish the blood")
    assert uses is answer and answer.edits == 1
    assert api.calls_to("editMessageCaption")[-1].status == 200


def test_a_picture_is_uploaded_once_then_sent_by_file_id(api, bot):
    say(api, 113, "where is BL57", "Chengshan")
    say(api, 114, "bl57 please", "Chengshan")
    sends = [c for c in api.calls_to("sendPhoto") if c.params.get("chat_id") in ("113", "114") and c.status == 200]
    assert isinstance(sends[0].params["photo"], dict)
    assert isinstance(sends[1].params["photo"], str) and sends[1].params["photo"].startswith("photo-file-")
    before = len(api.calls_to("answerInlineQuery"))
    api.user_types_inline(115, "bl57")
    inline = api.wait_for(lambda: api.calls_to("answerInlineQuery")[before:], what="inline answer")[0]
    assert inline.params["results"][0]["type"] == "photo"
    assert inline.params["results"][0]["photo_file_id"] == sends[1].params["photo"]


def test_pressing_the_same_button_twice_is_not_an_error(api, bot):
    answer = say(api, 103, "what is ST36 good for", "Zusanli")
    assert answer.photo is not None
    press(api, 103, answer, "📍 Location", "one finger width")
    location_payload = dict(answer.buttons).get("👆 How to press")
    api.user_presses_payload(103, answer, location_payload)
    api.user_presses_payload(103, answer, location_payload)  # a double tap: same content again
    api.wait_for(
        lambda: any(c.status == 400 and c.method.startswith("editMessage") for c in api.calls), what="not modified"
    )
    api.wait_for(lambda: all(q for q in api._queries.values()), what="every callback answered")
    assert not any("something went wrong" in (m.text or "").lower() for m in api.chat_messages(103))


def test_a_whole_routine_through_buttons(api, bot):
    screen = start_routine(api, 104, "start the steam towel method", "Steam-towel warm-up", "5")
    intro = screen
    assert "Step 1 of 4" in screen.text
    for number in range(2, 5):
        screen = press(api, 104, screen, "Next ▶", f"Step {number} of 4")
    screen = press(api, 104, screen, "Next ▶", "All steps done")
    summary = press(api, 104, screen, "2", "Well done")
    assert "pain 5 → 2" in summary.text
    assert summary is intro, "the whole routine ran in one message, edited in place"
    answers = [c for c in api.calls_to("answerCallbackQuery")]
    assert answers and all(c.status == 200 for c in answers), "each button press answered exactly once"


def test_an_old_button_after_the_routine_ended(api, bot):
    intro = say(api, 105, "start the steam towel method", "Steam-towel warm-up")
    screen = press(api, 105, intro, "▶ Start", SAFETY_CHECK)
    old_no = dict(screen.buttons)["✓ None of these"]
    say(api, 105, "/stop", "Stopped")
    before = newest_id(api, 105)
    api.user_presses_payload(105, screen, old_no)
    ended = api.wait_for(lambda: newest_containing(api, 105, "has ended", before), what="stale note")
    assert dict(ended.buttons) == {"▶ Start again": "r:steam-towel"}


def test_a_sticker_gets_a_text_only_reply(api, bot):
    api.user_sends_sticker(106)
    api.wait_for_message(106, "I can only read text messages")


def test_inline_mode_offers_point_cards(api, bot):
    before = len(api.calls_to("answerInlineQuery"))
    api.user_types_inline(107, "sp10")
    call = api.wait_for(lambda: api.calls_to("answerInlineQuery")[before:], what="answerInlineQuery")[-1]
    assert call.status == 200
    assert call.params["results"][0]["title"].startswith("SP10")


def test_in_groups_only_mentions_and_commands_are_answered(api, bot):
    group = api.group_chat(-5001)
    api.user_says(108, "where is SP10", chat=group)
    api.user_says(
        108, "@kneebot_test_bot where is SP10", chat=group, entities=[{"type": "mention", "offset": 0, "length": 17}]
    )
    reply = api.wait_for_message(-5001, "Xuehai")
    assert len([m for m in api.chat_messages(-5001) if "Xuehai" in m.shown]) == 1
    assert reply.chat_id == -5001


# --- groups: what is personal continues in the private chat ------------------------------------

MENTION = "@kneebot_test_bot"


def mention(api: FakeBotApi, user: int, group: dict, text: str) -> int:
    """``user`` writes "@kneebot_test_bot <text>" in ``group``; the id of their message."""
    update = api.user_says(
        user, f"{MENTION} {text}", chat=group, entities=[{"type": "mention", "offset": 0, "length": len(MENTION)}]
    )
    return api.message_id(update)


def group_reply(api: FakeBotApi, group: dict, asked: int, expect: str) -> StoredMessage:
    """The bot's message in ``group`` after message ``asked`` that contains ``expect``."""
    return api.wait_for(lambda: newest_containing(api, group["id"], expect, asked), what=f"{expect!r} in the group")


def answer_to(api: FakeBotApi, query: str) -> list[str | None]:
    return [c.params.get("text") for c in api.calls_to("answerCallbackQuery") if c.params["callback_query_id"] == query]


def test_in_a_group_buttons_act_only_for_the_person_who_asked(api, bot):
    group, asker, other = api.group_chat(-5101), 131, 132
    asked = mention(api, asker, group, "where is SP10")
    card = group_reply(api, group, asked, "Xuehai")
    assert card.reply_to == asked, "the answer replies to the question, so its buttons are the asker's"
    pressed = api.user_presses_payload(other, card, dict(card.buttons)["💡 Uses"])
    [note] = api.wait_for(lambda: answer_to(api, pressed), what="the other member's press to be answered")
    assert note is not None and "for the person who asked" in note
    press(api, asker, card, "👆 How to press", "Pressure: gentle")  # the asker's own press still works
    assert card.edits == 1 and "nourish the blood" not in card.shown, "the other member's press changed nothing"


def test_a_routine_asked_for_in_a_group_continues_in_the_private_chat(api, bot):
    group, user = api.group_chat(-5102), 133
    asked = mention(api, user, group, "start the calf massage")
    offer = group_reply(api, group, asked, "private chat")
    assert not offer.buttons, "no routine buttons in the group"
    [(label, link)] = offer.links
    assert label == "▶ Continue in a private chat"
    assert link == "https://t.me/kneebot_test_bot?start=routine-calf-massage"
    api.user_follows(user, link)
    intro = api.wait_for_message(user, "Calf acupressure massage")
    screen = press(api, user, intro, "▶ Start", SAFETY_CHECK)
    assert screen.chat_id == user
    assert not any(SAFETY_CHECK in message.shown for message in api.chat_messages(group["id"]))


def test_a_red_flag_in_a_group_gets_its_advice_in_the_group(api, bot):
    group, user = api.group_chat(-5104), 135
    asked = mention(api, user, group, "my calf is swollen and hot")
    advice = group_reply(api, group, asked, "Possible blood clot in the leg")
    assert advice.reply_to == asked and "get this checked today" in advice.shown
    assert not advice.links, "safety advice is not behind a link"


def test_what_a_person_keeps_is_not_shown_in_a_group(api, bot):
    group, user = api.group_chat(-5103), 134
    say(api, user, "pain 4/10", "Noted: pain 4/10")
    say(api, user, "I take warfarin", "Noted: you take blood thinners")
    asked = [
        (api.message_id(api.user_says(user, f"/mydata{MENTION}", chat=group)), "mydata"),
        (api.message_id(api.user_says(user, f"/progress{MENTION}", chat=group)), "progress"),
        (mention(api, user, group, "how am I doing?"), "progress"),
        (mention(api, user, group, "remind me every day at 9"), "reminders"),
        (mention(api, user, group, "where is BL60"), "entry-BL60"),
    ]
    for message_id, argument in asked:
        reply = api.wait_for(
            lambda message_id=message_id: [m for m in api.chat_messages(group["id"]) if m.reply_to == message_id],
            what="the bot's reply in the group",
        )[-1]
        assert f"https://t.me/kneebot_test_bot?start={argument}" in dict(reply.links).values()
    shown = "\n".join(message.shown for message in api.chat_messages(group["id"]))
    for private in ("blood thinners", "warfarin", "For you", "4/10", "check-in"):
        assert private not in shown
    assert not any(message.photo and not message.caption.startswith("📍") for message in api.chat_messages(-5103))
    before = newest_id(api, user)
    api.user_follows(user, "https://t.me/kneebot_test_bot?start=mydata")
    api.wait_for(lambda: newest_containing(api, user, "you take blood thinners", before), what="/mydata in private")


def test_a_flood_gets_one_slow_down_note_and_no_pile_of_work(api, bot):
    for number in range(30):
        api.user_says(109, f"hello {number}")
    api.wait_for(lambda: api.pending_updates() == 0, what="the flood to be consumed")
    api.wait_for_message(109, "very fast")
    say(api, 9109, "hello", "Hello")  # the bot is still responsive for others
    slow = [m for m in api.chat_messages(109) if "very fast" in (m.text or "")]
    answered = [m for m in api.chat_messages(109) if "Hello" in (m.text or "")]
    assert len(slow) == 1
    assert len(answered) <= 20


def test_a_slow_conversation_does_not_hold_up_anyone_else(api, bot):
    api.hold(120)  # the answer to 120 hangs on its way to Telegram until released
    try:
        api.user_says(120, "where is GB34")
        api.wait_for(lambda: api.held_calls(120), what="the bot to start answering 120")
        quick = say(api, 121, "where is ST36", "Zusanli")
    finally:
        api.release(120)
    slow = api.wait_for_message(120, "Yanglingquan")
    assert quick.message_id < slow.message_id


def test_one_persons_quick_messages_are_answered_in_order(api, bot):
    say(api, 122, "hello", "Hello")
    asked = [("where is SP10", "Xuehai"), ("thank you", "welcome"), ("where is BL40", "Weizhong")]
    api.hold(122)  # the first answer hangs; the later ones must wait for it, not overtake it
    try:
        for question, _ in asked:
            api.user_says(122, question)
        api.wait_for(lambda: api.pending_updates() == 0, what="the bot to take all three messages")
        api.wait_for(lambda: api.held_calls(122), what="the bot to start answering")
    finally:
        api.release(122)
    answers = [api.wait_for_message(122, expected) for _, expected in asked]
    assert [a.message_id for a in answers] == sorted(a.message_id for a in answers)


def test_a_429_is_waited_out_and_the_message_still_arrives(api, bot):
    api.fail("sendMessage", 429, times=1, retry_after=1, chat_id=110)
    say(api, 110, "thank you", "welcome")
    statuses = [c.status for c in api.chat_calls(110, "sendMessage")]
    assert statuses[:1] == [429] and 200 in statuses


def test_a_burst_of_500s_does_not_lose_the_reply_or_the_process(api, bot):
    api.fail("getUpdates", 500, times=3)
    api.fail("sendMessage", 500, times=2, chat_id=111)
    say(api, 111, "where is GB34", "Yanglingquan")
    assert bot.proc is not None and bot.proc.poll() is None
    statuses = [c.status for c in api.chat_calls(111, "sendMessage")]
    assert statuses.count(500) == 2 and statuses[-1] == 200


def test_logs_never_contain_the_token_or_what_people_wrote(api, bot):
    say(api, 112, "my secret phrase is purple elephant knees", "Sorry")
    log = bot.log
    assert TOKEN not in log and TOKEN.split(":")[1] not in log
    assert "purple elephant" not in log


def test_an_edited_rating_replaces_the_one_it_had(api, bot):
    said = api.user_says(121, "I'm at a 6 today")
    api.wait_for_message(121, "Noted: pain 6/10")
    api.user_edits(121, said, "I'm at a 5 today")
    api.wait_for_message(121, "replaces the rating of 6/10")
    api.wait_for_message(121, "Noted: pain 5/10")
    with sqlite3.connect(bot.workdir / "state.sqlite3") as db:
        assert db.execute("SELECT score FROM pain_diary WHERE user_id = 121").fetchall() == [(5,)]


def test_a_group_that_becomes_a_supergroup_gets_its_replies_there(api, bot):
    group = api.group_chat(-4242)
    group_reply(api, group, mention(api, 131, group, "where is GB34"), "Yanglingquan")
    supergroup = api.upgrade_group(-4242, -1_004_242)
    mention(api, 131, group, "where is BL40")  # sent in the group just before it moved
    api.wait_for(lambda: newest_containing(api, supergroup["id"], "Weizhong", 0), what="the reply in the supergroup")
    group_reply(api, supergroup, mention(api, 131, supergroup, "where is SP10"), "Xuehai")


def test_a_follow_up_then_forget_erases_the_person(api, bot):
    say(api, 113, "I'm 20 weeks pregnant", "Noted: you're pregnant (20 weeks)")
    say(api, 113, "where is SP10?", "Xuehai")
    follow_up = say(api, 113, "how long should I press it?", "How long")
    assert "Xuehai" in follow_up.shown and "For you" in follow_up.shown
    say(api, 113, "/mydata", "you're pregnant (20 weeks)")
    ask = say(api, 113, "/forget", "cannot be undone")
    press(api, 113, ask, "Yes, erase everything", "erased everything")
    with sqlite3.connect(bot.workdir / "state.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM users WHERE user_id = 113").fetchone() == (0,)
    fresh = say(api, 113, "where is BL60?", "Kunlun")
    assert "For you" not in fresh.shown
    assert "pregnant" not in bot.log and "how long" not in bot.log.lower()


# --- restarts and timers ------------------------------------------------------------------------


def test_kill_and_restart_mid_routine_continues(own_api, tmp_path):
    api = own_api
    first = BotProcess(api, tmp_path).start()
    try:
        screen = start_routine(api, 201, "start the qigong routine", "Qigong knee self-massage", "7")
        screen = press(api, 201, screen, "Next ▶", "Step 2 of 6")
    finally:
        first.stop(signal.SIGKILL)
    second = BotProcess(api, tmp_path).start()
    try:
        screen = press(api, 201, screen, "Next ▶", "Step 3 of 6")
        assert "Press the knee eyes (Xiyan)" in screen.text
    finally:
        second.stop()


def test_times_up_arrives_when_the_person_does_nothing(own_api, tmp_path):
    api = own_api
    knowledge = short_timer_knowledge(tmp_path)
    process = BotProcess(api, tmp_path, "--knowledge", str(knowledge)).start()
    try:
        start_the_towel_timer(api, 202)
        done = api.wait_for_message(202, "Time is up", timeout=60)
        assert "Wrap the calf" in done.text
    finally:
        process.stop()


def test_a_message_that_can_no_longer_be_edited_gets_a_new_one(api, bot):
    say(api, 116, "hello", "Hello")
    gone = StoredMessage(
        116, 987654, "an old menu", markup={"inline_keyboard": [[{"text": "📍 Points", "callback_data": "m:points"}]]}
    )
    before = newest_id(api, 116)
    api.user_presses_payload(116, gone, "m:points")
    fresh = api.wait_for(
        lambda: newest_containing(api, 116, "Acupressure points around the knee", before), what="new menu"
    )
    assert fresh.message_id != gone.message_id
    assert any(c.method == "editMessageText" and c.status == 400 for c in api.calls)


def test_a_running_timer_survives_a_restart(own_api, tmp_path):
    api = own_api
    knowledge = short_timer_knowledge(tmp_path)
    first = BotProcess(api, tmp_path, "--knowledge", str(knowledge)).start()
    try:
        start_the_towel_timer(api, 203)
    finally:
        first.stop(signal.SIGKILL)
    second = BotProcess(api, tmp_path, "--knowledge", str(knowledge)).start()
    try:
        done = api.wait_for_message(203, "Time is up", timeout=60)
        assert "Wrap the calf" in done.text
    finally:
        second.stop()


def test_a_dead_network_at_start_up_is_waited_out(tmp_path):
    port = free_port()
    absent = FakeBotApi(port=port)  # not started yet: nothing listens on the port
    process = BotProcess(absent, tmp_path)
    with open(process.log_path, "ab") as log:
        process.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--api-url", f"http://127.0.0.1:{port}/bot"],
            env={
                **os.environ,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "KNEEBOT_STATE_DB": str(tmp_path / "state.sqlite3"),
                "KNEEBOT_CACHE_DIR": str(CACHE_DIR),  # the test run's, so start-up need not compute it
            },
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        absent.wait_for(lambda: "cannot reach the Bot API" in process.log, 60, "a clear message in the log")
        assert process.proc.poll() is None, "the bot keeps trying instead of exiting"
        absent.start()  # the network comes back
        absent.wait_for(lambda: absent.calls_to("getUpdates"), START_TIMEOUT, "the bot to start polling")
        say(absent, 401, "where is SP9", "Yinlingquan")
    finally:
        process.stop()
        absent.stop()


def test_webhook_mode_takes_updates_signed_with_the_secret(own_api, tmp_path):
    api = own_api
    port = free_port()
    url, secret = f"http://127.0.0.1:{port}/telegram", "s3cret-Token_1"
    process = BotProcess(
        api, tmp_path, "--webhook-url", url, "--listen", f"127.0.0.1:{port}", env={"KNEEBOT_WEBHOOK_SECRET": secret}
    ).start(ready="webhook")
    try:
        assert api.webhook["url"] == url and api.webhook["secret_token"] == secret
        api.private_chat(301)
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 301, "type": "private", "first_name": "A"},
                "from": {"id": 301, "is_bot": False, "first_name": "A"},
                "text": "where is GB34",
            },
        }

        def post(token: str) -> int | None:
            """The webhook server's status code; None while it is not listening yet
            (python-telegram-bot sets the webhook before its server starts)."""
            request = urllib.request.Request(
                url,
                data=json.dumps(update).encode(),
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": token},
            )
            try:
                return urllib.request.urlopen(request, timeout=10).status
            except urllib.error.HTTPError as error:
                return error.code
            except urllib.error.URLError:
                return None

        api.wait_for(lambda: post("wrong") == 403, 60, "the webhook server to refuse a wrong secret")
        assert post(secret) == 200
        api.wait_for_message(301, "Yanglingquan")
    finally:
        process.stop()


def test_a_token_telegram_rejects_stops_the_bot_with_instructions(own_api, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--api-url", own_api.url],
        env={
            **os.environ,
            "TELEGRAM_BOT_TOKEN": "111111111:RevokedTokenRevokedTokenRevoked",
            "KNEEBOT_STATE_DB": str(tmp_path / "s.db"),
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "Telegram rejected the bot token" in result.stderr and "@BotFather" in result.stderr
    assert "RevokedToken" not in result.stderr


# --- the practice plan: progress, export, reminders ------------------------------------------------


def test_progress_arrives_as_a_picture_and_export_as_a_csv_file(api, bot):
    say(api, 130, "/progress", "Nothing to chart yet")
    say(api, 130, "pain 4/10", "Noted: pain 4/10")
    chart = say(api, 130, "/progress", "1 check-in today")
    [call] = api.calls_to_chat("sendPhoto", 130)
    assert call.status == 200 and 10_000 < call.params["photo"]["upload"] < 200_000
    assert chart.photo is not None and "📄 Diary as CSV" in dict(chart.buttons)
    diary = press(api, 130, chart, "📄 Diary as CSV", "Your pain diary: 1 rating")
    assert diary.document is not None and diary.document.endswith(".csv")
    [upload] = api.calls_to_chat("sendDocument", 130)
    assert upload.status == 200
    assert "pain 4" not in bot.log.lower()


def test_a_reminders_half_of_the_day_asked_about_is_chosen_with_its_button(api, bot):
    say(api, 140, "my time zone is UTC", "UTC")
    say(api, 140, "remind me every day", "When should I remind you")
    asked = say(api, 140, "half 9", "In the morning or the evening")
    assert [label for label, _ in asked.buttons][:2] == ["09:30", "21:30"]
    press(api, 140, asked, "21:30", "every day at 21:30")


def test_a_reminder_arrives_at_its_time_after_a_restart(own_api, tmp_path):
    api = own_api
    hour = (datetime.now(UTC).hour + 12) % 24  # far from now, so the first process never sends it
    first = BotProcess(api, tmp_path).start()
    try:
        ask = say(api, 501, f"remind me every day at {hour}:00", "which time zone are you in")
        press(api, 501, ask, "UTC", f"every day at {hour:02d}:00")
    finally:
        first.stop()
    due = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    due += timedelta(days=1) if due.timestamp() <= time.time() else timedelta()
    # The second process starts with its clock set to eight seconds before the reminder is due.
    offset = due.timestamp() - (time.time() + 8)
    wall, mono = time.time(), time.monotonic()
    second = BotProcess(api, tmp_path, env={"KNEEBOT_CLOCK_OFFSET": str(offset)}).start()
    try:
        reminder = api.wait_for_message(501, "Time for your knee practice", timeout=40)
        [call] = [c for c in api.calls_to("sendMessage") if "Time for your knee practice" in c.params.get("text", "")]
        sent_at = wall + (call.at - mono) + offset  # on the second process's clock
        assert sent_at >= due.timestamp() - 0.5, "not before its time"
        assert [label for label, _ in reminder.buttons] == ["▶ Start now", "Snooze 1 h", "Stop these reminders"]
        press(api, 501, reminder, "Stop these reminders", "Stopped")
        with sqlite3.connect(tmp_path / "state.sqlite3") as db:
            assert db.execute("SELECT COUNT(*) FROM reminders").fetchone() == (0,)
    finally:
        second.stop()
