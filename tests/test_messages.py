"""The message catalogue: every message the code asks for is there, and every message there is
asked for, so a second language is a file with the same names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

import bot
from bot.engine.messages import Catalogue, load

CATALOGUE = Path(bot.__file__).parent / "engine" / "messages" / "en.yaml"


def test_the_english_catalogue_has_every_message() -> None:
    assert load("en").routine_stopped == "I have stopped the routine for now."


def test_a_catalogue_without_a_message_does_not_load() -> None:
    messages = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    del messages["routine_stopped"]
    with pytest.raises(ValidationError, match="routine_stopped"):
        Catalogue.model_validate(messages)


def test_every_message_is_used() -> None:
    source = "\n".join(path.read_text(encoding="utf-8") for path in Path(bot.__file__).parent.rglob("*.py"))
    used = set(re.findall(r"MESSAGES\.(\w+)", source))
    unused = set(Catalogue.model_fields) - used
    assert not unused, f"messages nothing says: {sorted(unused)}"
