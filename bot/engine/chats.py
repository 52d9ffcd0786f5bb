"""Where a message was written: the person's private chat with the bot, or a group.

Everything that differs between the two is here, behind one interface, instead of a ``group``
flag through the engine: what answers may show (the person's own cautions, the way back to
their routine) and what goes to the private chat instead (see :mod:`bot.engine.groups` for
why). Which stages a typed message goes through in each is in :mod:`bot.engine.pipelines`.
"""

from __future__ import annotations

from bot.engine import groups
from bot.engine.actions import Action, OpenRoutine
from bot.engine.memory.profile import Profile
from bot.engine.messages import MESSAGES
from bot.engine.replies import Button, Keyboard, Reply, Response, esc
from bot.engine.routines import RoutineFlow
from bot.engine.state import UserState
from bot.knowledge import Entry, Knowledge
from bot.safety.triage import RedFlagHit


class Chat:
    """The private chat: everything of the person's own may be shown."""

    reminds = True  # of a red flag raised before (which names what the person told)

    def __init__(self, knowledge: Knowledge, routines: RoutineFlow, profile: Profile) -> None:
        self.knowledge = knowledge
        self.routines = routines
        self.profile = profile

    def resume_row(self, state: UserState) -> Keyboard:
        """The button back to a routine under way."""
        return self.routines.resume_row(state)

    def cautions(self, state: UserState, entry: Entry) -> list[str]:
        """The person's own cautions for ``entry``, from its texts and their facts."""
        return self.profile.cautions(state, entry, entry.caution_texts())

    def for_you(self, opens: Action) -> Keyboard:
        """A button to an answer (``opens``) where what the person told us shapes it: here already."""
        return ()

    def elsewhere(self, action: Action) -> Response | None:
        """What to answer instead of doing ``action`` here: nothing, here everything is done."""
        return None

    def personal_command(self, action: Action) -> Response | None:
        """What to answer instead of a command about the person's own data or routine, which
        the private chat does with ``action``: nothing, it is done here."""
        return None

    def plan_state(self, state: UserState) -> UserState:
        """The state a daily plan is fitted to."""
        return state

    def noted(self, lines: list[str]) -> Reply:
        return Reply("📝 " + esc(" ".join(lines)), notice=True)

    def shown_flag(self, hit: RedFlagHit, said: RedFlagHit | None) -> RedFlagHit | None:
        """The red flag whose advice is shown: ``hit``, read with what the person told before."""
        return hit

    def routine_stopped(self) -> tuple[Reply, ...]:
        return (Reply(MESSAGES.routine_stopped),)

    def starts_over(self, state: UserState, action: Action | None) -> bool:
        """/start: a routine under way ends (unless a deep link leads to something else);
        True when one did."""
        if action is not None and not isinstance(action, OpenRoutine):
            return False
        ended = state.routine is not None
        state.end_routine()
        state.screening.clear()
        return ended

    def finish(self, response: Response) -> Response:
        return response


class GroupPolicy(Chat):
    """A chat others read too: nothing personal is shown; it continues in the private chat."""

    reminds = False

    def resume_row(self, state: UserState) -> Keyboard:
        return ()  # the routine is private

    def cautions(self, state: UserState, entry: Entry) -> list[str]:
        return []

    def for_you(self, opens: Action) -> Keyboard:
        """Shown to everyone, so it says nothing about who told us what."""
        return ((Button(MESSAGES.group_for_you, opens, private=True),),)

    def elsewhere(self, action: Action) -> Response | None:
        """A button to the private chat for something personal."""
        return self.personal_command(action) if groups.is_personal(action) else None

    def personal_command(self, action: Action) -> Response | None:
        target = groups.where_it_continues(action)
        routine = self.knowledge.routine(target.routine_id) if isinstance(target, OpenRoutine) else None
        return groups.elsewhere(target, routine.title if routine else None)

    def plan_state(self, state: UserState) -> UserState:
        return UserState()  # the plan anyone would get: what the person told us stays private

    def noted(self, lines: list[str]) -> Reply:
        return Reply(MESSAGES.group_noted, notice=True)

    def shown_flag(self, hit: RedFlagHit, said: RedFlagHit | None) -> RedFlagHit | None:
        """The flag the message raises on its own: what rests on what the person told us before
        (in private, perhaps) is read in the private chat."""
        return said

    def routine_stopped(self) -> tuple[Reply, ...]:
        return ()  # others would learn that a routine was under way

    def starts_over(self, state: UserState, action: Action | None) -> bool:
        return False  # a routine under way is in the private chat

    def finish(self, response: Response) -> Response:
        return groups.in_public(response)
