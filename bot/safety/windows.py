"""Where the learned net looks inside a long message: its sentences, in windows of a few words.

In a long story the one sentence that matters ("and since last night the corner of my mouth
droops") is a small part of the whole, and a reader of the whole message sees it diluted by
the chatty ones around it. So a long message is also read window by window, each window a
sentence or two short ones, a long sentence cut into overlapping runs of words. The net's
training script and the net use this same function, so the calibration fitted on the
training data's windows holds at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

SENTENCE_BREAK = ". "  # how :attr:`bot.safety.findings.Findings.present` joins sentences


@dataclass(frozen=True)
class WindowSizes:
    long: int = 30  # a message of this many words or more is read by windows as well as whole
    least: int = 6  # a sentence shorter than this is read together with the next one
    most: int = 24  # a sentence longer than this is cut into runs of ``most`` words ...
    step: int = 16  # ... starting every ``step`` words


def windows(present: str, sizes: WindowSizes = WindowSizes()) -> list[str]:
    """The windows of a message's present text, or none when the message is short."""
    if len(present.split()) < sizes.long:
        return []
    pieces: list[list[str]] = []
    pending: list[str] = []
    for sentence in present.split(SENTENCE_BREAK):
        pending += sentence.split()
        if len(pending) >= sizes.least:
            pieces.append(pending)
            pending = []
    if pending:
        if pieces and len(pieces[-1]) + len(pending) <= sizes.most:
            pieces[-1] = pieces[-1] + pending
        else:
            pieces.append(pending)
    found: list[str] = []
    for words in pieces:
        if len(words) <= sizes.most:
            found.append(" ".join(words))
            continue
        start = 0
        while True:
            found.append(" ".join(words[start : start + sizes.most]))
            if start + sizes.most >= len(words):
                break
            start += sizes.step
    return list(dict.fromkeys(found))
