"""A daily plan: "what should I do every day for my stiff knees?".

The plans are curated in knowledge/routines.yaml (``plans``): which routines, points or
answers, how often and how long. The matcher finds the one a message asks for, like any other
entry; it is shown here with what applies to this person: steps a routine leaves out for them,
a routine their facts rule out, and their cautions.
"""

from __future__ import annotations

from bot.engine import render
from bot.engine.actions import AskReminderTime, OpenPlan, OpenRoutine
from bot.engine.memory.profile import Profile
from bot.engine.messages import MESSAGES
from bot.engine.practice import phrases
from bot.engine.replies import Button, Meta, Reply, Response, bold, esc, fit, italic, rows
from bot.engine.state import UserState
from bot.knowledge import Knowledge
from bot.knowledge.models import Plan, PlanItem, Routine
from bot.text.normalise import normalise
from bot.text.phrases import PhraseFinder
from bot.text.tokens import content_tokens, stem

# The words of asking for something, which say nothing of what a plan is for.
_ASKING_FOR = frozenset(
    stem(word)
    for word in "give want need like get have suggest recommend show make send find pick choose sort "
    "could would can please pls some any good best daily day days every everyday one new simple "
    "something thing".split()
)

_ALREADY_GIVEN = frozenset("the my that this our".split())  # "is the plan still ok?": one given before


