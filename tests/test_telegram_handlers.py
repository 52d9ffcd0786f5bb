"""Pieces of the Telegram adapter that need no server: the error handler, mentions, the flood guard."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

from telegram import Update

from bot.adapters.telegram.flood import FloodGuard, Verdict
from bot.adapters.telegram.handlers import SOMETHING_WENT_WRONG, Handlers, addressed_text, owner
from bot.adapters.telegram.journal import Journal
from bot.adapters.telegram.ordering import PerPersonUpdateProcessor
from bot.adapters.telegram.outbox import Outbox
from bot.adapters.telegram.runner import EngineRunner
from bot.engine import Engine
from bot.storage import MemoryStore


class RecordingBot:
    id = 999000
    username = "kneebot_test_bot"

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def send_message(self, chat_id: int, text: str, **_: object) -> None:
        self.sent.append((chat_id, text))


def message_update(text: str, chat: dict | None = None, entities: list | None = None, user: int = 42) -> Update:
    chat = chat or {"id": user, "type": "private", "first_name": "A"}
    data = {
        "update_id": 77,
        "message": {
            "message_id": 5,
            "date": 0,
            "chat": chat,
            "from": {"id": user, "is_bot": False, "first_name": "A"},
            "text": text,
            **({"entities": entities} if entities else {}),
        },
    }
    return Update.de_json(data, None)


def test_the_error_handler_logs_the_update_id_not_the_text_and_apologises(knowledge, matcher, triage, caplog):
    bot = RecordingBot()
    update = message_update("my private words about my knee")

    async def fail_once() -> None:
        outbox = Outbox(bot)  # type: ignore[arg-type]
        engine = Engine(knowledge, MemoryStore(), matcher=matcher, triage=triage)
        handlers = Handlers(EngineRunner(engine), outbox, Journal(None))
        await handlers.error(update, SimpleNamespace(error=RuntimeError("boom"), bot=bot))
        await outbox.close(grace=30)

    with caplog.at_level(logging.ERROR):
        asyncio.run(fail_once())
    assert "update 77 failed: RuntimeError" in caplog.text
    assert "private words" not in caplog.text
    assert bot.sent == [(42, SOMETHING_WENT_WRONG)]


def test_group_messages_must_mention_the_bot_or_reply_to_it():
    group = {"id": -100, "type": "group", "title": "G"}
    plain = message_update("where is SP10", group).message
    assert addressed_text(plain, "kneebot_test_bot", 999000) is None
    mentioned = message_update(
        "where is SP10 @kneebot_test_bot", group, [{"type": "mention", "offset": 14, "length": 17}]
    ).message
    assert addressed_text(mentioned, "kneebot_test_bot", 999000) == "where is SP10"
    other = message_update("@someone_else hi", group, [{"type": "mention", "offset": 0, "length": 13}]).message
    assert addressed_text(other, "kneebot_test_bot", 999000) is None


def test_the_bots_message_in_a_group_belongs_to_whoever_it_replies_to():
    group = {"id": -100, "type": "group", "title": "G"}
    asked = message_update("@kneebot_test_bot where is SP10", group, user=42).to_dict()["message"]
    answer = {"message_id": 6, "date": 0, "chat": group, "from": {"id": 999000, "is_bot": True, "first_name": "K"}}
    replying = Update.de_json({"update_id": 78, "message": {**answer, "reply_to_message": asked}}, None).message
    assert owner(replying) == 42
    assert owner(Update.de_json({"update_id": 79, "message": answer}, None).message) is None, "the question is gone"
    assert owner(None) is None


def test_flood_guard_warns_once_then_drops_then_forgives():
    now = [0.0]
    guard = FloodGuard(limit=3, window=5.0, clock=lambda: now[0])
    verdicts = [guard.check(1) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]
    assert guard.check(2) is Verdict.ALLOW, "other people are not affected"
    now[0] = 20.0
    assert guard.check(1) is Verdict.ALLOW


def test_one_persons_updates_wait_for_each_other_while_others_go_ahead():
    processor = PerPersonUpdateProcessor(4)
    finished: list[str] = []

    async def burst() -> int:
        others_done = asyncio.Event()

        async def first_of_person_1() -> None:
            await others_done.wait()  # holds person 1 until everyone else is through
            finished.append("1: first")

        async def record(name: str) -> None:
            finished.append(name)
            if name == "2":
                others_done.set()

        first, second = message_update("one", user=1), message_update("two", user=1)
        other, channel_post = message_update("hi", user=2), Update.de_json({"update_id": 9}, None)
        await asyncio.gather(
            processor.process_update(first, first_of_person_1()),
            processor.process_update(second, record("1: second")),
            processor.process_update(other, record("2")),
            processor.process_update(channel_post, record("nobody")),
        )
        return processor.people

    assert asyncio.run(asyncio.wait_for(burst(), 30)) == 0, "people whose updates are done are forgotten"
    assert finished.index("2") < finished.index("1: first") < finished.index("1: second")


def test_a_person_with_many_queued_updates_holds_one_slot_not_all():
    """Four slots and a person with six updates waiting: someone else still goes ahead."""
    processor = PerPersonUpdateProcessor(4)

    async def scenario() -> bool:
        release = asyncio.Event()
        busy = [
            asyncio.create_task(processor.process_update(message_update(f"{n}", user=1), release.wait()))
            for n in range(6)
        ]
        other = processor.process_update(message_update("hi", user=2), asyncio.sleep(0))
        await asyncio.wait_for(other, 30)  # would wait for person 1 if their updates took every slot
        still_waiting = not any(task.done() for task in busy)
        release.set()
        await asyncio.gather(*busy)
        return still_waiting

    assert asyncio.run(scenario())


def test_the_flood_guard_drops_excess_updates_before_they_wait_for_anything():
    warned: list[int] = []
    finished: list[int] = []
    processor = PerPersonUpdateProcessor(
        4,
        flood=FloodGuard(limit=3, window=3600),
        on_flood=lambda update: warned.append(update.update_id),
        on_finished=lambda update: finished.append(update.update_id),
    )

    async def scenario() -> list[int]:
        release = asyncio.Event()
        updates = [Update.de_json({**message_update("x", user=1).to_dict(), "update_id": n}, None) for n in range(6)]
        tasks = [asyncio.create_task(processor.process_update(u, release.wait())) for u in updates]
        await asyncio.wait_for(asyncio.gather(*tasks[3:]), 30)  # dropped at once, while the first still runs
        dropped_early = sorted(finished)
        release.set()
        await asyncio.gather(*tasks)
        return dropped_early

    assert asyncio.run(scenario()) == [3, 4, 5]
    assert warned == [3], "one note for the first update over the limit"
    assert sorted(finished) == list(range(6))


def test_order_holds_when_more_updates_arrive_than_may_run_at_once():
    processor = PerPersonUpdateProcessor(2)
    finished: dict[int, list[int]] = {1: [], 2: [], 3: []}

    async def handle(person: int, number: int) -> None:
        await asyncio.sleep(0.002 * ((number * 7 + person) % 5))  # uneven handling times
        finished[person].append(number)

    async def burst() -> None:
        await asyncio.gather(
            *(
                processor.process_update(message_update(f"{n}", user=person), handle(person, n))
                for n in range(12)
                for person in (1, 2, 3)
            )
        )

    asyncio.run(burst())
    assert finished == {person: list(range(12)) for person in (1, 2, 3)}
