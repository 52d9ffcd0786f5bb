"""What people tell about themselves and ask of their data: facts noted, a fact dropped, erasing
asked in words, what is kept, commands typed among words."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from bot.engine import render
from bot.engine.answers import Answers, Request
from bot.engine.memory.facts import CONDITIONAL
from bot.engine.memory.profile import Profile
from bot.engine.memory.typed import TypedReplies
from bot.engine.messages import MESSAGES
from bot.engine.pipeline import Stage, Turn
from bot.engine.replies import Meta, Reply, Response, esc
from bot.engine.routines import RoutineFlow
from bot.engine.routines.check_words import CheckWords
from bot.engine.safety_gate import SafetyGate
from bot.engine.state import Fact
from bot.knowledge import Knowledge, Section
from bot.knowledge.models import Smalltalk
from bot.matching.matcher import Matcher, Outcome
from bot.matching.someone_else import SomeoneElse
from bot.text.asking import is_question
from bot.text.normalise import normalise
from bot.text.tokens import content_tokens, content_words

# After something told about oneself that asks nothing ("I take warfarin").
WHAT_NEXT = Response((Reply(MESSAGES.what_next, render.main_menu()),), Meta(kind="smalltalk", id="noted"))


class FactsTold(Stage):
    def __init__(
        self,
        knowledge: Knowledge,
        profile: Profile,
        answers: Answers,
        routines: RoutineFlow | None = None,
        corrected: Callable[[str], str] | None = None,
        check_words: CheckWords | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.profile = profile
        self.answers = answers
        self.routines = routines
        self.corrected = corrected  # the message with its slips corrected, read when as typed tells nothing
        self.check_words = check_words
        self._someone_else = SomeoneElse(knowledge.safety.scope.other_person)

    def handle(self, turn: Turn) -> None:
        if self.routines is not None and self.routines.checking_someone_else(turn.state):
            return  # at the check about the person a carer massages: about them, not the carer
        if self._under_their_introduction(turn) and not _OF_THE_WRITER.search(normalise(turn.text)):
            return  # "has varicose veins on the left leg" under their routine: theirs, for its check
        turn.told = self.profile.take_note(turn.state, turn.text, turn.now)
        if (
            self.routines is not None
            and not self._under_their_introduction(turn)
            and not (_DROP.search(normalise(turn.text)) and not self._someone_else.names(normalise(turn.text)))
            # "drop the diabetes thing" tells of nobody
            and (self.profile.said_of_someone_else(turn.text) or self._within_told_of_them(turn))
        ):
            # "my dad is on warfarin", "my wife had keyhole surgery three weeks ago": for their check later
            self.routines.remember_theirs(turn.state, turn.text)
            if self.check_words is not None:
                self.routines.remember_their_lines(turn.state, self.check_words.told_within(turn.text, turn.now))
        if not (turn.told.lines or turn.told.answers) and self.corrected is not None:
            spelled = self.corrected(turn.text)  # "varicose viens on my right leg"
            if spelled != turn.text:
                turn.told = self.profile.take_note(turn.state, spelled, turn.now)
        topic = turn.state.context
        if not (turn.told.lines or turn.told.answers) and topic is not None and topic.turns <= 1:
            turn.told = self.profile.take_note_of_topic(turn.state, turn.text, turn.now, topic.entry)
        if not (turn.told.lines or turn.told.answers) and topic is not None and topic.turns <= 1:
            self._their_side_of_topic(turn, topic.entry)  # "they're on her right leg" after their veins

    def _their_side_of_topic(self, turn: Turn, topic: str) -> None:
        """The leg told of the person a carer helps for the condition just answered about, told of
        them ("my mum has varicose veins", then "they're on her right leg"): kept with their
        answers, and said so; nothing when that condition was not told of them."""
        said = self.profile.side_of_topic_for_them(turn.text, topic)
        if said is None or self.routines is None:
            return
        fact, side = said
        theirs = turn.state.their_screening
        if not any((answer := theirs.get(question_id)) is not None and answer.yes for question_id in fact.screening):
            return
        name = fact.phrases[0]
        self.routines.remember_theirs(turn.state, f"their {name} are on the {side} leg")
        turn.told = replace(turn.told, theirs=[MESSAGES.their_side_noted.format(condition=name, side=side)])

    def _within_told_of_them(self, turn: Turn) -> bool:
        """Whether a line asking about a span of time is told of somebody else with a time surely
        within it, though the scope reader sets it aside as their history ("my dad had keyhole
        surgery on his knee 3 weeks ago"): nothing said of the writer, somebody else named."""
        if self.check_words is None or turn.told.lines or self.profile.said_of_self(turn.text):
            return False
        return bool(self.check_words.told_within(turn.text, turn.now)) and self._someone_else.names(
            normalise(turn.text)
        )

    def _under_their_introduction(self, turn: Turn) -> bool:
        """Whether a partner routine's introduction, which lists its check, is right above: what
        is told there answers that check, and is said so there."""
        context = turn.state.context
        routine = self.knowledge.routine(context.entry) if context is not None else None
        return context is not None and routine is not None and routine.mode == "partner" and context.turns <= 1

    def finish(self, turn: Turn, response: Response) -> Response:
        """Lead with the note; instead of "I don't know that one" after "I take warfarin, how
        gentle should I be?", the safety answer for the condition named, or what next."""
        told = turn.told
        if turn.urgent:  # a red flag's advice goes out alone
            return response
        unplaced = response.meta.kind == "fallback" or (response.meta.kind == "clarify" and told.of_topic)
        if unplaced and (told.lines or told.answers):
            response = self._about_what_was_told(turn, told.answers, response)
        if told.theirs:  # kept about the person a carer helps: said so, with what next rather than "don't know"
            response = WHAT_NEXT if response.meta.kind in ("fallback", "clarify") else response
            response = replace(response, replies=(Reply("📝 " + esc(" ".join(told.theirs))), *response.replies))
        if told.lines:
            response = replace(response, replies=(turn.chat.noted(told.lines), *response.replies))
        return response

    def _about_what_was_told(self, turn: Turn, answers: list[str], fallback: Response) -> Response:
        if len(answers) != 1:
            return WHAT_NEXT
        entry = self.knowledge.get(answers[0])
        if entry is None:
            return fallback
        return self.answers.answer(turn, Request(entry, Section.CAUTIONS, why=("answer (condition)",)))


# Asking whether something told is kept: "does it remember that...", "do you know I...".
_REMEMBERS = re.compile(
    r"\b(?:remember|remembers|remembered|recall|know|knows|aware|have (?:that|it) (?:down|noted|saved|written down)|"
    r"got (?:that|it) (?:down|noted|saved)|kept|saved|stored|noted|think|reckon)\b"
)


_THAT = re.compile(r"^(?:that|about|of|how|the fact that)\b")
# What is asked to be remembered is the writer's own: "(that) I'm pregnant", "my veins".
_OF_THE_WRITER = re.compile(r"\b(?:i|im|i m|my|me|mine|myself)\b")
MAX_REMEMBERED_WORDS = 6  # "do you remember my veins?": a fact named in a few words, asking nothing else


# Asking for something kept to be dropped: "forget the diabetes bit", "delete what I said about
# warfarin", "I'd rather you didn't store that".
_DROP_AT_MOST = 3  # words before the drop ("could you please forget ...")
_DROP_WORDS = 10  # a longer message is about something else ("... wants to drop the one for his knee ...")
_DROP = re.compile(
    r"\b(?:forget|delete|remove|erase|wipe|scrub|drop|unsave)\b|"
    r"\b(?:don ?t|do not|didn ?t|stop|rather you didn ?t|rather not|no need to)(?: (?:need|have) to)? "
    r"(?:keep|keeping|store|storing|save|saving|remember)"
)


class ForgetAFact(Stage):
    """ "Forget the diabetes bit": one fact told about oneself, dropped in words, and said so;
    the rest is kept (all of it goes with /forget, which asks first). A fact named that is kept
    as an answer about the person a carer helps is dropped there too."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile

    def handle(self, turn: Turn) -> Response | None:
        if not _DROP.search(normalise(turn.text)):
            return None
        said = normalise(turn.text)
        told = {fact.id for fact, _ in self.profile.said_of_anyone(turn.text)}
        words = set(content_tokens(said))
        named = {
            fact.id
            for fact in self.profile.facts.values()
            if fact.id in told
            or any(re.search(rf"\b{re.escape(normalise(name))}\b", said) for name in (*fact.phrases, *fact.keywords))
            or words.intersection(
                content_tokens(normalise(" ".join((*fact.phrases, *fact.keywords))))
            )  # "the veins bit"
        }
        kept = [(fact, fact_kept) for fact, fact_kept in self.profile.known(turn.state) if fact.id in named]
        theirs = [
            question_id
            for question_id in turn.state.their_screening
            if any(question_id in self.profile.facts[fact_id].screening for fact_id in named)
        ]  # told of the person a carer helps ("my dad is on warfarin"), named to be dropped
        their_facts = [fact_id for fact_id in turn.state.their_facts if fact_id in named]  # no line asks them
        drop = _DROP.search(said)
        after = said[drop.end() :] if drop is not None and len(said[: drop.start()].split()) <= _DROP_AT_MOST else ""
        by_name = {  # named after a drop that opens a short message ("please drop the warfarin thing")
            fact.id
            for fact in self.profile.facts.values()
            if any(re.search(rf"\b{re.escape(normalise(name))}\b", after) for name in (*fact.phrases, *fact.keywords))
        }
        by_name = by_name if len(said.split()) <= _DROP_WORDS else set()
        if (
            not (kept or theirs or their_facts)
            and by_name
            and turn.state.forget_token is None
            and not (turn.told.lines or turn.told.answers)
            and not is_question(turn.text)
            and CONDITIONAL.isdisjoint(said.split())  # "if I drop dairy and sweets, will my knees feel better"
        ):
            # "drop the diabetes thing" with nothing of it kept (nor of anyone helped): said plainly
            reply = Reply(esc(MESSAGES.nothing_to_forget), render.main_menu())
            return Response((reply,), Meta(kind="data", id="nothing-to-forget"))
        if not (kept or theirs or their_facts):
            return None
        lines = []
        for fact, fact_kept in kept:
            del turn.state.profile[fact.id]
            lines.append(MESSAGES.fact_forgotten.format(fact=Profile.says(fact, fact_kept)))
        for question_id in theirs:
            del turn.state.their_screening[question_id]
            question = self.profile.knowledge.screening_question(question_id)
            asked = (question.for_partner or question.question) if question is not None else question_id
            lines.append(MESSAGES.their_answer_forgotten.format(question=asked))
        for fact_id in their_facts:
            del turn.state.their_facts[fact_id]
            lines.append(MESSAGES.their_fact_forgotten.format(condition=self.profile.facts[fact_id].phrases[0]))
        turn.told = replace(turn.told, lines=[], answers=[])
        reply = Reply("\n".join(f"📝 {esc(line)}" for line in lines) + "\n" + MESSAGES.what_next, render.main_menu())
        return Response((reply,), Meta(kind="data", id="fact-forgotten"))


class EraseInWords(Stage):
    """Asking in words to erase everything, with no question about it on show ("yes, wipe it
    all", "delete everything you have on me"): /forget's question, since nothing is erased
    without a yes to it. Soon after a crisis reply too, rather than its check-in again: erasing
    is always possible, and the question comes with a line of support. A fact named is
    ForgetAFact's ("forget the diabetes bit"); a message the safety gate raised a flag for never
    gets here, and one that tells a warning sign on its own is left to the check-in."""

    def __init__(
        self,
        knowledge: Knowledge,
        typed: TypedReplies,
        matcher: Matcher,
        gate: SafetyGate,
        command: Callable[[Turn, str], Response],
    ) -> None:
        self.knowledge = knowledge
        self.typed = typed
        self.matcher = matcher
        self.gate = gate
        self.command = command
        phrasings = [text for item in knowledge.smalltalk if item.command == "forget" for text in item.phrasings]
        self._words = sorted({word for text in phrasings for word in content_words(normalise(text))})

    def handle(self, turn: Turn) -> Response | None:
        state = turn.state
        if state.forget_token is not None or not _DROP.search(normalise(turn.text)):
            return None  # at the question, the screen reads the answer
        crisis = self.gate.crisis_lately(state, turn.now)
        # the request in other words is the matcher's to read, later, but for a crisis's check-in
        if not (self.typed.read(turn.text, self._words).yes or (crisis and self._asked_as_a_command(turn.text))):
            return None
        if self.gate.card(turn.text) is not None:
            return None  # a warning sign in the message itself ("I want to delete myself"): safety first
        asked = self.command(turn, "forget")
        if not crisis:
            return asked
        return replace(asked, replies=(Reply(esc(MESSAGES.erase_with_support)), *asked.replies))

    def _asked_as_a_command(self, text: str) -> bool:
        match = self.matcher.match(text)
        entry = self.knowledge.get(match.entry_id) if match.outcome is Outcome.ANSWER and match.entry_id else None
        return isinstance(entry, Smalltalk) and entry.command == "forget"


# A command typed among words: "/forget" as a word of its own, not inside a path ("knee/leg").
_SLASH_COMMAND = re.compile(r"(?<![\w/])/([A-Za-z]+)\b(?!/)")


class CommandInAMessage(Stage):
    """A command typed among words ("oh wait, /forget", "/mydata please"): run as if it had
    been typed alone, once the safety gate has read the message. A message with two different
    commands runs neither, and /start, which starts over, runs only when typed alone."""

    def __init__(self, knows: Callable[[str], bool], command: Callable[[Turn, str], Response]) -> None:
        self.knows = knows
        self.command = command

    def handle(self, turn: Turn) -> Response | None:
        names = {name.lower() for name in _SLASH_COMMAND.findall(turn.text)}
        if len(names) != 1:
            return None
        name = names.pop()
        if name == "start" or not self.knows(name):
            return None
        return self.command(turn, name)


class RememberedFacts(Stage):
    """Asking whether something told is kept ("does it remember that I'm pregnant?", "do you
    know I take warfarin?"): yes, as it is kept, or noted now if it was not; said of the writer,
    it is never an answer to the check about the person a carer massages."""

    def __init__(self, profile: Profile, routines: RoutineFlow) -> None:
        self.profile = profile
        self.routines = routines
        # A word of one fact's phrases and no other's ("veins", "warfarin"): the fact, named in short
        owners: dict[str, set[str]] = {}
        for fact in profile.facts.values():
            for phrase in fact.phrases:
                for word in content_words(normalise(phrase)):
                    owners.setdefault(word, set()).add(fact.id)
        self._words = {word: next(iter(ids)) for word, ids in owners.items() if len(ids) == 1}

    def handle(self, turn: Turn) -> Response | None:
        text = normalise(turn.text)
        asked = _REMEMBERS.search(text)
        if asked is None or not is_question(turn.text):
            return None
        told = _THAT.sub("", text[asked.end() :]).strip()  # "... that I'm pregnant": what it asks about
        if not _OF_THE_WRITER.search(told):
            return None  # "do you know about varicose veins?": a question about them, not a memory
        facts = self.profile.said_of_self(told)
        kept = {fact.id: fact_kept for fact, fact_kept in self.profile.known(turn.state)}
        if not facts:
            return self._kept_or_not(turn, told, kept)
        lines: list[str] = []
        theirs = {question_id for question_id, answer in turn.state.their_screening.items() if answer.yes}
        told_of_them = all(fact.id not in kept and set(fact.screening) & theirs for fact in facts)
        if told_of_them and not turn.told.lines:  # "do you know I take apixaban?" after "my gran takes apixaban"
            again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
            note = Reply(esc(MESSAGES.remembered_as_theirs), () if again else render.main_menu())
            return Response((note, *again), Meta(kind="data", id="remembered"))
        if not turn.told.lines and all(fact.id in kept for fact in facts):
            said = ", ".join(self.profile.says(fact, kept[fact.id]) for fact in facts)
            lines.append(MESSAGES.remembered.format(facts=said))
        else:  # noted now (or just now, by the facts told): the note leads the answer
            if not turn.told.lines:
                turn.told = self.profile.take_note(turn.state, told, turn.now)
            lines.append(MESSAGES.remembered_not_yet)
        if self.routines.for_someone_else(turn.state):
            lines.append(MESSAGES.remembered_not_theirs)
        again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
        return Response((Reply(esc(" ".join(lines))), *again), Meta(kind="data", id="remembered"))

    def _kept_or_not(self, turn: Turn, told: str, kept: dict[str, Fact]) -> Response | None:
        """Asking whether something of one's own is remembered that states no fact ("do you
        remember my veins?"): yes with what is kept of it, or that nothing about it is kept now
        (after /forget, or once it has lapsed), with how to tell it again; None when it names
        no fact at all."""
        named = self.profile.named(told) or [
            self.profile.facts[fact_id] for word in content_words(told) if (fact_id := self._words.get(word))
        ]
        if not named or len(told.split()) > MAX_REMEMBERED_WORDS:
            return None
        known = [fact for fact in named if fact.id in kept]
        if known:
            said = ", ".join(self.profile.says(fact, kept[fact.id]) for fact in known)
            text = MESSAGES.remembered.format(facts=said)
        else:
            text = MESSAGES.remembered_nothing
        again = tuple(replace(screen, edit=False) for screen in self.routines.current_screen(turn.state))
        return Response((Reply(esc(text), () if again else render.main_menu()), *again), Meta("data", "remembered"))
