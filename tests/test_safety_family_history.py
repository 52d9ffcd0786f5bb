"""A family's knee operations told beside a worry about one's own future are a question about
surgery, never a crisis: "will I end up needing one? everyone in my family has had it" gets the
answer about knee surgery, with no crisis lines. The net and its crisis reader once read the
ending words ("end up", "ended up") beside "everyone in my family" as a crisis."""

from __future__ import annotations

import pytest

from helpers import assert_no_warning, said


@pytest.mark.parametrize(
    "text",
    [
        "is a knee op in my future? everybody in my family ended up having one",
        "will I end up needing surgery on my knee? everyone in my family has had it",
    ],
)
def test_a_family_history_of_knee_operations_gets_the_surgery_answer(engine, text):
    reply = said(engine, text)
    assert_no_warning(reply)
    assert reply["id"] == "knee-surgery", reply["why"]
