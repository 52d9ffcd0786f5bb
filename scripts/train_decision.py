"""Train the decision model on the project's labelled questions and the knowledge, and write it.

    .venv/bin/python scripts/train_decision.py            # writes bot/matching/model/decision.json

Needs the training extra (`pip install -e '.[train]'`, which `make test` installs). Run it after
adding labelled questions or changing what the matcher reads; then `kneebot eval --cv 5` for the
held-out figures. The model file records the thresholds chosen and what they gave on held-out
predictions.
"""

from __future__ import annotations

import time
from pathlib import Path

from bot.evaluation import load_cases
from bot.knowledge import load_knowledge
from bot.learning.examples import from_knowledge, labelled, read_all
from bot.learning.fit import fit
from bot.matching.decision import MODEL_FILE, DecisionModel
from bot.matching.matcher import Matcher
from bot.semantic import Semantics

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "tests" / "data" / name for name in ("questions.yaml", "natural_questions.yaml", "requests.yaml")]


def main() -> None:
    started = time.perf_counter()
    knowledge = load_knowledge()
    matcher = Matcher(knowledge, Semantics.load(ROOT / ".kneebot" / "cache"), model=DecisionModel.blank())
    cases = [case for path in SETS for case in load_cases(path)]
    examples = read_all(matcher, [*from_knowledge(knowledge), *labelled(cases)])
    model = fit(examples)
    model.save(MODEL_FILE)
    print(f"wrote {MODEL_FILE.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")
    print(f"thresholds: {model.thresholds}")
    for name, value in model.about.items():
        print(f"  {name}: {value}")


if __name__ == "__main__":
    main()
