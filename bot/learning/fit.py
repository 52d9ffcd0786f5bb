"""Fitting the decision model with scikit-learn, and choosing its thresholds on held-out predictions.

Both regressions are fitted on standardised features and written back in the raw units the
matcher computes, so running them needs numpy only. What a message asks for is a feature of
each candidate; for the examples the candidate model learns from it comes from a model that
did not see them (out-of-fold), as it will be for a new message. The thresholds are chosen on
out-of-fold probabilities of the labelled questions that reach the model, from several draws
of the folds together: the ones that get most questions right, a wrong answer costing as much as
a right one gains. On one draw the best threshold moved with the draw (on the same data, plans
0.5 to 0.9, choices 0.75 to 1.01 over six draws); on three together it holds (plans 0.85,
choices 0.9 on every triple of the six).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from bot.learning.examples import ReadExample
from bot.matching.decision import (
    FEATURES,
    DecisionModel,
    Matrix,
    Near,
    Neighbours,
    Outcome,
    Thresholds,
    asks_input,
    candidate_features,
    decide,
    top_features,
)
from bot.matching.evidence import ASKS_FOR, Evidence
from bot.matching.wording import Wording
from bot.semantic.encoder import DIMENSIONS

INNER_FOLDS = 5
# Inverse regularisation of what a message asks for (384 meaning dimensions and the wording's
# terms), chosen by inner cross-validation: the one whose out-of-fold predictions fit best, so
# that the model leans on single words only as far as that holds on examples it did not see.
ASKS_C_GRID = (4.0, 16.0, 64.0)
CANDIDATE_C = 1.0
TOP_C = 1.0
# What the confidence learns from: the labelled questions and the off-topic examples, not the
# knowledge's phrasings (its own wording is easier than people's, and would flatter it).
CONFIDENCE_SOURCES = frozenset({"labelled", "off-topic"})
WRONG_ANSWER_COST = 1.0
OFF_TOPIC_ANSWER_COST = 2.0  # knee content for a message about something else
USEFUL_CHOICES = 0.5  # choices that hold the right entry: one tap from the answer
# Which candidates are shown, not whether to show any (so not chosen for accuracy): among
# choices, those ranked at 15% of the leader's probability or more; beside an answer, at 50%.
OFFER = 0.15
ALSO = 0.5

# Answer when the leading entry is more likely right than not: the confidence is calibrated, so
# this is the stated precision's threshold (what precision it gives is measured and written).
ANSWER = 0.5
# Draws of the folds whose out-of-fold predictions the thresholds are chosen on together (one
# draw's best moved far with the draw: its curve is flat near the top, and noisy).
THRESHOLD_DRAWS = 3
_CLARIFY_GRID = [round(x, 3) for x in np.arange(0.05, ANSWER + 0.001, 0.025)]
_CHOICES_GRID = [round(x, 3) for x in np.arange(0.5, 1.0, 0.05)] + [1.01]


@dataclass(frozen=True)
class Held:
    """Out-of-fold predictions for one labelled example."""

    example: ReadExample
    ranked: list[Evidence]  # weighed candidates, best first
    confidence: float  # that the first is right
    asked: list[float]  # what the example asks for (bot.matching.evidence.ASKS_FOR)


def fit(train: Sequence[ReadExample], seed: int = 0) -> DecisionModel:
    """The decision model trained on ``train``, thresholds chosen on out-of-fold predictions."""
    with threadpool_limits(1):  # these problems are small; threads only fight over the cores
        return _fit(train, seed)


def _fit(train: Sequence[ReadExample], seed: int) -> DecisionModel:
    folds = _folds(train, seed)
    neighbours, nears = _neighbours(train)
    wording = Wording.learn(example.reading.text for example in train)
    # What each example asks for, by a model that did not see it, as for a new message.
    asks_c, asked, losses = _asks_out_of_fold(train, wording, folds)
    asks_weights, asks_bias = _fit_asks(train, wording, asks_c)
    weights, bias = _fit_candidates(train, asked, nears)
    (top_weights, top_bias), held = _held_out(train, asked, nears, folds)
    # More draws of the folds for the thresholds (each a held-out prediction of every question).
    draws = [held, *(_held_out(train, asked, nears, _folds(train, seed + n))[1] for n in range(1, THRESHOLD_DRAWS))]
    thresholds, figures = choose_thresholds(draws)
    thresholds = replace(thresholds, commands=command_bars(train))
    about = {"examples": len(train), "labelled": len(neighbours), "asks_c": asks_c, "asks_log_loss": losses, **figures}
    return DecisionModel(
        asks_weights, asks_bias, weights, bias, top_weights, top_bias, thresholds, about, neighbours, wording
    )


def _held_out(
    train: Sequence[ReadExample], asked: Matrix, nears: Sequence[Near], folds: Sequence[tuple[np.ndarray, np.ndarray]]
) -> tuple[tuple[Matrix, float], list[Held]]:
    """The confidence model fitted on every example's candidates as ranked by a model that did
    not see it (``folds``), and each labelled question that reaches the model as held out by
    ``folds``: its ranking and its confidence, both by models that did not see it."""
    ranked: list[list[Evidence]] = [[] for _ in train]
    for inside, outside in folds:
        cw, cb = _fit_candidates([train[i] for i in inside], asked[inside], [nears[i] for i in inside])
        ranker = _ranker(cw, cb)
        for i in outside:
            ranked[i] = ranker.weigh(train[i].reading, list(asked[i]), nears[i])
    usable = [i for i in range(len(train)) if ranked[i] and train[i].example.source in CONFIDENCE_SOURCES]
    x = np.stack([top_features(train[i].reading, ranked[i], list(asked[i]), nears[i]) for i in usable])
    y = np.asarray([ranked[i][0].entry_id.upper() in train[i].example.right for i in usable])
    sample = np.asarray([train[i].example.weight for i in usable])
    top = _fit_scaled(x, y, sample, TOP_C)
    confidence = np.zeros(len(train))
    position = {i: row for row, i in enumerate(usable)}
    for inside, outside in folds:
        rows_in = [position[i] for i in inside if i in position]
        rows_out = [position[i] for i in outside if i in position]
        tw, tb = _fit_scaled(x[rows_in], y[rows_in], sample[rows_in], TOP_C)
        for row in rows_out:
            confidence[usable[row]] = _sigmoid(x[row] @ tw + tb)
    held = [
        Held(train[i], ranked[i], float(confidence[i]), list(asked[i]))
        for i in range(len(train))
        if train[i].example.source == "labelled" and train[i].reaches_model
    ]
    return top, held


def command_bars(train: Sequence[ReadExample]) -> dict[str, float]:
    """For each request in words for a command (the list of routines, one's data), how close in
    meaning a short message must come to it to run it: just above the closest of the labelled
    questions, all of which ask for something else ("a massage for my partner" wants the
    massage, not the list of them)."""
    closest: dict[str, float] = defaultdict(float)
    for example in train:
        for item_id, closeness in example.commands.items():
            closest[item_id] = max(closest[item_id], closeness)
    return {item_id: math.floor(100 * value + 1) / 100 for item_id, value in sorted(closest.items())}


def _neighbours(train: Sequence[ReadExample]) -> tuple[Neighbours, list[Near]]:
    """The labelled questions as neighbours, and how close each example comes to them (each
    labelled question left out of its own neighbours)."""
    labelled = [i for i, example in enumerate(train) if example.example.source == "labelled"]
    if not labelled:
        return Neighbours(np.zeros((0, DIMENSIONS)), ()), [Near() for _ in train]
    neighbours = Neighbours(
        np.stack([train[i].reading.vector for i in labelled]), [train[i].example.right for i in labelled]
    )
    row = {i: position for position, i in enumerate(labelled)}
    return neighbours, [neighbours.near(example.reading.vector, row.get(i)) for i, example in enumerate(train)]


def _ranker(weights: Matrix, bias: float) -> DecisionModel:
    blank = DecisionModel.blank()
    return DecisionModel(blank.asks_weights, blank.asks_bias, weights, bias, blank.top_weights, 0.0)


def _folds(train: Sequence[ReadExample], seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    labels = [f"{e.example.source}:{e.asks}" for e in train]
    counts = {label: labels.count(label) for label in set(labels)}
    labels = [label if counts[label] >= INNER_FOLDS else "rare" for label in labels]
    splitter = StratifiedKFold(INNER_FOLDS, shuffle=True, random_state=seed)
    return [(inside, outside) for inside, outside in splitter.split(np.zeros(len(labels)), labels)]


def _asks_out_of_fold(
    train: Sequence[ReadExample], wording: Wording, folds: Sequence[tuple[np.ndarray, np.ndarray]]
) -> tuple[float, Matrix, dict[str, float]]:
    """The regularisation of :data:`ASKS_C_GRID` whose out-of-fold predictions of what each
    example asks for have the least log loss (weighted as in training), those predictions, and
    each one's loss."""
    x = np.stack([asks_input(e.reading, wording) for e in train])
    truth = np.asarray([ASKS_FOR.index(e.asks) for e in train])
    sample = np.asarray([e.example.weight for e in train])
    best: tuple[float, float, Matrix] | None = None
    losses: dict[str, float] = {}
    for c in ASKS_C_GRID:
        asked = np.zeros((len(train), len(ASKS_FOR)))
        for inside, outside in folds:
            w, b = _fit_asks([train[i] for i in inside], wording, c, x[inside])
            asked[outside] = _softmax(x[outside] @ w.T + b)
        picked = np.clip(asked[np.arange(len(train)), truth], 1e-9, 1.0)
        loss = float(-(sample * np.log(picked)).sum() / sample.sum())
        losses[str(c)] = round(loss, 4)
        if best is None or loss < best[1]:
            best = (c, loss, asked)
    assert best is not None
    return best[0], best[2], losses


def _fit_asks(
    train: Sequence[ReadExample], wording: Wording, c: float, x: Matrix | None = None
) -> tuple[Matrix, Matrix]:
    """What a message asks for, fitted on ``train`` (``x``: their inputs, when already computed)."""
    x = np.stack([asks_input(e.reading, wording) for e in train]) if x is None else x
    y = [e.asks for e in train]
    weights = [e.example.weight for e in train]
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, y, sample_weight=weights)
    order = [list(model.classes_).index(kind) if kind in model.classes_ else -1 for kind in ASKS_FOR]
    coef = np.zeros((len(ASKS_FOR), x.shape[1]))
    intercept = np.full(len(ASKS_FOR), -20.0)  # a kind never seen in training is never asked for
    for row, column in enumerate(order):
        if column >= 0:
            coef[row], intercept[row] = model.coef_[column], model.intercept_[column]
    return coef, intercept


