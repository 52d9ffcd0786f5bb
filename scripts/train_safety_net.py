"""Train the learned safety net shipped in bot/safety/model (see bot/safety/net.py).

    .venv/bin/python scripts/train_safety_net.py           # cross-validate, fit, write the model
    .venv/bin/python scripts/train_safety_net.py --check   # cross-validate and report only
    .venv/bin/python scripts/train_safety_net.py --digest  # the training data's digest, and whether
                                                           # the shipped model was trained on it

Trained on the labelled messages in tests/data (each labelled with the red-flag rule it calls for,
or `none`), written in people's voices from the rule descriptions, never from the rules' word
lists. Each message is read as triage reads it, without what it negates or sets aside as history
(`Findings.present`). Two readers are fitted: a logistic regression over the sentence embedding, and one over
TF-IDF character and word n-grams; the net averages them. Five-fold cross-validation gives every
message a probability from models that never saw it; on those, the probability of "any red flag"
is calibrated (Platt scaling) and the thresholds are chosen: `fire` for at most 2% false alarms on
the harmless messages; `soft` (the "if this is happening now" card for messages the bot does not
otherwise understand) for at most 8%; `name`, the probability of its top rule from which on the
net names the right rule 80% of the time, needed to give that rule at all (below it the net is
sure something is wrong but not what, which the "if this is happening now" card is for); and
`escalate`, the same at 95%, needed to give a more severe rule than the rules found. Needs
scikit-learn (`pip install -e '.[train]'`).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge import load_knowledge  # noqa: E402
from bot.knowledge.models import SEVERITY_RANK, RedFlag  # noqa: E402, F401
from bot.safety.findings import FindingsReader  # noqa: E402
from bot.safety.net import MODEL_DIR, NONE  # noqa: E402
from bot.semantic import Encoder, shared_encoder  # noqa: E402

TRAINING_SETS = ("tests/data/safety_train/*.yaml", "tests/data/safety_natural.yaml", "tests/data/safety_cases.yaml")
# Everyday questions (the matcher's labelled sets) teach the net what ordinary messages look like.
# They change often, so the shipped model records their digest without being bound to it.
QUESTION_SETS = ("tests/data/questions.yaml", "tests/data/natural_questions.yaml")
FOLDS = 5
SEED = 0
FIRE_FALSE_ALARMS = 0.02
SOFT_FALSE_ALARMS = 0.08
# The net gives a rule of its own only where it names the right one this reliably; above the
# rules' own finding, only where it names it more reliably still.
NAME_PRECISION = 0.8
ESCALATE_PRECISION = 0.95
EMBEDDING_C = 16.0
TFIDF_C = 10.0
TFIDF = {
    "char": {"analyzer": "char_wb", "ngrams": [2, 5], "max_features": 30000},
    "word": {"analyzer": "word", "ngrams": [1, 2], "max_features": 10000},
}
HARMLESS = {"benign", "negation"}


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    source: str


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
            examples.append(Example(text, label, path.name))
    return examples


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


def predict(
    models: tuple[LogisticRegression, LogisticRegression, list[TfidfVectorizer]],
    embeddings: np.ndarray,
    texts: list[str],
) -> np.ndarray:
    by_meaning, by_letters, parts = models
    letters = hstack([vectorizer.transform(texts) for vectorizer in parts]).tocsr()
    return (by_meaning.predict_proba(embeddings) + by_letters.predict_proba(letters)) / 2


def embed(encoder: Encoder, texts: list[str]) -> np.ndarray:
    """The texts' embeddings, kept between runs in .kneebot/cache (most texts do not change)."""
    path = ROOT / ".kneebot" / "cache" / f"safety-net-texts-{encoder.version}.npz"
    known: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as cached:
            known = dict(zip(cached["texts"].tolist(), cached["vectors"], strict=True))
    vectors = np.stack([known[text] if text in known else encoder.encode([text])[0] for text in texts])
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, texts=np.array(texts), vectors=vectors)
    return vectors


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


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
    masked = held_out.copy()
    masked[:, classes.index(NONE)] = -1
    top, named = masked.max(axis=1), np.array(classes)[masked.argmax(axis=1)]
    right = named == labels
    lowest = 1.0
    for start in np.arange(0.9, 0.19, -0.1):
        band = red & (top >= start) & (top < start + 0.1)
        if band.any() and right[band].mean() < precision:
            break
        lowest = float(start)
    return round(lowest, 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="cross-validate and report; write nothing")
    parser.add_argument("--digest", action="store_true", help="print the training data's digest and exit")
    args = parser.parse_args()
    files = training_files()
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
    examples = load_examples([*files, *questions], set(rules))
    reader = FindingsReader(knowledge.safety)  # the net reads what a message says is present now
    texts = [reader.read(example.text).present for example in examples]
    labels = np.array([example.label for example in examples])
    encoder = shared_encoder()
    print(f"{len(examples)} messages from {len(files)} files; embedding them ...", flush=True)
    embeddings = embed(encoder, texts)

    classes = sorted(set(labels))
    none = classes.index(NONE)
    held_out = np.zeros((len(labels), len(classes)))
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(embeddings, labels):
        models = fit(embeddings[train], [texts[i] for i in train], labels[train])
        held_out[test] = predict(models, embeddings[test], [texts[i] for i in test])
    red = labels != NONE
    raw = 1 - held_out[:, none]
    platt = LogisticRegression(C=1e6).fit(logit(raw).reshape(-1, 1), red)
    slope, intercept = float(platt.coef_[0][0]), float(platt.intercept_[0])
    danger = 1 / (1 + np.exp(-(slope * logit(raw) + intercept)))
    fire = threshold(danger, ~red, FIRE_FALSE_ALARMS)
    soft = min(fire, threshold(danger, ~red, SOFT_FALSE_ALARMS))
    naming = naming_threshold(held_out, labels, classes, NAME_PRECISION)
    escalate = max(naming, naming_threshold(held_out, labels, classes, ESCALATE_PRECISION))
    report = cross_validation_report(held_out, danger, labels, classes, rules, fire, soft, naming)
    report["escalate"] = escalate
    print(json.dumps(report, indent=1))
    if args.check:
        return 0

    print("fitting on every message ...", flush=True)
    by_meaning, by_letters, parts = fit(embeddings, texts, labels)
    assert list(by_meaning.classes_) == classes == list(by_letters.classes_)
    arrays: dict[str, np.ndarray] = {
        "emb_coef": by_meaning.coef_.astype(np.float32),
        "emb_intercept": by_meaning.intercept_.astype(np.float32),
        "tfidf_coef": by_letters.coef_.astype(np.float16),
        "tfidf_intercept": by_letters.intercept_.astype(np.float32),
    }
    for name, vectorizer in zip(TFIDF, parts, strict=True):
        vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        arrays[f"{name}_vocabulary"] = np.array(vocabulary)
        arrays[f"{name}_idf"] = vectorizer.idf_.astype(np.float32)
    MODEL_DIR.mkdir(exist_ok=True)
    np.savez_compressed(MODEL_DIR / "net.npz", **arrays)
    meta = {
        "classes": classes,
        "thresholds": {"fire": fire, "soft": soft, "name": naming, "escalate": escalate},
        "calibration": {"slope": round(slope, 6), "intercept": round(intercept, 6)},
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
    masked = held_out.copy()
    masked[:, classes.index(NONE)] = -1
    predicted = np.array(classes)[masked.argmax(axis=1)]
    fired = (danger >= fire) & (masked.max(axis=1) >= name)
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
