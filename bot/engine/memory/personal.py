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

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Protocol

from bot.engine.actions import AskToForget, Forget, KeepData
from bot.engine.memory.profile import DAY, Profile
from bot.engine.messages import MESSAGES
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


@dataclass(frozen=True)
class Section:
    """What one holder keeps, under its title; ``about_them``: about the person a carer helps."""

    title: str
    kept: list[Kept]
    about_them: bool = False


class PersonalData(Protocol):
    title: str
    about_them: bool  # kept about the person a carer helps (partner routines), not about the person

    def describe(self, person: Person) -> list[Kept]: ...

    def erase(self, person: Person) -> None: ...


class Registry:
    def __init__(self, holders: list[PersonalData] | None = None) -> None:
        self._holders: list[PersonalData] = list(holders or [])

    def register(self, holder: PersonalData) -> None:
        self._holders.append(holder)

    def describe(self, person: Person) -> list[Section]:
        """What each holder keeps, in the order they were registered (empty ones left out)."""
        return [
            Section(holder.title, kept, holder.about_them)
            for holder in self._holders
            if (kept := holder.describe(person))
        ]

    def erase(self, person: Person) -> None:
        for holder in self._holders:
            holder.erase(person)


# --- what the engine itself keeps, all in the state record ----------------------------------------


class ProfileFacts:
    title = MESSAGES.kept_facts
    about_them = False

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def describe(self, person: Person) -> list[Kept]:
        return [Kept(Profile.says(fact, kept), kept.at) for fact, kept in self.profile.known(person.state)]

    def erase(self, person: Person) -> None:
        person.state.profile = {}


class Routines:
    title = MESSAGES.kept_routines
    about_them = False

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def describe(self, person: Person) -> list[Kept]:
        state = person.state
        kept = []
        run = state.routine
        if run is not None:
            routine = self.knowledge.routine(run.routine_id)
            title = routine.title if routine else run.routine_id
            theirs = routine is not None and routine.mode == "partner"  # their rating: listed about them
            mine = run.pain_before is not None and not theirs
            rating = MESSAGES.kept_pain_before.format(score=run.pain_before) if mine else ""
            what = MESSAGES.kept_routine_run.format(title=title, step=run.step + 1, rating=rating)
            kept.append(Kept(what, run.opened_at))
        for question_id, answer in state.screening.items():
            question = self.knowledge.screening_question(question_id)
            text = question.question if question else question_id
            said = "yes" if answer.yes else "no"
            kept.append(Kept(MESSAGES.kept_screening.format(answer=said, question=text), answer.at))
        if state.ended_runs:
            kept.append(Kept(MESSAGES.kept_ended_runs.format(count=len(state.ended_runs))))
        return kept

    def erase(self, person: Person) -> None:
        person.state.routine = None
        person.state.screening = {}
        person.state.ended_runs = []


class SafetyNotes:
    title = MESSAGES.kept_safety
    about_them = False

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def describe(self, person: Person) -> list[Kept]:
        state = person.state
        kept = []
        if state.red_flag is not None:
            rule = self.knowledge.get(state.red_flag.rule_id)
            title = rule.title if rule else state.red_flag.rule_id
            kept.append(Kept(MESSAGES.kept_red_flag.format(title=title), state.red_flag.at))
        kept.extend(_recent(state, someone_else=False))
        if state.last_reading is not None:
            kept.append(Kept(MESSAGES.kept_reading, state.last_reading.at))
        return kept

    def erase(self, person: Person) -> None:
        person.state.red_flag = None
        person.state.recent = []
        person.state.last_reading = None


class ConversationContext:
    title = MESSAGES.kept_conversation
    about_them = False

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def describe(self, person: Person) -> list[Kept]:
        context = person.state.context
        if context is None:
            return []
        entry = self.knowledge.get(context.entry)
        return [Kept(MESSAGES.kept_topic.format(title=entry.title if entry else context.entry), context.at)]

    def erase(self, person: Person) -> None:
        person.state.context = None


