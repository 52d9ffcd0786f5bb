"""The practice plan's personal data, for `/mydata` and `/forget`: the pain diary, and the
reminders with the time zone they are set in."""

from __future__ import annotations

from collections import Counter

from bot.engine.memory.personal import Kept, Person
from bot.engine.messages import MESSAGES
from bot.engine.practice.changes import EraseDiary, EraseReminders
from bot.engine.stores import PracticeTables
from bot.knowledge import Knowledge


class PainDiary:
    """The person's pain ratings; or, ``about_them``, those a carer gave for the person they
    massage (the ratings of the partner routines, ``theirs``)."""

    title = "Pain diary"

    def __init__(self, store: PracticeTables, theirs: frozenset[str], *, about_them: bool = False) -> None:
        self.store = store
        self.theirs = theirs
        self.about_them = about_them
        if about_them:
            self.title = MESSAGES.kept_their_ratings

    def describe(self, person: Person) -> list[Kept]:
        ratings = [
            rating
            for rating in self.store.ratings(person.user_id)
            if (rating.routine_id in self.theirs) == self.about_them
        ]
        if not ratings:
            return []
        kinds = Counter(rating.kind for rating in ratings)
        routines = f"{kinds['before']} before and {kinds['after']} after a routine"
        check_ins = f"{kinds['check-in']} check-in{'s' if kinds['check-in'] != 1 else ''}"
        parts = [routines if kinds["before"] + kinds["after"] else "", check_ins if kinds["check-in"] else ""]
        count = len(ratings)
        what = f"{count} pain rating{'s' if count != 1 else ''} ({', '.join(p for p in parts if p)}): "
        return [Kept(what + "the score, its time and the routine", ratings[0].at)]

    def erase(self, person: Person) -> None:
        if not self.about_them:  # one diary holds both
            person.state.defer(EraseDiary())


class Reminders:
    about_them = False
    title = "Reminders"

    def __init__(self, knowledge: Knowledge, store: PracticeTables) -> None:
        self.knowledge = knowledge
        self.store = store

    def describe(self, person: Person) -> list[Kept]:
        kept = []
        for reminder in self.store.reminders(person.user_id):
            routine = self.knowledge.routine(reminder.routine_id) if reminder.routine_id else None
            about = f" for the {routine.label}" if routine else ""
            kept.append(Kept(f"a reminder {reminder.schedule.describe()}{about}", reminder.created_at))
        zone = self.store.zone(person.user_id)
        if zone is not None:
            kept.append(Kept(f"your time zone: {zone.name}", zone.at))
        draft = person.state.reminder_draft
        if draft is not None:
            kept.append(Kept(f"a reminder being set, waiting for its {draft.waiting}", draft.at))
        return kept

    def erase(self, person: Person) -> None:
        person.state.reminder_draft = None
        person.state.defer(EraseReminders())
