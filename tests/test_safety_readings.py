"""Red flags told in ways the earlier rounds missed get the advice they call for: pre-eclampsia
signs after a birth told by a relative, a feverish child whose age is written as a number and who
cannot stand, and an overdose told beside "not trying anything stupid" (no weight lost without
trying)."""

from __future__ import annotations

import pytest

from bot.engine.replies import record


@pytest.mark.parametrize(
    ("text", "rule", "severity"),
    [
        (
            "my sister had her baby six days ago and tonight her face and ankles have blown up, her head is pounding",
            "pregnancy-warning",
            "emergency",
        ),
        ("my 11 yo has flu, aching all over, and now can't bear weight on one leg", "child-fever-limp", "emergency"),
        (
            "ate a whole strip of ibuprofen this afternoon, not trying anything stupid, I just wanted the pain gone",
            "overdose",
            "emergency",
        ),
    ],
)
def test_red_flags_told_in_the_ways_missed_before(chat, text, rule, severity):
    reply = record(chat.say(text))
    assert (reply["id"], reply["severity"]) == (rule, severity), reply["why"]
