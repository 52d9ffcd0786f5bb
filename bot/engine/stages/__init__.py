"""The stages a typed message goes through, in the order :mod:`bot.engine.chats` lists them.

1. :class:`FactsTold`: what the person says about themselves ("I take warfarin") is noted, and
   leads the answer found later.
2. :class:`SafetyGate`: red-flag triage, once; a red flag is answered at once, in any state.
3. :class:`ScreenOnShow`: a typed reply to the screen on show ("nope", "about a 6", "next"), as
   its button would (private chat only); :class:`Suggestions`: "the second one" after "Did you
   mean...", "start" under a routine's introduction.
4. :class:`SafetyReminder`: a flag raised before and still described: the reminder.
5. :class:`PracticeInWords` (:class:`PracticeInGroup`): reminders, pain ratings and progress in
   plain words.
6. :class:`FollowUp`: a follow-up about the entry on the table ("how long?").
7. :class:`MatchStage`: anything else, as the matcher reads it, daily plans included ("what
   should I do every day for my stiff knees?"). It always answers.
"""

from bot.engine.stages.facts import WHAT_NEXT, CommandInAMessage, EraseInWords, FactsTold, ForgetAFact, RememberedFacts
from bot.engine.stages.follow_up import MAX_TURNS_FOR_ONESELF, FollowUp
from bot.engine.stages.in_words import REPLY_WORDS, InOtherWords, WhileWaiting
from bot.engine.stages.match import MAX_WORDS_FOR_THE_CHOICES, NAMED_WORDS, MatchStage
from bot.engine.stages.practice import MAX_THEIR_RATING_WORDS, PracticeInGroup, PracticeInWords
from bot.engine.stages.safety import KNEE_CONTENT, WHEN_TO_SEE_A_DOCTOR, SafetyGateStage, SafetyReminder, SessionEnding
from bot.engine.stages.screen import PAUSE_SECONDS, STEP_SECONDS, ScreenOnShow
from bot.engine.stages.suggestions import AGAIN_WITHIN, Suggestions

__all__ = [
    "AGAIN_WITHIN",
    "KNEE_CONTENT",
    "MAX_THEIR_RATING_WORDS",
    "MAX_TURNS_FOR_ONESELF",
    "MAX_WORDS_FOR_THE_CHOICES",
    "NAMED_WORDS",
    "PAUSE_SECONDS",
    "REPLY_WORDS",
    "STEP_SECONDS",
    "WHAT_NEXT",
    "WHEN_TO_SEE_A_DOCTOR",
    "CommandInAMessage",
    "EraseInWords",
    "FactsTold",
    "FollowUp",
    "ForgetAFact",
    "InOtherWords",
    "MatchStage",
    "PracticeInGroup",
    "PracticeInWords",
    "RememberedFacts",
    "SafetyGateStage",
    "SafetyReminder",
    "ScreenOnShow",
    "SessionEnding",
    "Suggestions",
    "WhileWaiting",
]
