"""Text normalisation against disguised input: invisible characters, look-alike letters, width forms."""

from __future__ import annotations

import pytest

from bot.matching.matcher import Outcome
from bot.text.normalise import normalise


@pytest.mark.parametrize(
    "disguised",
    [
        "sw\u200bollen and hot after a flight",  # zero-width space inside a word
        "swo\u00adllen and hot after a flight",  # soft hyphen
        "swollen and h\u200dot after a fl\u2060ight",  # zero-width joiner, word joiner
        "\ufeffswollen and hot after a flight",  # byte order mark
        "sw\u043ellen and h\u043et after a flight",  # Cyrillic о
        "\u0455w\u043e\u04cf\u04cf\u0435n \u0430nd h\u03bft \u0430fter \u0430 flight",  # Cyrillic and Greek look-alikes
        "ｓｗｏｌｌｅｎ and hot after a flight",  # full-width letters
    ],
)
def test_disguised_red_flags_are_still_flagged(triage, disguised):
    plain = triage.check("swollen and hot after a flight")
    assert plain is not None
    hit = triage.check(disguised)
    assert hit is not None and hit.rule.id == plain.rule.id


@pytest.mark.parametrize("code", ["SP10", "\u0405\u0420\u0031\u0030", "S\u200bP10", "ＳＰ１０"])
def test_look_alike_letters_do_not_defeat_point_codes(matcher, code):
    match = matcher.match(f"where is {code}")
    assert match.outcome is Outcome.ANSWER and match.entry_id == "SP10"
    assert match == matcher.match("where is SP10"), "read as the code itself, not a fuzzy guess"


def test_normalise_keeps_ordinary_text_and_accents_folding():
    assert normalise("Xuéhǎi can’t") == "xuehai cant"
    assert normalise("my knee hurts") == "my knee hurts"
    assert normalise("sw\u200bollen") == "swollen"
    assert normalise("\u0441\u0430lf") == "calf"
