"""The decision: trained models weigh what the matcher read, and a calibrated probability that
the leading entry is right chooses between answering, offering choices and saying so.

Three small logistic regressions, trained by :mod:`bot.learning` on the project's labelled
questions, the knowledge's own phrasings and the off-topic examples, and shipped as
``model/decision.json``:

1. what the message asks for (a point, an answer, a routine for one or two people, a safety
   answer, a daily plan, or nothing covered), read from its meaning vector, cues of its wording
   and its words themselves (:mod:`bot.matching.wording`: "make me a ...", "begin", "on my
   brother" say what is wanted where the meaning says what it is about);
2. for each candidate entry, how likely it is the one meant, from its scores (meaning, words, a
   name, a condition), how it compares with the other candidates, whether it is of the kind
   asked for, how close the message comes to the labelled questions it answers (its nearest
   neighbours among the questions the model was trained on) and to everyday off-topic examples,
   and the cues read from the message's wording: this ranks the candidates;
3. the probability that the leading candidate is right, from how far it leads, what the message
   asks for and how it reads: this is the confidence, calibrated on held-out questions.

Answer, choices or fallback then follow from the confidence and the thresholds the training
chose on held-out predictions (written in the model file with the precision they gave). Running
it is a few small dot products.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.matching.evidence import ASKS_FOR, CUES, KINDS, Evidence, Reading, Vector
from bot.matching.wording import Wording

MODEL_FILE = Path(__file__).resolve().parent / "model" / "decision.json"
# The meaning vectors of the labelled questions the model was trained on, beside the model file.
NEIGHBOURS_FILE = "neighbours.npy"
MAX_CANDIDATES = 3  # choices offered at most, and runners-up beside an answer
CLEAR = 0.5  # a kind asked for more likely than all the others together
CHOICE_FLOOR = 0.05  # "Did you mean" only when the likeliest choice is at least this likely
# The kinds whose entries are offered when a message clearly asks for one but not which.
CHOICE_KINDS = ("plan", "routine", "partner")
# The kinds any entry of which answers a clear wish for one, the likeliest shown with the others.
ONE_OF_KIND = ("plan", "partner", "routine")

# Cues of what the message wants done, crossed with each kind of candidate.
WISHES = (
    "start",
    "routine_words",
    "information",
    "partner",
    "someone_else",
    "plan_words",
    "permission",
    "whether",
    "condition",
)
# Each candidate's features, in the order the weights are written in.
FEATURES: tuple[str, ...] = (
    "meaning",
    "meaning_gap",  # its meaning less the best candidate's (0 for the best)
    "meaning_best",
    "words",  # 0-1.15
    "words_gap",
    "words_best",
    "name",
    "everyday_name",
    "name*care",  # a name said with a word of the body or its care
    "name*elsewhere",  # a name said with words about something else
    "near",  # closeness in meaning to the nearest labelled question it answers
    "near_gap",  # ... less the nearest labelled question of any candidate or of none
    "near_best",
    "condition",
    "direction",
    "step",
    "step_meaning",  # a routine's closeness to its nearest step ("twist the calf", "circles round the ankle")
    "step_lead",  # ... less the best candidate's closeness in meaning
    "situation",  # a plan's fit to the situation told, beside the fit of the ways of asking for it
    "situation_gap",  # ... less the best-fitting plan's
    *(f"kind:{kind}" for kind in KINDS),
    "asked",  # probability that the message asks for this candidate's kind
    "asked*meaning",
    "asked:none",  # probability that it asks for nothing covered
    "near:none",  # closeness to the nearest labelled question that nothing answers
    "decoy",
    "decoy_gap",  # closeness to an off-topic example less its own meaning
    *(f"cue:{cue}" for cue in CUES),
    # Each wish the wording shows, for each kind of entry: what "start", "what is", "can I"
    # or "every day" make likelier is learnt, not set by hand.
    *(f"{cue}*{kind}" for cue in WISHES for kind in KINDS),
)

_TOP_CUES = ("in_domain", "care", "other_body_part", "other_complaint", "animal", "saying", "name_elsewhere")
# Cues read from the wording that help tell what a message asks for, beside its meaning.
ASK_CUES = (
    *WISHES,
    "in_domain",
    "care",
    "other_body_part",
    "other_complaint",
    "animal",
    "saying",
    "step",
    "situation",
)
# What the confidence in the leading candidate is computed from.
TOP_FEATURES: tuple[str, ...] = (
    "first",  # the log-odds the ranking gave the leading candidate
    "second",  # ... and the runner-up
    "lead",  # the leading candidate's share of the top three and of none of them
    "kind_lead",  # the share of its kind ("any partner routine" is one answer)
    "asked:first",  # probability that the message asks for the leading candidate's kind
    "asked:none",
    "meaning",  # the leading candidate's closeness in meaning
    "words",
    "name",
    "near",  # the leading candidate's nearest labelled question
    "near:none",
    "near_lead",  # ... less the nearest labelled question of another candidate or of none
    "decoy_gap",  # closeness to an off-topic example less the leading candidate's meaning
    *(f"cue:{cue}" for cue in _TOP_CUES),
    "cue:length",
    "cue:unknown",
    "elsewhere*meaning",  # outside the knee's words, only closeness in meaning can carry an answer
    "elsewhere*lead",
)

Matrix = npt.NDArray[np.float64]


class Outcome(StrEnum):
    ANSWER = "answer"
    CLARIFY = "clarify"
    FALLBACK = "fallback"


@dataclass(frozen=True)
class Thresholds:
    answer: float = 0.5  # answer when the confidence in the leading entry reaches this
    clarify: float = 0.2  # offer choices when it reaches this
    offer: float = 0.3  # among them, candidates ranked at this share of the leader's probability or more
    also: float = 0.5  # a runner-up goes beside an answer at this share of the answer's probability
    # below clarify, offer the plans or routines a message asks for this surely (above 1: never)
    choices: float = 1.01
    # below answer, show the likeliest plan (the others beside it) to a message asking this surely for one
    plans: float = 1.01
    # ... the likeliest partner routine to a message asking this surely for one
    partners: float = 1.01
    # ... and the likeliest routine for oneself
    routines: float = 1.01
    # How close in meaning a short message must come to a request in words for a command (the
    # list of routines, one's data) to run it, per command item: above the closest labelled
    # question that asks for something else (a routine, a plan), so that "a massage for my
    # partner" gets the massage, not the list (chosen in training; items not named: the
    # smalltalk bar).
    commands: dict[str, float] = field(default_factory=dict)

    def one_of_kind(self, kind: str) -> float:
        """How surely a message must ask for ``kind`` to be shown its likeliest entry with the
        others beside it when nothing is sure enough to answer (above 1: never)."""
        return {"plan": self.plans, "partner": self.partners, "routine": self.routines}.get(kind, 1.01)


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    ranked: tuple[Evidence, ...]  # best first; for an answer, the answer and its close runners-up
    reason: str
    confidence: float = 0.0  # that the leading entry is right
    ranked_all: tuple[Evidence, ...] = ()  # every candidate, best first
    asked: tuple[float, ...] = ()  # the probability that the message asks for each of ASKS_FOR

    @property
    def asks(self) -> str | None:
        """The kind of entry the message asks for, when more likely than all others together."""
        return _clear_kind(self.asked, CLEAR)


def asks_input(reading: Reading, wording: Wording) -> Matrix:
    """What the model of what a message asks for reads: its meaning vector, a few cues, and its
    words as ``wording`` weighs them."""
    cues = [float(reading.cues.get(cue, 0.0)) for cue in ASK_CUES]
    return np.concatenate([reading.vector.astype(np.float64), np.asarray(cues), wording.vector(reading.text)])


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class Near:
    """How close a message comes to the labelled questions of each entry, and of none."""

    entries: Mapping[str, float] = field(default_factory=dict)  # upper-case id -> best cosine
    none: float = 0.0


class Neighbours:
    """The labelled questions a model was trained on: their meaning vectors and what answers them."""

    def __init__(self, vectors: Matrix, right: Sequence[frozenset[str]]) -> None:
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.right = tuple(right)
        rows: dict[str, list[int]] = {}
        for row, ids in enumerate(self.right):
            for entry_id in ids or ("",):
                rows.setdefault(entry_id, []).append(row)
        # Rows grouped by entry, so each entry's best is one np.maximum.reduceat.
        self._ids = list(rows)
        self._order = np.asarray([row for found in rows.values() for row in found], dtype=np.intp)
        self._starts = np.cumsum([0, *(len(found) for found in rows.values())][:-1], dtype=np.intp)

    def __len__(self) -> int:
        return len(self.right)

    def near(self, vector: Vector, skip: int | None = None) -> Near:
        """Closeness to each entry's labelled questions (``skip``: one of them left out)."""
        if not len(self.right):
            return Near()
        similarity = self.vectors @ vector.astype(np.float32)
        if skip is not None:
            similarity[skip] = -1.0
        best = dict(zip(self._ids, np.maximum.reduceat(similarity[self._order], self._starts).tolist(), strict=True))
        return Near(best, best.pop("", 0.0))


