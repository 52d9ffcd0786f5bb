"""The learned recall net: a second reader of red flags beside the rules.

The rules (:mod:`bot.safety.triage`) read the words a curator listed; people say the same things
in words nobody listed ("something white sticking out near my knee", "my face went lopsided").
The net reads a message two ways and averages them:

* its meaning: the sentence embedding the matcher uses too, into a logistic regression;
* its letters and words: TF-IDF over character n-grams (robust to typos) and word pairs, into
  a second logistic regression.

Both were trained by ``scripts/train_safety_net.py`` on several thousand messages labelled with
the rule they call for, or none (the sets in ``tests/data``), and are shipped in
``bot/safety/model``. The script cross-validates them, calibrates the probability that a
message describes any red flag, and picks two thresholds on the held-out folds: ``fire``, above
which the net's rule is answered when the rules found nothing, and ``soft``, above which a
message the bot does not otherwise understand gets the "if this is happening now" card (the
card for the situation the net finds likeliest, when it gives that situation at least ``card``).

Two things a single reading of the whole message misses are read as well:

* A long message is also read window by window (:mod:`bot.safety.windows`), so one worrying
  sentence in a chatty story is not diluted by the rest; the calibration weighs the whole and
  the worst window, fitted on held-out windows, so windows do not raise false alarms.
* A message is read with the person's previous one: not its words, which are not kept, but the
  net's rule probabilities for it (:attr:`NetReading.summary`), pooled with the current
  message's by weights fitted on held-out pairs of messages.

Only numpy runs here: the TF-IDF features are computed as scikit-learn computes them (a test
holds the two together), so scikit-learn is needed to train, not to answer.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.safety.windows import WindowSizes, windows

MODEL_DIR = Path(__file__).resolve().parent / "model"
NONE = "none"
CRISIS = "crisis"

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
_WHITE = re.compile(r"\s\s+")
_WORD = re.compile(r"(?u)\b\w\w+\b")
_Letters = tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]
RECENT_WORDS = 65_536  # words whose character n-grams are kept (a few MB at most)


@dataclass(frozen=True)
class NetReading:
    """What the net made of one message."""

    rule_id: str  # the most likely rule, if the message describes one at all
    danger: float  # calibrated probability that the message describes any red flag
    probability: float  # the probability of ``rule_id`` itself
    by_rule: Mapping[str, float] = field(default_factory=dict)  # every rule's probability
    # The message's own rule probabilities (rounded, the unlikely ones left out): numbers, never
    # words, which the conversation keeps to read the person's next message with.
    summary: Mapping[str, float] = field(default_factory=dict)
    # When the danger is the message's read with the previous one: the message's reading alone.
    alone: NetReading | None = None
    # Calibrated probability that the message is not about a present, real situation of anyone
    # (a story on screen, a "what if", a general question, something long settled, a figure of
    # speech): above the ``aside`` threshold the message adds nothing to the picture.
    elsewhere: float = 0.0
    # Calibrated chance, from the crisis reader alone, that the message tells of a crisis (of the
    # person or someone near them): at the ``crisis_reader`` threshold it gets crisis support.
    crisis: float = 0.0
    # Calibrated chance that the message tells of a crisis, from the net's own chance of a
    # crisis, the crisis reader's and the danger read together: at the ``distress`` threshold a
    # reading that would otherwise only get the "if this is happening now" card for distress gets
    # crisis support itself.
    distress: float = 0.0

    def why(self) -> str:
        turns = ", read with the previous message" if self.alone is not None else ""
        crisis = f", crisis reader {self.crisis:.2f}" if self.crisis >= 0.01 else ""
        return f"net: {self.rule_id} (p {self.probability:.2f}), any red flag {self.danger:.2f}{crisis}{turns}"


@dataclass(frozen=True)
class Thresholds:
    fire: float  # answer with the net's rule when the rules found nothing
    soft: float  # offer the "if this is happening now" card instead of "I don't know that one"
    name: float  # the rule's own probability needed to give it (not just "something is wrong")
    escalate: float  # the rule's own probability needed to give it over a less severe rule's
    aside: float = 1.01  # the scope reader's ``elsewhere`` from which a message is set aside ...
    aside_crisis: float = 1.01  # ... or, when it would be read as a crisis, this (stricter) one
    crisis: float = 1.01  # the crisis rule's own probability from which it is given below ``fire``
    crisis_reader: float = 1.01  # the crisis reader's chance from which a crisis is given
    # The net's probability of the situations an "if this is happening now" card covers (its
    # rules' probabilities added up) needed to show that card from the net's reading: below it the
    # net finds the message unfamiliar rather than about any one kind of trouble.
    card: float = 0.0
    # The net's danger on a message read with its slips corrected from which that reading counts
    # beside the message as typed (fitted so that it flags no more held-out harmless messages).
    spelled: float = 1.01
    # The joint distress reading's chance (:class:`DistressReading`) from which a crisis is given.
    distress: float = 1.01
    # The crisis reader's letters' chance (uncalibrated) for a long message's most crisis-like
    # window from which the crisis reader reads that window on its own too (its higher chance
    # counts): fitted so that few ordinary messages pay the extra run of the model.
    crisis_window: float = 1.01


class TfidfFeatures:
    """scikit-learn's TfidfVectorizer (lowercase, sublinear tf, l2 norm) for one analyzer."""

    def __init__(self, analyzer: str, ngrams: tuple[int, int], vocabulary: Sequence[str], idf: npt.NDArray[np.float32]):
        self.analyzer = analyzer
        self.ngrams = ngrams
        self.index = {term: column for column, term in enumerate(vocabulary)}
        self.idf = idf
        # A word's character n-grams found in the vocabulary, as columns: a message's present,
        # its typed text and its windows share most of their words, and people share theirs.
        self._word_columns: dict[str, tuple[int, ...]] = {}

    def terms(self, text: str) -> list[str]:
        text = text.lower()
        low, high = self.ngrams
        if self.analyzer == "char_wb":
            return _char_wb(_WHITE.sub(" ", text), low, high)
        words = _WORD.findall(text)
        return [" ".join(words[i : i + n]) for n in range(low, high + 1) for i in range(len(words) - n + 1)]

    def transform(self, text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """The message's non-zero features: their columns and values."""
        if self.analyzer == "char_wb":
            # Character n-grams stay inside words: the text's are its words' in order.
            known = self._word_columns
            found: list[int] = []
            for word in text.lower().split():
                columns_of_word = known.get(word)
                found += self._columns_of(word) if columns_of_word is None else columns_of_word
            counts = Counter(found)
        else:
            counts = Counter(self.index[term] for term in self.terms(text) if term in self.index)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        times = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))
        if int(times.max()) < len(_SUBLINEAR_TF):
            tf = _SUBLINEAR_TF[times]
        else:  # more repeats of one feature than any message of Telegram's length holds
            tf = np.array([_sublinear_tf(count) for count in counts.values()], dtype=np.float32)
        values = tf * self.idf[columns]
        norm = float(np.linalg.norm(values))
        return columns, values / norm if norm else values

    def _columns_of(self, word: str) -> tuple[int, ...]:
        known = self._word_columns.get(word)
        if known is None:
            low, high = self.ngrams
            known = tuple(self.index[term] for term in _char_wb(word, low, high) if term in self.index)
            if len(self._word_columns) >= RECENT_WORDS:
                self._word_columns.clear()
            self._word_columns[word] = known
        return known


