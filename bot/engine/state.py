"""The small, serialisable record the engine keeps per person between events."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from bot.engine.practice.changes import Change

SCHEMA_VERSION = 1

# checklist: the one-screen safety check; choosing: ticking what applies; screening: one question
# on its own; which_leg: the leg a yes is about; one_leg: the other leg offered; caution: steps left
# out, continue?; stopped: ruled out for now.
Phase = Literal[
    "intro", "checklist", "choosing", "screening", "which_leg", "one_leg", "caution", "stopped", "pain_before",
    "step", "pain_after",
]  # fmt: skip
Leg = Literal["left", "right"]


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
    side: int = 1  # 2 on the second pass of a routine done on each leg or knee in turn
    opened_at: float | None = None  # when the person pressed Start
    ticked: list[int] = Field(default_factory=list)  # safety-check lines ticked as applying
    leg: Leg | None = None  # done on this leg only (the other is ruled out)
    offer: Leg | None = None  # the leg offered when the other is ruled out
    noted: list[str] = Field(default_factory=list)  # cautions already said (steps left out)
    answered: list[str] = Field(default_factory=list)  # safety questions answered in this run
    away: bool = False  # something else was answered since its screen was shown
    shown_at: float | None = None  # when its screen was last shown
    stop_asked: bool = False  # "Shall we stop here?" is on show: a typed yes stops, a no carries on
    rating_waiting: int | None = None  # a rating said before the check was done, for the rating after it
    stopped_early: bool = False  # a partner routine stopped on a step: the rating after it, then the end
    interrupted: bool = False  # shown again after a message not read as a reply to it ("phone's ringing")


class ScreeningAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    yes: bool
    at: float
    side: Literal["left", "right", "both"] | None = None  # the leg a "yes" is about


class RedFlagNote(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str
    at: float
    reminded: bool = False
    seen: bool = False  # the person said they have been seen since (A&E, their GP): not told to go again


class RecentMessage(BaseModel):
    """What triage found in one recent message: concept names, never the message text."""

    model_config = ConfigDict(extra="forbid")

    at: float
    keys: list[str] = Field(default_factory=list)
    last_site: str | None = None
    someone_else: bool = False  # told of somebody else ("my wife is pregnant"): theirs in /mydata
    # Concepts it named only as a question in general, the past or someone else's history: kept
    # for the very next message only, which may say they are the person's, now.
    asked: list[str] = Field(default_factory=list)


class NetNote(BaseModel):
    """What the learned safety net made of the person's last message: each rule's probability
    (the unlikely ones left out), never the message, so the next message can be read with it."""

    model_config = ConfigDict(extra="forbid")

    at: float
    rules: dict[str, float] = Field(default_factory=dict)


class Fact(BaseModel):
    """Something the person told us about themselves: a concept id's detail and when it was
    said (never the message itself)."""

    model_config = ConfigDict(extra="forbid")

    at: float
    weeks: int | None = None  # how far along a pregnancy is
    side: str | None = None  # left, right or both


class Context(BaseModel):
    """The entry the conversation is about, so a follow-up ("how long?") can lean on it."""

    model_config = ConfigDict(extra="forbid")

    entry: str
    section: str | None = None
    at: float
    turns: int = 0  # messages since it was set
    offered: list[str] = Field(default_factory=list)  # "Did you mean" suggestions, in order
    step: int | None = None  # the routine step on screen (of the routine under way)
    routine: str | None = None  # the routine last introduced or offered, which "let's go" starts
    point: str | None = None  # the point last shown, while answers about it follow ("and the other leg?")
    plan: str | None = None  # the daily plan last shown, while the topic is fresh ("is the plan still ok?")
    buttons: list[str] = Field(default_factory=list)  # routines its answer offered with a button
    opened: bool = False  # the routine introduced has been started since: its introduction is no longer right above


class ReminderDraft(BaseModel):
    """A reminder being set, while its time or the person's time zone is asked for."""

    model_config = ConfigDict(extra="forbid")

    at: float  # when it was asked for (a draft is dropped after a while)
    waiting: Literal["time", "zone"]
    times: list[int] = Field(default_factory=list)  # minutes of the local day; empty until known
    days: int = 127  # weekdays as bits, Monday first
    anchor: float | None = None  # "at this time": the instant whose local time of day it is
    routine_id: str | None = None
    offer: list[int] = Field(default_factory=list)  # the times a typed "yes" accepts
    pm: bool = False  # every time offered is after noon: a bare hour typed ("7") is 19:00
    am: bool = False  # every time offered is before noon: a bare hour typed ("7") is 07:00
    # The same time of day in the morning and in the evening, while "which of the two?" is asked
    # (an hour typed with nothing to tell its half of the day by: "9" when asked "when?").
    halves: list[int] = Field(default_factory=list)


