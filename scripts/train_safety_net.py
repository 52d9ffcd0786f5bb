"""Train the learned safety net shipped in bot/safety/model (see bot/safety/net.py).

    .venv/bin/python scripts/train_safety_net.py           # cross-validate, fit, write the model
    .venv/bin/python scripts/train_safety_net.py --check   # cross-validate and report only
    .venv/bin/python scripts/train_safety_net.py --check --leave-out round9   # ... without some files
    .venv/bin/python scripts/train_safety_net.py --digest  # the training data's digest, and whether
                                                           # the shipped model was trained on it

Trained on the labelled messages in tests/data (each labelled with the red-flag rule it calls for,
or `none`), written in people's voices from the rule descriptions, never from the rules' word
lists, and on the knowledge's everyday phrasings (smalltalk.yaml: greetings, thanks, "what do you
keep about me?"), all harmless. Each message is read as triage reads it, without what it negates or
sets aside as history (`Findings.present`). Two readers are fitted: a logistic regression over the
sentence embedding, and one over TF-IDF character and word n-grams; the net averages them.
Five-fold cross-validation gives every message a probability from models that never saw it; on
those, the probability of "any red flag" is calibrated (Platt scaling) and the thresholds are
chosen: `fire` for at most 2% false alarms on the harmless messages; `soft` (the "if this is
happening now" card for messages the bot does not otherwise understand) for at most 8%; `name`, the
probability of its top rule from which on the net names the right rule 80% of the time, needed to
give that rule at all (below it the net is sure something is wrong but not what, which the "if this
is happening now" card is for); and `escalate`, the same at 95% (the median over bootstrap
resamples of the held-out messages, so that it does not flip between retrains), needed to give a
more severe rule than the rules found. The "if this is happening now" card shown from the net's
reading is the one for its likeliest rule, and needs `card`: the chance of that card's rules
added up, the highest (in steps of 0.01) at which at most 1% of the held-out red flags the card
is for (rules and net give nothing, the danger reaches `soft`) would lose their card.

Beside it, a scope reader learns whether a message is about a present, real situation of
someone: the red flags are, while the messages marked with a `scope` (a story on screen, a "what
if", a general question, something long settled, a figure of speech) are not. It reads the
present's embedding (which the net computes anyway) and the n-grams of the message as typed,
where the words that frame it ("in the film", "what would happen if") still are. Its held-out
chance is calibrated; `aside`, the chance from which a message adds nothing to triage, is the
lowest, from 0.75 (three to one) up, at which at most 0.2% of the held-out red flags other than
crises (and of the emergencies) would be set aside, and `aside_crisis` the lowest that sets aside no held-out
crisis at all: a crisis is often said in a "what if" or a "they'd be better off" shape. Needs scikit-learn
(`pip install -e '.[train]'`).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import yaml
from scipy.optimize import minimize
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge import load_knowledge  # noqa: E402
from bot.knowledge.models import SEVERITY_RANK, NowCard, RedFlag  # noqa: E402, F401
from bot.matching.phrases import kept_texts, knowledge_texts  # noqa: E402
from bot.matching.spelling import Speller  # noqa: E402
from bot.safety.findings import FindingsReader  # noqa: E402
from bot.safety.net import MODEL_DIR, NONE, SUMMARY_FLOOR, WINDOW_HOLDS_FLAG, WINDOW_PRESENT  # noqa: E402
from bot.safety.rules import RuleBook  # noqa: E402
from bot.safety.windows import WindowSizes, windows  # noqa: E402
from bot.semantic import Encoder, shared_encoder  # noqa: E402

TRAINING_SETS = ("tests/data/safety_train/*.yaml", "tests/data/safety_natural.yaml", "tests/data/safety_cases.yaml")
# Everyday questions (the matcher's labelled sets) teach the net what ordinary messages look like.
# They change often, so the shipped model records their digest without being bound to it.
QUESTION_SETS = ("tests/data/questions.yaml", "tests/data/natural_questions.yaml")
FOLDS = 5
SEED = 0
FIRE_FALSE_ALARMS = 0.02
SOFT_FALSE_ALARMS = 0.08
# The scope reader may set aside at most this share of the held-out red flags (and emergencies),
# and only where it gives at least three to one that the message is about no present situation.
ASIDE_RED_SHARE = 0.002
ASIDE_LEAST = 0.75
# A crisis is the costliest flag to miss and its reply (someone to talk to now) the gentlest: the
# net gives it from a lower bar of its own, the lowest at which it flags at most this share more
# of the harmless messages.
CRISIS_EXTRA_FALSE_ALARMS = 0.001
# The crisis reader (a crisis, or anything else?) gives a crisis from the lowest chance at which
# it flags at most this share more of the held-out harmless messages than rules and net already
# do, and turns at most this share of the held-out other emergencies into a crisis reply.
CRISIS_READER_FALSE_ALARMS = 0.004
CRISIS_READER_OTHER_EMERGENCIES = 0.002
CRISIS_C = 4.0
# The joint distress reading (the net's chance of a crisis, the crisis reader's and the danger,
# read together by a logistic regression fitted on the held-out messages) gives a crisis from the
# chance at which the crises it adds beyond the bars above outnumber the harmless messages it
# flags by the most, flagging at most this share more of the held-out harmless messages and
# turning at most this share of the other emergencies into a crisis reply.
DISTRESS_FALSE_ALARMS = 0.002
DISTRESS_OTHER_EMERGENCIES = 0.002
# The crisis reader gives a crisis from its bar. It was shipped off (its bar written as 1.01)
# while it read a bare "I'm done" at a routine's step, or "will finish tonight", as a crisis;
# round 16 put such screen replies in its training data, and the report counts the held-out
# screen replies (files named *screen_none*) it would take for a crisis at its bar.
CRISIS_READER_ON = True
# In choosing the crisis reader's and the joint distress reading's bars, a crisis missed weighs
# this many harmless messages flagged: a missed crisis costs the most, and its reply (someone to
# talk to now) the least. Each bar is the median over bootstrap resamples of the held-out
# messages, so that a handful of messages does not move it between retrains (a flat gain curve
# put it anywhere from 0.62 to 0.94).
CRISIS_MISS_WEIGHT = 2.0
# A message of two or more windows is also read by the crisis reader window by window: the window
# its letters find the most crisis-like is read on its own (one more run of the model at run
# time) when they give it at least the bar, the lowest at which at most this share of the
# harmless messages pays that run; the higher of its chance and the whole message's counts.
CRISIS_WINDOWS_ON = True
CRISIS_WINDOW_COST = 0.03
SCREEN_REPLIES = "screen_none"
SCOPE_C = 4.0
# What reading a message with the previous one may add to the false alarms of reading it alone.
POOLED_FALSE_ALARMS = 0.004
# The net gives a rule of its own only where it names the right one this reliably; above the
# rules' own finding, only where it names it more reliably still.
NAME_PRECISION = 0.8
ESCALATE_PRECISION = 0.95
# The "if this is happening now" card from the net's reading may be held back from at most this
# share of the held-out red flags it is for (those the rules and the net do not answer).
CARD_RED_SHARE = 0.01
# Resamples of the held-out messages whose median threshold is used where one reading is unsteady.
BOOTSTRAP_DRAWS = 50
EMBEDDING_C = 16.0
TFIDF_C = 10.0
TFIDF = {
    "char": {"analyzer": "char_wb", "ngrams": [2, 5], "max_features": 30000},
    "word": {"analyzer": "word", "ngrams": [1, 2], "max_features": 10000},
}
HARMLESS = {"benign", "negation"}
# A long message is read by windows too; the letters reader picks this many for the meaning
# reader (each costs an embedding at run time; 0: the worst window by letters alone is read).
SIZES = WindowSizes(long=12)
EMBEDDED_WINDOWS = 0
# Words before which a message is cut in two, to make pairs of messages from single ones.
JOINING = frozenset("and but so now since then also plus which".split())


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    source: str
    turns: tuple[str, ...] = ()
    scope: str | None = None  # why a harmless message is not about a present, real situation


def training_files(patterns: tuple[str, ...] = TRAINING_SETS) -> list[Path]:
    return sorted(Path(name) for pattern in patterns for name in glob.glob(str(ROOT / pattern)))


def digest(files: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in files:
        sha.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()[:16]


def load_examples(files: list[Path], rules: set[str]) -> list[Example]:
    examples = []
    for path in files:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            text = " ".join(str(turn) for turn in case["turns"]) if "turns" in case else str(case["q"])
            if ("rule" in case and "cat" not in case) or (case.get("cat") == "redflag" and case.get("rule")):
                label = str(case["rule"])
            elif case.get("cat") in HARMLESS or ("cat" in case and not _may_be_a_red_flag(case, rules)):
                label = NONE
            else:
                continue
            if label != NONE and label not in rules:
                raise SystemExit(f"{path.name}: {label!r} is not a red-flag rule in knowledge/safety.yaml")
            turns = tuple(str(turn) for turn in case.get("turns", ()))
            scope = str(case["scope"]) if case.get("scope") else None
            if scope is not None and label != NONE:
                raise SystemExit(f"{path.name}: a red flag is about a present situation; drop its scope: {text!r}")
            examples.append(Example(text, label, path.name, turns, scope))
    return examples


def knowledge_phrasings(knowledge: object) -> list[Example]:
    """The knowledge's own phrasings of everyday requests (greetings, thanks, what is kept about
    me, delete my data, how am I doing): harmless by definition, and worded as people write
    them to the bot rather than about their knees."""
    return [
        Example(str(phrasing), NONE, "knowledge/smalltalk.yaml")
        for item in getattr(knowledge, "smalltalk", ())
        for phrasing in item.phrasings
    ]


def _may_be_a_red_flag(case: dict[str, object], rules: set[str]) -> bool:
    """A labelled question that is, or may be answered as, a red flag."""
    accepted = case.get("id")
    ids = accepted if isinstance(accepted, list) else [accepted]
    return case.get("cat") in ("redflag", "safety") and (
        case.get("cat") == "redflag" or bool(rules & set(map(str, ids)))
    )


def vectorizers() -> list[TfidfVectorizer]:
    return [
        TfidfVectorizer(
            analyzer=part["analyzer"],
            ngram_range=tuple(part["ngrams"]),
            max_features=part["max_features"],
            min_df=2,
            sublinear_tf=True,
        )
        for part in TFIDF.values()
    ]


def fit(
    embeddings: np.ndarray, texts: list[str], labels: np.ndarray
) -> tuple[LogisticRegression, LogisticRegression, list[TfidfVectorizer]]:
    by_meaning = LogisticRegression(C=EMBEDDING_C, max_iter=5000).fit(embeddings, labels)
    parts = vectorizers()
    letters = hstack([vectorizer.fit_transform(texts) for vectorizer in parts]).tocsr()
    by_letters = LogisticRegression(C=TFIDF_C, max_iter=5000).fit(letters, labels)
    return by_meaning, by_letters, parts


Scope = tuple[LogisticRegression, LogisticRegression]


def fit_scope(embeddings: np.ndarray, letters: object, elsewhere: np.ndarray) -> Scope:
    """The scope reader: not about a present, real situation (1) against a red flag (0)."""
    by_meaning = LogisticRegression(C=SCOPE_C, max_iter=5000, class_weight="balanced").fit(embeddings, elsewhere)
    by_letters = LogisticRegression(C=SCOPE_C, max_iter=5000, class_weight="balanced").fit(letters, elsewhere)
    return by_meaning, by_letters


def scope_raw(scope: Scope, embeddings: np.ndarray, letters: object) -> np.ndarray:
    return (scope[0].predict_proba(embeddings)[:, 1] + scope[1].predict_proba(letters)[:, 1]) / 2


def fit_crisis(embeddings: np.ndarray, letters: object, crisis: np.ndarray) -> Scope:
    """The crisis reader: a crisis (1) against every other message, red flag or harmless (0),
    over the present's embedding and the net's own letters (no extra features at run time)."""
    by_meaning = LogisticRegression(C=CRISIS_C, max_iter=5000, class_weight="balanced").fit(embeddings, crisis)
    by_letters = LogisticRegression(C=CRISIS_C, max_iter=5000, class_weight="balanced").fit(letters, crisis)
    return by_meaning, by_letters


def crisis_windows(
    crisis_reader: Scope, parts: list[TfidfVectorizer], texts: list[str]
) -> list[tuple[int, str, float]]:
    """For each text of two or more windows, the window the crisis reader's letters find the
    most crisis-like, as bot/safety/net.py picks it: (the text's row, the window, their chance)."""
    found = [windows(text, SIZES) for text in texts]
    flat = [part for parts_of_text in found for part in parts_of_text]
    if not flat:
        return []
    raw = crisis_reader[1].predict_proba(letters_of(parts, flat))[:, 1]
    chosen = []
    offset = 0
    for row, parts_of_text in enumerate(found):
        mine = raw[offset : offset + len(parts_of_text)]
        offset += len(parts_of_text)
        if len(parts_of_text) >= 2:
            at = int(mine.argmax())
            chosen.append((row, parts_of_text[at], float(mine[at])))
    return chosen


def letters_of(parts: list[TfidfVectorizer], texts: list[str]) -> object:
    return hstack([vectorizer.transform(texts) for vectorizer in parts]).tocsr()


def predict(
    models: tuple[LogisticRegression, LogisticRegression, list[TfidfVectorizer]],
    embeddings: np.ndarray,
    texts: list[str],
) -> np.ndarray:
    by_meaning, by_letters, parts = models
    letters = hstack([vectorizer.transform(texts) for vectorizer in parts]).tocsr()
    return (by_meaning.predict_proba(embeddings) + by_letters.predict_proba(letters)) / 2


def embed(encoder: Encoder, texts: list[str]) -> dict[str, np.ndarray]:
    """The texts' embeddings, kept between runs in .kneebot/cache (most texts do not change)."""
    path = ROOT / ".kneebot" / "cache" / f"safety-net-texts-{encoder.version}.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as cached:
            known = dict(zip(cached["texts"].tolist(), cached["vectors"], strict=True))
    wanted = list(dict.fromkeys(texts))
    vectors = {text: known[text] if text in known else encoder.encode([text])[0] for text in wanted}
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, texts=np.array(wanted), vectors=np.stack([vectors[text] for text in wanted]))
    return vectors


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def threshold(danger: np.ndarray, harmless: np.ndarray, rate: float) -> float:
    """The lowest threshold at which at most ``rate`` of the harmless messages are flagged."""
    for value in np.arange(0.05, 0.96, 0.01):
        if (danger[harmless] >= value).mean() <= rate:
            return round(float(value), 2)
    return 0.95


