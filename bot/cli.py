"""The ``kneebot`` command line: check, ask, chat, run, eval."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.engine import Engine, MemoryStore
from bot.knowledge import Knowledge, KnowledgeError, load_knowledge, resolve_knowledge_dir
from bot.pictures.cache import PictureCache

# The project's labelled sets, present in a source checkout (not in an installed wheel).
DEFAULT_EVAL_SETS = [
    Path(__file__).resolve().parent.parent / "tests" / "data" / "questions.yaml",
    Path(__file__).resolve().parent.parent / "tests" / "data" / "safety_cases.yaml",
    Path(__file__).resolve().parent.parent / "tests" / "data" / "safety_natural.yaml",
]


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

    ask = sub.add_parser("ask", help="answer questions (one argument, or one per line on stdin)")
    ask.add_argument("question", nargs="?", help="the question; omit it to read questions from stdin")
    ask.add_argument("--json", action="store_true", help="print one JSON object per reply")
    _knowledge_option(ask)
    ask.set_defaults(handler=_cmd_ask)

    chat = sub.add_parser("chat", help="talk to the bot in this terminal (no Telegram token needed)")
    chat.add_argument(
        "--state",
        metavar="PATH",
        default=None,
        help="SQLite file for the conversation (default: $KNEEBOT_CHAT_DB or .kneebot/chat.sqlite3)",
    )
    _knowledge_option(chat)
    chat.set_defaults(handler=_cmd_chat)

    run = sub.add_parser("run", help="run the bot on Telegram (token in TELEGRAM_BOT_TOKEN or .env)")
    run.add_argument("--api-url", metavar="URL", help="Bot API base URL (default: $KNEEBOT_API_URL or Telegram's)")
    run.add_argument("--webhook-url", metavar="URL", help="public HTTPS URL for webhook mode (default: long polling)")
    run.add_argument(
        "--listen", metavar="HOST:PORT", help="address the webhook server listens on (default 0.0.0.0:8443)"
    )
    run.add_argument(
        "--state", metavar="PATH", help="SQLite state file (default: $KNEEBOT_STATE_DB or .kneebot/state.sqlite3)"
    )
    _knowledge_option(run)
    run.set_defaults(handler=_cmd_run)

    pictures = sub.add_parser("render-points", help="draw the diagram of every point into DIR")
    pictures.add_argument("directory", metavar="DIR")
    _knowledge_option(pictures)
    pictures.set_defaults(handler=_cmd_render_points)

    evaluate = sub.add_parser("eval", help="score labelled question sets (default: the project's own)")
    evaluate.add_argument("sets", nargs="*", metavar="SET", help="YAML question sets")
    _knowledge_option(evaluate)
    evaluate.set_defaults(handler=_cmd_eval)
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


def _memory_engine(knowledge: Knowledge) -> Engine:
    """An engine with in-memory state: every `ask` or `eval` question starts a new conversation."""

    return Engine(knowledge, MemoryStore())


def _cmd_ask(args: argparse.Namespace) -> int:
    from bot.engine import Text
    from bot.engine.replies import record

    knowledge = _load_or_report(args.knowledge)
    if knowledge is None:
        return 1
    engine = _memory_engine(knowledge)
    questions = [args.question] if args.question is not None else sys.stdin.read().splitlines()
    one_line = args.question is None
    for number, question in enumerate(questions, start=1):
        reply = record(engine.handle(number, Text(question)))  # a fresh conversation per question
        if args.json:
            print(json.dumps(reply, ensure_ascii=False))
        elif one_line:
            print(" | ".join(part for part in str(reply["text"]).splitlines() if part.strip()))
        else:
            print(reply["text"])
            if reply["buttons"]:
                print("\n" + "  ".join(f"[{label}]" for label in reply["buttons"]))
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from bot.evaluation import evaluate, format_report, load_cases

    knowledge = _load_or_report(args.knowledge)
    if knowledge is None:
        return 1
    sets = [Path(name) for name in args.sets] or [path for path in DEFAULT_EVAL_SETS if path.is_file()]
    if not sets:
        print("kneebot eval: no question set given and the project's own sets are not here", file=sys.stderr)
        return 2
    for path in sets:
        try:
            cases = load_cases(path)
        except (OSError, ValueError) as exc:
            print(f"kneebot eval: {exc}", file=sys.stderr)
            return 2
        print(format_report(evaluate(_memory_engine(knowledge), cases), str(path)))
    return 0


def _cmd_chat(args: argparse.Namespace) -> int:
    from bot.adapters.terminal import TerminalChat
    from bot.engine import SqliteStore

    knowledge = _load_or_report(args.knowledge)
    if knowledge is None:
        return 1
    path = args.state or os.environ.get("KNEEBOT_CHAT_DB") or ".kneebot/chat.sqlite3"
    pictures = PictureCache(os.environ.get("KNEEBOT_PICTURES_DIR") or ".kneebot/pictures", knowledge)
    store = SqliteStore(path)
    try:
        chat = TerminalChat(Engine(knowledge, store), picture_path=lambda point_id: _shown_path(pictures, point_id))
        return chat.run()
    finally:
        store.close()


def _shown_path(pictures: PictureCache, point_id: str) -> str | None:
    path = pictures.path(point_id)
    return str(path.resolve()) if path else None


def _cmd_render_points(args: argparse.Namespace) -> int:
    from bot.pictures.draw import render

    knowledge = _load_or_report(args.knowledge)
    if knowledge is None:
        return 1
    target = Path(args.directory)
    target.mkdir(parents=True, exist_ok=True)
    for point in (*knowledge.points, *knowledge.trigger_points):
        path = target / f"{point.id}.png"
        path.write_bytes(render(point))
        print(f"{path}  ({path.stat().st_size // 1024} KB)")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from bot.config import ConfigError, load_settings

    try:
        settings = load_settings(
            {
                "KNEEBOT_API_URL": args.api_url,
                "KNEEBOT_WEBHOOK_URL": args.webhook_url,
                "KNEEBOT_LISTEN": args.listen,
                "KNEEBOT_STATE_DB": args.state,
                "KNEEBOT_KNOWLEDGE": args.knowledge,
            }
        )
    except ConfigError as exc:
        print(f"kneebot run: {exc}", file=sys.stderr)
        return 2
    knowledge = _load_or_report(settings.knowledge)
    if knowledge is None:
        return 1
    from bot.adapters.telegram.app import run

    return run(settings, knowledge)
