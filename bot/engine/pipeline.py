"""The path a typed message takes: an ordered list of stages, each with one job.

A stage looks at the :class:`Turn` and either answers (returns a Response), which ends the
walk, or passes (returns None) to the next stage, perhaps leaving something on the turn for the
stages after it (the facts told, the red-flag assessment). Once a stage has answered, the stages
that passed before it may shape the answer on the way back (:meth:`Stage.finish`): the facts
stage leads it with "Noted: ...". The order is in one place, :mod:`bot.engine.pipelines` (one list for
the private chat, one for groups), as in python-telegram-bot's ordered handler groups.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.engine.chats import Chat
from bot.engine.memory.profile import Told
from bot.engine.replies import Response
from bot.engine.state import UserState
from bot.safety.triage import Assessment, RedFlagHit


@dataclass
class Turn:
    """One event of one person on its way through the engine, and what stages found out."""

    user_id: int
    state: UserState
    now: float
    chat: Chat  # private, or a group (what may be shown, and which stages run)
    text: str = ""
    told: Told = field(default_factory=Told)  # what the person said about themselves
    assessment: Assessment | None = None  # red-flag triage of the message with the ones before
    said: RedFlagHit | None = None  # the red flag the message raises on its own
    # A crisis only the net reads in a short reply at a screen: raised unless the screen or the
    # topic reads the message as a reply to what is on show ("what about myself?")
    held: RedFlagHit | None = None
    urgent: bool = False  # a red flag was raised: its advice goes out alone


class Stage:
    """One step of the pipeline."""

    def handle(self, turn: Turn) -> Response | None:
        raise NotImplementedError

    def finish(self, turn: Turn, response: Response) -> Response:
        """Shape the answer a later stage gave (by default, leave it as it is)."""
        return response


class Pipeline:
    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = tuple(stages)

    def run(self, turn: Turn) -> Response:
        passed: list[Stage] = []
        for stage in self.stages:
            response = stage.handle(turn)
            if response is not None:
                break
            passed.append(stage)
        else:
            raise LookupError("no stage answered; the last one must always answer")
        for stage in reversed(passed):
            response = stage.finish(turn, response)
        return response
