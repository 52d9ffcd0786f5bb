"""Cross-validated figures for typed replies read by meaning (bot/matching/replies.py).

Each example of knowledge/replies.yaml (``meanings`` and ``not_replies``) is read with itself
left out, as if a person had typed it at a screen that accepts every kind of reply; the
knowledge's closest entry competes as in the bot. For each pair of thresholds it prints how many
replies are read as their own kind, how many as a wrong kind, and how many "not a reply"
examples are wrongly read as a reply. Usage: .venv/bin/python scripts/reply_meaning_figures.py
"""

from __future__ import annotations

from bot.knowledge import load_knowledge
from bot.matching.matcher import Matcher
from bot.matching.replies import (
    FLOOR,
    LATER_MARGIN,
    MARGIN,
    NEVER_BY_MEANING,
    NOT_A_REPLY,
    UNSURE,
    UNSURE_MARGIN,
    Reading,
)
from bot.semantic import Semantics

FLOORS = (0.45, 0.5, 0.55, 0.6, 0.65)
MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2)


def main() -> None:
    knowledge = load_knowledge()
    matcher = Matcher(knowledge, Semantics.load())
    meaning = matcher.replies
    readings: list[tuple[str, Reading | None]] = []
    for number, (kind, text) in enumerate(zip(meaning.kinds, meaning.texts, strict=True)):
        query = matcher.embed(text)
        reading = meaning.reading(query, matcher.closest_entry(query), leave_out=number)
        denied = reading is not None and reading.kind == "yes" and meaning.denies(text)
        readings.append((kind, None if denied else reading))
    no_reply = (NOT_A_REPLY, UNSURE)  # not knowing the answer is no reply either
    readable = [kind for kind, _ in readings if kind not in no_reply and kind not in NEVER_BY_MEANING]
    others = sum(1 for kind, _ in readings if kind in no_reply)
    noes = sum(1 for kind, _ in readings if kind in NEVER_BY_MEANING)
    print(f"{len(readable)} reply examples, {noes} never read by meaning, {others} not-a-reply (leave-one-out)")
    print("floor margin  right  wrong  a 'no' read as a reply  not-a-reply read as a reply")
    for floor in FLOORS:
        for margin in MARGINS:
            right = wrong = wrong_no = false = 0
            for kind, reading in readings:
                if reading is None or reading.score < floor or reading.lead < margin:
                    continue
                if reading.kind in (*no_reply, *NEVER_BY_MEANING):
                    continue
                if kind in no_reply:
                    false += 1
                elif kind in NEVER_BY_MEANING:
                    wrong_no += 1
                elif reading.kind == kind:
                    right += 1
                else:
                    wrong += 1
            print(
                f"{floor:5.2f} {margin:6.2f}  {right:3d}/{len(readable)}  {wrong:3d}"
                f"  {wrong_no:3d}/{noes}  {false:3d}/{others}"
            )
    # A wish to stop in other words is only asked about ("Shall we stop here?"): how many stop
    # examples would be asked about, and how many other examples would be asked wrongly.
    stops = sum(1 for kind, _ in readings if kind == "stop")
    print(f"\nasking before a stop ({stops} stop examples, {len(readings) - stops} others)")
    print("floor margin  stops asked  others asked")
    for floor in FLOORS:
        for margin in (0.0, 0.02, 0.05, 0.1, 0.15):
            asked = [kind for kind, reading in readings if reading is not None and reading.kind == "stop"
                     and reading.score >= floor and reading.lead >= margin]  # fmt: skip
            print(
                f"{floor:5.2f} {margin:6.2f}  {asked.count('stop'):3d}/{stops}  {len(asked) - asked.count('stop'):3d}"
            )
    # Not knowing the answer in other words (ReplyMeaning.unsure), and "not now, another time"
    # (read at its own lower lead, LATER_MARGIN).
    _print_one_kind(readings, UNSURE, "unsure", "not knowing the answer", UNSURE_MARGIN)
    _print_one_kind(readings, "later", "later", "not now, another time", LATER_MARGIN)
    # "None of these" in other words at a safety check (ReplyMeaning.says_none): read only with a
    # denial or a word that all is well; how many "no" examples it reads, and how many others
    # (a yes above all) it would wrongly read as "none".
    print("\n'none' at a safety check in other words, at the shipped floor and margin")
    said: dict[str, list[int]] = {}
    for (kind, reading), text in zip(readings, meaning.texts, strict=True):
        read = reading is not None and reading.kind == "no" and reading.score >= FLOOR and reading.lead >= MARGIN
        none = read and meaning.may_say_none(text)
        counts = said.setdefault(kind, [0, 0])
        counts[0] += int(none)
        counts[1] += 1
    for kind, (noes_read, total) in sorted(said.items()):
        print(f"  {kind:8s} read as 'none': {noes_read:3d}/{total}")


def _print_one_kind(
    readings: list[tuple[str, Reading | None]], kind: str, name: str, title: str, shipped_margin: float
) -> None:
    """How many examples of one kind are read so, and how many others (replies and not) would be."""
    examples = sum(1 for each, _ in readings if each == kind)
    print(f"\n{title} ({examples} {name} examples, {len(readings) - examples} others)")
    print(f"floor margin  {name} read  others read as {name}")
    for floor in FLOORS:
        for margin in (0.0, 0.02, 0.05, 0.1, 0.15):
            read = [each for each, reading in readings if reading is not None and reading.kind == kind
                    and reading.score >= floor and reading.lead >= margin]  # fmt: skip
            shipped = " (shipped)" if (floor, margin) == (FLOOR, shipped_margin) else ""
            right = read.count(kind)
            print(f"{floor:5.2f} {margin:6.2f}  {right:3d}/{examples}  {len(read) - right:3d}{shipped}")


if __name__ == "__main__":
    main()
