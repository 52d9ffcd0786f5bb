"""The small, serialisable record the engine keeps per person between events."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Phase = Literal["intro", "screening", "caution", "stopped", "pain_before", "step", "pain_after"]


class RoutineRun(BaseModel):
    """One pass through a routine; ``run`` changes every time, so old buttons go stale."""

    model_config = ConfigDict(extra="forbid")

    run: str
    routine_id: str
    phase: Phase = "intro"
    question: int = 0  # index into the routine's screening list
    step: int = 0  # index into the routine's steps (skipped ones included)
    skipped: list[int] = Field(default_factory=list)  # steps left out for safety
    pain_before: int | None = None
    started_at: float | None = None
    timer: str | None = None  # token of the running timer
    timer_due: float | None = None  # when it runs out (so it can be rescheduled after a restart)


class ScreeningAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    yes: bool
    at: float


class RedFlagNote(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    at: float
    reminded: bool = False


class RecentMessage(BaseModel):
    """What triage found in one recent message: concept names, never the message text."""

    model_config = ConfigDict(extra="forbid")

    at: float
    keys: list[str] = Field(default_factory=list)
    last_site: str | None = None


class UserState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = SCHEMA_VERSION
    greeted: bool = False
    routine: RoutineRun | None = None
    ended_runs: list[str] = Field(default_factory=list)  # recent finished runs, newest last
    screening: dict[str, ScreeningAnswer] = Field(default_factory=dict)
    red_flag: RedFlagNote | None = None
    recent: list[RecentMessage] = Field(default_factory=list)  # triage reads these with the next message

    def end_routine(self) -> None:
        if self.routine is not None:
            self.ended_runs = [*self.ended_runs, self.routine.run][-5:]
        self.routine = None
