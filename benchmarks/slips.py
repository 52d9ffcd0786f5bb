"""Phone-style slips: put realistic typing mistakes into a labelled set, and score both versions.

    python benchmarks/slips.py                                   # natural set, seed 1, slips in ~1/3 of words
    python benchmarks/slips.py --set tests/data/questions.yaml --seed 7 --rate 0.33
    python benchmarks/slips.py --write /tmp/slipped.yaml         # only write the slipped set
    python benchmarks/slips.py --cv 5                            # held-out folds, clean and slipped

A slip is what thumbs do on a phone: a letter dropped ("evry"), a neighbouring key ("kbee"), two
letters swapped ("konw"), a letter doubled, or a spelling by ear that people type on purpose
("wat", "shud", "u"). About ``--rate`` of the words of two letters or more get one slip; words
with digits (point codes, numbers) are left alone, as a phone's keyboard would mostly leave
them. The same seed gives the same slips. It prints the clean and slipped scores per category
and their ratio; it asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent

# Keys next to each other on a QWERTY phone keyboard.
_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_NEIGHBOURS: dict[str, str] = {}
for _row_number, _row in enumerate(_ROWS):
    for _column, _key in enumerate(_row):
        around = [_row[_column - 1] if _column > 0 else "", _row[_column + 1] if _column + 1 < len(_row) else ""]
        for other in (_row_number - 1, _row_number + 1):
            if 0 <= other < len(_ROWS):
                around += [_ROWS[other][c] for c in (_column - 1, _column) if 0 <= c < len(_ROWS[other])]
        _NEIGHBOURS[_key] = "".join(key for key in around if key)

# Spellings people type on purpose in chat (general English, nothing of this bot's domain).
TEXT_SPEAK = {
    "what": "wat",
    "whats": "wats",
    "should": "shud",
    "could": "cud",
    "would": "wud",
    "every": "evry",
    "everyday": "evryday",
    "you": "u",
    "your": "ur",
    "are": "r",
    "please": "pls",
    "because": "cuz",
    "though": "tho",
    "thanks": "thx",
    "tonight": "tonite",
    "night": "nite",
    "people": "ppl",
    "before": "b4",
    "about": "abt",
    "really": "rly",
    "know": "kno",
    "with": "wiv",
    "doing": "doin",
    "going": "goin",
    "something": "smth",
    "probably": "prob",
    "tomorrow": "tmrw",
    "sure": "shure",
    "which": "wich",
    "where": "wher",
    "there": "ther",
    "have": "hav",
    "does": "dose",
    "when": "wen",
}
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\S")
# A short abbreviation right before a number is a point code's ("st-34", "SP 10"): left alone.
_CODE_PREFIX = re.compile(r"[-. ]?\d")


def _drop(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))  # the first letter is rarely the one dropped
    return word[:i] + word[i + 1 :]


def _neighbour(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    keys = _NEIGHBOURS.get(word[i].lower())
    if not keys:
        return word
    key = rng.choice(keys)
    return word[:i] + (key.upper() if word[i].isupper() else key) + word[i + 1 :]


def _swap(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _double(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    if rng.random() < 0.5:
        return word[: i + 1] + word[i] + word[i + 1 :]  # a key pressed twice
    keys = _NEIGHBOURS.get(word[i].lower(), "")
    return word[: i + 1] + (rng.choice(keys) if keys else "") + word[i + 1 :]  # a neighbour brushed too


def slip_word(word: str, rng: random.Random) -> str:
    """One realistic slip in ``word`` (the word itself when none applies)."""
    spoken = TEXT_SPEAK.get(word.lower())
    if spoken and rng.random() < 0.6:
        return spoken if word.islower() else spoken.capitalize()
    kind = rng.choices([_drop, _neighbour, _swap, _double], weights=[0.35, 0.3, 0.2, 0.15])[0]
    slipped = kind(word, rng)
    return slipped if slipped != word else _neighbour(word, rng)


def slip_text(text: str, rng: random.Random, rate: float) -> str:
    """``text`` with about ``rate`` of its words (two letters or more, no digits) slipped once."""
    out = []
    previous_end = 0
    for match in _WORD.finditer(text):
        out.append(text[previous_end : match.start()])
        token = match.group(0)
        code = len(token) <= 3 and _CODE_PREFIX.match(text, match.end()) is not None
        if len(token) >= 2 and token.isalpha() and not code and rng.random() < rate:
            token = slip_word(token, rng)
        out.append(token)
        previous_end = match.end()
    out.append(text[previous_end:])
    return "".join(out)


def slipped_cases(cases: list[dict[str, Any]], seed: int, rate: float) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    result = []
    for case in cases:
        changed = dict(case)
        if "turns" in case:
            changed["turns"] = [slip_text(str(turn), rng, rate) for turn in case["turns"]]
        else:
            changed["q"] = slip_text(str(case["q"]), rng, rate)
        result.append(changed)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", default=str(ROOT / "tests" / "data" / "natural_questions.yaml"))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=1 / 3, help="share of words slipped (default 1/3)")
    parser.add_argument("--write", metavar="PATH", help="write the slipped set here and stop")
    parser.add_argument("--cv", type=int, metavar="K", help="score held-out folds of K-fold cross-validation")
    args = parser.parse_args()

    from bot.evaluation import load_cases

    cases = load_cases(args.set)
    slipped = slipped_cases(cases, args.seed, args.rate)
    if args.write:
        Path(args.write).write_text(yaml.safe_dump(slipped, allow_unicode=True, sort_keys=False, width=1000))
        return 0
    words = sum(len(_WORD.findall(str(c.get("q", "")))) for c in cases)
    changed = sum(
        a != b
        for clean, bad in zip(cases, slipped, strict=True)
        for a, b in zip(_WORD.findall(str(clean.get("q", ""))), _WORD.findall(str(bad.get("q", ""))), strict=False)
    )
    print(f"{args.set}: {len(cases)} cases, {changed} of {words} tokens slipped (seed {args.seed})")
    return _score(cases, slipped, args.cv)


def _score(cases: list[dict[str, Any]], slipped: list[dict[str, Any]], folds: int | None) -> int:
    from bot.engine import Engine
    from bot.evaluation import Report, evaluate, format_report
    from bot.knowledge import load_knowledge
    from bot.semantic import Semantics
    from bot.storage import MemoryStore

    knowledge = load_knowledge()
    semantics = Semantics.load(ROOT / ".kneebot" / "cache")
    if folds:
        from bot.learning.crossval import cross_validate

        clean, bad = cross_validate(knowledge, [cases], folds, semantics, variants=[[slipped]])
        clean_report, slipped_report = clean[0], bad[0]
    else:
        engine = Engine(knowledge, MemoryStore(), semantics=semantics)
        clean_report = evaluate(engine, cases)
        slipped_report = evaluate(engine, slipped)
    reports: list[tuple[str, Report]] = [("clean", clean_report), ("slipped", slipped_report)]
    for title, report in reports:
        print(format_report(report, title, failures=False))
    ratio = slipped_report.pass_rate / clean_report.pass_rate if clean_report.pass_rate else 0.0
    print(f"slipped / clean: {100 * ratio:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