def _near(near: Near, candidate: Evidence) -> float:
    """How close the message comes to the labelled questions ``candidate`` answers; for an entry
    no labelled question names (one added to the knowledge since), its closeness in meaning."""
    return near.entries.get(candidate.entry_id.upper(), candidate.meaning)


def top_features(reading: Reading, ranked: Sequence[Evidence], asked: Sequence[float], near: Near) -> Matrix:
    """The :data:`TOP_FEATURES` of ``ranked`` (weighed candidates, best first)."""
    first = ranked[0]
    first_near = _near(near, first)
    others = [_near(near, c) for c in ranked[1:3]] + [near.none]
    asks = dict(zip(ASKS_FOR, asked, strict=True))
    # Shares of the top three, beside the chance that none of them is meant: a lead among
    # candidates that are all unlikely is no lead.
    mass = sum(c.probability for c in ranked[:3]) + 1 - first.probability
    cue = reading.cues.get
    return np.asarray(
        [
            logit(first.probability),
            logit(ranked[1].probability) if len(ranked) > 1 else logit(0.0),
            first.probability / mass,
            sum(c.probability for c in ranked[:3] if c.kind == first.kind) / mass,
            asks[first.kind],
            asks["none"],
            first.meaning,
            min(first.words, 115.0) / 100,
            first.name,
            first_near,
            near.none,
            first_near - max(others),
            reading.decoy - first.meaning,
            *(cue(name, 0.0) for name in _TOP_CUES),
            cue("length", 0.0),
            cue("unknown", 0.0),
            (1 - cue("in_domain", 0.0)) * first.meaning,
            (1 - cue("in_domain", 0.0)) * first.probability / mass,
        ],
        dtype=np.float64,
    )