def _rows(train: Sequence[ReadExample], asks: Matrix, nears: Sequence[Near]) -> tuple[Matrix, np.ndarray, np.ndarray]:
    blocks, labels, weights = [], [], []
    for example, asked, near in zip(train, asks, nears, strict=True):
        candidates = example.reading.candidates
        if not candidates:
            continue
        blocks.append(candidate_features(example.reading, list(asked), near))
        labels += [c.entry_id.upper() in example.example.right for c in candidates]
        weights += [example.example.weight] * len(candidates)
    return np.vstack(blocks), np.asarray(labels), np.asarray(weights)


def _fit_candidates(train: Sequence[ReadExample], asks: Matrix, nears: Sequence[Near]) -> tuple[Matrix, float]:
    x, y, w = _rows(train, asks, nears)
    return _fit_scaled(x, y, w, CANDIDATE_C)


def _fit_scaled(x: Matrix, y: np.ndarray, sample: np.ndarray, c: float) -> tuple[Matrix, float]:
    """A logistic regression fitted on standardised ``x``, its weights given for raw ``x``."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000)
    model.fit((x - mean) / scale, y, sample_weight=sample)
    coef = model.coef_[0] / scale
    return coef, float(model.intercept_[0] - coef @ mean)


def _sigmoid(z: float) -> float:
    return float(1 / (1 + np.exp(-z)))


def _softmax(logits: Matrix) -> Matrix:
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: Matrix = exp / exp.sum(axis=1, keepdims=True)
    return result


def judge(held: Held, thresholds: Thresholds) -> tuple[str, bool, list[str]]:
    """The outcome ``thresholds`` give a held-out example (decided as the bot decides: "one-of-kind"
    for the likeliest of a kind asked for shown with the others beside it), whether it
    is what its case wants, and the entries shown (upper-case ids)."""
    right = held.example.example.right
    case = held.example.example.case or {}
    kinds = case.get("kind")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    decision = decide(held.ranked, held.confidence, thresholds, held.asked)
    shown = [c.entry_id.upper() for c in decision.ranked]
    if decision.outcome is Outcome.ANSWER:
        # The likeliest of a kind asked for, the others beside it ("a daily plan"): one of them
        return ("one-of-kind" if decision.reason.endswith("-asked") else "answer"), shown[0] in right, shown
    if decision.outcome is Outcome.CLARIFY:
        return "clarify", "clarify" in kinds, shown
    return "fallback", not right, []


def _utility(held: Sequence[Held], thresholds: Thresholds) -> float:
    """Questions got right, less the cost of wrong answers (more for knee content given to a
    message about something else); choices that hold the right entry count half (one tap away),
    and so does the likeliest of a kind asked for with the right one beside it (a plan asked for
    is shown with the other plans: the one meant is one tap away too)."""
    score = 0.0
    for item in held:
        outcome, good, shown = judge(item, thresholds)
        right = item.example.example.right
        if outcome == "one-of-kind" and not good and right and set(shown) & right:
            score += USEFUL_CHOICES
        elif outcome in ("answer", "one-of-kind") and not good:
            score -= OFF_TOPIC_ANSWER_COST if not right else WRONG_ANSWER_COST
        elif outcome == "clarify" and not good and right and set(shown) & right:
            score += USEFUL_CHOICES
        else:
            score += good
    return score


def _best(draws: Sequence[Sequence[Held]], grid: Sequence[float], thresholds: Callable[[float], Thresholds]) -> float:
    """The point of ``grid`` to set a threshold at (``thresholds``: all of them, that one at a
    point) that does best over every draw of held-out predictions together, in its
    neighbourhood (the curve is flat and noisy near its top), the highest of equals."""
    utility = [sum(_utility(held, thresholds(point)) for held in draws) for point in grid]
    smooth = [sum(utility[max(i - 1, 0) : i + 2]) / len(utility[max(i - 1, 0) : i + 2]) for i in range(len(utility))]
    return float(grid[max(range(len(smooth)), key=lambda i: (smooth[i], grid[i]))])


def choose_thresholds(draws: Sequence[Sequence[Held]]) -> tuple[Thresholds, dict[str, float]]:
    """The thresholds that get most held-out questions right (a wrong answer costing one, knee
    content for an off-topic message two), each chosen as :func:`_best` says on ``draws`` (the
    held-out predictions of each draw of the folds), and what they gave on the first draw:
    accuracy, the precision of answers, how often choices were offered."""
    clarify = _best(draws, _CLARIFY_GRID, lambda point: Thresholds(ANSWER, point, OFFER, ALSO))
    # Then how sure a message must be to ask for a plan or routine to be offered them when
    # nothing is sure enough to answer (an off-topic message offered them is a wrong choice).
    choices = _best(draws, _CHOICES_GRID, lambda point: Thresholds(ANSWER, clarify, OFFER, ALSO, point))
    # And how surely a message must ask for a plan, then a partner routine, then a routine for
    # oneself, to be shown one when nothing else is sure.
    plans = _best(draws, _CHOICES_GRID, lambda point: Thresholds(ANSWER, clarify, OFFER, ALSO, choices, point))
    partners = _best(
        draws, _CHOICES_GRID, lambda point: Thresholds(ANSWER, clarify, OFFER, ALSO, choices, plans, point)
    )
    routines = _best(
        draws, _CHOICES_GRID, lambda point: Thresholds(ANSWER, clarify, OFFER, ALSO, choices, plans, partners, point)
    )
    thresholds = Thresholds(ANSWER, clarify, OFFER, ALSO, choices, plans, partners, routines)
    held = draws[0] if draws else []
    outcomes = [judge(item, thresholds)[:2] for item in held]
    answered = [good for outcome, good in outcomes if outcome in ("answer", "one-of-kind")]
    off_topic = [o for (o, _), item in zip(outcomes, held, strict=True) if not item.example.example.right]
    figures = {
        "threshold_draws": len(draws),
        "held_out_questions": len(held),
        "held_out_accuracy": round(sum(good for _, good in outcomes) / max(len(held), 1), 4),
        "answer_precision": round(sum(answered) / max(len(answered), 1), 4),
        "answered_share": round(len(answered) / max(len(held), 1), 4),
        "choices_share": round(sum(o == "clarify" for o, _ in outcomes) / max(len(held), 1), 4),
        "off_topic_answered": round(sum(o in ("answer", "one-of-kind") for o in off_topic) / max(len(off_topic), 1), 4),
        "off_topic_choices": round(sum(o == "clarify" for o in off_topic) / max(len(off_topic), 1), 4),
    }
    return thresholds, figures


__all__ = ["FEATURES", "Held", "choose_thresholds", "fit", "judge"]