@lru_cache(maxsize=256)
def _sublinear_tf(count: int) -> float:
    """scikit-learn's sublinear term frequency, 1 + log(count) (counts repeat: kept)."""
    return 1.0 + math.log(count)


# scikit-learn's sublinear term frequency of each count up to a few thousand, as float32 (the
# same numbers :func:`_sublinear_tf` gives, looked up for all of a message's features at once).
_SUBLINEAR_TF = np.array([0.0, *(_sublinear_tf.__wrapped__(count) for count in range(1, 1 << 14))], dtype=np.float32)


def _char_wb(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside word boundaries, padded with a space, as scikit-learn makes them."""
    grams: list[str] = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) < n:
                break
            grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
            if len(padded) == n:
                break
    return grams


@dataclass(frozen=True)
class _Model:
    emb_coef: npt.NDArray[np.float32]
    emb_intercept: npt.NDArray[np.float32]
    tfidf_coef: npt.NDArray[np.float32]
    tfidf_intercept: npt.NDArray[np.float32]
    features: tuple[TfidfFeatures, ...]
    scope_emb_coef: npt.NDArray[np.float32]  # the scope reader: is this about a present situation?
    scope_tfidf_coef: npt.NDArray[np.float32]
    scope_intercepts: npt.NDArray[np.float32]  # the meaning and the letters reader's
    crisis_emb_coef: npt.NDArray[np.float32]  # the crisis reader: a crisis, or anything else?
    crisis_tfidf_coef: npt.NDArray[np.float32]
    crisis_intercepts: npt.NDArray[np.float32]


@dataclass(frozen=True)
class Calibration:
    """Platt scaling of the chance of "any red flag": for a short message over its log-odds;
    for a long one over the log-odds of the whole and of its most worrying window, fitted on
    held-out long messages and shifted so that they are flagged no more often than when read
    whole only."""

    slope: float
    intercept: float
    long_whole: float
    long_window: float
    long_intercept: float

    def danger(self, whole: float, window: float | None) -> float:
        if window is None:
            return _sigmoid(self.slope * _logit(whole) + self.intercept)
        return _sigmoid(self.long_whole * _logit(whole) + self.long_window * _logit(window) + self.long_intercept)


@dataclass(frozen=True)
class TurnPooling:
    """How the previous message's rule probabilities weigh into the current one's: their
    log-probabilities are added, the previous one's times ``weight``, "nothing wrong" shifted
    by ``none_bias``; the pooled chance of any red flag is then scaled by ``slope`` and
    ``intercept``. Fitted on held-out pairs of messages (``scripts/train_safety_net.py``)."""

    weight: float
    none_bias: float
    slope: float
    intercept: float


@dataclass(frozen=True)
class ReaderCalibration:
    """Platt scaling of a yes-or-no reader's chance (the scope reader's that a message is not
    about a present, real situation; the crisis reader's that it tells of a crisis), fitted on
    held-out messages by ``scripts/train_safety_net.py``."""

    slope: float
    intercept: float

    def chance(self, raw: float) -> float:
        return _sigmoid(self.slope * _logit(raw) + self.intercept)


@dataclass(frozen=True)
class DistressReading:
    """A logistic regression over three chances the net already has for a message: its own
    chance of a crisis among every rule, the crisis reader's, and the danger (any red flag), each
    as log-odds; fitted on held-out messages by ``scripts/train_safety_net.py``. A crisis told
    without its words (letters written "in case", with hopelessness) often reads as somewhat
    likely to each without clearing either's bar; read together they say more."""

    by_net: float
    by_reader: float
    by_danger: float
    intercept: float

    def chance(self, net: float, reader: float, danger: float) -> float:
        score = self.by_net * _logit(net) + self.by_reader * _logit(reader) + self.by_danger * _logit(danger)
        return _sigmoid(score + self.intercept)


@dataclass(frozen=True)
class CrisisWindowReading:
    """The crisis reader's chance for a message whose most crisis-like window was read on its own:
    Platt scaling over the whole message's and that window's chances (before calibration, as
    log-odds), fitted on held-out messages by ``scripts/train_safety_net.py``. A window read
    alone loses its context ("... so we said our goodbyes and gave her a box of chocolates", of
    a physio); read with the whole it tells of a crisis said in one sentence beside a request."""

    by_whole: float
    by_window: float
    intercept: float

    def chance(self, whole: float, window: float) -> float:
        return _sigmoid(self.by_whole * _logit(whole) + self.by_window * _logit(window) + self.intercept)


SUMMARY_FLOOR = 0.005  # rule probabilities below this are left out of a message's summary
# A long message's most worrying window holds a red flag when the net, reading it alone, finds a
# red flag likelier than nothing: then the message is set aside only if that window is too.
WINDOW_HOLDS_FLAG = 0.5
# ... and such a window read on its own keeps the message from being set aside when the scope
# reader gives at least three to one that it is about a present situation.
WINDOW_PRESENT = 0.25


class SafetyNet:
    """Reads a message for red flags; ``embed`` is the sentence-embedding model's encoder."""

    def __init__(self, embed: Embed, model_dir: Path = MODEL_DIR) -> None:
        self._embed = embed
        self.model_dir = model_dir
        self.meta = json.loads((model_dir / "net.json").read_text(encoding="utf-8"))
        self.classes: tuple[str, ...] = tuple(self.meta["classes"])
        self.thresholds = Thresholds(**self.meta["thresholds"])
        self.calibration = Calibration(**self.meta["calibration"])
        self.pooling = TurnPooling(**self.meta["turns"])
        self.scope = ReaderCalibration(**self.meta["scope"])
        self.crisis = ReaderCalibration(**self.meta["crisis_reader"])
        joint = self.meta.get("distress")
        self.distress = DistressReading(**joint) if joint is not None else None
        by_window = self.meta.get("crisis_window")
        self.crisis_window = CrisisWindowReading(**by_window) if by_window is not None else None
        reading = self.meta["windows"]
        self.sizes = WindowSizes(**reading["sizes"])
        self.embedded_windows = int(reading["embedded"])
        self._none = self.classes.index(NONE)

    @cached_property
    def _model(self) -> _Model:
        """The weights, loaded at the first message (``kneebot check`` does not need them)."""
        with np.load(self.model_dir / "net.npz") as arrays:
            features = tuple(
                TfidfFeatures(
                    part["analyzer"],
                    (int(part["ngrams"][0]), int(part["ngrams"][1])),
                    arrays[f"{name}_vocabulary"].tolist(),
                    arrays[f"{name}_idf"].astype(np.float32),
                )
                for name, part in self.meta["tfidf"].items()
            )
            return _Model(
                arrays["emb_coef"].astype(np.float32),
                arrays["emb_intercept"].astype(np.float32),
                arrays["tfidf_coef"].astype(np.float32),
                arrays["tfidf_intercept"].astype(np.float32),
                features,
                arrays["scope_emb_coef"].astype(np.float32),
                arrays["scope_tfidf_coef"].astype(np.float32),
                arrays["scope_intercepts"].astype(np.float32),
                arrays["crisis_emb_coef"].astype(np.float32),
                arrays["crisis_tfidf_coef"].astype(np.float32),
                arrays["crisis_intercepts"].astype(np.float32),
            )

    def read(
        self,
        text: str,
        previous: Mapping[str, float] | None = None,
        typed: str | None = None,
        meaning: str | None = None,
    ) -> NetReading:
        """``text``, and with it the ``previous`` message's summary (its rule probabilities),
        so that "my calf is sore" then "and it's gone puffy since the flight" is one picture.
        ``typed`` is the whole message as typed, whose framing words ("in the film", "what would
        happen if") the scope reader reads beside the present's meaning. ``meaning``: what the
        meaning readers embed, when ``text`` says the same in other characters (the message as
        typed when nothing of it was set aside: the matcher embeds it too, so the embedding is
        made once)."""
        vector = self._embed([text if meaning is None else meaning])[0]
        letters = self._letters(text)
        whole = ((self._by_meaning(vector) + self._scores(letters)) / 2).astype(np.float32)
        # The letters readers see words in lower case: a present that is the message as typed
        # (most are) has the typed message's letters.
        if typed is not None and typed.lower().split() != text.lower().split():
            letters_typed = self._letters(typed.lower())
        else:
            letters_typed = letters
        elsewhere = self._elsewhere(vector, letters_typed)
        window, worst_part, crisis_part = self._worst_window(text)
        crisis_raw = self._crisis_raw(vector, letters)
        crisis = self.crisis.chance(crisis_raw)
        if crisis_part is not None and self.crisis_window is not None:  # its most crisis-like sentence too
            part_raw = self._crisis_raw(self._embed([crisis_part])[0], self._letters(crisis_part))
            crisis = max(crisis, self.crisis_window.chance(crisis_raw, part_raw))
        worst = whole if window is None or whole[self._none] <= window[self._none] else window
        if (
            window is not None
            and worst_part is not None
            and 1.0 - float(window[self._none]) >= WINDOW_HOLDS_FLAG
            and elsewhere >= min(self.thresholds.aside, self.thresholds.aside_crisis)
        ):
            window_elsewhere = self.window_elsewhere(worst_part)
            if window_elsewhere <= WINDOW_PRESENT:
                elsewhere = min(elsewhere, window_elsewhere)
        danger = self.calibration.danger(self._any(whole), None if window is None else self._any(worst))
        # A window alone names a rule less reliably than the message: the rule is named by both.
        own = ((whole + worst) / 2).astype(np.float32)
        summary = {
            c: round(float(p), 3) for p, c in zip(own, self.classes, strict=True) if c != NONE and p >= SUMMARY_FLOOR
        }
        distress = self._distress(own, crisis, danger)
        alone = self._reading(own, danger, summary, elsewhere, crisis, distress=distress)
        if not previous:
            return alone
        pooled = self.pooled(own, self.from_summary(previous))
        pooled_danger = self.pooled_danger(pooled)
        if pooled_danger <= danger:
            return alone
        return self._reading(pooled, pooled_danger, summary, elsewhere, crisis, alone, distress)

    def _distress(self, own: npt.NDArray[np.float32], crisis: float, danger: float) -> float:
        """The joint distress reading of a message on its own (0 for a model without one)."""
        if self.distress is None or CRISIS not in self.classes:
            return 0.0
        return self.distress.chance(float(own[self.classes.index(CRISIS)]), crisis, danger)

    def _reading(
        self,
        probabilities: npt.NDArray[np.float32],
        danger: float,
        summary: Mapping[str, float],
        elsewhere: float,
        crisis: float,
        alone: NetReading | None = None,
        distress: float = 0.0,
    ) -> NetReading:
        by_rule = {c: float(p) for p, c in zip(probabilities, self.classes, strict=True) if c != NONE}
        rule_id = max(by_rule, key=by_rule.__getitem__)
        return NetReading(rule_id, danger, by_rule[rule_id], by_rule, summary, alone, elsewhere, crisis, distress)

    def probabilities(self, text: str) -> npt.NDArray[np.float32]:
        """The average of the two readers' class probabilities (before calibration)."""
        vector = self._embed([text])[0]
        return ((self._by_meaning(vector) + self._by_letters(text)) / 2).astype(np.float32)

    def _elsewhere(self, vector: npt.NDArray[np.float32], letters: _Letters) -> float:
        """The scope reader: the calibrated chance that the message is not about a present, real
        situation, from the same embedding and letters the net reads (no extra embedding)."""
        model = self._model
        columns, values = letters
        by_meaning = _sigmoid(float(model.scope_emb_coef @ vector) + float(model.scope_intercepts[0]))
        by_letters = _sigmoid(float(model.scope_tfidf_coef[columns] @ values) + float(model.scope_intercepts[1]))
        return self.scope.chance((by_meaning + by_letters) / 2)

    def _crisis(self, vector: npt.NDArray[np.float32], letters: _Letters) -> float:
        """The crisis reader's calibrated chance (:meth:`_crisis_raw`)."""
        return self.crisis.chance(self._crisis_raw(vector, letters))

    def _crisis_raw(self, vector: npt.NDArray[np.float32], letters: _Letters) -> float:
        """The crisis reader: the chance that the message tells of a crisis, before calibration. The net's
        rule probabilities share one softmax among every rule, so a crisis told without its words
        (a goodbye, a date chosen, a burn on purpose) is often spread thin over several; a reader
        that asks only "a crisis, or anything else?" is sharper. Same embedding and letters."""
        model = self._model
        columns, values = letters
        by_meaning = _sigmoid(float(model.crisis_emb_coef @ vector) + float(model.crisis_intercepts[0]))
        by_letters = _sigmoid(float(model.crisis_tfidf_coef[columns] @ values) + float(model.crisis_intercepts[1]))
        return (by_meaning + by_letters) / 2

    def worst_window(self, text: str) -> npt.NDArray[np.float32] | None:
        """For a long message, the class probabilities of its most worrying window. The letters
        reader, which costs no embedding, picks the window (or the few) the meaning reader reads too."""
        return self._worst_window(text)[0]

    def _worst_window(self, text: str) -> tuple[npt.NDArray[np.float32] | None, str | None, str | None]:
        """The most worrying window's class probabilities, the window, and the window the crisis
        reader reads on its own (:meth:`_crisis_window`), if any."""
        parts = windows(text, self.sizes)
        if not parts:
            return None, None, None
        features = [self._letters(part) for part in parts]
        letters = [self._scores(part_letters) for part_letters in features]
        crisis_part = self._crisis_window(parts, features)
        if not self.embedded_windows:  # read by letters alone: no embedding
            at = min(range(len(parts)), key=lambda i: float(letters[i][self._none]))
            return letters[at].astype(np.float32), parts[at], crisis_part
        chosen = sorted(range(len(parts)), key=lambda i: float(letters[i][self._none]))[: self.embedded_windows]
        vectors = self._embed([parts[i] for i in chosen])
        read = [(self._by_meaning(vector) + letters[i]) / 2 for i, vector in zip(chosen, vectors, strict=True)]
        at = min(range(len(chosen)), key=lambda i: float(read[i][self._none]))
        return read[at].astype(np.float32), parts[chosen[at]], crisis_part

    def _crisis_window(self, parts: Sequence[str], features: Sequence[_Letters]) -> str | None:
        """The window of a message of two or more that the crisis reader's letters find the most
        crisis-like, when they give it at least ``crisis_window`` (the meaning reader then reads it
        on its own, one more run of the model): "I won't be a bother to anyone for long. Can you
        send me the calf routine?" is a crisis in its first sentence, diluted by the request when
        read whole. Below the bar, or without one (a model trained before it), no window is read."""
        bar = self.thresholds.crisis_window
        if len(parts) < 2 or bar > 1.0:
            return None
        intercept = float(self._model.crisis_intercepts[1])
        coef = self._model.crisis_tfidf_coef
        raw = [_sigmoid(float(coef[columns] @ values) + intercept) for columns, values in features]
        at = max(range(len(parts)), key=raw.__getitem__)
        return parts[at] if raw[at] >= bar else None

    def window_elsewhere(self, part: str) -> float:
        """The scope reader's chance for one window of a long message, read on its own. A long
        message whose most worrying window holds a red flag (``WINDOW_HOLDS_FLAG``) is not set
        aside when that window is clearly about a present situation (``WINDOW_PRESENT``): the
        whole message's
        embedding sees its first few sentences only, and its letters are mostly the chat around
        a red flag ("I've had achy knees for years ..." forty times, then "since the flight my
        calf is swollen"), which says nothing of whether the flag is present. One more run of the
        model, only for a long message the whole reading would set aside."""
        return self._elsewhere(self._embed([part])[0], self._letters(part.lower()))

    def from_summary(self, summary: Mapping[str, float]) -> npt.NDArray[np.float32]:
        """A kept summary as class probabilities (rules it left out get the floor)."""
        probabilities = np.array(
            [summary.get(c, SUMMARY_FLOOR / 2) if c != NONE else 0.0 for c in self.classes], dtype=np.float32
        )
        probabilities[self._none] = max(1.0 - float(probabilities.sum()), SUMMARY_FLOOR)
        result: npt.NDArray[np.float32] = probabilities / probabilities.sum()
        return result

    def pooled(self, current: npt.NDArray[np.float32], previous: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        pooling = self.pooling
        scores = np.log(np.maximum(current, 1e-6)) + pooling.weight * np.log(np.maximum(previous, 1e-6))
        scores[self._none] += pooling.none_bias
        return _softmax(scores.astype(np.float32))

    def pooled_danger(self, pooled: npt.NDArray[np.float32]) -> float:
        return _sigmoid(self.pooling.slope * _logit(self._any(pooled)) + self.pooling.intercept)

    def _any(self, probabilities: npt.NDArray[np.float32]) -> float:
        return 1.0 - float(probabilities[self._none])

    def _by_meaning(self, vector: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        model = self._model
        return _softmax(model.emb_coef @ vector + model.emb_intercept)

    def _by_letters(self, text: str) -> npt.NDArray[np.float32]:
        return self._scores(self._letters(text))

    def _letters(self, text: str) -> _Letters:
        """The message's TF-IDF features over every analyzer: their columns and values."""
        columns: list[npt.NDArray[np.int64]] = []
        values: list[npt.NDArray[np.float32]] = []
        offset = 0
        for features in self._model.features:
            found, weights = features.transform(text)
            columns.append(found + offset)
            values.append(weights)
            offset += len(features.index)
        return np.concatenate(columns), np.concatenate(values)

    def _scores(self, letters: _Letters) -> npt.NDArray[np.float32]:
        model = self._model
        columns, values = letters
        return _softmax(model.tfidf_intercept + model.tfidf_coef[:, columns] @ values)


def _logit(p: float) -> float:
    clipped = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(clipped / (1 - clipped))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _softmax(scores: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    shifted = np.exp(scores - scores.max())
    result: npt.NDArray[np.float32] = (shifted / shifted.sum()).astype(np.float32)
    return result
