"""The safety check before a routine's first step, on one screen.

"Before we start, do any of these apply?" lists every question of the routine not yet answered,
with [None of these] and [One or more]. Only what applies is gone into: the lines ticked, which
leg a "yes" is about when the other leg may still be done (varicose veins on one leg), and the
steps left out for a caution. A question left alone on the list is asked on its own.

What is already known is not asked again, and is said: a fact the person told us ("I'm
pregnant") answers its questions; answers given in the last :data:`SESSION_SECONDS` are reused
("Using your answers from earlier today"), with "My answer has changed" to give them afresh. A
partner routine asks about the person massaged: those answers are kept apart
(``UserState.their_screening``), and what the carer told about themselves is not used for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.engine.memory.profile import Profile
from bot.engine.messages import MESSAGES
from bot.engine.replies import Meta, Response, esc
from bot.engine.routines import screens
from bot.engine.routines.screens import active_steps
from bot.engine.state import RoutineRun, ScreeningAnswer, UserState
from bot.knowledge import Knowledge
from bot.knowledge.models import ProfileFact, Routine, ScreeningQuestion

SESSION_SECONDS = 12 * 3600  # how long a screening answer is remembered
LEGS = ("left", "right")
FLOW = Meta(kind="flow")
Side = Literal["left", "right", "both"]


@dataclass(frozen=True)
class Known:
    """A safety question whose answer is known, and how: told about oneself, answered earlier
    today, or answered in this run."""

    index: int
    question: ScreeningQuestion
    yes: bool
    how: Literal["told", "earlier", "now"]
    told: str | None = None  # the fact as said back ("you have varicose veins (left leg)")
    side: Side | None = None

    @property
    def legs(self) -> set[str]:
        return set(LEGS) if self.side in (None, "both") else {str(self.side)}


class SafetyCheck:
    def __init__(self, knowledge: Knowledge, clock: Callable[[], float], profile: Profile) -> None:
        self.knowledge = knowledge
        self.clock = clock
        self.profile = profile

    # --- what is known ------------------------------------------------------------------------

    @staticmethod
    def answers(state: UserState, routine: Routine) -> dict[str, ScreeningAnswer]:
        """Where the answers for ``routine`` are kept: the person's own, or the ones about the
        person they massage."""
        return state.their_screening if routine.mode == "partner" else state.screening

    def known(self, state: UserState, routine: Routine, run: RoutineRun) -> list[Known | None]:
        """Each question of ``routine``: what is known of its answer, or None (to be asked)."""
        now = self.clock()
        answers = self.answers(state, routine)
        found: list[Known | None] = []
        for index, question_id in enumerate(routine.screening):
            question = self.knowledge.screening_question(question_id)
            assert question is not None  # checked when the knowledge was loaded
            told = self.profile.answering(state, question_id) if routine.mode == "self" else None
            answer = answers.get(question_id)
            if told is not None:
                fact, kept = told
                side = kept.side if kept.side in ("left", "right", "both") else None
                fresh = answer is not None and answer.yes and now - answer.at <= SESSION_SECONDS
                if side is None and fresh and answer is not None and answer.side in ("left", "right", "both"):
                    side = answer.side  # told without its leg, the leg asked here since
                found.append(Known(index, question, True, "told", Profile.says(fact, kept), side))  # type: ignore[arg-type]
            elif answer is None or now - answer.at > SESSION_SECONDS:
                found.append(None)
            else:
                how: Literal["earlier", "now"] = "now" if question_id in run.answered else "earlier"
                found.append(Known(index, question, answer.yes, how, side=answer.side))
        return found

    def record(
        self, state: UserState, routine: Routine, run: RoutineRun, index: int, yes: bool, side: Side | None = None
    ) -> None:
        question_id = routine.screening[index]
        self.answers(state, routine)[question_id] = ScreeningAnswer(yes=yes, at=self.clock(), side=side)
        if question_id not in run.answered:
            run.answered.append(question_id)

    def left_out(self, state: UserState, routine: Routine, run: RoutineRun) -> list[tuple[int, str]]:
        """The steps the answers known so far leave out, each with why (the answer's reason,
        said to whoever does the massage)."""
        found: dict[int, str] = {}
        for item in self.known(state, routine, run):
            if item is None or not item.yes or item.question.on_yes != "caution":
                continue
            for index, step in enumerate(routine.steps):
                if item.question.id in step.avoid_if:
                    found.setdefault(index, step.caution or screens.reason(routine, item.question))
        return sorted(found.items())

    def forget(self, state: UserState, routine: Routine, run: RoutineRun) -> None:
        """ "My answer has changed": the routine's answers are asked afresh."""
        answers = self.answers(state, routine)
        for question_id in routine.screening:
            answers.pop(question_id, None)
        run.phase, run.question, run.skipped, run.ticked, run.leg, run.noted, run.answered = (
            "checklist", 0, [], [], None, [], []
        )  # fmt: skip

    # --- what comes next ----------------------------------------------------------------------

    def next_screen(self, state: UserState, routine: Routine, run: RoutineRun, *, edit: bool) -> Response:
        """The check's next screen from what is known: a stop, a leg to choose, the questions
        left, the steps left out, or (all clear) the pain rating."""
        known = self.known(state, routine, run)
        yes = [item for item in known if item is not None and item.yes]
        stops = [item for item in yes if item.question.on_yes == "stop"]
        for item in stops:
            if not item.question.per_leg:
                return self._stop(routine, run, item, edit=edit)
        legs_out = {leg for item in stops for leg in item.legs}
        if legs_out:
            per_leg = stops[0]
            asked = next((item for item in stops if item.side is None), None)  # also one told without its leg
            if asked is not None:  # which leg is it on?
                run.phase, run.question = "which_leg", asked.index
                return Response((screens.which_leg(routine, run, asked.question, edit=edit),), FLOW)
            free = [leg for leg in LEGS if leg not in legs_out]
            if not free:
                return self._stop(routine, run, per_leg, edit=edit)
            if run.leg not in free:
                run.leg, run.offer, run.phase = None, free[0], "one_leg"  # type: ignore[assignment]
                said = "\n".join(line for item in stops if (line := self._said(routine, run, item)))
                reasons = [item.question for item in stops]
                return Response((screens.one_leg(routine, run, reasons, free[0], said, edit=edit),), FLOW)
        cautions = [item for item in yes if item.question.on_yes == "caution"]
        avoided = {i for item in cautions for i, step in enumerate(routine.steps) if item.question.id in step.avoid_if}
        run.skipped = sorted(avoided)
        if cautions and not active_steps(routine, run):
            return self._stop(routine, run, cautions[0], edit=edit)
        open_lines = [index for index, item in enumerate(known) if item is None]
        reused = [item.question for item in known if item is not None and not item.yes and item.how == "earlier"]
        if open_lines:
            head = self._heads(routine, run, [item for item in cautions if item.how != "now"])
            head += self._their_facts_head(state, routine, run)
            if len(open_lines) == 1:
                run.phase, run.question = "screening", open_lines[0]
                reply = screens.screening_question(self.knowledge, routine, run, edit=edit)
            else:
                run.phase = "checklist"
                reply = screens.checklist(routine, run, self._lines(routine, open_lines), edit=edit)
            return Response((screens.with_heads(routine, run, reply, head, reused),), FLOW)
        unsaid = [item for item in cautions if item.question.id not in run.noted]
        if unsaid:
            run.phase = "caution"
            earlier = "".join(self._said(routine, run, item) + "\n" for item in unsaid if item.how != "now")
            steps = sorted(
                {i for item in unsaid for i, step in enumerate(routine.steps) if item.question.id in step.avoid_if}
            )
            reply = screens.leaving_steps_out(
                routine, run, [item.question for item in unsaid], steps, earlier, edit=edit
            )
            return Response((screens.with_heads(routine, run, reply, "", reused),), FLOW)
        run.phase = "pain_before"
        scale = screens.pain_scale(routine, run, edit=edit)
        return Response((screens.with_heads(routine, run, scale, "", reused),), FLOW)

    def open_lines(self, state: UserState, routine: Routine, run: RoutineRun) -> list[int]:
        """The questions the check lists now (their indexes in the routine's screening)."""
        return [index for index, item in enumerate(self.known(state, routine, run)) if item is None]

    def intro_lines(self, state: UserState, routine: Routine) -> list[str]:
        """The lines the check would list if ``routine`` started now (for its introduction)."""
        run = RoutineRun(run="-", routine_id=routine.id)
        return [question.line for _, question in self._lines(routine, self.open_lines(state, routine, run))]

    def their_facts(self, state: UserState, routine: Routine) -> list[ProfileFact]:
        """For a partner routine, the conditions told of the person massaged today that no line
        of its check asks about ("my gran has osteoporosis"), with a caution of their own."""
        if routine.mode != "partner":
            return []
        now = self.clock()
        facts = [self.profile.facts.get(fact_id) for fact_id, kept in state.their_facts.items()]
        return [
            fact
            for fact, kept in zip(facts, state.their_facts.values(), strict=True)
            if fact is not None
            and fact.caution
            and "{side}" not in fact.caution
            and now - kept.at <= SESSION_SECONDS
            and not set(fact.screening) & set(routine.screening)
        ]

    def intro_answered(self, state: UserState, routine: Routine) -> list[str]:
        """What a "yes" given earlier today (about whoever is massaged: "my dad is on warfarin",
        then another partner routine) means for ``routine``, whose introduction no longer lists
        that line: its reason, and what to do instead when it rules the routine out."""
        run = RoutineRun(run="-", routine_id=routine.id)
        said = []
        for item in self.known(state, routine, run):
            if item is None or not item.yes or item.how != "earlier":
                continue
            text = screens.reason(routine, item.question)
            if item.question.on_yes == "stop":
                text += " " + screens.instead(routine, item.question)
            said.append(text)
        return said + [fact.caution for fact in self.their_facts(state, routine) if fact.caution]

    def lines(self, routine: Routine, indexes: list[int]) -> list[tuple[int, ScreeningQuestion]]:
        return self._lines(routine, indexes)

    # --- what is said -------------------------------------------------------------------------

    def _lines(self, routine: Routine, indexes: list[int]) -> list[tuple[int, ScreeningQuestion]]:
        lines = []
        for index in indexes:
            question = self.knowledge.screening_question(routine.screening[index])
            assert question is not None
            lines.append((index, question))
        return lines

    def _heads(self, routine: Routine, run: RoutineRun, cautions: list[Known]) -> str:
        """What the person told us, or answered earlier, that leaves steps out: said once."""
        said = []
        for item in cautions:
            if item.question.id not in run.noted:
                run.noted.append(item.question.id)
                line = self._said(routine, run, item)
                if item.how == "earlier":  # a "yes" given earlier: what it means here, as it is not asked
                    line += f"\n🛡 {esc(screens.reason(routine, item.question))}"
                said.append(line)
        return "".join(f"{line}\n" for line in said if line)

    def _their_facts_head(self, state: UserState, routine: Routine, run: RoutineRun) -> str:
        """What was told of the person massaged that no line asks about, said once above their
        check ("With osteoporosis avoid deep pressure...")."""
        lines = []
        for fact in self.their_facts(state, routine):
            key = f"told:{fact.id}"
            if key not in run.noted and fact.caution:
                run.noted.append(key)
                lines.append(MESSAGES.their_fact_head.format(caution=esc(fact.caution)))
        return "".join(f"{line}\n" for line in lines)

    def _said(self, routine: Routine, run: RoutineRun, item: Known) -> str:
        """ "You told me you're pregnant, so I've left out step 6 (...)." or "You told me
        earlier: ... (yes)."; "" for an answer just given."""
        if item.how == "now":
            return ""
        if item.how == "earlier":
            asked = esc(screens.asked(routine, item.question).rstrip("?")).lower()
            return MESSAGES.told_earlier.format(question=asked)
        avoided = [i for i, step in enumerate(routine.steps) if item.question.id in step.avoid_if]
        left_out = ", ".join(MESSAGES.left_out_step.format(number=i + 1, title=routine.steps[i].title) for i in avoided)
        if item.question.on_yes == "caution" and active_steps(routine, run):
            so = MESSAGES.told_so_left_out.format(steps=left_out) if avoided else MESSAGES.told_so_gentle
        else:
            so = "."
        return MESSAGES.told_you.format(fact=esc(item.told or ""), so=esc(so))

    def _stop(self, routine: Routine, run: RoutineRun, item: Known, *, edit: bool) -> Response:
        """A "yes" that rules the routine out for now; the run stays, stopped, so "my answer
        has changed" works."""
        run.phase = "stopped"
        earlier = self._said(routine, run, item)
        reply = screens.not_now(
            self.knowledge, routine, run, item.question, earlier + "\n" if earlier else "", edit=edit
        )
        return Response((reply,), FLOW)
