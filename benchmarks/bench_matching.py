"""Understanding benchmark: latency of the whole decision, triage, start-up time and memory.

    python benchmarks/bench_matching.py                  # shipped knowledge, then 10,000 generated entries
    python benchmarks/bench_matching.py --entries 2000
    python benchmarks/bench_matching.py --skip-generated

Prints figures; it asserts nothing. Each labelled question is asked once per round with a fresh
matcher, so no answer comes from a cache. Embeddings of the knowledge are kept in
.kneebot/bench-cache (the first run on the generated knowledge computes them: a few minutes).
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import yaml

from bot.knowledge import Knowledge, load_knowledge
from bot.knowledge.models import Faq, Topic
from bot.matching.matcher import Matcher
from bot.safety.net import SafetyNet
from bot.safety.triage import Triage
from bot.semantic import Semantics

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".kneebot" / "bench-cache"
LONG_RED_FLAG = (
    "I have had achy knees for years and I do the qigong routine most mornings, which helps. " * 45
    + "Since my flight home yesterday my left calf is swollen and warm."
)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# CPU time of this process's thread per call, beside the wall clock: on a shared machine the
# wall clock also counts the time other processes held the cores.
CPU: dict[int, list[float]] = {}


def timed(values: list[float], work: Callable[[], object]) -> None:
    started, cpu = time.perf_counter(), time.thread_time()
    work()
    values.append((time.perf_counter() - started) * 1000)
    CPU.setdefault(id(values), []).append((time.thread_time() - cpu) * 1000)


def figures(values: list[float]) -> str:
    cpu = CPU.get(id(values), [])
    on_cpu = f"   (CPU time p50 {statistics.median(cpu):6.2f} ms, p99 {percentile(cpu, 0.99):6.2f} ms)" if cpu else ""
    return (
        f"p50 {statistics.median(values):6.2f} ms   p99 {percentile(values, 0.99):6.2f} ms   max {max(values):6.2f} ms"
        + on_cpu
    )


def questions_of(*names: str) -> list[str]:
    questions = []
    for name in names:
        for case in yaml.safe_load((ROOT / "tests" / "data" / name).read_text()):
            questions += [str(turn) for turn in case.get("turns", [case.get("q")])]
    return questions


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
                sources=["benchmark"],
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


def measure_matching(label: str, knowledge: Knowledge, questions: list[str], semantics: Semantics) -> None:
    gc.collect()
    started = time.perf_counter()
    Matcher(knowledge, semantics)  # computes and caches the embeddings if they are new
    first = time.perf_counter() - started
    builds: list[float] = []
    timings: list[float] = []
    runs: list[int] = []  # texts the embedding model ran per decision: its largest cost
    for _ in range(3):
        semantics.encoder.forget()  # no embedding remembered from the last round
        started = time.perf_counter()
        matcher = Matcher(knowledge, semantics)
        builds.append(time.perf_counter() - started)
        triage = Triage(knowledge.safety, SafetyNet(semantics.encoder.encode))
        semantics.encoder.forget()
        for question in questions:
            # The whole decision, as the engine makes it: triage (rules and the learned net,
            # which embeds the message's present and, for a long one, a few of its windows) and
            # then matching (which embeds the message, or its sentences, unless the net has).
            before = semantics.encoder.runs
            timed(timings, lambda q=question, m=matcher, t=triage: (t.check(q), m.match(q)))
            runs.append(semantics.encoder.runs - before)
    entries = sum(1 for _ in knowledge.entries())
    print(f"{label}: {entries:,} entries")
    print(f"  matcher build  first {first:6.2f} s, warm cache {min(builds):6.2f} s")
    print(f"  per message, triage and matching {figures(timings)}   ({len(timings):,} decisions)")
    embedded = f"mean {statistics.mean(runs):.2f}, p99 {percentile(runs, 0.99)}, max {max(runs)}"
    print(f"  texts embedded per decision: {embedded}")


def measure_triage(knowledge: Knowledge, questions: list[str], semantics: Semantics) -> None:
    rules = Triage(knowledge.safety)
    timings: list[float] = []
    for question in questions:
        timed(timings, lambda question=question: rules.check(question))
    triage = Triage(knowledge.safety, SafetyNet(semantics.encoder.encode))
    for question in questions:
        semantics.encoder.encode([question])  # the matcher's embedding, made beforehand: the net
        # shares it only where it reads the same text (its present is often written otherwise)
    with_net: list[float] = []
    for question in questions:
        timed(with_net, lambda question=question: triage.check(question))
    long_timings: list[float] = []
    for variant in range(20):
        text = LONG_RED_FLAG[: 4096 - 3] + f" {variant:02d}"
        semantics.encoder.forget()  # the variants share their first 128 tokens, all the model reads
        timed(long_timings, lambda text=text: triage.check(text))
    assert triage.check(LONG_RED_FLAG[:4096]) is not None
    print(f"  red-flag triage per message, rules alone            {figures(timings)}")
    print(f"  rules and the net, the matcher's embedding made     {figures(with_net)}")
    print(f"  triage of a 4,096-character message, flag at its end {figures(long_timings)}")


def measure_startup(questions: list[str]) -> None:
    """Start-up of `kneebot ask` (one answer), and the memory of one answering every question."""
    command = [sys.executable, "-m", "bot", "ask", "where is sp10"]
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT)  # warm the cache
    timings: list[float] = []
    cpu: list[float] = []  # the started process's own CPU time (user and system), not this one's
    for _ in range(5):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
        timings.append((time.perf_counter() - started) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
    CPU[id(timings)] = cpu
    print(f"  `kneebot ask` start-up and one answer, warm cache: {figures(timings)}")
    answers = "\n".join(question.replace("\n", " ") for question in questions) + "\n"
    # Started from a small launcher: a child's peak RSS as Linux reports it also counts the
    # process that started it (its pages until the exec), and this one holds several matchers.
    launcher = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
        " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", launcher, *command[:4], "--json"],
        input=answers,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    peak = int(done.stdout.split()[-1])
    print(f"  `kneebot ask --json` answering all {len(questions):,} questions: max RSS {peak / 1024:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=10_000, help="generated entries (default 10,000)")
    parser.add_argument("--skip-generated", action="store_true", help="only the shipped knowledge")
    args = parser.parse_args()

    questions = questions_of("questions.yaml", "natural_questions.yaml")
    semantics = Semantics.load(CACHE)
    shipped = load_knowledge()
    measure_matching("shipped knowledge", shipped, questions, semantics)
    measure_triage(shipped, questions_of("safety_natural.yaml") + questions, semantics)
    measure_startup(questions)
    if not args.skip_generated:
        big, generated_questions = generated_knowledge(shipped, args.entries)
        measure_matching(f"generated knowledge (+{args.entries:,})", big, questions + generated_questions, semantics)


if __name__ == "__main__":
    main()