class TheirSafetyCheck:
    """A carer's answers about the person they massage (a partner routine's safety check)."""

    title = MESSAGES.kept_their_answers
    about_them = True

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def describe(self, person: Person) -> list[Kept]:
        kept = []
        for question_id, answer in person.state.their_screening.items():
            question = self.knowledge.screening_question(question_id)
            text = (question.for_partner or question.question) if question else question_id
            said = "yes" if answer.yes else "no"
            kept.append(Kept(MESSAGES.kept_screening.format(answer=said, question=text), answer.at))
        facts = {fact.id: fact for fact in self.knowledge.facts}
        for fact_id, fact_kept in person.state.their_facts.items():
            fact = facts.get(fact_id)
            condition = fact.phrases[0] if fact is not None and fact.phrases else fact_id
            kept.append(Kept(MESSAGES.kept_their_fact.format(condition=condition), fact_kept.at))
        run = person.state.routine
        routine = self.knowledge.routine(run.routine_id) if run is not None else None
        if run is not None and routine is not None and routine.mode == "partner" and run.pain_before is not None:
            rating = MESSAGES.kept_their_pain_before.format(title=routine.title, score=run.pain_before)
            kept.append(Kept(rating, run.opened_at))
        return [*kept, *_recent(person.state, someone_else=True)]

    def erase(self, person: Person) -> None:
        person.state.their_screening = {}
        person.state.their_facts = {}
        person.state.recent = [recent for recent in person.state.recent if not recent.someone_else]


def _recent(state: UserState, *, someone_else: bool) -> list[Kept]:
    """What recent messages said, by concept name, about the person or about somebody else."""
    kept = []
    for recent in state.recent:
        if recent.someone_else == someone_else:
            words = dict.fromkeys(key.split("@", 1)[0] for key in [*recent.keys, *recent.asked])  # "pain@calf": pain
            if words:
                kept.append(Kept(MESSAGES.kept_recent.format(keys=", ".join(words)), recent.at))
    return kept


# --- what the person sees ---------------------------------------------------------------------


def summary(kept: list[Section], profile_max_age: float, diary_max_age: float, zone: tzinfo = UTC) -> Reply:
    """`/mydata`: everything kept, by holder, with the date each thing was stored; what a carer
    told about the person they help comes apart, after what is about the person themselves."""
    if kept:
        parts = []
        for about_them, heading in ((False, MESSAGES.about_you), (True, MESSAGES.about_them)):
            sections = [section for section in kept if section.about_them == about_them]
            if not sections:
                continue
            listed = "\n\n".join(
                bold(section.title)
                + "".join(f"\n• {esc(item.what)}{_since(item.since, zone)}" for item in section.kept)
                for section in sections
            )
            parts.append(f"{bold(heading)}\n{listed}")
        body = "\n\n".join(parts)
    else:
        body = MESSAGES.my_data_nothing
    days = round(profile_max_age / DAY)
    diary_days = round(diary_max_age / DAY)
    kept_for = MESSAGES.my_data_kept.format(days=days, diary_days=diary_days)
    text = f"🗂 {bold(MESSAGES.my_data_title)}\n{body}\n\n" + italic(kept_for)
    buttons = ((Button(MESSAGES.erase_button, AskToForget()),),)
    return Reply(text, buttons)


def confirm_forget(token: str, *, edit: bool) -> Reply:
    """`/forget`: what will go, and a button to confirm."""
    text = f"🗑 {bold(MESSAGES.forget_question)}\n{MESSAGES.forget_what}"
    buttons = ((Button(MESSAGES.forget_yes, Forget(token)), Button(MESSAGES.forget_no, KeepData())),)
    return Reply(text, buttons, edit=edit)


def _since(at: float | None, zone: tzinfo) -> str:
    """ " (since 11 Jun 2024)", the day as it was where the person is."""
    if at is None:
        return ""
    return MESSAGES.my_data_since.format(date=datetime.fromtimestamp(at, zone).strftime("%d %b %Y").lstrip("0"))
