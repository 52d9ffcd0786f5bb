"""Red-flag triage: spot messages that need medical care before anything else answers them.

Driven by knowledge/safety.yaml (its comments explain it for curators): the message is read
for concepts (body sites, signs, contexts such as a long flight), each sign tied to the site it
is said of, with negated, resolved, hypothetical and other people's historical mentions set
aside (:mod:`bot.safety.findings`). Rules are combinations of those concepts. The person's last
few messages are read together, so "my calf hurts" then "it's swollen since the drive home" is
one picture, and facts they told us about themselves ("pregnant") are read with them.

When in doubt a rule fires: a needless "see a doctor" costs far less than a missed clot. Each
hit carries its evidence (the concepts and the words that showed them) so a curator can see why
it fired: ``kneebot ask --json "..."``.

Beside the rules, a learned net (:mod:`bot.safety.net`) reads the message for the many ways of
saying the same thing that no list holds. The rules come first, since a curator can read and
audit them; when they find nothing and the net is confident (its calibrated probability of any
red flag reaches its ``fire`` threshold), the net's rule is answered. When both fire, the net's
rule is given only when the net is sure of it and it is more severe, or as severe while the net
finds the rules' rule unlikely (their words read the wrong way): a net never lowers what the
rules found.

The net's scope reader asks one more question of the whole message: is it about a present, real
situation of someone at all? A plot on television, a "what would happen if", a general question
about signs, a problem long settled or a figure of speech ("my knee wants to die on the stairs")
names alarming things without describing them. When the scope reader is sure (its calibrated
``elsewhere`` at the net's ``aside`` threshold, chosen so that it would set aside almost no
held-out red flag), the message adds nothing of its own to the picture: what the person said
before still counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.knowledge.models import SEVERITY_RANK, NowCard, RedFlag, SafetyFile
from bot.safety.findings import ANY_SITE, Findings, FindingsReader
from bot.safety.net import NetReading, SafetyNet, Thresholds
from bot.safety.rules import RuleBook

MAX_CHARS = 4096  # Telegram's longest message: a red flag at its very end is still read
EARLIER = "(said earlier)"
# The concept (safety.yaml) of warmth brought about on purpose: a warm towel, a heat pack, rubbing.
WARMED_ON_PURPOSE = "self-warmed"


@dataclass(frozen=True)
class RedFlagHit:
    rule: RedFlag
    message: str  # the rule's advice, with the emergency numbers filled in
    evidence: tuple[str, ...] = ()  # why it fired, for curators and `kneebot ask --json`
    by_net: bool = False  # given by the learned net, not by the rules' words


@dataclass(frozen=True)
class Earlier:
    """What one earlier message showed, kept (without its text) to read the next ones with."""

    keys: frozenset[str]
    last_site: str | None
    # What it named only as asked in general, in the past or of someone else's history (or all
    # it named, when the scope reader set it aside): read as present should the very next message
    # say that it is the person's, now (:attr:`Findings.confirms`).
    asked: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Assessment:
    hit: RedFlagHit | None
    earlier: Earlier  # this message's findings, for reading the next message with
    # The hit only repeats a flag already raised: this message adds nothing as serious.
    repeat: bool = False
    # The message takes back what the earlier ones said: they should be forgotten.
    revises_earlier: bool = False
    reading: NetReading | None = None  # what the learned net made of the message
    # The earlier messages were about someone else's present: the flag stands, for them.
    someone_else: bool = False
    # The hit this message gives on its own, when no earlier message or fact was read with it
    # (None otherwise: :meth:`Triage.check` says).
    alone: RedFlagHit | None = None
    # The scope reader found the message is not about a present, real situation: its own
    # findings and reading were set aside.
    aside: bool = False
    # Every sign the message shows is explained by a circumstance the engine knows of (warmth
    # brought about on purpose at a warming step): the net's guess and the card are held back.
    explained: bool = False
    # The message names signs only to ask what they mean, in general ("what counts as not
    # bearing weight?"): no "if this is happening now" card for it.
    general: bool = False
    # The previous message's question, read as present because this short message says it is
    # happening now ("yes it's out at the moment"), without claiming it outright: the flag to
    # raise should nothing else understand the message (one that claims it outright, "this is
    # me, it just popped out", is the hit itself).
    revived: RedFlagHit | None = None


class Triage:
    def __init__(self, safety: SafetyFile, net: SafetyNet | None = None) -> None:
        self._reader = FindingsReader(safety)
        self._rules = RuleBook(safety.red_flags)
        self._emergency = safety.emergency_numbers
        self.net = net
        self._by_id = {rule.id: rule for rule in safety.red_flags}
        self._crisis = next((rule for rule in safety.red_flags if rule.style == "crisis"), None)
        # The concepts a crisis is told by (its rule's words): said only inside a harmless phrase,
        # they are no ground for the net to guess a crisis.
        self._crisis_concepts = frozenset(
            concept.lstrip("!").split("@")[0]
            for alternative in (self._crisis.when if self._crisis is not None else [])
            for concept in alternative
        )
        self._cards = safety.if_happening_now
        self._signs = frozenset(safety.signs)
        self._sites = frozenset(safety.sites)
        self._explains = _explained_signs(safety.red_flags, self._signs)
        # The concepts each rule is told by, for a net's guess read with someone else's circumstance.
        self._concepts_of = {
            rule.id: frozenset(c.lstrip("!").split("@")[0] for alternative in rule.when for c in alternative)
            for rule in safety.red_flags
        }

    def check(self, text: str, corrected: str | None = None) -> RedFlagHit | None:
        """The most severe red flag one message describes on its own, or None (``corrected``:
        see :meth:`assess`)."""
        return self.assess(text, corrected=corrected).hit

    def assess(
        self,
        text: str,
        earlier: Sequence[Earlier] = (),
        facts: Iterable[str] = (),
        raised: RedFlag | None = None,
        previous: Mapping[str, float] | None = None,
        corrected: str | None = None,
        rating: bool = False,
    ) -> Assessment:
        """Triage ``text`` read together with the person's ``earlier`` messages (oldest first)
        and ``facts`` they told us about themselves (concept names such as "pregnant");
        ``previous`` is the net's summary of the person's last message (:attr:`NetReading.summary`).

        ``raised`` is a flag already shown during those messages: a hit that is no more severe
        and that this message does not show on its own is marked as a repeat.

        ``corrected`` is the message with its slips corrected (the matcher's speller): "i realy
        want to kil myslef" reads to the rules and the net far less clearly than "i really want
        to kill myself". When it differs from the message as typed it is triaged too, and its
        reading is taken only when the net's danger on it reaches the ``spelled`` threshold
        (fitted so that held-out harmless messages are flagged no more often than read as typed)
        and it finds a more severe red flag, or one as severe that the net finds likelier
        (typed, "took al his heart pils" reads to it as a clot in the lung; spelt, as an
        overdose); a message typed without slips is read once, exactly as before.

        ``rating``: the message answers a pain rating on show with a rating said among other
        words ("about a 5 if I had to guess"). It is read as that reply first: when it shows no
        sign of trouble the rules know, the net's guess of a medical rule (and the "if this is
        happening now" card) is held back, as a warming step holds back warmth (:meth:`_explained_away`);
        the rules, and crisis support, read it as ever.
        """
        typed = self._assess(text, earlier, facts, raised, previous, rating)
        if corrected is None or not _differs(text[:MAX_CHARS], corrected[:MAX_CHARS]):
            return typed
        spelled = self._assess(corrected, earlier, facts, raised, previous, rating)
        if self._slips_doing(typed, spelled) or self._slips_guess(typed, spelled):
            return spelled  # "a hot water bottel or ice?": "hot" was left alone only by the slip
        if self.net is not None and (spelled.reading is None or spelled.reading.danger < self.net.thresholds.spelled):
            return typed  # the net is not sure enough of the corrected reading
        if _rank(spelled.hit) != _rank(typed.hit):
            return spelled if _rank(spelled.hit) > _rank(typed.hit) else typed
        return spelled if _named_chance(spelled) > _named_chance(typed) else typed

    def _slips_doing(self, typed: Assessment, spelled: Assessment) -> bool:
        """The rules' flag on the message as typed is a slip's doing: spelled right, the message
        raises nothing (its words make a phrase the rules read otherwise: "hot water bottel" is
        "hot" and a slip, "hot water bottle" a way of warming), and the net finds no trouble
        either way (its danger below ``soft``, the bar of the "if this is happening now" card)."""
        if self.net is None or typed.hit is None or typed.hit.by_net or spelled.hit is not None:
            return False
        soft = self.net.thresholds.soft
        readings = (typed.reading, spelled.reading)
        return all(reading is not None and reading.danger < soft for reading in readings)

    def _slips_guess(self, typed: Assessment, spelled: Assessment) -> bool:
        """The net's guess on the message as typed is its slips' doing: the rules find nothing
        either way, and spelled right the message raises nothing and reads to the net below the
        ``fire`` threshold ("wheres the pont below the round bone head" reads as typed to the net
        as a deformity, spelled right as a question about a point). A crisis guessed is kept:
        its reply costs the least."""
        if self.net is None or typed.hit is None or not typed.hit.by_net or spelled.hit is not None:
            return False
        if typed.hit.rule.style == "crisis" or spelled.reading is None:
            return False
        return spelled.reading.danger < self.net.thresholds.fire

    def _assess(
        self,
        text: str,
        earlier: Sequence[Earlier],
        facts: Iterable[str],
        raised: RedFlag | None,
        previous: Mapping[str, float] | None,
        rating: bool = False,
    ) -> Assessment:
        last_site = next((e.last_site for e in reversed(earlier) if e.last_site), None)
        findings = self._read(text[:MAX_CHARS], last_site)
        if findings.revises_earlier:
            earlier = ()
        typed = text[:MAX_CHARS]
        # Nothing set aside: the meaning reader reads the message as typed, which the matcher
        # embeds too, so one embedding serves both.
        meaning = typed if findings.verbatim else None
        reading = self.read(findings.present, None if findings.revises_earlier else previous, typed, meaning)
        known = {key: EARLIER for e in earlier for key in e.keys}
        known.update({fact: "(you told me earlier)" for fact in facts})
        present = {**known, **findings.found}
        explained = findings.explained
        facts = list(facts)
        signs = not self._signs.isdisjoint(findings.found)
        # Warmth brought about on purpose explains warmth, whether the engine knows a warming step
        # is on screen (a fact) or the message says so ("my knee is warm from the towel").
        warmed = [WARMED_ON_PURPOSE] if WARMED_ON_PURPOSE in findings.found else []
        away = self._explained_away(findings.found, [*facts, *warmed]) or (rating and not signs)
        theirs = findings.theirs
        hit = self._strongest(self._by_words(present), reading, present, explained, away, theirs)
        aside = self._set_aside(reading, hit)
        own: dict[str, str] = {} if aside else findings.found
        counted = None if aside else reading
        if aside:  # the message adds nothing of its own: what was said before still counts
            present = known
            hit = self._strongest(self._by_words(present), counted, present, explained, away, theirs)
        alone = counted.alone if counted is not None and counted.alone is not None else counted
        repeat = False
        if (
            hit is not None
            and raised is not None
            and SEVERITY_RANK[hit.rule.severity] <= SEVERITY_RANK[raised.severity]
        ):
            repeat = self._strongest(self._by_words(own), alone, present, explained, away, theirs) is None
        said = hit if not earlier and not facts and alone is counted else None
        if said is None and not earlier and not facts:
            said = self._strongest(self._by_words(own), alone, dict(own), explained, theirs=theirs)
        revived = self._revived(findings, earlier[-1] if earlier else None, present, hit)
        if revived is not None and findings.claims_own:
            hit, revived = revived, None
        asked = findings.asked | (frozenset(findings.found) if aside else frozenset())
        if self._signs.isdisjoint(asked):
            asked = frozenset()  # "what would change if I were pregnant?" asks of no sign to revise
        found = Earlier(frozenset(own), findings.last_site, asked)
        return Assessment(
            hit,
            found,
            repeat,
            findings.revises_earlier,
            reading,
            findings.someone_else,
            said,
            aside,
            away,
            findings.asked_in_general,
            revived,
        )

    def _revived(
        self, findings: Findings, last: Earlier | None, present: dict[str, str], hit: RedFlagHit | None
    ) -> RedFlagHit | None:
        """ "Can a dislocated kneecap be massaged?" then "it's happening right now": the previous
        message's question read as the person's present, when this one says so (short, denying
        nothing: :attr:`Findings.confirms`) and the rules then find a more severe flag. "No, just
        asking in general" says no such thing."""
        if last is None or not last.asked or not findings.confirms:
            return None
        lifted = {**present, **dict.fromkeys(last.asked, EARLIER)}
        candidate = self._by_words(lifted)
        return candidate if candidate is not None and _rank(candidate) > _rank(hit) else None

    def _set_aside(self, reading: NetReading | None, hit: RedFlagHit | None) -> bool:
        """The scope reader is sure the message is not about a present, real situation; surer
        still when it would otherwise be read as a crisis, which is often said in a "what if"
        or a "they'd be better off" shape."""
        if self.net is None or reading is None:
            return False
        thresholds = self.net.thresholds
        crisis = hit is not None and hit.rule.style == "crisis"
        return reading.elsewhere >= (thresholds.aside_crisis if crisis else thresholds.aside)

    def now_card(self, assessment: Assessment, guess: bool = True) -> NowCard | None:
        """For a message the bot does not understand and the net finds worrying (its danger at
        least the ``soft`` threshold): the "if this is happening now" card its concepts show, or
        the one for the rule the net thinks likely, if the net gives that card's situations at
        least its ``card`` chance. Without a net, the concepts alone decide. ``guess``: False where
        a reply is asked for on screen (a routine's safety check or pain rating), which reads the
        message as that reply first: only the card its concepts show, not the net's guess."""
        reading = assessment.reading
        if assessment.aside or assessment.general:
            return None
        if self.net is not None and (reading is None or reading.danger < self.net.thresholds.soft):
            return None
        keys = assessment.earlier.keys
        for card in self._cards:
            if any(self._shows(name, keys) for name in card.concepts) and not assessment.explained:
                return card
        if reading is None or assessment.explained or not guess:
            return None
        likeliest = next((card for card in self._cards if reading.rule_id in card.rules), None)
        if likeliest is None or self.net is None:
            return likeliest
        chance = sum(reading.by_rule.get(rule, 0.0) for rule in likeliest.rules)
        return likeliest if chance >= self.net.thresholds.card else None

    def _explained_away(self, keys: Iterable[str], given: Iterable[str]) -> bool:
        """Every sign the message shows (``keys``) is one that a circumstance the engine knows of
        (``given``: warmth brought about on purpose while a step that puts a warm towel on the leg
        is on screen) explains, as the rules read it: a rule that needs that one sign and the
        circumstance's absence ("[hot@knee, !self-warmed]"). A reply at such a step ("is it
        supposed to feel this hot?") is about the step: the net's guess and the "if this is
        happening now" card are held back, as the rules are. Swelling, or a fever, still counts."""
        signs = {key for key in keys if key in self._signs}
        if not signs:
            return False
        explained = frozenset[str]().union(*(self._explains.get(name, frozenset()) for name in given))
        return signs <= explained

    def _shows(self, concept: str, keys: frozenset[str]) -> bool:
        """The concept, with a part of the body named in the message: "red wine on a white
        towel" is no change of colour, "football" alone no injury."""
        named = any(key in self._sites for key in keys)
        if concept in self._signs:
            return named and f"{concept}@{ANY_SITE}" in keys
        return named and concept in keys

    def read(
        self,
        text: str,
        previous: Mapping[str, float] | None = None,
        typed: str | None = None,
        meaning: str | None = None,
    ) -> NetReading | None:
        """What the net makes of ``text``: a message's present (:attr:`Findings.present`), whose
        negated mentions and history the rules' scope words have set aside, read with the
        ``previous`` message's summary; ``typed``, the message as typed, for its scope;
        ``meaning``, the text its meaning reader embeds when not ``text`` itself. None without
        a net."""
        if self.net is None or not text.strip():
            return None
        return self.net.read(text, previous, typed, meaning)

    def _strongest(
        self,
        by_words: RedFlagHit | None,
        reading: NetReading | None,
        present: dict[str, str],
        explained: frozenset[str] = frozenset(),
        explained_away: bool = False,
        theirs: frozenset[str] = frozenset(),
    ) -> RedFlagHit | None:
        """The rules' hit, unless the net is confident of a more severe rule (or the rules found
        none), and that rule's ``net_needs`` are present. A crisis is not guessed from words the
        curator listed as a harmless phrase (``explained``: "my son wants to die of embarrassment"
        reads to the net much like a wish to die)."""
        thresholds = self.net.thresholds if self.net is not None else None
        if reading is None or thresholds is None:
            return by_words
        crisis = self._crisis
        if crisis is not None and not self._crisis_concepts.isdisjoint(explained):
            crisis = None  # no crisis guessed from the curator's harmless phrase
        if crisis is not None and self._crisis_bar(crisis, reading, thresholds, by_words):
            return self._hit(crisis, (reading.why(),), by_net=True)
        rule = self._by_id.get(reading.rule_id)
        if rule is None:  # a rule the net knows that the knowledge no longer has
            return by_words
        if rule.style == "crisis" and crisis is None:
            return by_words
        if reading.danger < thresholds.fire:
            return by_words
        if reading.probability < thresholds.name:  # something is wrong, but not clearly what
            return by_words
        if rule.net_needs and not any(name in present for name in rule.net_needs):
            return by_words
        if any(name in present for name in rule.unless):
            return by_words  # the curator wrote these words as ruling it out ("the cast is off")
        if explained_away:
            return by_words  # "is it supposed to feel this hot?" on a step that warms the leg
        if not theirs.isdisjoint(self._concepts_of[rule.id]) and (by_words is None or by_words.rule.id != rule.id):
            return by_words  # "my husband is on chemo and my knee is hot": his chemo, my hot knee
        if by_words is not None and not self._net_knows_better(by_words.rule, rule, reading, thresholds):
            return by_words
        return self._hit(rule, (reading.why(),), by_net=True)

    @staticmethod
    def _crisis_bar(rule: RedFlag, reading: NetReading, thresholds: Thresholds, by_words: RedFlagHit | None) -> bool:
        """A crisis clears its own lower bar (a missed crisis costs the most, and its reply,
        someone to talk to now, the least): as the net's likeliest rule for the message on its own,
        or by the crisis reader, or by the joint distress reading (the net's chance of a crisis,
        the reader's and the danger together: a reading strong enough to be the crisis reply, not
        only the "if this is happening now" card), whatever else the message asks; never over an
        emergency the rules found. The bars were fitted on single messages, so a reading pooled with the previous
        message does not count for them."""
        if rule.style != "crisis" or rule.id not in reading.by_rule:
            return False
        own = reading.alone if reading.alone is not None else reading
        likeliest = own.rule_id == rule.id and own.probability >= thresholds.crisis
        if not likeliest and own.crisis < thresholds.crisis_reader and own.distress < thresholds.distress:
            return False
        return by_words is None or SEVERITY_RANK[by_words.rule.severity] < SEVERITY_RANK[rule.severity]

    @staticmethod
    def _net_knows_better(words: RedFlag, net: RedFlag, reading: NetReading, thresholds: Thresholds) -> bool:
        """Over the rules' hit, the net's rule is given only when the net is sure of it (the
        ``escalate`` threshold) and it is more severe, or as severe while the net gives the
        rules' own rule little chance (their words were taken the wrong way: "it came on out of
        nowhere" is no kneecap come out)."""
        if net.id == words.id or reading.probability < thresholds.escalate:
            return False
        rank_net, rank_words = SEVERITY_RANK[net.severity], SEVERITY_RANK[words.severity]
        if rank_net != rank_words:
            return rank_net > rank_words
        return reading.by_rule.get(words.id, 0.0) < thresholds.name

    def _by_words(self, present: dict[str, str]) -> RedFlagHit | None:
        match = self._rules.first_match(present)
        return self._hit(match.rule, match.evidence) if match else None

    @lru_cache(maxsize=2048)  # noqa: B019 - one triage lives as long as the process
    def _read(self, text: str, last_site: str | None) -> Findings:
        return self._reader.read(text, last_site)

    def advice(self, rule: RedFlag) -> str:
        """The rule's advice, with the emergency numbers filled in."""
        return rule.message.replace("{emergency}", self._emergency)

    def _hit(self, rule: RedFlag, evidence: tuple[str, ...], *, by_net: bool = False) -> RedFlagHit:
        return RedFlagHit(rule, self.advice(rule), evidence, by_net)


def _explained_signs(rules: Sequence[RedFlag], signs: frozenset[str]) -> dict[str, frozenset[str]]:
    """For each circumstance a rule names as absent ("!self-warmed"), the sign of an alternative
    that needs that one sign and the circumstance's absence ("[hot@knee, !self-warmed]"): the signs
    the curator wrote it as explaining. An alternative of two signs ("warm and swollen, not
    self-warmed") says the pair is explained, not each: swelling still counts at a warming step."""
    explains: dict[str, set[str]] = {}
    for rule in rules:
        for alternative in rule.when:
            shown = {c.split("@")[0] for c in alternative if not c.startswith("!") and c.split("@")[0] in signs}
            if len(shown) != 1:
                continue
            for condition in alternative:
                if condition.startswith("!"):
                    explains.setdefault(condition[1:], set()).update(shown)
    return {name: frozenset(found) for name, found in explains.items()}


def _differs(typed: str, corrected: str) -> bool:
    """Whether the speller changed any word (not only letters' case or spaces)."""
    return typed.lower().split() != corrected.lower().split()


def _rank(hit: RedFlagHit | None) -> int:
    return -1 if hit is None else SEVERITY_RANK[hit.rule.severity]


def _named_chance(assessment: Assessment) -> float:
    """The net's chance of the rule the assessment's hit names (none without a hit or a net)."""
    if assessment.hit is None or assessment.reading is None:
        return -1.0
    return assessment.reading.by_rule.get(assessment.hit.rule.id, 0.0)
