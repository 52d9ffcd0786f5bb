"""What the person has told us about themselves, and how it shapes answers.

Facts come from :mod:`bot.engine.memory.facts` and are kept in ``UserState.profile`` as the
fact's id, its detail (weeks pregnant, which side) and the date it was said. They expire after
``max_age`` seconds (90 days unless configured) unless the person says them again. The facts
themselves and what each one changes are curated in knowledge/profile.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from bot.engine.memory.facts import FactReader, Statement
from bot.engine.messages import MESSAGES
from bot.engine.state import Fact, UserState
from bot.knowledge import Entry, Knowledge
from bot.knowledge.models import PointBase, ProfileFact, Routine
from bot.text.asking import is_question
from bot.text.normalise import normalise

DAY = 24 * 3600
DEFAULT_MAX_AGE = 90 * DAY
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


# Words that point back to a condition on the table, said by the person of themselves.
_BACK = re.compile(r"\b(?:mine|them|they|those|it)\b")
_PARTS = re.compile(r"[.!?;,\n]+")
_FIRST_PERSON = re.compile(r"\b(?:i|i ve|ive|im|i m|my|mine|me)\b")
_SIDE = re.compile(r"\b(left|right|both)\b")
# Another person pointed to ("they're on her right leg", "his left one").
_THIRD_PERSON = re.compile(r"\b(?:he|hes|she|shes|his|her|hers|him|they|theyre|their|them)\b")


@dataclass
class Told:
    """What one message told about the person: the notes worth saying, and the safety answers
    for the conditions it names ("I take warfarin, how gentle should I be?")."""

    lines: list[str] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    of_topic: bool = False  # told of the condition on the table ("mine are only on my left leg")
    theirs: list[str] = field(default_factory=list)  # notes kept about the person a carer helps


class Profile:
    def __init__(self, knowledge: Knowledge, max_age: float = DEFAULT_MAX_AGE) -> None:
        self.knowledge = knowledge
        self.max_age = max_age
        self.facts = {fact.id: fact for fact in knowledge.facts}
        self._reader = FactReader(knowledge.facts, knowledge.safety)

    # --- keeping --------------------------------------------------------------------------

    def prune(self, state: UserState, now: float) -> None:
        """Forget facts not restated for ``max_age``, and facts the knowledge no longer has."""
        state.profile = {
            fact_id: fact
            for fact_id, fact in state.profile.items()
            if fact_id in self.facts and now - fact.at <= self.max_age
        }

    def take_note(self, state: UserState, text: str, now: float) -> Told:
        """Store the facts ``text`` states (and drop those it takes back); one line per change
        worth saying ("Noted: you're pregnant (20 weeks). I'll flag what to avoid.")."""
        told = Told()
        for statement in self._reader.read(text):
            line = self._apply(state, statement, now)
            if line:
                told.lines.append(line)
            answer = self.facts[statement.fact].answer
            if statement.holds and answer and answer not in told.answers:
                told.answers.append(answer)
        return told

    def take_note_of_topic(self, state: UserState, text: str, now: float, topic: str) -> Told:
        """Facts told of the condition whose safety answer is the topic, by a word that points
        back to it ("I've only got them on my right leg", "mine are mild" after the answer on
        varicose veins): read with the condition's name in its place."""
        fact = next((fact for fact in self.facts.values() if fact.answer == topic), None)
        if fact is None or not fact.phrases:
            return Told()
        name = normalise(fact.phrases[0])
        for part in _PARTS.split(text):  # the part that tells: "I've only got them on the right. OK?"
            said = normalise(part)
            if is_question(part):
                continue  # "how often should I do it": "it" is what they ask about, not the condition
            sided = fact.detail == "side" and _SIDE.search(said) is not None  # "only on my left leg"
            if _FIRST_PERSON.search(said) and (_BACK.search(said) or sided):
                back = _BACK.search(said) is not None
                named = _BACK.sub(f"my {name}", said, count=1) if back else f"my {name} {said}"  # said of oneself
                told = self.take_note(state, named, now)
                if told.lines or told.answers:
                    return replace(told, of_topic=True)
        return Told()

    def side_of_topic_for_them(self, text: str, topic: str) -> tuple[ProfileFact, str] | None:
        """The leg told, of the person a carer helps, for the condition whose safety answer is the
        topic ("they're on her right leg" after the answer on varicose veins): the condition and
        the side; None otherwise (said of oneself, asked, or no leg said)."""
        fact = next((fact for fact in self.facts.values() if fact.answer == topic), None)
        if fact is None or fact.detail != "side":
            return None
        for part in _PARTS.split(text):
            said = normalise(part)
            side = _SIDE.search(said)
            if is_question(part) or _FIRST_PERSON.search(said) or not _THIRD_PERSON.search(said) or side is None:
                continue
            return fact, side.group(1)
        return None

    def _apply(self, state: UserState, statement: Statement, now: float) -> str | None:
        fact = self.facts[statement.fact]
        known = state.profile.get(fact.id)
        if not statement.holds:
            if known is None:
                return None
            del state.profile[fact.id]
            return MESSAGES.fact_forgotten.format(fact=self.says(fact, known))
        weeks = statement.weeks if statement.weeks is not None else (known.weeks if known else None)
        side = statement.side or (known.side if known else None)
        new = Fact(at=now, weeks=weeks, side=side)
        state.profile[fact.id] = new
        if known is not None and (known.weeks, known.side) == (new.weeks, new.side):
            return None  # said again: the date is refreshed, nothing to announce
        promise = fact.promise_both if new.side == "both" and fact.promise_both else fact.promise
        return MESSAGES.fact_noted.format(fact=self.says(fact, new), promise=promise)

    def said_of_anyone(self, text: str) -> list[tuple[ProfileFact, str | None]]:
        """The facts ``text`` states of whoever it is, with the side said, none of them kept (the
        answers at a check about the person a carer massages)."""
        return [
            (self.facts[statement.fact], statement.side)
            for statement in self._reader.read(text, anyone=True)
            if statement.holds
        ]

    def named(self, text: str) -> list[ProfileFact]:
        """The facts ``text`` names at all, whoever and whenever they are about."""
        return [self.facts[fact_id] for fact_id in self._reader.named(text)]

    def said_of_self(self, text: str) -> list[ProfileFact]:
        """The facts ``text`` states of the person writing, none of them kept."""
        return [self.facts[statement.fact] for statement in self._reader.read(text) if statement.holds]

    def said_of_someone_else(self, text: str) -> list[tuple[ProfileFact, str | None]]:
        """The facts ``text`` states of somebody other than the person writing ("my wife is 28
        weeks pregnant", "he's on warfarin"), with the side said."""
        own = {statement.fact for statement in self._reader.read(text) if statement.holds}
        return [(fact, side) for fact, side in self.said_of_anyone(text) if fact.id not in own]

    @staticmethod
    def says(fact: ProfileFact, kept: Fact) -> str:
        """The fact as told back: "you're pregnant (20 weeks)", "your left knee is the sore one"."""
        both = kept.side == "both" and fact.says_both is not None
        text = fact.says_both if both and fact.says_both else fact.says.replace("{side}", kept.side or "")
        if fact.detail == "weeks" and kept.weeks:
            text += MESSAGES.fact_weeks.format(weeks=kept.weeks)
        elif fact.detail == "side" and kept.side and "{side}" not in fact.says and not both:
            text += MESSAGES.fact_both_legs if kept.side == "both" else MESSAGES.fact_leg.format(side=kept.side)
        return text

    # --- reading --------------------------------------------------------------------------

    def known(self, state: UserState) -> list[tuple[ProfileFact, Fact]]:
        return [(self.facts[fact_id], kept) for fact_id, kept in state.profile.items() if fact_id in self.facts]

    def triage_concepts(self, state: UserState) -> list[str]:
        """The red-flag concepts the person's facts stand for, for triage to read with."""
        return [concept for fact, _ in self.known(state) for concept in fact.triage]

    def answering(self, state: UserState, question_id: str) -> tuple[ProfileFact, Fact] | None:
        """The fact that answers a screening question "yes", if the person told us one."""
        return next(((fact, kept) for fact, kept in self.known(state) if question_id in fact.screening), None)

    def cautions(self, state: UserState, entry: Entry, texts: Iterable[str]) -> list[str]:
        """What to say first about ``entry`` to this person: its own caution texts (``texts``)
        that mention one of their facts, else the fact's general caution where it applies. A
        routine done on someone else (a partner routine) is about them, not the person."""
        if isinstance(entry, Routine) and entry.mode == "partner":
            return []
        texts = list(texts)
        lines: list[str] = []
        for fact, kept in self.known(state):
            own = [sentence for text in texts for sentence in _sentences(text) if _mentions(sentence, fact.keywords)]
            if own:
                lines.extend(line for line in own if line not in lines)
            elif fact.caution and (
                entry.id in fact.entries or (fact.every_point and isinstance(entry, PointBase | Routine))
            ):
                if "{side}" not in fact.caution:
                    lines.append(fact.caution)
                elif kept.side in ("left", "right"):  # "start with your left leg"; both: nothing to choose
                    lines.append(fact.caution.replace("{side}", kept.side))
        return lines

    def facts_answering(self, question_ids: Iterable[str]) -> list[ProfileFact]:
        """The facts a "yes" to these safety questions stands for (pregnancy for "pregnancy")."""
        asked = set(question_ids)
        return [fact for fact in self.facts.values() if asked.intersection(fact.screening)]

    @staticmethod
    def step_notes(facts: Iterable[ProfileFact], caution: str | None) -> list[str]:
        """A step's caution, when it mentions one of ``facts`` ("pat very lightly")."""
        if not caution:
            return []
        facts = list(facts)
        return [sentence for sentence in _sentences(caution) if any(_mentions(sentence, f.keywords) for f in facts)]

    @staticmethod
    def caution_without(facts: Iterable[ProfileFact], caution: str | None) -> str | None:
        """A step's caution without its sentences that mention one of ``facts`` (conditions
        the check was told do not apply), or None when it has no caution."""
        if not caution:
            return None
        facts = list(facts)
        kept = [sentence for sentence in _sentences(caution) if not any(_mentions(sentence, f.keywords) for f in facts)]
        return " ".join(kept)


def _mentions(text: str, keywords: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(keyword.lower() in lowered for keyword in keywords)


def _sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text.strip()) if part.strip()]
