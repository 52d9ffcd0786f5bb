"""What a message says about the person's present: concepts found, with each sign tied to a site.

The result is a small set of keys: concept names ("fever", "clot-risk", "calf") and sign@site
pairs ("swollen@calf"). Keys hold no message text, so the last few messages' findings can be
kept between messages and read together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.knowledge.models import SafetyFile
from bot.text.chat_spellings import standard_word
from bot.text.normalise import normalise
from bot.text.phrases import Mention, PhraseFinder
from bot.text.scope import FIRST_PERSON, GENERAL, TIME_REASONS, ReadMessage, ScopeReader, Subject

HARMLESS = "(harmless)"
ANY_SITE = "*"  # "deformed@*": the sign is said of some part of the body
# A site named in the plural is both sides ("my calves ache"), unless one of them is named.
BOTH_SIDES = "both-sides"
ONE_SIDE = "one-side"
_LIST_WORDS = frozenset("or and nor any no not a an the".split())
_TOWARDS = frozenset("into in to through towards around".split())
SPREAD_REACH = 8  # words after a sign in which "into my foot" says where it reaches

# Numbers people write for a concept, read from the normalised text ("38.5" reads "38 5").
_AGE_NUMBER = r"(?:5[5-9]|[6-9]\d|1[01]\d)"
_CHILD_AGE = r"(?:1[0-7]|[1-9])"
NUMBER_PATTERNS: dict[str, re.Pattern[str]] = {
    "fever": re.compile(
        r"\b(?:temp|temperature|fever|thermometer|reading|running)\b(?: \w+){0,3}? (?:3[89]|4[0-2]|10[0-5])(?: \d)?\b"
        r"|\b(?:3[89]|4[0-2])(?: \d)? ?(?:c|degrees|celsius|on the thermometer)\b"
        r"|\b10[0-5](?: \d)? ?(?:f|degrees|fahrenheit)\b"
        r"|(?<!\d )\b3[89] [0-9]\b(?! \d)"  # a reading such as 38.1 (which normalises to "38 1")
    ),
    "older": re.compile(
        rf"\b(?:im|i am|am|is|s|hes|shes|aged|age|turned|turning|now)\s+{_AGE_NUMBER}\b"
        r"(?! (?:minutes|mins|seconds|secs|kg|kilos|lbs|pounds|percent|degrees|times|reps|steps|miles|km))"
        rf"|\b{_AGE_NUMBER} ?(?:years? old|yrs? old|yo|year old|here)\b"
    ),
    # A child's age written as a number ("my 13 yo", "our 3 year old", "my son is 9").
    "child": re.compile(
        rf"\b(?:my|our|her|his|their)\s+{_CHILD_AGE} ?(?:yo|yr old|yrs old|year old|years old|month old|months old)\b"
        rf"|\b(?:son|daughter|boy|girl|kid|child|grandson|granddaughter|nephew|niece)\s+(?:is\s+|aged\s+)?{_CHILD_AGE}\b"
        r"(?! ?(?:minutes|mins|hours|hrs|days|weeks|months|times|miles|km|percent|kg|kilos|degrees|steps|reps|secs"
        r"|am|pm))"
    ),
    "pregnant": re.compile(
        r"\b(?:im|i am|is|s|shes|at|now|currently|about|almost|nearly|only|just|preg|pregnant|pregnent)\s+"
        r"(?:1[2-9]|[23]\d|4[0-2]) ?(?:weeks|wks|wk|w)\b"
        r"|^(?:1[2-9]|[23]\d|4[0-2]) ?(?:weeks|wks|wk|w)\b(?! (?:ago|of|since|later|after|old))"
        r"|\b(?:1[2-9]|[23]\d|4[0-2]) ?(?:weeks|wks|wk) (?:pregnant|preg|gone|along)\b"
    ),
    "weight-loss": re.compile(
        r"\b(?:lost|dropped|down) (?:about |around |like |over |nearly |almost )?"
        r"\d+ ?(?:kg|kgs|kilos?|pounds|lbs?|stone|st)\b"
    ),
}
# Emoji that say a word.
_EMOJI_WORDS = str.maketrans({"🤒": " fever ", "🥵": " hot ", "🥶": " cold "})


@dataclass
class Findings:
    """Keys found in one message, each with the words that showed it (for explaining a flag)."""

    found: dict[str, str] = field(default_factory=dict)
    last_site: str | None = None
    # The message's words without what it sets aside (negated mentions, history, general
    # questions): what the learned net reads, so that "my calf is not swollen" reads "my calf is".
    present: str = ""
    # The message takes back or puts in the past what the person said before ("that was in
    # 2012, all treated"; "sorry, autocorrect, I meant sore"), and describes no sign of its own.
    revises_earlier: bool = False
    # The message says the earlier ones were about someone else ("sorry, I meant my neighbour's
    # calf, not mine") without taking back what was described: it still needs checking, for them.
    someone_else: bool = False
    # Nothing of the message was set aside or rewritten: its present says what the message as
    # typed says, so the net's meaning reader may read the message as the matcher embeds it.
    verbatim: bool = False
    # Concepts whose words lie inside a phrase the curator listed as harmless ("want to die" in
    # "want to die of embarrassment"): the message says them only as that phrase.
    explained: frozenset[str] = frozenset()
    # Signs are named only in a clause asked in general ("what counts as a swollen calf?", "when
    # you say can't bear weight, does limping count?"), and none as present.
    asked_in_general: bool = False
    # Keys the message names only in what it sets aside (a general question, the past, someone
    # else's history): "can a dislocated kneecap be massaged?" asks of one, it does not tell one.
    asked: frozenset[str] = frozenset()
    # A short message that says, and denies nothing, that something is the person's, now ("it's
    # happening right now", "yes it's out at the moment"): it may revise the previous message's
    # general question into the person's own present. ``claims_own``: it says so outright ("this
    # is me", "it's happening to me"), not only with a word of now.
    confirms: bool = False
    claims_own: bool = False
    # Circumstances of one person's body said of someone else beside the writer's own signs
    # ("my husband is on chemo and my knee is hot"): not read with them, and no ground for the
    # net to guess a rule they would make ("his chemo" is no septic joint of mine).
    theirs: frozenset[str] = frozenset()

    def add(self, key: str, words: str) -> None:
        self.found.setdefault(key, words)


# Parts of the body that come many to a side: "my toes are numb" says nothing of both feet.
_MANY_TO_A_SIDE = frozenset({"toe", "finger"})


def _plural(mention: Mention, message: ReadMessage) -> bool:
    """Whether a site is named in the plural where its phrase is singular ("calves" for "calf",
    which the stems read alike), of a part one has one of on each side."""
    said = message.words[mention.end - 1]
    phrase = normalise(mention.phrase).split()[-1]
    return said != phrase and said.endswith("s") and not phrase.endswith("s") and phrase not in _MANY_TO_A_SIDE


class FindingsReader:
    def __init__(self, safety: SafetyFile) -> None:
        self._kinds: dict[str, str] = {}
        groups: dict[str, list[str]] = {}
        for kind in ("sites", "signs", "contexts"):
            for name, phrases in getattr(safety, kind).items():
                self._kinds[name] = kind
                groups[name] = list(phrases)
        self._kinds[HARMLESS] = "harmless"
        groups[HARMLESS] = list(safety.harmless)
        self._scope = ScopeReader(safety.scope)
        self._concepts = PhraseFinder(groups, blockers=self._scope.negators)
        self.default_site = safety.default_site
        # Sites whose signs the rules read differently on both sides ("warm@calf" unless
        # "both-sides"): there, the site named in the plural says both.
        self._paired_sites = frozenset(
            condition.partition("@")[2]
            for flag in safety.red_flags
            for alternative in flag.when
            if f"!{BOTH_SIDES}" in alternative
            for condition in alternative
            if "@" in condition and not condition.startswith("!")
        )
        self._lasting = frozenset(safety.lasting)
        self._personal = frozenset(safety.personal)

    def read(self, text: str, earlier_site: str | None = None) -> Findings:
        """Findings of ``text``; ``earlier_site`` is the site the person talked about last."""
        translated = text.translate(_EMOJI_WORDS)
        message = self._scope.read(translated)
        findings = self._findings(message, text, translated, earlier_site)
        if len(message.words) <= ASKED_WORDS and any(clause.set_aside for clause in message.clauses):
            # What the message names only as asked in general, in the past or of someone else's
            # history: read again should the next message say it is the person's, now.
            lifted = replace(message, clauses=[replace(clause, set_aside=None) for clause in message.clauses])
            again = self._findings(lifted, text, translated, earlier_site)
            findings.asked = frozenset(again.found) - frozenset(findings.found)
        findings.confirms, findings.claims_own = _says_it_is_now(message)
        return findings

    def _findings(self, message: ReadMessage, text: str, translated: str, earlier_site: str | None) -> Findings:
        mentions, named_inside, dropped, explained = self._present_mentions(message)
        findings = Findings(
            present=_present_text(message, dropped), verbatim=not dropped and translated == text, explained=explained
        )
        last_site = earlier_site
        sites = [m for m in mentions if self._kinds[m.name] == "sites"]
        # With no site named anywhere, one lone sign ("hot spring resorts") is not about the
        # body; two or more ("it's hot and swollen") are taken to be about the default site.
        signs = [m for m in mentions if self._kinds[m.name] == "signs"]
        fallback_site = self.default_site if len(signs) >= 2 else None
        theirs = self._someone_elses(mentions, signs, sites, message)
        findings.theirs = frozenset(mention.name for mention in theirs)
        for mention in mentions:
            if mention in theirs:
                continue  # "my wife is pregnant" beside "my knee is swollen": her circumstance, not mine
            words = " ".join(message.words[mention.start : mention.end])
            kind = self._kinds[mention.name]
            findings.add(mention.name, words)
            if kind == "signs":
                site = (
                    named_inside.get(mention)  # "knee locks", "bone poking through the skin"
                    or _site_right_after(mention, sites, message)  # "can't feel the top of my foot"
                    or _nearest_site(mention, sites, message)
                    or last_site
                    or fallback_site
                )
                for where in filter(None, (site, _site_it_spreads_to(mention, sites, message))):
                    findings.add(f"{mention.name}@{where}", words)
                    findings.add(f"{mention.name}@{ANY_SITE}", words)
            elif kind == "sites":
                last_site = mention.name
        plural = next((m for m in sites if m.name in self._paired_sites and _plural(m, message)), None)
        if plural is not None and BOTH_SIDES in self._kinds and ONE_SIDE not in findings.found:
            findings.add(BOTH_SIDES, " ".join(message.words[plural.start : plural.end]))  # "my calves ache"
        self._add_numbers(message, findings)
        findings.last_site = last_site
        has_signs = any(self._kinds.get(key) == "signs" for key in findings.found)
        set_aside = any(clause.set_aside for clause in message.clauses)
        # Only what puts the earlier messages in the past takes them back: a general question
        # after a flag ("what causes that?") leaves it standing.
        in_the_past = any(clause.set_aside in TIME_REASONS for clause in message.clauses)
        findings.someone_else = message.corrects and self._scope.names_someone_else(message) and not set_aside
        findings.someone_else &= not dropped  # nothing described is negated ("... and no swelling")
        findings.revises_earlier = not findings.someone_else and (message.corrects or (in_the_past and not has_signs))
        general = any(clause.set_aside == GENERAL for clause in message.clauses)
        findings.asked_in_general = not has_signs and general and self._signs_in_general(message)
        return findings

    def _someone_elses(
        self, mentions: list[Mention], signs: list[Mention], sites: list[Mention], message: ReadMessage
    ) -> set[Mention]:
        """The circumstances of one person's body (``personal`` in safety.yaml: "pregnant", "on
        chemo") said of someone else, when every sign whose owner the message says is the
        writer's own: "my daughter's pregnant, my knee is sore and puffy" tells of her pregnancy
        and my knee. Signs said of nobody in particular, or of another person too ("... and her
        ankles are swollen"), leave the circumstance to be read with them."""
        personal = {m for m in mentions if m.name in self._personal and self._scope.subject(message, m) == "other"}
        if not personal:
            return set()
        owners = {_owner(sign, sites, message, self._scope) for sign in signs} - {None}
        return personal if owners == {"self"} else set()

    def _signs_in_general(self, message: ReadMessage) -> bool:
        """Whether the message names a sign in a clause set aside as a general question."""
        for sentence_start, sentence_end in message.sentences:
            words, stems = message.words[sentence_start:sentence_end], message.stems[sentence_start:sentence_end]
            for found in self._concepts.find(words, stems):
                at = found.start + sentence_start
                if self._kinds.get(found.name) == "signs" and message.clause_at(at).set_aside == GENERAL:
                    return True
        return False

    def _present_mentions(
        self, message: ReadMessage
    ) -> tuple[list[Mention], dict[Mention, str], Dropped, frozenset[str]]:
        """Concept mentions that are not negated and whose clause describes the present; for
        each sign whose own words name a site ("knee locks"), that site; the words that do not
        describe the present (set-aside clauses, negated mentions with their negation); and the
        concepts said only inside a harmless phrase."""
        kept = []
        dropped: set[int] = set()
        denied: set[int] = set()  # where a negated mention began: it reads "fine" ("calf is fine")
        lasting_clauses = set()
        mentioning = set()  # clauses that mention a concept
        for sentence_start, sentence_end in message.sentences:
            words = message.words[sentence_start:sentence_end]
            stems = message.stems[sentence_start:sentence_end]
            previous: tuple[Mention, bool] | None = None
            previous_end = sentence_start
            for found in sorted(self._concepts.find(words, stems), key=lambda m: m.start):
                mention = Mention(found.name, found.start + sentence_start, found.end + sentence_start, found.phrase)
                clause = message.clause_at(mention.start)
                mentioning.add(message.clause_of[mention.start])
                listed = _listed_after_negated(previous, mention, message)
                negation = message.negation_of(mention)
                # "chills? nope", "knee hot? no": a sign answered no after it; the site it asks of stays
                answer = None if self._kinds[mention.name] == "sites" else message.answered_no(mention)
                previous = (mention, listed or negation is not None)
                if negation is not None or listed or answer is not None:
                    start = negation.start if negation is not None else previous_end if listed else mention.start
                    dropped.update(range(start, mention.end))
                    denied.add(start)
                elif self._in_scope(mention.name, clause.set_aside):
                    kept.append(mention)
                    if clause.set_aside:
                        lasting_clauses.add(message.clause_of[mention.start])
                previous_end = mention.end
        # A set-aside clause leaves the present when it mentions a concept ("I had a clot in
        # 2010"); one that mentions none is the story around it, which the net reads ("I've sorted
        # out who gets my things" is no symptom that is over). A clause set aside as a general
        # question stays for the net too: its words are many and broad ("worried about", "a plan
        # to"), and the learned scope reader weighs the whole message's framing instead ("my
        # client has a plan to end her life" is no question).
        # A clause the writer goes on with ("I was suicidal for years | and I got help") is one
        # with the clause before it here: set aside too, it leaves with it.
        set_aside: set[int] = set()
        parts = {message.clauses[index].part for index in mentioning}
        for index, clause in enumerate(message.clauses):
            if clause.set_aside and index not in lasting_clauses:
                set_aside.update(range(clause.start, clause.end))
                if (index in mentioning or clause.part in parts) and clause.set_aside != GENERAL:
                    dropped.update(range(clause.start, clause.end))
        kept = [m for m in kept if not self._a_topic(m, kept, message)]
        outer = [m for m in _outermost(kept, self._kinds) if m.name != HARMLESS]
        harmless = [m for m in kept if m.name == HARMLESS]
        explained = frozenset(
            m.name
            for m in kept
            if m.name != HARMLESS and m not in outer and any(h.start <= m.start and m.end <= h.end for h in harmless)
        )
        named_inside = {
            sign: site.name
            for sign in outer
            if self._kinds[sign.name] == "signs"
            for site in kept
            if self._kinds[site.name] == "sites" and sign.start <= site.start and site.end <= sign.end
        }
        return outer, named_inside, Dropped(dropped, denied, bool(dropped | set_aside)), explained

    def _a_topic(self, mention: Mention, kept: list[Mention], message: ReadMessage) -> bool:
        """A sign named as what someone talks, reads or worries about, with no part of the body
        in its clause to have it: "my mum is forever on about clots", "she's been reading about
        thrombosis". Talk of a condition is no symptom; "worried about the clot in his leg" is."""
        if self._kinds[mention.name] != "signs":
            return False
        at = mention.start - 1
        while at >= mention.start - TOPIC_GAP and at >= 0 and message.words[at] in _TOPIC_FILLERS:
            at -= 1  # "about getting a clot"
        if at < 0 or message.words[at] != "about" or message.clause_of[at] != message.clause_of[mention.start]:
            return False
        clause = message.clause_of[mention.start]
        return not any(self._kinds[m.name] == "sites" and message.clause_of[m.start] == clause for m in kept)

    def _in_scope(self, name: str, set_aside: str | None) -> bool:
        """A lasting fact ("diagnosed with osteoporosis two years ago") is not history."""
        return set_aside is None or (name in self._lasting and set_aside in TIME_REASONS)

    def _add_numbers(self, message: ReadMessage, findings: Findings) -> None:
        for clause in message.clauses:
            text = " ".join(message.words[clause.start : clause.end])
            for name, pattern in NUMBER_PATTERNS.items():
                if self._in_scope(name, clause.set_aside) and name in self._kinds and (match := pattern.search(text)):
                    findings.add(name, match.group(0))


@dataclass(frozen=True)
class Dropped:
    """The words of a message that do not describe the present, and where a negated mention
    began ("no swelling" reads as "fine", so that "my calf is not swollen" is "my calf is fine")."""

    words: set[int]
    denied: set[int]
    anything: bool  # some words of the message do not describe the present

    def __bool__(self) -> bool:
        return self.anything


def _present_text(message: ReadMessage, dropped: Dropped) -> str:
    """The words that describe the present, a chat spelling as the word it stands for ("28 wks"
    reads "28 weeks", as the rules read it): the net has learned the words far more often."""

    def kept(start: int, end: int) -> str:
        return " ".join(
            "fine" if index in dropped.denied else standard_word(word)
            for index, word in enumerate(message.words[start:end], start)
            if index not in dropped.words or index in dropped.denied
        )

    return ". ".join(sentence for start, end in message.sentences if (sentence := kept(start, end)))


# Words that may stand between "about" and the sign talked about: "about getting a clot".
_TOPIC_FILLERS = frozenset("a an the any these those getting having developing".split())
TOPIC_GAP = 2

CONFIRMING_WORDS = 12  # a revision ("it's happening right now") is short
ASKED_WORDS = 60  # ... and revises a question, not a long story (which is not read twice for it)
# "this is me", "it's mine", "it's happening to me", "happening right now" (normalised words).
_CLAIMS_OWN = re.compile(
    r"\b(?:it|its|this|that|thats)(?: is| s| was)? (?:me|mine|my own)\b"
    r"|\bhappen(?:s|ed|ing)? (?:to me|now|right now|at the moment|as we speak)\b"
)
# Words that point back at what was said before ("yes it's out", "that's me now").
_POINTING_BACK = frozenset("it its this that thats yes yeah yep yup".split())


def _says_it_is_now(message: ReadMessage) -> tuple[bool, bool]:
    """Whether a short message says that what came before is the person's, now (and whether it
    claims it outright): nothing set aside or taken back, no negation ("no, just asking in
    general", "not me"), and either an outright claim ("this is me") or a word of now with a word
    that points back ("yes it's out at the moment")."""
    words = message.words
    if not words or len(words) > CONFIRMING_WORDS or message.corrects or message.negations:
        return False, False
    if any(clause.set_aside for clause in message.clauses):
        return False, False
    claims = bool(_CLAIMS_OWN.search(" ".join(words)))
    now = any(clause.now for clause in message.clauses) and not _POINTING_BACK.isdisjoint(words)
    return claims or now, claims


# Words that may stand between whose it is and the part of the body: "my left knee", "her bad leg".
_BEFORE_A_SITE = frozenset("left right bad good sore other both whole lower upper poor old own".split())
_THEIRS = frozenset("his her their your s".split())  # "her knee", "my wife's knee" (read "wife s knee")
OWNER_REACH = 3


def _owner(sign: Mention, sites: list[Mention], message: ReadMessage, scope: ScopeReader) -> Subject | None:
    """Whose body a sign is said of: from the words before it ("I have swollen ankles"), else
    from those before the part of the body it is said of in its clause ("my knee is sore", "her
    ankles are puffy"); None when the message does not say."""
    said = scope.subject(message, sign)
    if said is not None:
        return said
    clause = message.clause_at(sign.start)
    near = [site for site in sites if clause.start <= site.start < clause.end]
    if not near:
        return None
    site = min(near, key=lambda found: _distance(found, sign))
    for word in reversed(message.words[max(clause.start, site.start - OWNER_REACH) : site.start]):
        if word in FIRST_PERSON:
            return "self"
        if word in _THEIRS:
            return "other"
        if word not in _BEFORE_A_SITE:
            return None
    return None


def _listed_after_negated(previous: tuple[Mention, bool] | None, mention: Mention, message: ReadMessage) -> bool:
    """ "no swelling or redness": a concept listed right after a negated one is negated too."""
    if previous is None or not previous[1]:
        return False
    before = previous[0]
    between = message.words[before.end : mention.start]
    return message.clause_at(before.start) is message.clause_at(mention.start) and all(
        word in _LIST_WORDS for word in between
    )


def _outermost(mentions: list[Mention], kinds: dict[str, str]) -> list[Mention]:
    """Drops a mention lying inside a longer sign, site or harmless phrase of another concept
    ("hot" in the fever phrase "hot then cold", "chest" in "chest pain"). Contexts do not
    swallow what they contain: "calf cramp at night" still has a calf cramp in it."""
    kept = []
    for mention in mentions:
        inside = any(
            other.name != mention.name
            and kinds[other.name] != "contexts"
            and other.start <= mention.start
            and mention.end <= other.end
            and (other.end - other.start) > (mention.end - mention.start)
            for other in mentions
        )
        if not inside:
            kept.append(mention)
    return sorted(kept, key=lambda m: (m.start, m.end))


def _nearest_site(sign: Mention, sites: list[Mention], message: ReadMessage) -> str | None:
    """The site a sign is said of: the nearest in its clause, else in its sentence, else the
    last one before it in the message."""
    clause = message.clause_at(sign.start)
    sentence = next((s for s in message.sentences if s[0] <= sign.start < s[1]), (0, 0))
    for low, high in ((clause.start, clause.end), sentence):
        near = [site for site in sites if low <= site.start < high]
        if near:
            return min(near, key=lambda site: (_distance(site, sign), site.start > sign.start)).name
    before = [site for site in sites if site.start < sign.start]
    return before[-1].name if before else None


# Words that may stand between a sign and the site it is said of: "numb on the top of my foot".
_BETWEEN_SIGN_AND_SITE = frozenset(
    "in on of the my his her their your a top bottom side sole back front whole left right bit".split()
)
RIGHT_AFTER_REACH = 5


def _site_right_after(sign: Mention, sites: list[Mention], message: ReadMessage) -> str | None:
    """The site that follows the sign with nothing but small words between ("tingling in my
    toes", "can't feel the top of my foot"), which is what the sign is said of even when
    another site stands nearer before it ("the door slammed on my knee and I can't feel ...")."""
    for site in sites:
        if 0 <= site.start - sign.end <= RIGHT_AFTER_REACH and all(
            word in _BETWEEN_SIGN_AND_SITE for word in message.words[sign.end : site.start]
        ):
            return site.name
    return None


def _site_it_spreads_to(sign: Mention, sites: list[Mention], message: ReadMessage) -> str | None:
    """A site the sign is said to reach: "pins and needles all the way down into my foot"."""
    following = message.words[sign.end : sign.end + SPREAD_REACH]
    for offset, word in enumerate(following):
        if word in _TOWARDS:
            after = sign.end + offset + 1
            for site in sites:
                if after <= site.start <= after + 2:
                    return site.name
    return None


def _distance(a: Mention, b: Mention) -> int:
    return max(a.start - b.end, b.start - a.end, 0)