def candidate_features(reading: Reading, asked: Sequence[float], near: Near) -> Matrix:
    """One row of :data:`FEATURES` per candidate of ``reading``; ``asked``: the probability of
    each of :data:`ASKS_FOR`; ``near``: closeness to the labelled questions."""
    candidates = reading.candidates
    if not candidates:
        return np.zeros((0, len(FEATURES)))
    nearest = [_near(near, c) for c in candidates]
    best_near = max([*nearest, near.none])
    asks = dict(zip(ASKS_FOR, asked, strict=True))
    best_meaning = max(c.meaning for c in candidates)
    best_words = max(c.words for c in candidates)
    best_situation = max(c.situation for c in candidates)
    cues = [float(reading.cues.get(cue, 0.0)) for cue in CUES]
    cue = reading.cues.get
    wishes = [float(cue(wish, 0.0)) for wish in WISHES]
    # What depends on a candidate's kind alone: its kind, one-hot, and the wishes said for it.
    by_kind = {
        kind: (
            [float(kind == other) for other in KINDS],
            [wish if kind == other else 0.0 for wish in wishes for other in KINDS],
        )
        for kind in {c.kind for c in candidates}
    }
    rows = []
    for c, close in zip(candidates, nearest, strict=True):
        kind_hot, kind_wishes = by_kind[c.kind]
        words = min(c.words, 115.0) / 100
        asked_kind = asks[c.kind]
        rows.append(
            [
                c.meaning,
                c.meaning - best_meaning,
                float(c.meaning == best_meaning),
                words,
                words - min(best_words, 115.0) / 100,
                float(c.words == best_words and c.words > 0),
                c.name,
                float(c.everyday_name),
                c.name * cue("care", 0.0),
                c.name * cue("name_elsewhere", 0.0),
                close,
                close - best_near,
                float(close == best_near and close > 0),
                float(c.condition),
                float(c.direction),
                float(c.step is not None),
                c.step_meaning,
                c.step_meaning - best_meaning if c.kind in ("routine", "partner") else 0.0,
                c.situation,
                c.situation - best_situation if c.kind == "plan" else 0.0,
                *kind_hot,
                asked_kind,
                asked_kind * c.meaning,
                asks["none"],
                near.none,
                reading.decoy,
                reading.decoy - c.meaning,
                *cues,
                *kind_wishes,
            ]
        )
    return np.asarray(rows, dtype=np.float64)


