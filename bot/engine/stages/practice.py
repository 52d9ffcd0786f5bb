"""Reminders, pain ratings and progress asked for in plain words, in a private chat or a group."""

from __future__ import annotations

from collections.abc import Callable

from bot.engine import groups, render
from bot.engine.actions import (
    Action,
    PainAfter,
    PainBefore,
    PracticeView,
    ShowPractice,
)
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Stage, Turn
from bot.engine.practice import phrases
from bot.engine.practice.coach import Practice
from bot.engine.practice.whose import Whose
from bot.engine.replies import Meta, Reply, Response, esc
from bot.engine.routines import RoutineFlow
from bot.engine.stages.shared import as_new_messages


class PracticeInWords(Stage):
    def __init__(
        self,
        practice: Practice,
        routines: RoutineFlow,
        typed: TypedReplies,
        corrected: Callable[[str], str] | None = None,
    ) -> None:
        self.practice = practice
        self.routines = routines
        self.typed = typed
        self.corrected = corrected  # the message with its slips corrected, read when as typed says nothing
        self.whose = Whose(routines.knowledge.safety.scope.other_person)

    def handle(self, turn: Turn) -> Response | None:
        intent = phrases.read(turn.text) or self._rating_after_a_step(turn) or self._with_slips_corrected(turn.text)
        if intent is None and turn.state.routine is None and self._rated_of_someone_else(turn.text):
            return self._their_rating()  # "she's at about a 4 today"
        if intent is None:
            return None
        run = turn.state.routine
        if isinstance(intent, phrases.CheckIn) and run is not None and run.phase in ("pain_before", "pain_after"):
            rate = PainBefore if run.phase == "pain_before" else PainAfter  # "I'm at a 5" at the rating
            return as_new_messages(self.routines.handle(turn.state, rate(run.routine_id, run.run, intent.score)))
        if isinstance(intent, phrases.CheckIn) and self.whose.someone_elses(turn.text):
            return self._their_rating()  # "my wife's knee pain is 7/10 this morning": not the writer's diary
        return self.practice.on_intent(turn.user_id, turn.state, intent, turn.now)

    def _rated_of_someone_else(self, text: str) -> bool:
        """A short message with a rating in it, said of somebody else ("my mum's knee is at a 6
        today")."""
        return len(text.split()) <= MAX_THEIR_RATING_WORDS and (
            self.typed.rating_in_passing(text) is not None and self.whose.someone_elses(text)
        )

    @staticmethod
    def _their_rating() -> Response:
        """Somebody else's pain rating typed outside their routine: not kept as the writer's."""
        return Response(
            (Reply(esc(MESSAGES.their_rating_not_kept), render.main_menu()),), Meta("practice", id="their-rating")
        )

    def _with_slips_corrected(self, text: str) -> phrases.Intent | None:
        """The practice phrase a message says once its slips are corrected ("my remnders",
        "can it skip holidyas?"); a rating is only read as typed (a number is never a slip)."""
        spelled = self.corrected(text) if self.corrected is not None else text
        intent = phrases.read(spelled) if spelled != text else None
        return None if isinstance(intent, phrases.CheckIn | phrases.BadRating) else intent

    def _rating_after_a_step(self, turn: Turn) -> phrases.CheckIn | None:
        """A rating on its own ("3 now", "about a 2") right after a routine stopped on one of its
        steps: how the knee feels after it, kept as a check-in (and said so)."""
        context = turn.state.context
        if turn.state.routine is not None or context is None or context.step is None:
            return None
        if context.entry != context.routine or self.routines.knowledge.routine(context.entry) is None:
            return None
        rating = self.typed.read(turn.text).rating
        return phrases.CheckIn(rating) if rating is not None else None


class PracticeInGroup(Stage):
    """In a group a rating is kept, quietly; the rest continues in the private chat."""

    def __init__(self, practice: Practice) -> None:
        self.practice = practice

    def handle(self, turn: Turn) -> Response | None:
        intent = phrases.read(turn.text)
        if intent is None:
            return None
        if isinstance(intent, phrases.CheckIn):
            self.practice.on_intent(turn.user_id, turn.state, intent, turn.now)
            return groups.noted_in_diary()
        return turn.chat.elsewhere(_practice_view(intent))


MAX_THEIR_RATING_WORDS = 14  # "my mum's knee is at a 6 today": a rating of someone else, said on its own


def _practice_view(intent: phrases.Intent) -> Action:
    """What the private chat shows for a practice intent said in a group."""
    match intent:
        case phrases.ShowProgress() | phrases.CheckIn() | phrases.BadRating():
            return ShowPractice(PracticeView.PROGRESS)
        case phrases.ExportDiary():
            return ShowPractice(PracticeView.EXPORT)
        case phrases.ShowDiary() | phrases.UndoRating() | phrases.ClearDiary():
            return ShowPractice(PracticeView.DIARY)
    return ShowPractice(PracticeView.REMINDERS)
