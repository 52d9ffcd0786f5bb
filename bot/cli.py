"""The ``kneebot`` command line: check, ask, chat, run, eval."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.knowledge import Knowledge, KnowledgeError, load_knowledge, resolve_knowledge_dir


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    return args.handler(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kneebot", description="Knee-pain self-care assistant.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate the knowledge files and print what they hold")
    _knowledge_option(check)
    check.set_defaults(handler=_cmd_check)
    return parser


def _knowledge_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--knowledge",
        metavar="DIR",
        help="knowledge directory (default: $KNEEBOT_KNOWLEDGE, else the shipped knowledge)",
    )


def _load_or_report(directory: str | None) -> Knowledge | None:
    """Load the knowledge, or print every problem to stderr and return None."""
    try:
        return load_knowledge(directory)
    except KnowledgeError as exc:
        root = resolve_knowledge_dir(directory)
        count = len(exc.problems)
        print(f"kneebot: {count} problem{'s' if count != 1 else ''} in {root}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None


def _cmd_check(args: argparse.Namespace) -> int:
    knowledge = _load_or_report(args.knowledge)
    if knowledge is None:
        return 1
    print(f"Knowledge in {knowledge.directory}: no problems found.")
    for name, count in knowledge.counts().items():
        print(f"  {name:<20} {count:>4}")
    return 0