class Asked(BaseModel):
    """What the bot's last reply asked outside a routine, so that a short reply is read as the
    answer to it first ("about a 5, I reckon" after "How much does your knee hurt?")."""

    model_config = ConfigDict(extra="forbid")

    # rating: today's pain rating, for the diary; rated: a rating was just noted ("Noted: pain
    # 7/10"), which a rating said right after it corrects ("sorry, more like a 6"); reminded: a
    # reminder was just set, whose time a time said right after it changes ("actually 9 is better")
    kind: Literal["rating", "rated", "reminded"]
    at: float


class UserState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = SCHEMA_VERSION
    greeted: bool = False
    routine: RoutineRun | None = None
    ended_runs: list[str] = Field(default_factory=list)  # recent finished runs, newest last
    screening: dict[str, ScreeningAnswer] = Field(default_factory=dict)
    # The safety answers about the person a carer massages (a partner routine), kept apart.
    their_screening: dict[str, ScreeningAnswer] = Field(default_factory=dict)
    # What a carer told of the person they massage that no line of a check asks ("my gran has
    # osteoporosis"): fact id -> detail and date, kept as long as their answers, never as the carer's.
    their_facts: dict[str, Fact] = Field(default_factory=dict)
    red_flag: RedFlagNote | None = None
    recent: list[RecentMessage] = Field(default_factory=list)  # triage reads these with the next message
    last_reading: NetNote | None = None  # the safety net reads the next message with it
    profile: dict[str, Fact] = Field(default_factory=dict)  # fact id -> detail and date
    context: Context | None = None
    forget_token: str | None = None  # a /forget waiting for its confirmation
    forget_asked: float | None = None
    forget_diary_only: bool = False  # what the question waiting asks to erase is the pain diary alone
    reminder_draft: ReminderDraft | None = None
    # The instant of the rating last typed outside a routine, which "delete that last one" takes
    # back even when an older day's rating was typed after a newer one ("it was a 7 yesterday").
    last_typed_rating: float | None = None
    asked: Asked | None = None  # what the last reply asked (only ever the last reply's question)

    _asking: bool = PrivateAttr(default=False)
    _erase: bool = PrivateAttr(default=False)
    _changes: list[Change] = PrivateAttr(default_factory=list)
    _message: str | None = PrivateAttr(default=None)

    @property
    def message(self) -> str | None:
        """The message this event came in, if the adapter said (a rating typed in it records
        it, so that an edit of the message can replace the rating); not stored."""
        return self._message

    @message.setter
    def message(self, message: str | None) -> None:
        self._message = message

    def ask(self, kind: Literal["rating", "rated", "reminded"], now: float) -> None:
        """The reply to this event asks ``kind``: the next message is read as its answer first."""
        self.asked = Asked(kind=kind, at=now)
        self._asking = True

    def settle_asked(self) -> None:
        """At the end of an event: a question asked before it is answered or passed over now."""
        if not self._asking:
            self.asked = None

    def defer(self, change: Change) -> None:
        """Ask for a write to the diary or reminder tables, made with this event's record
        (see :mod:`bot.engine.practice.changes`)."""
        self._changes.append(change)

    @property
    def deferred(self) -> list[Change]:
        return list(self._changes)

    def request_erase(self) -> None:
        """Ask for this whole record to be erased when the event's transaction ends."""
        self._erase = True

    @property
    def erase_requested(self) -> bool:
        return self._erase

    def end_routine(self) -> None:
        if self.routine is not None:
            self.ended_runs = [*self.ended_runs, self.routine.run][-5:]
        self.routine = None
