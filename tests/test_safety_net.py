"""The learned safety net: its features are scikit-learn's, it was trained on the data shipped
with it, it knows only rules the knowledge has, and it reads what a message says is present."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.engine.replies import record
from bot.safety.net import NONE, NetReading, TfidfFeatures

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "my calf is swollen and warm since the flight",
    "Knee's 🔥 hot & puffy!!  38.5 on the thermometer",
    "wher is splen 10",
    "can't   bend it... at ALL",
    "I'm 67 and tripped over the cat",
    "a" * 40 + " bb c",
]


@pytest.mark.parametrize(("analyzer", "ngrams"), [("char_wb", (2, 5)), ("word", (1, 2))])
def test_the_features_are_scikit_learns(analyzer, ngrams):
    vectorizer = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True).fit(TEXTS)
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    ours = TfidfFeatures(analyzer, ngrams, vocabulary, vectorizer.idf_.astype(np.float32))
    theirs = vectorizer.transform([*TEXTS, "something else entirely, swollen"]).toarray()
    for row, text in enumerate([*TEXTS, "something else entirely, swollen"]):
        columns, values = ours.transform(text)
        dense = np.zeros(len(vocabulary), dtype=np.float32)
        dense[columns] = values
        np.testing.assert_allclose(dense, theirs[row], atol=1e-5, err_msg=text)


def test_the_shipped_model_was_trained_on_the_shipped_data():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_safety_net.py"), "--digest"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, "retrain it: .venv/bin/python scripts/train_safety_net.py\n" + result.stdout


def test_the_net_knows_only_rules_the_knowledge_has(knowledge, triage):
    rules = {rule.id for rule in knowledge.safety.red_flags}
    assert set(triage.net.classes) - {NONE} <= rules
    thresholds = triage.net.thresholds
    assert 0 < thresholds.soft <= thresholds.fire < 1 and 0 < thresholds.name <= thresholds.escalate < 1


@pytest.mark.parametrize(
    "text",
    [
        "there's something white poking out of the gash on my shin and it won't stop bleeding",
        "she was fine a minute ago but now the left side of her smile won't move",
    ],
)
def test_the_net_catches_what_no_rule_lists(chat, text):
    reply = record(chat.say(text))
    assert reply["severity"] == "emergency", reply["why"]
    assert any(why.startswith("red flag: net:") for why in reply["why"]), "caught by the rules, not the net"


@pytest.mark.parametrize(
    "text",
    [
        "my calf is not swollen",
        "my calf hurts",
        "it's my right knee that hurts",
        "no fever, no swelling, no redness, it just creaks",
        "let's go",
        "I'm 32 weeks pregnant",
    ],
)
def test_ordinary_and_denied_words_are_not_red_flags(triage, text):
    assert triage.check(text) is None, text


def test_a_message_is_embedded_once_for_the_net_and_the_matcher(triage, matcher, semantics):
    """Nothing of it set aside, the net's meaning reader reads the message as the matcher does:
    embedding it is most of what a message costs, and the model runs once for both."""
    text = "My knees feel stiff and achy after the long drive home from my sister's place today"
    assert _model_runs_to_read(text, triage, matcher, semantics) == 1


def _model_runs_to_read(text, triage, matcher, semantics) -> int:
    """How many times the embedding model runs for triage and the matcher to read ``text``."""
    semantics.encoder.forget()
    before = semantics.encoder.runs
    assessment = triage.assess(text)
    matcher.match(text)
    assert assessment.reading is not None
    return semantics.encoder.runs - before


def test_a_long_messages_worst_window_and_sentences_cost_no_embedding(triage, matcher, semantics):
    """A story of 30 words or more is also read by windows; the worst, chosen by letters, is read
    by letters alone. The model runs once, for the net's whole message: the matcher's three
    sentences are pooled from the token states of that run."""
    text = (
        "My knees feel stiff and achy every morning when I get up for work at the bakery. "
        "The stairs at the station are the worst part of the whole day for me. "
        "What can I do at my desk to loosen them up a little before the walk home?"
    )
    assert _model_runs_to_read(text, triage, matcher, semantics) == 1


def test_the_net_reads_only_what_is_present(triage):
    hit = triage.assess("my calf is not swollen or hot or red")
    assert hit.hit is None
    assert hit.reading is not None and hit.reading.danger < triage.net.thresholds.fire


@pytest.mark.parametrize(
    ("rules_rule", "net_rule", "net_p", "rules_rule_p", "given"),
    [
        ("blood-clot", "lung-clot", 0.95, 0.02, "lung-clot"),  # sure and more severe: raised
        ("blood-clot", "lung-clot", 0.30, 0.02, "blood-clot"),  # more severe but unsure: kept
        ("deformity", "stroke", 0.95, 0.01, "stroke"),  # as severe, the rules' rule unlikely
        ("deformity", "stroke", 0.95, 0.40, "deformity"),  # as severe, the rules' rule possible
        ("lung-clot", "blood-clot", 0.99, 0.00, "lung-clot"),  # never lowered
    ],
)
def test_the_net_corrects_the_rules_only_when_sure(knowledge, triage, rules_rule, net_rule, net_p, rules_rule_p, given):
    by_id = {rule.id: rule for rule in knowledge.safety.red_flags}
    reading = NetReading(net_rule, 0.99, net_p, {net_rule: net_p, rules_rule: rules_rule_p})
    words = triage._hit(by_id[rules_rule], ("words",))
    present = dict.fromkeys(by_id[net_rule].net_needs, "words")
    assert triage._strongest(words, reading, present).rule.id == given


def test_the_net_never_names_a_rule_its_curator_ruled_out(knowledge, triage):
    """compartment-syndrome holds ``unless: [cast-off]``: a calf hard once the cast is off is a
    clot to check today, however sure the net is of the emergency."""
    rule = next(rule for rule in knowledge.safety.red_flags if rule.id == "compartment-syndrome")
    reading = NetReading(rule.id, 0.99, 0.99, {rule.id: 0.99})
    assert triage._strongest(None, reading, {"cast-off": "cast came off"}) is None
    assert triage._strongest(None, reading, {}).rule.id == rule.id


@pytest.mark.parametrize(
    ("rules_rule", "above_bar", "given"),
    [
        (None, True, "crisis"),
        ("hot-swollen-joint", True, "crisis"),  # "I burn my leg on purpose" is no hot joint
        ("lung-clot", True, "lung-clot"),  # an emergency the rules found keeps its advice
        (None, False, None),
        ("hot-swollen-joint", False, "hot-swollen-joint"),
    ],
)
def test_the_crisis_reader_gives_crisis_support_over_anything_but_an_emergency(
    knowledge, triage, monkeypatch, rules_rule, above_bar, given
):
    """The crisis reader decides even when the net's likeliest rule is another one, spread thin
    over several, and its danger is below ``fire`` (here with a bar of its own)."""
    by_id = {rule.id: rule for rule in knowledge.safety.red_flags}
    bar = 0.42
    monkeypatch.setattr(triage.net, "thresholds", replace(triage.net.thresholds, crisis_reader=bar))
    crisis = bar if above_bar else bar - 0.01
    reading = NetReading("hot-swollen-joint", 0.3, 0.3, {"hot-swollen-joint": 0.3, "crisis": 0.1}, crisis=crisis)
    words = triage._hit(by_id[rules_rule], ("words",)) if rules_rule else None
    hit = triage._strongest(words, reading, {})
    assert (hit.rule.id if hit else None) == given