def naming_threshold(held_out: np.ndarray, labels: np.ndarray, classes: list[str], precision: float) -> float:
    """The probability of its top rule from which on the net names the labelled rule at least
    ``precision`` of the time, in every band of 0.1 above it (the easy cases at the top would
    otherwise hide the unsure ones near the threshold)."""
    red = labels != NONE
    masked = _rules_only(held_out, classes)
    top, named = masked.max(axis=1), np.array(classes)[masked.argmax(axis=1)]
    right = named == labels
    lowest = 1.0
    for start in np.arange(0.9, 0.19, -0.1):
        band = red & (top >= start) & (top < start + 0.1)
        if band.any() and right[band].mean() < precision:
            break
        lowest = float(start)
    return round(lowest, 2)


def steady_threshold(held_out: np.ndarray, labels: np.ndarray, classes: list[str], precision: float) -> float:
    """:func:`naming_threshold`, as the median over bootstrap resamples of the held-out messages.
    Read once, a threshold set by the first band of 0.1 that falls short flips between
    neighbouring bands when a retrain moves a handful of messages; the median does not."""
    rng = np.random.default_rng(SEED)
    draws = [rng.integers(0, len(labels), size=len(labels)) for _ in range(BOOTSTRAP_DRAWS)]
    found = [naming_threshold(held_out[rows], labels[rows], classes, precision) for rows in draws]
    return round(float(np.median(found)), 2)


