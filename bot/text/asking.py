"""Whether a message asks something, rather than telling or asking the bot to do something."""

from __future__ import annotations

from bot.text.normalise import normalise

# Words that open a question in English ("can I...", "what about...", "ok to..."): grammar,
# not a list of anyone's phrasings.
QUESTION_OPENERS = frozenset(
    "can could may might should shall is are am do does did will would what how when where which"
    " why who whats hows ok okay any anything".split()
)


def is_question(text: str) -> bool:
    """A question mark, or an opening word that asks ("can I put ice on it", "what about heat")."""
    if "?" in text:
        return True
    words = normalise(text).split()
    return bool(words) and words[0] in QUESTION_OPENERS
