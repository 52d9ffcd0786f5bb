"""Matcher benchmark: per-question latency, index build time and memory.

    python benchmarks/bench_matching.py            # shipped knowledge + generated 10,000 entries
    python benchmarks/bench_matching.py --entries 2000

Prints figures; it asserts nothing. The questions are the project's labelled set plus, for the
generated knowledge base, questions built from its own phrasings (with typos).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import yaml

from bot.knowledge import Knowledge, load_knowledge
from bot.knowledge.models import Faq, Topic
from bot.matching.matcher import Matcher

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def generated_knowledge(base: Knowledge, entries: int, seed: int = 7) -> tuple[Knowledge, list[str]]:
    """``base`` plus ``entries`` synthetic FAQ entries over a large made-up vocabulary."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "shi", "pa", "de", "qu", "ben", "tor", "lin", "sar"]
    vocabulary = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(8000)})
    common = ["knee", "pain", "massage", "leg", "calf", "press", "point", "muscle", "stiff", "swelling"]
    faqs = []
    questions = []
    for number in range(entries):
        topic_words = rng.sample(vocabulary, 6)

        def phrase(topic_words: list[str] = topic_words) -> str:
            words = rng.sample(topic_words, rng.randint(3, 5)) + rng.sample(common, rng.randint(1, 3))
            rng.shuffle(words)
            return " ".join(words)

        phrasings = [phrase() for _ in range(5)]
        faqs.append(
            Faq(
                id=f"gen-{number}",
                topic="generated",
                label=f"Generated {number}",
                question=phrase() + "?",
                phrasings=phrasings,
                answer="A generated answer.",
                source="benchmark",
            )
        )
        if number % 50 == 0:
            words = phrasings[0].split()
            if len(words[0]) > 5:  # a typo in the first word
                words[0] = words[0][:2] + words[0][3:]
            questions.append("how about " + " ".join(words) + " please")
    knowledge = replace(
        base,
        topics=(*base.topics, Topic(id="generated", title="Generated")),
        faqs=(*base.faqs, *faqs),
        _by_id={},
        _screening={},
    )
    knowledge.__post_init__()
    return knowledge, questions


def measure(label: str, knowledge: Knowledge, questions: list[str]) -> None:
    builds = []
    for _ in range(3):
        gc.collect()
        started = time.perf_counter()
        matcher = Matcher(knowledge)
        builds.append(time.perf_counter() - started)
    first, best = builds[0], min(builds)
    gc.collect()
    tracemalloc.start()  # a separate build: tracing slows building down several times
    traced = Matcher(knowledge)
    size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced

    timings = []
    for _ in range(3):
        matcher = Matcher(knowledge)  # a fresh index each round: no typo corrections cached yet
        for question in questions:
            started = time.perf_counter()
            matcher.match(question)
            timings.append((time.perf_counter() - started) * 1000)
    entries = sum(1 for _ in knowledge.entries())
    print(f"{label}: {entries:,} entries, {len(matcher._index.phrases):,} phrases")
    print(
        f"  index build   first {first * 1000:7.1f} ms, best of 3 {best * 1000:7.1f} ms (stems cached)   "
        f"index size {size / 2**20:5.1f} MiB, "
        f"peak while building {peak / 2**20:6.1f} MiB"
    )
    print(
        f"  per question  p50 {statistics.median(timings):6.3f} ms   p99 {percentile(timings, 0.99):6.3f} ms   "
        f"max {max(timings):6.3f} ms   ({len(timings):,} answers)"
    )


def measure_engine(knowledge: Knowledge, questions: list[str]) -> None:
    """The whole answer path: red-flag triage, matching and rendering, state in memory."""
    from bot.engine import Engine, MemoryStore, Text
    from bot.safety.triage import Triage

    engine = Engine(knowledge, MemoryStore())
    triage = Triage(knowledge.safety)
    timings, triage_timings = [], []
    # Each question once: the engine caches decisions per text, and repeats would only time the cache.
    for number, question in enumerate(questions):
        started = time.perf_counter()
        engine.handle(number, Text(question))
        timings.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        triage.check(question)
        triage_timings.append((time.perf_counter() - started) * 1000)
    print(
        f"  whole engine  p50 {statistics.median(timings):6.3f} ms   p99 {percentile(timings, 0.99):6.3f} ms   "
        f"(of which red-flag triage p50 {statistics.median(triage_timings):.3f} ms, "
        f"p99 {percentile(triage_timings, 0.99):.3f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=10_000, help="generated entries (default 10,000)")
    args = parser.parse_args()

    cases = yaml.safe_load((ROOT / "tests" / "data" / "questions.yaml").read_text())
    questions = [str(case["q"]) for case in cases]
    shipped = load_knowledge()
    measure("shipped knowledge", shipped, questions)
    measure_engine(shipped, questions)
    big, generated_questions = generated_knowledge(shipped, args.entries)
    measure(f"generated knowledge (+{args.entries:,})", big, questions + generated_questions)


if __name__ == "__main__":
    main()