class Reader:
    """One fitted net read as bot/safety/net.py reads it: whole, and by its most worrying
    window (the letters reader choosing which windows the meaning reader reads)."""

    def __init__(
        self,
        models: tuple[LogisticRegression, LogisticRegression, list[TfidfVectorizer]],
        vectors: dict[str, np.ndarray],
        none: int,
    ) -> None:
        self.by_meaning, self.by_letters, self.parts = models
        self.vectors = vectors
        self.none = none

    def letters(self, texts: list[str]) -> np.ndarray:
        return self.by_letters.predict_proba(hstack([v.transform(texts) for v in self.parts]).tocsr())

    def meaning(self, texts: list[str]) -> np.ndarray:
        return self.by_meaning.predict_proba(np.stack([self.vectors[text] for text in texts]))

    def worst_windows(self, texts: list[str]) -> list[str | None]:
        """Each text's most worrying window by letters (as bot/safety/net.py picks it) when it
        holds a red flag (``WINDOW_HOLDS_FLAG``), or None (a short message, or no such window)."""
        parts = [windows(text, SIZES) for text in texts]
        flat = [part for found in parts for part in found]
        if not flat:
            return [None] * len(texts)
        by_letters = self.letters(flat)
        worst: list[str | None] = []
        offset = 0
        for found in parts:
            if not found:
                worst.append(None)
                continue
            letters = by_letters[offset : offset + len(found)]
            offset += len(found)
            at = int(letters[:, self.none].argmin())
            worst.append(found[at] if 1.0 - letters[at, self.none] >= WINDOW_HOLDS_FLAG else None)
        return worst

    def read(self, texts: list[str], meanings: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each text's class probabilities whole, and its own (the whole or its worst window);
        ``meanings``: what the meaning reader embeds of each (see :func:`main`'s ``present``)."""
        whole = (self.meaning(meanings) + self.letters(texts)) / 2
        own = whole.copy()
        parts = [windows(text, SIZES) for text in texts]
        flat = [part for found in parts for part in found]
        if not flat:
            return whole, own
        by_letters = self.letters(flat)
        offset = 0
        for row, found in enumerate(parts):
            if not found:
                continue
            letters = by_letters[offset : offset + len(found)]
            offset += len(found)
            if not EMBEDDED_WINDOWS:  # the worst window by letters alone
                worst = letters[letters[:, self.none].argmin()]
                if worst[self.none] < whole[row, self.none]:
                    own[row] = worst
                continue
            chosen = np.argsort(letters[:, self.none], kind="stable")[:EMBEDDED_WINDOWS]
            read = (self.meaning([found[i] for i in chosen]) + letters[chosen]) / 2
            worst = read[read[:, self.none].argmin()]
            if worst[self.none] < whole[row, self.none]:
                own[row] = worst
        return whole, own


def named(whole: np.ndarray, own: np.ndarray) -> np.ndarray:
    """The probabilities the rule is named by: the whole message's, with its worst window's
    when that is more worrying (a window alone names a rule less reliably than the message)."""
    return (whole + own) / 2


def pooled(current: np.ndarray, previous: np.ndarray, weight: float, none_bias: float, none: int) -> np.ndarray:
    scores = np.log(np.maximum(current, 1e-6)) + weight * np.log(np.maximum(previous, 1e-6))
    scores[:, none] += none_bias
    scores -= scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def as_summary(probabilities: np.ndarray, none: int) -> np.ndarray:
    """What the conversation keeps of a message (bot/safety/net.py): rounded, the unlikely left out."""
    kept = np.where(probabilities >= SUMMARY_FLOOR, np.round(probabilities, 3), SUMMARY_FLOOR / 2)
    kept[:, none] = 0
    kept[:, none] = np.maximum(1 - kept.sum(axis=1), SUMMARY_FLOOR)
    return kept / kept.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Pair:
    """Two messages in a row: the previous one and the current one, and what they call for."""

    previous: str
    current: str
    label: str
    owner: int  # the example they come from (its fold reads them)
    kind: str  # turns (written as turns), split (one message cut in two)
    previous_meaning: str  # what the meaning reader embeds of each
    current_meaning: str


def split(text: str) -> tuple[str, str] | None:
    """A message cut in two where a person might have pressed send: at the sentence break
    nearest its middle, else before a joining word nearest it."""
    words = text.split()
    if len(words) < 6:
        return None
    middle = len(words) / 2
    breaks = [i for i in range(2, len(words) - 1) if words[i - 1].endswith(".")]
    if not breaks:
        breaks = [i for i in range(2, len(words) - 1) if words[i] in JOINING]
    if not breaks:
        return None
    at = min(breaks, key=lambda i: abs(i - middle))
    return " ".join(words[:at]).rstrip("."), " ".join(words[at:])


def pairs_of(examples: list[Example], texts: list[str], present: Callable[[str], tuple[str, str]]) -> list[Pair]:
    pairs = []
    for index, example in enumerate(examples):
        if len(example.turns) >= 2:
            (previous, previous_meaning), (current, current_meaning) = map(present, example.turns[-2:])
            if previous.strip() and current.strip():
                pairs.append(Pair(previous, current, example.label, index, "turns", previous_meaning, current_meaning))
        elif (cut := split(texts[index])) is not None:
            pairs.append(Pair(*cut, example.label, index, "split", *cut))
    return pairs


def fit_pooling(
    current: np.ndarray, previous: np.ndarray, labels: np.ndarray, classes: list[str]
) -> tuple[float, float]:
    """The previous message's weight and the shift of "nothing wrong" that best predict what
    the pairs call for (maximum likelihood)."""
    none = classes.index(NONE)
    target = np.array([classes.index(label) for label in labels])

    def loss(parameters: np.ndarray) -> float:
        probabilities = pooled(current, previous, parameters[0], parameters[1], none)
        return float(-np.log(np.maximum(probabilities[np.arange(len(target)), target], 1e-9)).mean())

    result = minimize(loss, np.array([0.5, 0.0]), method="Nelder-Mead")
    return round(float(result.x[0]), 4), round(float(result.x[1]), 4)


def platt(features: np.ndarray, red: np.ndarray) -> np.ndarray:
    model = LogisticRegression(C=1e6).fit(features, red)
    return np.array([*model.coef_[0], model.intercept_[0]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="cross-validate and report; write nothing")
    parser.add_argument("--digest", action="store_true", help="print the training data's digest and exit")
    parser.add_argument(
        "--leave-out", metavar="NAME", help="with --check: leave out the training files whose name contains NAME"
    )
    parser.add_argument("--held-out", metavar="FILE", help="also write the held-out readings to FILE (.npz)")
    args = parser.parse_args()
    files = training_files()
    if args.leave_out:
        if not args.check:
            parser.error("--leave-out measures what some files add; it needs --check")
        files = [path for path in files if args.leave_out not in path.name]
    data_digest = digest(files)
    if args.digest:
        shipped = json.loads((MODEL_DIR / "net.json").read_text())["trained_on"]["digest"]
        print(
            data_digest, "(the shipped model was trained on it)" if shipped == data_digest else f"(shipped: {shipped})"
        )
        return 0 if shipped == data_digest else 1

    knowledge = load_knowledge(ROOT / "knowledge")
    rules = {rule.id: rule for rule in knowledge.safety.red_flags}
    questions = training_files(QUESTION_SETS)
    examples = load_examples([*files, *questions], set(rules)) + knowledge_phrasings(knowledge)
    reader = FindingsReader(knowledge.safety)  # the net reads what a message says is present now

    def present(text: str) -> tuple[str, str]:
        """What the net reads of ``text``, and what its meaning reader embeds: the message as
        typed when nothing of it was set aside (as bot/safety/triage.py does)."""
        findings = reader.read(text)
        return findings.present, text if findings.verbatim else findings.present

    texts, meanings = (list(column) for column in zip(*(present(example.text) for example in examples), strict=True))
    labels = np.array([example.label for example in examples])
    pairs = pairs_of(examples, texts, present)
    # Triage reads a message with its slips corrected too (the matcher's speller), and takes
    # that reading when it finds a more severe flag: measured here on the messages it changes.
    speller = Speller(knowledge_texts(knowledge), kept_texts(knowledge))
    spelled_all = [speller.correct(example.text).text for example in examples]
    spelled_rows = np.array(
        [i for i, example in enumerate(examples) if spelled_all[i].lower().split() != example.text.lower().split()],
        dtype=np.int64,
    )
    spelled_texts, spelled_meanings = (
        (list(column) for column in zip(*(present(spelled_all[i]) for i in spelled_rows), strict=True))
        if len(spelled_rows)
        else ([], [])
    )
    every = [*texts, *spelled_texts, *(text for pair in pairs for text in (pair.previous, pair.current))]
    every = [
        *meanings,
        *spelled_meanings,
        *(text for pair in pairs for text in (pair.previous_meaning, pair.current_meaning)),
    ] + [part for text in every for part in windows(text, SIZES)]
    encoder = shared_encoder()
    print(f"{len(examples)} messages from {len(files)} files, {len(pairs)} pairs; embedding them ...", flush=True)
    vectors = embed(encoder, every)

    classes = sorted(set(labels))
    none = classes.index(NONE)
    whole = np.zeros((len(labels), len(classes)))
    own = np.zeros((len(labels), len(classes)))
    pair_previous = np.zeros((2, len(pairs), len(classes)))  # whole, own
    pair_current = np.zeros((2, len(pairs), len(classes)))
    owners = np.array([pair.owner for pair in pairs])
    embeddings = np.stack([vectors[text] for text in meanings])
    elsewhere = np.array([example.scope is not None for example in examples])
    in_scope_set = elsewhere | (labels != NONE)  # what the scope reader learns from
    typed = [example.text.lower() for example in examples]  # as typed, framing words and all
    scope_held_out = np.zeros(len(labels))
    spelled_whole = np.zeros((len(spelled_rows), len(classes)))
    spelled_own = np.zeros((len(spelled_rows), len(classes)))
    # A long message's most worrying window read by the scope reader on its own (nan: short).
    window_scope_held_out = np.full(len(labels), np.nan)
    crisis_held_out = np.zeros(len(labels))
    # A message's most crisis-like window (of two or more) by the crisis reader's letters: their
    # chance, and the reader's on that window read on its own (nan: fewer than two windows).
    crisis_window_letters = np.full(len(labels), np.nan)
    crisis_window_held_out = np.full(len(labels), np.nan)
    is_crisis = labels == "crisis"
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(embeddings, labels):
        models = fit(embeddings[train], [texts[i] for i in train], labels[train])
        train_letters, test_letters = (letters_of(models[2], [texts[i] for i in rows]) for rows in (train, test))
        crisis_reader = fit_crisis(embeddings[train], train_letters, is_crisis[train])
        crisis_held_out[test] = scope_raw(crisis_reader, embeddings[test], test_letters)
        for row, part, by_letters in crisis_windows(crisis_reader, models[2], [texts[i] for i in test]):
            crisis_window_letters[test[row]] = by_letters
            crisis_window_held_out[test[row]] = (
                crisis_reader[0].predict_proba(vectors[part].reshape(1, -1))[0, 1] + by_letters
            ) / 2
        learn = train[in_scope_set[train]]
        scope = fit_scope(embeddings[learn], letters_of(models[2], [typed[i] for i in learn]), elsewhere[learn])
        scope_held_out[test] = scope_raw(scope, embeddings[test], letters_of(models[2], [typed[i] for i in test]))
        fold = Reader(models, vectors, none)
        whole[test], own[test] = fold.read([texts[i] for i in test], [meanings[i] for i in test])
        mine_spelled = np.flatnonzero(np.isin(spelled_rows, test))
        if len(mine_spelled):
            spelled_whole[mine_spelled], spelled_own[mine_spelled] = fold.read(
                [spelled_texts[i] for i in mine_spelled], [spelled_meanings[i] for i in mine_spelled]
            )
        worst_parts = fold.worst_windows([texts[i] for i in test])
        with_window = [(row, part) for row, part in zip(test, worst_parts, strict=True) if part is not None]
        if with_window:
            rows, parts_read = (list(column) for column in zip(*with_window, strict=True))
            window_scope_held_out[rows] = scope_raw(
                scope,
                np.stack([vectors[part] for part in parts_read]),
                letters_of(models[2], [part.lower() for part in parts_read]),
            )
        mine = np.flatnonzero(np.isin(owners, test))
        if len(mine):
            pair_previous[:, mine] = fold.read(
                [pairs[i].previous for i in mine], [pairs[i].previous_meaning for i in mine]
            )
            pair_current[:, mine] = fold.read(
                [pairs[i].current for i in mine], [pairs[i].current_meaning for i in mine]
            )
    red = labels != NONE
    if args.held_out:
        np.savez(
            args.held_out,
            whole=whole,
            own=own,
            labels=labels,
            classes=np.array(classes),
            texts=np.array(texts),
            pair_previous=pair_previous,
            pair_current=pair_current,
            pair_labels=np.array([p.label for p in pairs]),
            pair_kinds=np.array([p.kind for p in pairs]),
            pair_texts=np.array([[p.previous, p.current] for p in pairs]),
        )

    # One message, read whole only: the reference that reading windows may not worsen.
    long_messages = np.array([len(text.split()) >= SIZES.long for text in texts])
    whole_only = platt(logit(1 - whole[:, none]).reshape(-1, 1), red)
    danger_whole = sigmoid(whole_only[0] * logit(1 - whole[:, none]) + whole_only[1])
    fire_whole = threshold(danger_whole, ~red, FIRE_FALSE_ALARMS)
    soft_whole = min(fire_whole, threshold(danger_whole, ~red, SOFT_FALSE_ALARMS))
    long_harmless = long_messages & ~red
    long_fire = (danger_whole[long_harmless] >= fire_whole).mean()
    long_soft = (danger_whole[long_harmless] >= soft_whole).mean()

    # Platt scaling: a short message over its log-odds; a long one (read by windows too) over
    # the whole message's and its worst window's, shifted down until long messages are flagged
    # no more often than when read whole only. The thresholds on all the harmless messages.
    short = platt(logit(1 - whole[~long_messages, none]).reshape(-1, 1), red[~long_messages])
    scaling = platt(
        np.column_stack([logit(1 - whole[long_messages, none]), logit(1 - own[long_messages, none])]),
        red[long_messages],
    )

    def calibrated(whole: np.ndarray, own: np.ndarray, long: np.ndarray, shift: float) -> np.ndarray:
        as_short = short[0] * logit(1 - whole[:, none]) + short[1]
        features = np.column_stack([logit(1 - whole[:, none]), logit(1 - own[:, none]), np.ones(len(whole))])
        return sigmoid(np.where(long, features @ scaling + shift, as_short))

    for long_shift in np.arange(0.0, -8.0, -0.1):
        danger = calibrated(whole, own, long_messages, long_shift)
        fire = threshold(danger, ~red, FIRE_FALSE_ALARMS)
        soft = min(fire, threshold(danger, ~red, SOFT_FALSE_ALARMS))
        if (danger[long_harmless] >= fire).mean() <= long_fire and (danger[long_harmless] >= soft).mean() <= long_soft:
            break
    long_shift = round(float(long_shift), 2)

    # Two messages in a row: the pairs written as turns and cut from one message, and made-up
    # ones (anything followed by a harmless message is harmless; a harmless one followed by a
    # red flag is that flag). A pair whose previous message fired on its own is left out: its
    # flag was raised then, and the current message only repeats it.
    rng = np.random.default_rng(SEED)
    harmless_rows = np.flatnonzero(~red)
    made_previous = np.concatenate(
        [rng.integers(0, len(labels), size=len(harmless_rows)), rng.choice(harmless_rows, size=int(red.sum()))]
    )
    made_current = np.concatenate([harmless_rows, np.flatnonzero(red)])
    by_name = named(whole, own)  # the probabilities each rule is named by, read once
    previous_own = np.vstack([named(*pair_previous), by_name[made_previous]])
    pair_long = np.array([[len(text.split()) >= SIZES.long for text in (p.previous, p.current)] for p in pairs])
    previous_danger = np.concatenate([calibrated(*pair_previous, pair_long[:, 0], long_shift), danger[made_previous]])
    current_whole = np.vstack([pair_current[0], whole[made_current]])
    current = np.vstack([named(*pair_current), by_name[made_current]])
    pair_labels = np.concatenate([[pair.label for pair in pairs], labels[made_current]])
    pair_kinds = np.array([pair.kind for pair in pairs] + ["made"] * len(made_current))
    fresh = previous_danger < fire
    previous = as_summary(previous_own, none)
    weight, none_bias = fit_pooling(current[fresh], previous[fresh], pair_labels[fresh], classes)
    both = pooled(current, previous, weight, none_bias, none)
    pair_red = pair_labels != NONE
    turn_scaling = platt(logit(1 - both[fresh, none]).reshape(-1, 1), pair_red[fresh])
    current_long = np.concatenate([pair_long[:, 1], long_messages[made_current]])
    current_worst = np.vstack([pair_current[1], own[made_current]])
    single_current = calibrated(current_whole, current_worst, current_long, long_shift)
    # Shifted down until reading with the previous message flags at most a few more of the
    # harmless pairs than reading the current message alone does.
    harmless_pairs = fresh & ~pair_red
    alone_fire = (single_current[harmless_pairs] >= fire).mean() + POOLED_FALSE_ALARMS
    alone_soft = (single_current[harmless_pairs] >= soft).mean() + POOLED_FALSE_ALARMS * 2
    for shift in np.arange(0.0, -8.0, -0.1):
        pair_danger = sigmoid(turn_scaling[0] * logit(1 - both[:, none]) + turn_scaling[1] + shift)
        pair_final = np.maximum(single_current, pair_danger)
        if (pair_final[harmless_pairs] >= fire).mean() <= alone_fire and (
            pair_final[harmless_pairs] >= soft
        ).mean() <= alone_soft:
            break
    turn_scaling[1] += shift
    use_pooled = pair_danger > single_current
    naming = naming_threshold(by_name, labels, classes, NAME_PRECISION)
    escalate = max(naming, steady_threshold(by_name, labels, classes, ESCALATE_PRECISION))
    report = cross_validation_report(by_name, danger, labels, classes, rules, fire, soft, naming)
    report["escalate"] = escalate
    report["long_messages"] = {
        "count": int(long_messages.sum()),
        **_recall(by_name, danger, labels, classes, rules, fire, naming, long_messages),
    }
    report["long_shift"] = long_shift
    report["without_windows"] = {
        "fire": fire_whole,
        **_recall(whole, danger_whole, labels, classes, rules, fire_whole, naming, np.ones(len(red), bool)),
        "long_messages": _recall(whole, danger_whole, labels, classes, rules, fire_whole, naming, long_messages),
    }
    chosen = np.where(use_pooled[:, None], both, current)
    report["pairs"] = {
        kind: {
            "count": int((fresh & (pair_kinds == kind)).sum()),
            "current_alone": _recall(
                current, single_current, pair_labels, classes, rules, fire, naming, fresh & (pair_kinds == kind)
            ),
            "with_previous": _recall(
                chosen, pair_final, pair_labels, classes, rules, fire, naming, fresh & (pair_kinds == kind)
            ),
        }
        for kind in ("turns", "split", "made")
    }
    report["pooling"] = {"weight": weight, "none_bias": none_bias, "shift": round(float(shift), 2)}

    # The scope reader: calibrated on the held-out messages it learns from; `aside` where it
    # would set aside at most ASIDE_RED_SHARE of the red flags, and of the emergencies.
    scope_scaling = platt(logit(scope_held_out[in_scope_set]).reshape(-1, 1), elsewhere[in_scope_set])
    scope_chance = sigmoid(scope_scaling[0] * logit(scope_held_out) + scope_scaling[1])
    # A long message whose most worrying window holds a red flag is not set aside when that
    # window, read on its own, is clearly about a present situation (as bot/safety/net.py reads
    # it): most of a long story can be about something else.
    has_window = ~np.isnan(window_scope_held_out)
    window_chance = sigmoid(scope_scaling[0] * logit(np.nan_to_num(window_scope_held_out, nan=1.0)) + scope_scaling[1])
    whole_scope_chance = scope_chance
    window_present = has_window & (window_chance <= WINDOW_PRESENT)
    scope_chance = np.where(window_present, np.minimum(scope_chance, window_chance), scope_chance)
    emergency = np.array([label not in (NONE, "crisis") and rules[label].severity == "emergency" for label in labels])
    other_red = red & (labels != "crisis")

    def aside_bars(chance: np.ndarray) -> tuple[float, float]:
        aside = next(
            (
                round(float(value), 2)
                for value in np.arange(ASIDE_LEAST, 1.0, 0.01)
                if (chance[other_red] >= value).mean() <= ASIDE_RED_SHARE
                and (chance[emergency] >= value).mean() <= ASIDE_RED_SHARE
            ),
            1.01,
        )
        return aside, round(max(aside, float(chance[labels == "crisis"].max()) + 0.01), 2)

    aside, aside_crisis = aside_bars(scope_chance)
    book = RuleBook(list(rules.values()))
    found = [reader.read(example.text).found for example in examples]
    by_rules = [book.first_match(keys) for keys in found]
    rules_rule = np.array([match.rule.id if match else NONE for match in by_rules])
    crisis_scaling = platt(logit(crisis_held_out).reshape(-1, 1), is_crisis)
    crisis_chance = sigmoid(crisis_scaling[0] * logit(crisis_held_out) + crisis_scaling[1])
    crisis_whole_chance = crisis_chance
    has_crisis_window = ~np.isnan(crisis_window_letters)
    crisis_window_bar = 1.01
    crisis_window_fit = np.array([0.0, 0.0, -20.0])  # no window read: the joint reading never counts
    if CRISIS_WINDOWS_ON and has_crisis_window.any():
        # The lowest bar (in steps of 0.01) at which at most CRISIS_WINDOW_COST of the harmless
        # messages pay the window's run of the model.
        harmless_letters = np.nan_to_num(crisis_window_letters[~red], nan=0.0)
        crisis_window_bar = next(
            (
                round(float(value), 2)
                for value in np.arange(0.05, 1.0, 0.01)
                if (harmless_letters >= value).mean() <= CRISIS_WINDOW_COST
            ),
            1.01,
        )
        read_window = has_crisis_window & (np.nan_to_num(crisis_window_letters, nan=0.0) >= crisis_window_bar)
        # The whole message and its window read together (Platt scaling over both, fitted on the
        # held-out messages whose window is read): a window read alone loses its context.
        both = np.column_stack([logit(crisis_held_out), logit(np.nan_to_num(crisis_window_held_out, nan=1e-6))])
        crisis_window_fit = platt(both[read_window], is_crisis[read_window])
        window_crisis = sigmoid(both @ crisis_window_fit[:2] + crisis_window_fit[2])
        crisis_chance = np.where(read_window, np.maximum(crisis_chance, window_crisis), crisis_chance)
        report["crisis_windows"] = {
            "bar": crisis_window_bar,
            "messages_of_two_windows_or_more": int(has_crisis_window.sum()),
            "harmless_read_by_window": f"{int((read_window & ~red).sum())}/{int((~red).sum())}",
            "crises_read_by_window": f"{int((read_window & is_crisis).sum())}/{int(is_crisis.sum())}",
            "crises_raised_by_window": int((read_window & is_crisis & (crisis_chance > crisis_whole_chance)).sum()),
        }
    if args.held_out:
        np.savez(
            Path(args.held_out).with_suffix(".scope.npz"),
            texts=np.array([example.text for example in examples]),
            crisis=crisis_chance,
            scope=scope_chance,
            whole_scope=whole_scope_chance,
            window_scope=np.where(has_window, window_chance, np.nan),
            elsewhere=elsewhere,
            rules_rule=rules_rule,
            named=by_name,
            danger=danger,
            labels=labels,
            classes=np.array(classes),
            fire=fire,
            naming=naming,
        )
    card, report["card"] = card_threshold(
        by_name, danger, labels, classes, knowledge.safety.if_happening_now, fire, naming, soft, rules_rule
    )
    crisis_bar = crisis_threshold(by_name, danger, labels, classes, fire, naming)
    report["crisis_bar"] = crisis_bar
    sources = [example.source for example in examples]

    def reader_bar(chance: np.ndarray) -> tuple[float, dict[str, object]]:
        return crisis_reader_threshold(
            chance, by_name, danger, labels, classes, rules, fire, naming, crisis_bar, rules_rule, sources
        )

    crisis_reader_bar, report["crisis_reader"] = reader_bar(crisis_chance)
    if CRISIS_WINDOWS_ON:  # what reading the whole message only would give, for comparison
        report["crisis_reader_whole_only"] = reader_bar(crisis_whole_chance)[1]
    joint = np.column_stack([logit(by_name[:, classes.index("crisis")]), logit(crisis_chance), logit(danger)])
    distress_fit = platt(joint, is_crisis)
    distress_chance = sigmoid(joint @ distress_fit[:3] + distress_fit[3])
    reader_reads = crisis_chance >= (crisis_reader_bar if CRISIS_READER_ON else 1.01)
    distress_bar, report["distress"] = distress_threshold(
        distress_chance,
        reader_reads,
        by_name,
        danger,
        labels,
        classes,
        rules,
        (fire, naming, crisis_bar),
        rules_rule,
        sources,
    )
    report["scope"] = scope_report(
        by_name,
        danger,
        labels,
        classes,
        rules,
        fire,
        naming,
        scope_chance,
        (aside, aside_crisis),
        elsewhere,
        rules_rule,
        [example.scope for example in examples],
    )
    report["scope"]["long_read_whole_only"] = {  # as before: a long message read whole only
        "windows_holding_a_flag": int(has_window.sum()),
        **scope_report(
            by_name,
            danger,
            labels,
            classes,
            rules,
            fire,
            naming,
            whole_scope_chance,
            aside_bars(whole_scope_chance),
            elsewhere,
            rules_rule,
            [example.scope for example in examples],
        ),
    }
    spelled_long = np.array([len(text.split()) >= SIZES.long for text in spelled_texts], dtype=bool)
    spelled_bar, report["spelling"] = spelling_report(
        (by_name, danger, rules_rule),
        (
            named(spelled_whole, spelled_own),
            calibrated(spelled_whole, spelled_own, spelled_long, long_shift),
            np.array([_rules_rule(book, reader, spelled_all[i]) for i in spelled_rows]),
        ),
        spelled_rows,
        labels,
        classes,
        rules,
        (fire, naming, crisis_bar),
        soft,
    )
    print(json.dumps(report, indent=1))
    if args.check:
        return 0

    print("fitting on every message ...", flush=True)
    by_meaning, by_letters, parts = fit(embeddings, texts, labels)
    assert list(by_meaning.classes_) == classes == list(by_letters.classes_)
    learn = np.flatnonzero(in_scope_set)
    scope = fit_scope(embeddings[learn], letters_of(parts, [typed[i] for i in learn]), elsewhere[learn])
    crisis_reader = fit_crisis(embeddings, letters_of(parts, texts), is_crisis)
    arrays: dict[str, np.ndarray] = {
        "emb_coef": by_meaning.coef_.astype(np.float32),
        "emb_intercept": by_meaning.intercept_.astype(np.float32),
        "tfidf_coef": by_letters.coef_.astype(np.float16),
        "tfidf_intercept": by_letters.intercept_.astype(np.float32),
        "scope_emb_coef": scope[0].coef_[0].astype(np.float32),
        "scope_tfidf_coef": scope[1].coef_[0].astype(np.float16),
        "scope_intercepts": np.array([scope[0].intercept_[0], scope[1].intercept_[0]], dtype=np.float32),
        "crisis_emb_coef": crisis_reader[0].coef_[0].astype(np.float32),
        "crisis_tfidf_coef": crisis_reader[1].coef_[0].astype(np.float16),
        "crisis_intercepts": np.array(
            [crisis_reader[0].intercept_[0], crisis_reader[1].intercept_[0]], dtype=np.float32
        ),
    }
    for name, vectorizer in zip(TFIDF, parts, strict=True):
        vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        arrays[f"{name}_vocabulary"] = np.array(vocabulary)
        arrays[f"{name}_idf"] = vectorizer.idf_.astype(np.float32)
    MODEL_DIR.mkdir(exist_ok=True)
    np.savez_compressed(MODEL_DIR / "net.npz", **arrays)
    meta = {
        "classes": classes,
        "thresholds": {
            "fire": fire,
            "soft": soft,
            "name": naming,
            "escalate": escalate,
            "aside": aside,
            "aside_crisis": aside_crisis,
            "crisis": crisis_bar,
            "crisis_reader": crisis_reader_bar if CRISIS_READER_ON else 1.01,
            "card": card,
            "spelled": spelled_bar,
            "distress": distress_bar,
            "crisis_window": crisis_window_bar,
        },
        "calibration": {
            "slope": round(float(short[0]), 6),
            "intercept": round(float(short[1]), 6),
            "long_whole": round(float(scaling[0]), 6),
            "long_window": round(float(scaling[1]), 6),
            "long_intercept": round(float(scaling[2] + long_shift), 6),
        },
        "turns": {
            "weight": weight,
            "none_bias": none_bias,
            "slope": round(float(turn_scaling[0]), 6),
            "intercept": round(float(turn_scaling[1]), 6),
        },
        "scope": {"slope": round(float(scope_scaling[0]), 6), "intercept": round(float(scope_scaling[1]), 6)},
        "crisis_reader": {
            "slope": round(float(crisis_scaling[0]), 6),
            "intercept": round(float(crisis_scaling[1]), 6),
        },
        "distress": {
            "by_net": round(float(distress_fit[0]), 6),
            "by_reader": round(float(distress_fit[1]), 6),
            "by_danger": round(float(distress_fit[2]), 6),
            "intercept": round(float(distress_fit[3]), 6),
        },
        "crisis_window": {
            "by_whole": round(float(crisis_window_fit[0]), 6),
            "by_window": round(float(crisis_window_fit[1]), 6),
            "intercept": round(float(crisis_window_fit[2]), 6),
        },
        "windows": {"sizes": asdict(SIZES), "embedded": EMBEDDED_WINDOWS},
        "tfidf": {name: {"analyzer": part["analyzer"], "ngrams": part["ngrams"]} for name, part in TFIDF.items()},
        "trained_on": {
            "files": [path.relative_to(ROOT).as_posix() for path in [*files, *questions]],
            "digest": data_digest,
            "questions_digest": digest(questions),
            "messages": dict(sorted(Counter(labels.tolist()).items())),
            "encoder": encoder.version,
        },
        "cross_validation": report,
    }
    (MODEL_DIR / "net.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_DIR / 'net.npz'} and net.json")
    return 0


def _rules_rule(book: RuleBook, reader: FindingsReader, text: str) -> str:
    match = book.first_match(reader.read(text).found)
    return match.rule.id if match else NONE


def spelling_report(
    typed: tuple[np.ndarray, np.ndarray, np.ndarray],
    spelled: tuple[np.ndarray, np.ndarray, np.ndarray],
    spelled_rows: np.ndarray,
    labels: np.ndarray,
    classes: list[str],
    rules: dict,
    bars: tuple[float, float, float],
    soft: float,
) -> tuple[float, dict[str, object]]:
    """Held out, what reading a message with its slips corrected adds (bot/safety/triage.py takes
    that reading when it is more severe): red flags caught at their severity or higher, crises
    caught, and harmless messages flagged, by the rules, the net's ``fire`` and the crisis bar,
    reading the message as typed only and both ways; overall and among the messages the speller
    changed. The corrected reading counts only where the net's danger on it reaches ``spelled``:
    the lowest (from ``soft``, in steps of 0.01) at which no more harmless messages are flagged
    than when read as typed only."""
    fire, name, crisis_bar = bars

    def rank(rule: str) -> int:
        return -1 if rule == NONE else SEVERITY_RANK[rules[rule].severity]

    def decided(probabilities: np.ndarray, danger: np.ndarray, rules_rule: np.ndarray) -> np.ndarray:
        masked = _rules_only(probabilities, classes)
        likeliest = np.array(classes)[masked.argmax(axis=1)]
        crisis = (likeliest == "crisis") & (masked.max(axis=1) >= crisis_bar)
        net_rule = np.where(_fires(masked, danger, fire, name) | crisis, likeliest, NONE)
        return np.array([max(rank(a), rank(b)) for a, b in zip(rules_rule, net_rule, strict=True)], dtype=np.int64)

    as_typed = decided(*typed)
    spelled_rank = decided(*spelled)
    red = labels != NONE

    def read_both(bar: float) -> np.ndarray:
        both = as_typed.copy()
        counted = np.where(spelled[1] >= bar, spelled_rank, -1)
        both[spelled_rows] = np.maximum(as_typed[spelled_rows], counted)
        return both

    harmless_typed = int((~red & (as_typed >= 0)).sum())
    spelled_bar = next(
        (
            bar
            for bar in (round(float(value), 2) for value in np.arange(soft, 1.0, 0.01))
            if int((~red & (read_both(bar) >= 0)).sum()) <= harmless_typed
        ),
        1.01,
    )
    wanted = np.array([rank(label) for label in labels])
    changed = np.zeros(len(labels), bool)
    changed[spelled_rows] = True

    def figures(read: np.ndarray, rows: np.ndarray) -> dict[str, str]:
        caught = red & rows & (read >= wanted)
        return {
            "red_flags_caught": f"{int(caught.sum())}/{int((red & rows).sum())}",
            "emergencies_caught": f"{int((caught & (wanted == 3)).sum())}/{int((red & rows & (wanted == 3)).sum())}",
            "crises_caught": f"{int((caught & (labels == 'crisis')).sum())}/{int((rows & (labels == 'crisis')).sum())}",
            "harmless_flagged": f"{int((~red & rows & (read >= 0)).sum())}/{int((~red & rows).sum())}",
        }

    # The net's guess on the message as typed dropped where the message spelled right raises
    # nothing (no rule, no net flag) and the net finds little trouble in it (danger below ``soft``
    # or ``fire``), and the rules found nothing as typed either: measured, not shipped.
    # A crisis guessed is never dropped so.
    typed_rules = np.array([rank(rule) for rule in typed[2]], dtype=np.int64)
    spelled_rules = np.array([rank(rule) for rule in spelled[2]], dtype=np.int64)
    typed_crisis = np.array(classes)[_rules_only(typed[0], classes).argmax(axis=1)] == "crisis"

    def slips_guess(bar: float) -> np.ndarray:
        read = read_both(spelled_bar)
        rows = spelled_rows[
            (typed_rules[spelled_rows] < 0)
            & ~typed_crisis[spelled_rows]
            & (spelled_rules < 0)
            & (spelled_rank < 0)
            & (spelled[1] < bar)
        ]
        read[rows] = -1
        return read

    every = np.ones(len(labels), bool)
    return spelled_bar, {
        "net_guess_dropped_when_spelled_reads_below_soft": figures(slips_guess(soft), every),
        "net_guess_dropped_when_spelled_reads_below_fire": figures(slips_guess(fire), every),
        "changed_by_speller": int(changed.sum()),
        "spelled": spelled_bar,
        "as_typed": figures(as_typed, every),
        "typed_and_corrected_at_the_bar": figures(read_both(spelled_bar), every),
        "typed_and_corrected_always": figures(read_both(0.0), every),
        "changed_as_typed": figures(as_typed, changed),
        "changed_typed_and_corrected_at_the_bar": figures(read_both(spelled_bar), changed),
        "changed_typed_and_corrected_always": figures(read_both(0.0), changed),
    }


def _rules_only(probabilities: np.ndarray, classes: list[str]) -> np.ndarray:
    """``probabilities`` with "none" ruled out, so a row's largest is its likeliest rule."""
    masked = probabilities.copy()
    masked[:, classes.index(NONE)] = -1
    return masked


def _fires(masked: np.ndarray, danger: np.ndarray, fire: float, name: float) -> np.ndarray:
    """Where the net raises a flag: something is wrong (``danger``) and it is clear what."""
    return (danger >= fire) & (masked.max(axis=1) >= name)


def _recall(
    probabilities: np.ndarray,
    danger: np.ndarray,
    labels: np.ndarray,
    classes: list[str],
    rules: dict,
    fire: float,
    name: float,
    rows: np.ndarray,
) -> dict[str, float]:
    """Red flags caught (named at their severity or higher) and harmless ones flagged, in ``rows``."""
    masked = _rules_only(probabilities, classes)
    predicted = np.array(classes)[masked.argmax(axis=1)]
    fired = _fires(masked, danger, fire, name)
    red = labels != NONE
    severe_enough = np.array(
        [
            label == NONE or SEVERITY_RANK[rules[guess].severity] >= SEVERITY_RANK[rules[label].severity]
            for guess, label in zip(predicted, labels, strict=True)
        ]
    )
    caught = fired & red & severe_enough & rows
    return {
        "red_flags_caught": round(float(caught.sum() / max(1, (red & rows).sum())), 4),
        "false_alarms": round(float((fired & ~red & rows).sum() / max(1, (~red & rows).sum())), 4),
    }


def card_threshold(
    probabilities: np.ndarray,
    danger: np.ndarray,
    labels: np.ndarray,
    classes: list[str],
    cards: list[NowCard],
    fire: float,
    name: float,
    soft: float,
    rules_rule: np.ndarray,
) -> tuple[float, dict[str, object]]:
    """The chance the net must give the situations of the card for its likeliest rule (that
    card's rules' probabilities added up) to show it: the highest at which at most
    CARD_RED_SHARE of the held-out red flags the card is for would lose it. Those are the
    messages neither the rules nor the net answer whose danger reaches ``soft``; the harmless
    ones among them are the card's false alarms."""
    masked = _rules_only(probabilities, classes)
    likeliest = masked.argmax(axis=1)
    columns = {
        rule: [classes.index(member) for member in card.rules if member in classes]
        for card in cards
        for rule in card.rules
    }
    chance = np.array([probabilities[row, columns.get(classes[top], [])].sum() for row, top in enumerate(likeliest)])
    has_card = np.array([classes[top] in columns for top in likeliest])
    red = labels != NONE
    served = (danger >= soft) & ~_fires(masked, danger, fire, name) & (rules_rule == NONE) & has_card
    bar = 0.0
    for value in np.arange(0.01, 1.0, 0.01) if (served & red).any() else ():
        if (chance[served & red] < value).mean() > CARD_RED_SHARE:
            break
        bar = round(float(value), 2)
    kept = served & (chance >= bar)
    return bar, {
        "card": bar,
        "red_flags_served": f"{int((kept & red).sum())}/{int((served & red).sum())}",
        "harmless_shown_a_card": f"{int((kept & ~red).sum())}/{int((~red).sum())}",
        "harmless_shown_a_card_without_the_bar": f"{int((served & ~red).sum())}/{int((~red).sum())}",
    }


def crisis_threshold(
    probabilities: np.ndarray, danger: np.ndarray, labels: np.ndarray, classes: list[str], fire: float, name: float
) -> float:
    """The lowest probability of "crisis", as the net's likeliest rule, from which giving it even
    below ``fire`` flags at most CRISIS_EXTRA_FALSE_ALARMS more of the harmless messages."""
    masked = _rules_only(probabilities, classes)
    crisis = classes.index("crisis")
    fired = _fires(masked, danger, fire, name)
    top = (masked.argmax(axis=1) == crisis) & ~fired
    harmless = labels == NONE
    for value in np.arange(0.2, 1.0, 0.01):
        if (top & harmless & (probabilities[:, crisis] >= value)).sum() <= CRISIS_EXTRA_FALSE_ALARMS * harmless.sum():
            return round(float(value), 2)
    return 1.01


def crisis_reader_threshold(
    chance: np.ndarray,
    probabilities: np.ndarray,
    danger: np.ndarray,
    labels: np.ndarray,
    classes: list[str],
    rules: dict,
    fire: float,
    name: float,
    crisis_bar: float,
    rules_rule: np.ndarray,
    sources: list[str],
) -> tuple[float, dict[str, object]]:
    """The crisis reader's bar, and what it adds held out. A message already flagged (by the
    rules, by the net, or as a crisis by the net's own bar) costs no false alarm; one the rules
    found an emergency in keeps it. Among the chances at which the reader flags at most
    CRISIS_READER_FALSE_ALARMS more of the harmless messages and turns at most
    CRISIS_READER_OTHER_EMERGENCIES of the other emergencies into a crisis reply, the bar is the
    one at which the crises it adds outnumber the harmless messages it flags by the most."""
    masked = _rules_only(probabilities, classes)
    top = np.array(classes)[masked.argmax(axis=1)]
    net_fires = _fires(masked, danger, fire, name)
    net_crisis = (top == "crisis") & (net_fires | (probabilities[:, classes.index("crisis")] >= crisis_bar))
    flagged = net_fires | (rules_rule != NONE) | net_crisis

    def emergency(rule: str) -> bool:
        return rule != NONE and rules[rule].severity == "emergency"

    rules_emergency = np.array([emergency(rule) for rule in rules_rule])
    net_emergency = net_fires & np.array([emergency(rule) for rule in top])
    harmless = labels == NONE
    is_crisis = labels == "crisis"
    other_emergency = np.array([emergency(label) for label in labels]) & ~is_crisis
    others = ~harmless & ~is_crisis
    caught_before = is_crisis & (rules_emergency | net_crisis | net_emergency)
    # Within the limits, the bar at which the crises it adds outweigh the harmless messages it
    # flags by the most: below it each step down adds more false alarms than crises are worth.
    bar = steady_gain_bar(
        chance,
        ~rules_emergency,
        (harmless & ~flagged, is_crisis & ~caught_before, other_emergency),
        (CRISIS_READER_FALSE_ALARMS, CRISIS_READER_OTHER_EMERGENCIES),
        (harmless, other_emergency),
    )
    reads = (chance >= bar) & ~rules_emergency
    screen = np.array([SCREEN_REPLIES in source for source in sources])
    return bar, {
        "bar": bar,
        "crisis_caught_without": f"{int(caught_before.sum())}/{int(is_crisis.sum())}",
        "crisis_caught_with": f"{int((caught_before | (reads & is_crisis)).sum())}/{int(is_crisis.sum())}",
        "harmless_flagged_extra": f"{int((reads & harmless & ~flagged).sum())}/{int(harmless.sum())}",
        "other_emergencies_turned": f"{int((reads & other_emergency).sum())}/{int(other_emergency.sum())}",
        "other_red_flags_turned": f"{int((reads & others).sum())}/{int(others.sum())}",
        "screen_replies_read_as_crisis": f"{int((reads & screen & harmless).sum())}/{int((screen & harmless).sum())}",
    }


def gain_bar(
    chance: np.ndarray,
    allowed: np.ndarray,
    groups: tuple[np.ndarray, np.ndarray, np.ndarray],
    limits: tuple[float, float],
    totals: tuple[np.ndarray, np.ndarray],
) -> float:
    """The chance (from 0.3, in steps of 0.01) from which a crisis reading gives crisis support
    (where ``allowed``): within ``limits`` (the share of the harmless messages it newly flags, and
    of the other emergencies it turns), the one at which CRISIS_MISS_WEIGHT times the crises it
    adds minus the harmless messages it flags is the largest; 1.01 where nothing gains.
    ``groups``: the harmless messages not flagged otherwise, the crises not caught otherwise, the
    other emergencies it may turn; ``totals``: what the shares are of (the harmless messages and
    the other emergencies)."""
    newly_harmless, crises, turnable = groups
    harmless, emergencies = totals
    bar, best = 1.01, 0.0
    for value in np.arange(0.3, 1.0, 0.01):
        reads = (chance >= value) & allowed
        extra = (reads & newly_harmless).sum() / max(int(harmless.sum()), 1)
        turned = (reads & turnable).sum() / max(int(emergencies.sum()), 1)
        gain = CRISIS_MISS_WEIGHT * int((reads & crises).sum()) - int((reads & newly_harmless).sum())
        if extra <= limits[0] and turned <= limits[1] and gain > best:
            bar, best = round(float(value), 2), gain
    return bar


def steady_gain_bar(
    chance: np.ndarray,
    allowed: np.ndarray,
    groups: tuple[np.ndarray, np.ndarray, np.ndarray],
    limits: tuple[float, float],
    totals: tuple[np.ndarray, np.ndarray],
) -> float:
    """:func:`gain_bar`, as the median over bootstrap resamples of the held-out messages."""
    rng = np.random.default_rng(SEED)
    found = []
    for _ in range(BOOTSTRAP_DRAWS):
        rows = rng.integers(0, len(chance), size=len(chance))
        picked = tuple(group[rows] for group in groups)
        shares = (totals[0][rows], totals[1][rows])
        found.append(gain_bar(chance[rows], allowed[rows], (picked[0], picked[1], picked[2]), limits, shares))
    return round(float(np.median(found)), 2)


def distress_threshold(
    chance: np.ndarray,
    reader_reads: np.ndarray,
    probabilities: np.ndarray,
    danger: np.ndarray,
    labels: np.ndarray,
    classes: list[str],
    rules: dict,
    bars: tuple[float, float, float],
    rules_rule: np.ndarray,
    sources: list[str],
) -> tuple[float, dict[str, object]]:
    """The joint distress reading's bar, and what it adds held out beyond the rules, the net,
    the net's crisis bar and the crisis reader at its bar. A message already flagged costs no
    false alarm; one the rules found an emergency in keeps it. Among the chances at which it flags
    at most DISTRESS_FALSE_ALARMS more of the harmless messages and turns at most
    DISTRESS_OTHER_EMERGENCIES of the other emergencies into a crisis reply, the bar is the one at
    which the crises it adds outnumber the harmless messages it flags by the most."""
    fire, name, crisis_bar = bars
    masked = _rules_only(probabilities, classes)
    top = np.array(classes)[masked.argmax(axis=1)]
    net_fires = _fires(masked, danger, fire, name)
    net_crisis = (top == "crisis") & (net_fires | (probabilities[:, classes.index("crisis")] >= crisis_bar))

    def emergency(rule: str) -> bool:
        return rule != NONE and rules[rule].severity == "emergency"

    rules_emergency = np.array([emergency(rule) for rule in rules_rule])
    reader = reader_reads & ~rules_emergency
    flagged = net_fires | (rules_rule != NONE) | net_crisis | reader
    harmless = labels == NONE
    is_crisis = labels == "crisis"
    other_emergency = np.array([emergency(label) for label in labels]) & ~is_crisis
    net_emergency = net_fires & np.array([emergency(rule) for rule in top])
    caught_before = is_crisis & (rules_emergency | net_crisis | net_emergency | reader)
    bar = steady_gain_bar(
        chance,
        ~rules_emergency,
        (harmless & ~flagged, is_crisis & ~caught_before, other_emergency & ~reader),
        (DISTRESS_FALSE_ALARMS, DISTRESS_OTHER_EMERGENCIES),
        (harmless, other_emergency),
    )
    reads = (chance >= bar) & ~rules_emergency
    screen = np.array([SCREEN_REPLIES in source for source in sources])
    turned_extra = int((reads & other_emergency & ~reader).sum())
    return bar, {
        "bar": bar,
        "crisis_caught_without": f"{int(caught_before.sum())}/{int(is_crisis.sum())}",
        "crisis_caught_with": f"{int((caught_before | (reads & is_crisis)).sum())}/{int(is_crisis.sum())}",
        "harmless_flagged_extra": f"{int((reads & harmless & ~flagged).sum())}/{int(harmless.sum())}",
        "other_emergencies_turned_extra": f"{turned_extra}/{int(other_emergency.sum())}",
        "screen_replies_read_as_crisis": f"{int((reads & screen & harmless).sum())}/{int((screen & harmless).sum())}",
    }


def scope_report(
    probabilities: np.ndarray,
    danger: np.ndarray,
    labels: np.ndarray,
    classes: list[str],
    rules: dict,
    fire: float,
    name: float,
    scope_chance: np.ndarray,
    asides: tuple[float, float],
    elsewhere: np.ndarray,
    rules_rule: np.ndarray,
    kinds: list[str | None],
) -> dict[str, object]:
    """The rules (which need no training) with the held-out net, with and without the held-out
    scope reader setting messages aside: red flags caught at their severity or higher, per
    rule, and harmless messages flagged, overall and for the out-of-scope kinds."""
    masked = _rules_only(probabilities, classes)
    net_rule = np.where(_fires(masked, danger, fire, name), np.array(classes)[masked.argmax(axis=1)], NONE)

    def rank(rule: str) -> int:
        return -1 if rule == NONE else SEVERITY_RANK[rules[rule].severity]

    flagged_rank = np.array([max(rank(a), rank(b)) for a, b in zip(rules_rule, net_rule, strict=True)])
    wanted = np.array([rank(label) for label in labels])
    red = labels != NONE
    flagged_rule = np.where(rules_rule != NONE, rules_rule, net_rule)
    set_aside = scope_chance >= np.where(flagged_rule == "crisis", asides[1], asides[0])

    def figures(kept: np.ndarray) -> dict[str, object]:
        caught = red & kept & (flagged_rank >= wanted)
        flagged = ~red & kept & (flagged_rank >= 0)
        return {
            "red_flags_caught": f"{int(caught.sum())}/{int(red.sum())}",
            "emergencies_caught": f"{int((caught & (wanted == 3)).sum())}/{int((red & (wanted == 3)).sum())}",
            "harmless_flagged": f"{int(flagged.sum())}/{int((~red).sum())}",
            "out_of_scope_flagged": f"{int((flagged & elsewhere).sum())}/{int(elsewhere.sum())}",
            "per_rule": {
                rule: f"{int((caught & (labels == rule)).sum())}/{int((labels == rule).sum())}"
                for rule in classes
                if rule != NONE
            },
            "out_of_scope_by_kind": {
                kind: f"{int((flagged & (np.array(kinds) == kind)).sum())}/{int((np.array(kinds) == kind).sum())}"
                for kind in sorted({k for k in kinds if k})
            },
        }

    return {
        "aside": asides[0],
        "aside_crisis": asides[1],
        "red_flags_set_aside": round(float(set_aside[red].mean()), 4),
        "out_of_scope_set_aside": round(float(set_aside[elsewhere].mean()), 4),
        "other_harmless_set_aside": round(float(set_aside[~red & ~elsewhere].mean()), 4),
        "rules_and_net": figures(np.ones(len(labels), bool)),
        "with_scope": figures(~set_aside),
    }


def cross_validation_report(
    held_out: np.ndarray,
    danger: np.ndarray,
    labels: np.ndarray,
    classes: list[str],
    rules: dict,
    fire: float,
    soft: float,
    name: float,
) -> dict[str, object]:
    """Recall (at the rule's severity or higher) and false alarms of the net alone, held out."""
    masked = _rules_only(held_out, classes)
    predicted = np.array(classes)[masked.argmax(axis=1)]
    fired = _fires(masked, danger, fire, name)
    red = labels != NONE
    severe_enough = [
        label == NONE or SEVERITY_RANK[rules[guess].severity] >= SEVERITY_RANK[rules[label].severity]
        for guess, label in zip(predicted, labels, strict=True)
    ]
    caught = fired & red & np.array(severe_enough)
    per_rule = {
        rule: f"{int(caught[labels == rule].sum())}/{int((labels == rule).sum())}" for rule in classes if rule != NONE
    }
    return {
        "folds": FOLDS,
        "fire": fire,
        "soft": soft,
        "name": name,
        "red_flags_caught": round(float(caught.sum() / red.sum()), 4),
        "same_rule": round(float((fired & red & (predicted == labels)).sum() / red.sum()), 4),
        "false_alarms": round(float((fired & ~red).sum() / (~red).sum()), 4),
        "soft_false_alarms": round(float(((danger >= soft) & ~red).sum() / (~red).sum()), 4),
        "per_rule": per_rule,
    }


if __name__ == "__main__":
    raise SystemExit(main())
