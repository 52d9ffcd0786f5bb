"""A pet or a farm animal named as the setting of a person's own signs (out with the dog, feeding
the horses) leaves the signs theirs; the animal's own swollen leg is still the vet's business."""

from __future__ import annotations

import pytest

from bot.engine.replies import record


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("out walking the terrier this morning and my left calf came up red, swollen and hot", "blood-clot"),
        ("the dog tripped me on the path, now my knee is huge and I cannot stand on it", "possible-fracture"),
        ("my calves cramp every time the dog and I go up the lane, gone after a short sit", "calf-pain-walking"),
    ],
)
def test_a_persons_own_signs_told_with_a_pet_are_flagged(chat, text, rule):
    reply = record(chat.say(text))
    assert reply["id"] == rule, reply["why"]


def test_a_pets_swollen_knee_is_not_a_red_flag_of_the_person(chat):
    reply = record(chat.say("my dog hurt his knee and it's swollen, what can I do"))
    assert reply["severity"] is None, reply["why"]