class Planner:
    def __init__(self, knowledge: Knowledge, profile: Profile) -> None:
        self.knowledge = knowledge
        self.profile = profile
        self._named = PhraseFinder({plan.id: plan.words for plan in knowledge.plans})
        # The words that name the kind itself ("daily", "plan"): in every plan's title, in no routine's.
        titles = [set(content_tokens(normalise(plan.title))) for plan in knowledge.plans]
        routine_words = {token for routine in knowledge.routines for token in content_tokens(normalise(routine.title))}
        self._kind_words = frozenset(set.intersection(*titles) - routine_words) if titles else frozenset()

    def suited(
        self, state: UserState, plan: Plan, text: str, others: tuple[Plan, ...]
    ) -> tuple[Plan, tuple[Plan, ...]]:
        """The plan to show for a request the matcher answered with ``plan``: the plan of a fact
        the person told (profile.yaml ``plan``: osteoarthritis, the plan for arthritic knees)
        when the message names nothing ``plan`` is for ("which daily plan suits me?"), with
        ``plan`` offered beside it; ``plan`` itself otherwise ("and for stiff knees?")."""
        named = {mention.name for mention in self._named.find(normalise(text).split())}
        if plan.id in named:
            return plan, others
        suited = [kept for fact, _ in self.profile.known(state) if (kept := self.knowledge.plan(fact.plan or ""))]
        if not suited or plan in suited or named:
            return plan, others
        return suited[0], (plan, *(other for other in others if other != suited[0]))

    def told(self, state: UserState) -> Plan | None:
        """The plan of a fact the person told (profile.yaml ``plan``), or None."""
        return next(
            (kept for fact, _ in self.profile.known(state) if (kept := self.knowledge.plan(fact.plan or ""))), None
        )

    def asked_in_general(self, text: str) -> bool:
        """Whether ``text`` asks for a daily plan and says nothing of what for ("give me a daily
        plan", "a plan for every day please"): no plan's words, and no word beside the kind's and
        those of asking."""
        normalised = normalise(text)
        if not self.names_the_kind(text) or self._named.find(normalised.split()):
            return False
        said = {token for token in content_tokens(normalised) if len(token) > 1}  # "i d like": not "d"
        return said <= self._kind_words | _ASKING_FOR

    def refers_back(self, text: str) -> bool:
        """Whether ``text`` speaks of a daily plan as one already given ("is the plan still ok?",
        "what about my daily plan now?"): the kind named after "the", "my", "that" or "this",
        and no plan's own words (what it is for)."""
        tokens = normalise(text).split()
        if self._named.find(tokens):
            return False
        for at, token in enumerate(tokens):
            if stem(token) in self._kind_words:  # "my plan", "the daily plan", "that exercise plan"
                return not _ALREADY_GIVEN.isdisjoint(tokens[max(0, at - 3) : at])
        return False

    def names_the_kind(self, text: str) -> bool:
        """Whether ``text`` names daily plans as a kind ("which plan suits me?")."""
        return not self._kind_words.isdisjoint(content_tokens(normalise(text)))

    def respond(
        self,
        state: UserState,
        plan: Plan,
        score: float = 100.0,
        why: tuple[str, ...] = (),
        others: tuple[Plan, ...] = (),
    ) -> Response:
        """``plan`` as a reply, fitted to ``state`` (a blank one where others read along);
        ``others``: plans nearly as likely, offered beside it as buttons."""
        meta = Meta("plan", plan.id, plan.title, score, why=why, topic=True)
        return Response(tuple(self.render(state, plan, others)), meta)

    def how_long(self, state: UserState, plan: Plan) -> Response:
        """ "How long does that take?" after ``plan``: its time a day, and its parts with theirs."""
        lines = [f"📅 {bold(plan.title)}"]
        if plan.time:
            lines.append(esc(plan.time))
        for item in plan.items:
            entry = self.knowledge.get(item.entry)
            if entry is not None and item.minutes:
                how_long = MESSAGES.plan_minutes.format(minutes=item.minutes)
                lines.append(f"• {bold(item.when.capitalize())}: {esc(render.label_of(entry))}{how_long}")
        starts, _ = self._buttons(state, plan)
        keyboard = rows([*starts[:1], self._remind(starts)], 2)
        meta = Meta("plan", plan.id, plan.title, section="time", topic=True)
        return Response(tuple(fit("\n".join(lines), (*keyboard, render.menu_row()))), meta)

    def at(self, state: UserState, plan: Plan, part: str) -> Response:
        """ "And in the evening?" after ``plan``: what it sets for that part of the day, and
        what fits in at any time (or that nothing is set for it)."""
        named = MESSAGES.plan_parts_of_day.get(part, part)
        tied = [item for item in plan.items if phrases.part_of_day(item.when) == part]
        any_time = [item for item in plan.items if phrases.part_of_day(item.when) is None]
        lines = [f"📅 {bold(plan.title)}"]
        lines.append(MESSAGES.plan_at.format(part=named) if tied else MESSAGES.plan_nothing_at.format(part=named))
        lines += [self._line(item) for item in tied]
        if any_time:
            lines.append(MESSAGES.plan_any_time)
            lines += [self._line(item) for item in any_time]
        starts, _ = self._buttons(state, plan)
        keyboard = rows([*starts[:1], self._remind(starts)], 2)
        meta = Meta("plan", plan.id, plan.title, section=part, topic=True)
        return Response(tuple(fit("\n".join(lines), (*keyboard, render.menu_row()))), meta)

    def noted(self, state: UserState, plan: Plan, note: str, section: str) -> Response:
        """A follow-up ``plan`` answers as a whole ("and the other leg?", "at weekends?"): ``note``
        (said in the bot's words), with the plan's parts again."""
        lines = [f"📅 {bold(plan.title)}", esc(note), *(self._line(item) for item in plan.items)]
        starts, _ = self._buttons(state, plan)
        keyboard = rows([*starts[:1], self._remind(starts)], 2)
        meta = Meta("plan", plan.id, plan.title, section=section, topic=True)
        return Response(tuple(fit("\n".join(lines), (*keyboard, render.menu_row()))), meta)

    def _line(self, item: PlanItem) -> str:
        entry = self.knowledge.get(item.entry)
        label = render.label_of(entry) if entry is not None else item.entry
        how_long = MESSAGES.plan_minutes.format(minutes=item.minutes) if item.minutes else ""
        note = f": {esc(item.note)}" if item.note else ""
        return f"• {bold(item.when.capitalize())}: {esc(label)}{how_long}{note}"

    def render(self, state: UserState, plan: Plan, others: tuple[Plan, ...] = ()) -> list[Reply]:
        lines = [f"📅 {bold(plan.title)}"]
        starts: list[Button] = []
        cautions: list[str] = []
        for item in plan.items:
            entry = self.knowledge.get(item.entry)
            if entry is None:
                continue
            how_long = MESSAGES.plan_minutes.format(minutes=item.minutes) if item.minutes else ""
            note = f": {esc(item.note)}" if item.note else ""
            line = f"• {bold(item.when.capitalize())}: {esc(render.label_of(entry))}{how_long}{note}"
            if isinstance(entry, Routine):
                ruled_out = self._ruled_out(state, entry)
                if ruled_out:
                    why = MESSAGES.plan_ruled_out.format(label=esc(entry.label), why=esc(ruled_out))
                    line = f"• {esc(item.when.capitalize())}: {why}"
                else:
                    left_out = self._left_out(state, entry)
                    if left_out:
                        line += MESSAGES.plan_left_out.format(steps=esc(left_out))
                    starts.append(Button(MESSAGES.plan_start.format(label=entry.label), OpenRoutine(entry.id)))
                    cautions += self.profile.cautions(state, entry, [])
            lines.append(line)
        text = "\n".join(lines) + f"\n\n{esc(plan.advice)}"
        unique = list(dict.fromkeys(cautions))
        if unique:
            text += "\n\n" + "\n".join(f"⚠️ {bold(MESSAGES.for_you)} {esc(line)}" for line in unique)
        text += "\n\n" + italic(MESSAGES.plan_again)
        related = render.related_buttons(self.knowledge, [item.entry for item in plan.items if item.entry])
        also = [
            Button(MESSAGES.or_also.format(label=f"📅 {other.title}"), OpenPlan(other.id))
            for other in others
            if other.id != plan.id
        ]
        keyboard = (
            *rows([*starts[:1], self._remind(starts)], 2),
            *rows([b for b in related if not isinstance(b.action, OpenRoutine)], 2),
            *rows(also, 1),
        )
        return fit(text, (*keyboard, render.menu_row()))

    def _buttons(self, state: UserState, plan: Plan) -> tuple[list[Button], list[str]]:
        """The plan's routines that may be started now, and the person's cautions for them."""
        starts: list[Button] = []
        cautions: list[str] = []
        for item in plan.items:
            entry = self.knowledge.get(item.entry)
            if isinstance(entry, Routine) and not self._ruled_out(state, entry):
                starts.append(Button(MESSAGES.plan_start.format(label=entry.label), OpenRoutine(entry.id)))
                cautions += self.profile.cautions(state, entry, [])
        return starts, cautions

    @staticmethod
    def _remind(starts: list[Button]) -> Button:
        first = starts[0].action if starts else None
        return Button(
            MESSAGES.remind_me_button, AskReminderTime(first.routine_id if isinstance(first, OpenRoutine) else None)
        )

    def _ruled_out(self, state: UserState, routine: Routine) -> str | None:
        """Why the person's facts rule ``routine`` out (a screening question they answer "yes"
        that stops it), or None."""
        for question_id in routine.screening:
            question = self.knowledge.screening_question(question_id)
            known = self.profile.answering(state, question_id)
            if known and question and question.on_yes == "stop":
                return Profile.says(*known)
        return None

    def _left_out(self, state: UserState, routine: Routine) -> str:
        numbers = [
            str(number)
            for number, step in enumerate(routine.steps, start=1)
            if any(self.profile.answering(state, question_id) for question_id in step.avoid_if)
        ]
        if not numbers:
            return ""
        return (MESSAGES.plan_step if len(numbers) == 1 else MESSAGES.plan_steps).format(numbers=", ".join(numbers))
