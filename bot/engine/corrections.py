"""A message edited after it was sent is read again as a correction: a pain rating typed in the
first version gives way to the edit's own (or goes, if the edit has none)."""

from __future__ import annotations

from dataclasses import replace

from bot.engine.events import Event, Text
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Turn
from bot.engine.practice.changes import AddRating, WithdrawRating
from bot.engine.practice.coach import Practice
from bot.engine.replies import Reply, Response, esc
from bot.engine.state import UserState

EDITABLE = 3 * 24 * 3600.0  # seconds after which Telegram no longer lets a message be edited (48 h), with room


class Corrections:
    def __init__(self, practice: Practice) -> None:
        self.practice = practice

    def withdrawn(self, turn: Turn, event: Event) -> list[int]:
        """For an edited message: the scores of the ratings typed in it before, which go (the
        edit's own rating takes their place). Notes which message this is in any case."""
        if not isinstance(event, Text) or event.message is None:
            return []
        turn.state.message = event.message
        if not event.edited:
            return []
        earlier = self.practice.store.ratings(turn.user_id, since=turn.now - EDITABLE)
        scores = [rating.score for rating in earlier if rating.source == event.message and rating.score is not None]
        if scores:
            turn.state.defer(WithdrawRating(event.message))
        return scores

    @staticmethod
    def noted(state: UserState, scores: list[int], response: Response) -> Response:
        """``response`` led by a note that the edited message's rating was replaced, or taken out."""
        again = any(isinstance(change, AddRating) and change.source == state.message for change in state.deferred)
        note = (MESSAGES.rating_replaced if again else MESSAGES.rating_withdrawn).format(score=scores[-1])
        return replace(response, replies=(Reply(esc(note)), *response.replies))
