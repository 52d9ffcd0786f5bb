"""The outbox: each chat's replies in order, retried through outages, newest edit wins, sent at most
once from the store; and replies before reminders in Telegram's budget."""

from __future__ import annotations

import asyncio

from telegram.error import BadRequest, NetworkError

from bot.adapters.telegram.outbox import PATIENCE, Outbox
from bot.adapters.telegram.pacing import REMINDER, REPLY, PriorityRateLimiter, Turns
from bot.engine.replies import Outgoing, Reply
from bot.storage import MemoryStore

from helpers import FakeClock


class Job:
    """A reply that fails ``failures`` times (a 5xx from Telegram), then arrives."""

    def __init__(self, name: str, delivered: list[str], failures: int = 0, key: object = None, **kwargs) -> None:
        self.name, self.delivered, self.failures, self.key = name, delivered, failures, key
        self.attempts = 0
        self.clock: FakeClock | None = kwargs.get("clock")
        self.gate: asyncio.Event | None = kwargs.get("gate")
        self.error = kwargs.get("error", NetworkError("Internal Server Error"))

    async def run(self, bot: object) -> None:
        self.attempts += 1
        if self.clock is not None:
            self.clock.advance(10)  # each attempt in an outage "takes" ten seconds
        if self.gate is not None:
            await self.gate.wait()
        if self.attempts <= self.failures:
            raise self.error
        self.delivered.append(self.name)


def outbox(**kwargs) -> Outbox:
    return Outbox(bot=None, backoff=(0.001,), **kwargs)  # type: ignore[arg-type]


def test_a_chats_replies_keep_their_order_through_failures():
    delivered: list[str] = []

    async def scenario() -> list[bool]:
        box = outbox()
        settled = [
            box.put(1, Job("first", delivered, failures=3)),
            box.put(1, Job("second", delivered)),
            box.put(1, Job("third", delivered, failures=1)),
        ]
        return list(await asyncio.gather(*settled))

    assert asyncio.run(scenario()) == [True, True, True]
    assert delivered == ["first", "second", "third"]


def test_a_reply_is_retried_for_at_least_two_minutes_then_given_up():
    assert PATIENCE >= 120

    async def outage(failures: int) -> tuple[bool, int]:
        clock = FakeClock()
        job = Job("reply", [], failures=failures, clock=clock)  # each attempt "takes" ten seconds
        return await outbox(clock=clock).put(1, job), job.attempts

    arrived, _ = asyncio.run(outage(failures=12))  # Telegram answers 5xx for about two minutes
    assert arrived
    gave_up, attempts = asyncio.run(outage(failures=10_000))
    assert not gave_up and PATIENCE <= attempts * 10 <= PATIENCE + 20


def test_a_newer_edit_of_the_same_message_replaces_the_waiting_one():
    delivered: list[str] = []
    gate = asyncio.Event()

    async def scenario() -> list[bool]:
        box = outbox()
        blocker = Job("sent first", delivered, gate=gate)
        step2 = Job("step 2", delivered, key=(1, 50))
        other = Job("other message", delivered, key=(1, 51))
        step3 = Job("step 3", delivered, key=(1, 50))
        settled = [box.put(1, blocker), box.put(1, step2), box.put(1, other), box.put(1, step3)]
        gate.set()
        return list(await asyncio.gather(*settled))

    assert asyncio.run(scenario()) == [True, True, True, True]
    assert delivered == ["sent first", "step 3", "other message"]


def test_one_chat_waiting_holds_up_no_other_chat():
    delivered: list[str] = []
    gate = asyncio.Event()

    async def scenario() -> None:
        box = outbox()
        stuck = box.put(1, Job("slow", delivered, gate=gate))
        await box.put(2, Job("quick", delivered))
        assert delivered == ["quick"] and not stuck.done()
        gate.set()
        await stuck

    asyncio.run(scenario())
    assert delivered == ["quick", "slow"]


def test_a_refused_reply_is_dropped_at_once_and_the_next_goes_out():
    delivered: list[str] = []

    async def scenario() -> list[bool]:
        box = outbox()
        refused = Job("refused", delivered, failures=1, error=BadRequest("Chat not found"))
        return list(await asyncio.gather(box.put(1, refused), box.put(1, Job("next", delivered))))

    assert asyncio.run(scenario()) == [False, True]
    assert delivered == ["next"]


def test_a_message_with_a_row_in_the_store_is_marked_started_then_deleted():
    clock = FakeClock()
    store = MemoryStore(owner="this instance", clock=clock)
    delivered: list[str] = []

    def written(html: str) -> int:
        with store.transaction(1) as loaded:
            loaded.state.greeted = not loaded.state.greeted
            loaded.outgoing = [Outgoing(1, 1, Reply(html))]
        row = loaded.queued[0].id
        assert row is not None
        return row

    async def scenario() -> list[bool]:
        box = outbox(rows=store.outbox, clock=clock)  # the store's clock: a busy machine changes nothing
        first, second, taken = written("first"), written("second"), written("taken")
        clock.advance(store.lease + 1)  # this instance seemed dead for a while
        store.owner = "another instance"  # which took the third one over
        assert store.outbox.start(taken)
        store.owner = "this instance"
        settled = await asyncio.gather(
            box.put(1, Job("first", delivered, failures=2), row=first),
            box.put(1, Job("second", delivered), row=second),
            box.put(1, Job("taken", delivered), row=taken),
        )
        await box.close(30)  # the rows of the delivered ones are deleted by then
        return list(settled)

    assert asyncio.run(scenario()) == [True, True, False]
    assert delivered == ["first", "second"], "the one another instance started is not sent here"
    clock.advance(store.lease + 1)  # the other instance died during its call
    assert store.outbox.claim(10) == [] and store.outbox.abandoned() == 1, "only the other's is left"


def test_replies_take_their_turn_before_reminders():
    order: list[str] = []

    async def scenario() -> None:
        turns = Turns(rate=0, slots=1)
        await turns.take(REPLY)  # a call in flight holds the only place

        async def call(name: str, level: int) -> None:
            await turns.take(level)
            order.append(name)
            turns.give_back()

        waiting = [asyncio.create_task(call(f"reminder {n}", REMINDER)) for n in range(3)]
        await asyncio.sleep(0)
        waiting.append(asyncio.create_task(call("reply", REPLY)))
        await asyncio.sleep(0)
        turns.give_back()
        await asyncio.gather(*waiting)

    asyncio.run(scenario())
    assert order == ["reply", "reminder 0", "reminder 1", "reminder 2"]


def test_a_slow_call_gives_up_its_place_among_the_calls_in_flight():
    calls: list[str] = []
    gate = asyncio.Event()

    async def scenario() -> None:
        limiter = PriorityRateLimiter(rate=0, slots=1)  # one call at a time, and chat 1's call hangs

        async def call(name: str, wait: bool) -> bool:
            if wait:
                await gate.wait()
            calls.append(name)
            return True

        stuck = asyncio.create_task(
            limiter.process_request(call, ("slow", True), {}, "sendMessage", {"chat_id": 1}, None)
        )
        await asyncio.sleep(0)
        quick = limiter.process_request(call, ("quick", False), {}, "sendMessage", {"chat_id": 2}, None)
        await asyncio.wait_for(quick, 30)
        assert not stuck.done()
        gate.set()
        await stuck

    asyncio.run(scenario())
    assert calls == ["quick", "slow"]
