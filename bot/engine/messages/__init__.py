"""What the bot says in its own words (the knowledge's texts are in knowledge/): one catalogue
per language, English first (``en.yaml`` beside this file).

A message is read as an attribute (``MESSAGES.routine_stopped``), so a misspelt name fails mypy,
and a catalogue that lacks a message, or has one the code does not know, fails when it loads. A
``{name}`` in a message is filled in with :meth:`str.format`. Messages are plain text: the code
that uses one escapes it or puts it in bold as it did before. A second language is another file
with the same names (and a model that understands it).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.engine.messages.catalogue import Catalogue

__all__ = ["MESSAGES", "Catalogue", "load"]

_HERE = Path(__file__).resolve().parent


def load(language: str = "en") -> Catalogue:
    """The catalogue of ``language``; ValidationError naming what is missing or unknown."""
    with open(_HERE / f"{language}.yaml", encoding="utf-8") as handle:
        return Catalogue.model_validate(yaml.safe_load(handle))


MESSAGES = load()