@dataclass(frozen=True)
class DecisionModel:
    """The two trained regressions and the thresholds, as written in the model file."""

    asks_weights: Matrix  # (len(ASKS_FOR), dimensions of the meaning vector + len(ASK_CUES) + len(wording))
    asks_bias: Matrix  # (len(ASKS_FOR),)
    weights: Matrix  # (len(FEATURES),)
    bias: float
    top_weights: Matrix  # (len(TOP_FEATURES),)
    top_bias: float
    thresholds: Thresholds = Thresholds()
    about: dict[str, Any] = field(default_factory=dict)  # how it was trained, and its held-out figures
    neighbours: Neighbours = field(default_factory=lambda: Neighbours(np.zeros((0, 384)), ()))
    wording: Wording = field(default_factory=Wording.empty)  # the terms the asks model reads

    @classmethod
    def blank(cls, dimensions: int = 384) -> DecisionModel:
        """A model that knows nothing (to read training examples before any model exists)."""
        return cls(
            np.zeros((len(ASKS_FOR), dimensions + len(ASK_CUES))),
            np.zeros(len(ASKS_FOR)),
            np.zeros(len(FEATURES)),
            0.0,
            np.zeros(len(TOP_FEATURES)),
            0.0,
        )

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> DecisionModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if (
            tuple(data["features"]) != FEATURES
            or tuple(data["top_features"]) != TOP_FEATURES
            or tuple(data["asks_for"]) != ASKS_FOR
        ):
            raise ValueError(f"{path} was trained on other features; run scripts/train_decision.py")
        return cls(
            asks_weights=np.asarray(data["asks_weights"], dtype=np.float64),
            asks_bias=np.asarray(data["asks_bias"], dtype=np.float64),
            weights=np.asarray(data["weights"], dtype=np.float64),
            bias=float(data["bias"]),
            top_weights=np.asarray(data["top_weights"], dtype=np.float64),
            top_bias=float(data["top_bias"]),
            thresholds=Thresholds(**data["thresholds"]),
            about=dict(data.get("about", {})),
            neighbours=Neighbours(
                np.load(path.parent / NEIGHBOURS_FILE, allow_pickle=False).astype(np.float32),
                [frozenset(ids) for ids in data["neighbours"]],
            ),
            wording=Wording({term: i for i, term in enumerate(data.get("terms", []))}, data.get("term_weights", [])),
        )

    def save(self, path: Path = MODEL_FILE) -> None:
        data = {
            "features": list(FEATURES),
            "asks_for": list(ASKS_FOR),
            "weights": _rounded(self.weights),
            "bias": round(self.bias, 6),
            "top_features": list(TOP_FEATURES),
            "top_weights": _rounded(self.top_weights),
            "top_bias": round(self.top_bias, 6),
            "thresholds": self.thresholds.__dict__,
            "asks_bias": _rounded(self.asks_bias),
            "asks_weights": [_rounded(row) for row in self.asks_weights],
            "about": self.about,
            "neighbours": [sorted(ids) for ids in self.neighbours.right],
            "terms": sorted(self.wording.vocabulary, key=self.wording.vocabulary.__getitem__),
            "term_weights": _rounded(self.wording.idf),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        np.save(path.parent / NEIGHBOURS_FILE, self.neighbours.vectors.astype(np.float16), allow_pickle=False)

    def asks_for(self, reading: Reading) -> Matrix:
        """The probability that the message asks for each of :data:`ASKS_FOR`."""
        logits = self.asks_weights @ asks_input(reading, self.wording) + self.asks_bias
        logits -= logits.max()
        exp = np.exp(logits)
        result: Matrix = exp / exp.sum()
        return result

    def weigh(self, reading: Reading, asked: Sequence[float], near: Near) -> list[Evidence]:
        """The candidates with their probabilities, likeliest first."""
        if not reading.candidates:
            return []
        logits = candidate_features(reading, asked, near) @ self.weights + self.bias
        probabilities = [_sigmoid(float(z)) for z in logits]
        weighed = [c.weighed(p) for c, p in zip(reading.candidates, probabilities, strict=True)]
        return sorted(weighed, key=lambda c: (-c.probability, c.entry_id))

    def confidence(self, reading: Reading, ranked: Sequence[Evidence], asked: Sequence[float], near: Near) -> float:
        """The probability that the leading candidate of ``ranked`` is the one meant."""
        if not ranked:
            return 0.0
        return _sigmoid(float(top_features(reading, ranked, asked, near) @ self.top_weights + self.top_bias))

    def decide(self, reading: Reading) -> Decision:
        """Answer, offer choices or fall back."""
        asked = list(self.asks_for(reading))
        near = self.neighbours.near(reading.vector)
        ranked = self.weigh(reading, asked, near)
        decision = decide(ranked, self.confidence(reading, ranked, asked, near), self.thresholds, asked)
        return replace(decision, asked=tuple(asked))


def decide(
    ranked: Sequence[Evidence], confidence: float, thresholds: Thresholds, asked: Sequence[float] = ()
) -> Decision:
    """Answer, offer choices or fall back, from the confidence in the leading candidate and the
    candidates' probabilities (best first). Choices are of the kind the message asks for when
    that is clear ("start a massage": routines; "a daily plan for my knees": plans). A message
    that clearly asks for a plan or a partner routine, though not which one, gets the likeliest
    with the others beside it; one that clearly asks for a routine is offered the routines,
    rather than told "I don't know"."""
    if not ranked:
        return Decision(Outcome.FALLBACK, (), "no-match")
    best = ranked[0]
    top = tuple(ranked[:MAX_CANDIDATES])
    every = tuple(ranked)
    if confidence >= thresholds.answer:
        also = tuple(c for c in top[1:] if c.probability >= thresholds.also * best.probability)
        return Decision(Outcome.ANSWER, (best, *also), "confident", confidence, every)
    for one_of in ONE_OF_KIND:
        pool = [c for c in ranked if c.kind == one_of][:MAX_CANDIDATES]
        if pool and _clear_kind(asked, thresholds.one_of_kind(one_of)) == one_of:
            # Any plan is general advice for every day, and any routine a way to massage one's
            # own knee (or someone else's), so the likeliest is shown with the others beside
            # it, rather than a question first.
            return Decision(Outcome.ANSWER, tuple(pool), f"{one_of}-asked", confidence, every)
    if confidence >= thresholds.clarify and best.probability >= CHOICE_FLOOR:
        kind = _clear_kind(asked, CLEAR)
        pool = [c for c in ranked if c.kind == kind][:MAX_CANDIDATES]
        if not pool or pool[0].probability < CHOICE_FLOOR:
            pool = [c for c in top if c.probability >= thresholds.offer * best.probability]
        return Decision(Outcome.CLARIFY, tuple(pool), "close", confidence, every)
    kind = _clear_kind(asked, thresholds.choices)
    if kind in CHOICE_KINDS:
        pool = [c for c in ranked if c.kind == kind][:MAX_CANDIDATES]
        if pool:
            return Decision(Outcome.CLARIFY, tuple(pool), "kind-asked", confidence, every)
    return Decision(Outcome.FALLBACK, top, "no-match", confidence, every)


def _clear_kind(asked: Sequence[float], floor: float) -> str | None:
    """The kind a message asks for, when its probability is above ``floor`` (0.5 or more: more
    likely than all the others together)."""
    if not len(asked):
        return None
    best = int(np.argmax(asked))
    return ASKS_FOR[best] if ASKS_FOR[best] != "none" and asked[best] > floor else None


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-min(max(z, -50.0), 50.0)))


def _rounded(values: Matrix) -> list[float]:
    return [round(float(v), 6) for v in values]
