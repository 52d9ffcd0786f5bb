"""Personal data: what is kept about a person, for `/mydata`, and erasing all of it, for `/forget`.

Every kind of personal data has a *holder* that can describe what it keeps about one person
and erase it. The engine asks every registered holder, so a new kind of data (a pain diary,
reminders: see ``bot/engine/practice/holders.py``) is covered by `/mydata` and `/forget` as
soon as its holder is registered::

    class PainDiary:
        title = "Pain diary"

        def describe(self, person: Person) -> list[Kept]:
            return [Kept(f"{count} pain ratings", first_at)]

        def erase(self, person: Person) -> None:
            ...  # delete every row of person.user_id

    engine.personal_data.register(PainDiary())

A holder gets the person's id, their state record (already open in the event's transaction)
and the time. Data kept in the state record is erased with it: after the holders have run, the
engine deletes the record itself, so the next message starts afresh. A holder that keeps rows
elsewhere deletes them in ``erase``; to keep an event in one transaction, such rows belong in
the same SQLite file, and ``erase`` asks for the deletion with ``person.state.defer(...)``: the
engine makes it in the transaction that deletes the record (see ``bot/engine/practice/changes.py``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

from bot.engine.actions import AskToForget, Forget, KeepData
from bot.engine.memory.profile import DAY, Profile
from bot.engine.replies import Button, Reply, bold, esc, italic
from bot.engine.state import UserState
from bot.knowledge import Knowledge


@dataclass(frozen=True)
class Person:
    user_id: int
    state: UserState
    now: float


@dataclass(frozen=True)
class Kept:
    """One thing kept about a person, as they should read it, and since when (None: unknown)."""

    what: str
    since: float | None = None


class PersonalData(Protocol):
    title: str

    def describe(self, person: Person) -> list[Kept]: ...

    def erase(self, person: Person) -> None: ...


class Registry:
    def __init__(self, holders: list[PersonalData] | None = None) -> None:
        self._holders: list[PersonalData] = list(holders or [])

    def register(self, holder: PersonalData) -> None:
        self._holders.append(holder)

    def describe(self, person: Person) -> list[tuple[str, list[Kept]]]:
        """What each holder keeps, in the order they were registered (empty ones left out)."""
        return [(holder.title, kept) for holder in self._holders if (kept := holder.describe(person))]

    def erase(self, person: Person) -> None:
        for holder in self._holders:
            holder.erase(person)


# --- what the engine itself keeps, all in the state record ----------------------------------------


class ProfileFacts:
    title = "What you told me about yourself"

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def describe(self, person: Person) -> list[Kept]:
        return [Kept(Profile.says(fact, kept), kept.at) for fact, kept in self.profile.known(person.state)]

    def erase(self, person: Person) -> None:
        person.state.profile = {}


class Routines:
    title = "Routines"

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def describe(self, person: Person) -> list[Kept]:
        state = person.state
        kept = []
        run = state.routine
        if run is not None:
            routine = self.knowledge.routine(run.routine_id)
            title = routine.title if routine else run.routine_id
            rating = f", pain before: {run.pain_before}/10" if run.pain_before is not None else ""
            kept.append(Kept(f"the routine under way: {title}, step {run.step + 1}{rating}", run.opened_at))
        for question_id, answer in state.screening.items():
            question = self.knowledge.screening_question(question_id)
            text = question.question if question else question_id
            kept.append(Kept(f"safety check answered {'yes' if answer.yes else 'no'}: {text}", answer.at))
        if state.ended_runs:
            kept.append(Kept(f"ids of {len(state.ended_runs)} finished routine runs (so old buttons expire)"))
        return kept

    def erase(self, person: Person) -> None:
        person.state.routine = None
        person.state.screening = {}
        person.state.ended_runs = []


class SafetyNotes:
    title = "Safety notes"

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def describe(self, person: Person) -> list[Kept]:
        state = person.state
        kept = []
        if state.red_flag is not None:
            rule = self.knowledge.get(state.red_flag.rule_id)
            title = rule.title if rule else state.red_flag.rule_id
            kept.append(Kept(f"a warning sign you mentioned: {title}", state.red_flag.at))
        for recent in state.recent:
            kept.append(Kept(f"warning-sign words in a recent message: {', '.join(recent.keys)}", recent.at))
        return kept

    def erase(self, person: Person) -> None:
        person.state.red_flag = None
        person.state.recent = []


class ConversationContext:
    title = "This conversation"

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def describe(self, person: Person) -> list[Kept]:
        context = person.state.context
        if context is None:
            return []
        entry = self.knowledge.get(context.entry)
        return [Kept(f"the topic we were on: {entry.title if entry else context.entry}", context.at)]

    def erase(self, person: Person) -> None:
        person.state.context = None


# --- what the person sees ---------------------------------------------------------------------


def summary(kept: list[tuple[str, list[Kept]]], profile_max_age: float, diary_max_age: float) -> Reply:
    """`/mydata`: everything kept, by holder, with the date each thing was stored."""
    if kept:
        sections = []
        for title, items in kept:
            lines = "".join(f"\n• {esc(item.what)}{_since(item.since)}" for item in items)
            sections.append(f"{bold(title)}{lines}")
        body = "\n\n".join(sections)
    else:
        body = "Nothing at the moment."
    days = round(profile_max_age / DAY)
    diary_days = round(diary_max_age / DAY)
    text = f"🗂 {bold('What I keep about you')}\n{body}\n\n" + italic(
        f"What you tell me about yourself is kept for {days} days after you last said it; pain ratings "
        f"for {diary_days} days; reminders and your time zone until you stop them; the topic of our "
        "conversation for 30 minutes; your messages themselves are never stored or logged. /forget "
        "erases all of it."
    )
    buttons = ((Button("🗑 Erase everything", AskToForget()),),)
    return Reply(text, buttons)


def confirm_forget(token: str, *, edit: bool) -> Reply:
    """`/forget`: what will go, and a button to confirm."""
    text = (
        f"🗑 {bold('Erase everything I keep about you?')}\n"
        "What you told me about yourself, your routine and safety answers, your pain diary, your "
        "reminders and time zone, and our conversation so far. This cannot be undone."
    )
    buttons = ((Button("Yes, erase everything", Forget(token)), Button("No, keep it", KeepData())),)
    return Reply(text, buttons, edit=edit)


def _since(at: float | None) -> str:
    if at is None:
        return ""
    return " (since " + time.strftime("%d %b %Y", time.gmtime(at)).lstrip("0") + ")"
