"""The ``kneebot`` command line: check, ask, chat, run, eval, render-points.

Options are read together with the environment and `.env` by :mod:`bot.config`; a setting or a
state file that cannot be used ends the command with one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from bot.config import ConfigError, Settings, TelegramSettings, load_settings
from bot.engine import Engine, StoreUnavailable
from bot.knowledge import Knowledge, KnowledgeError, load_knowledge, resolve_knowledge_dir
from bot.pictures.cache import PictureCache
from bot.semantic import Semantics
from bot.storage import local_file, open_storage

S = TypeVar("S", bound=Settings)

# The project's labelled sets, present in a source checkout (not in an installed wheel).
DEFAULT_EVAL_SETS = [
    Path(__file__).resolve().parent.parent / "tests" / "data" / "questions.yaml",
    Path(__file__).resolve().parent.parent / "tests" / "data" / "natural_questions.yaml",
    Path(__file__).resolve().parent.parent / "tests" / "data" / "requests.yaml",
    Path(__file__).resolve().parent.parent / "tests" / "data" / "safety_cases.yaml",
    Path(__file__).resolve().parent.parent / "tests" / "data" / "safety_natural.yaml",
]


# What cross-validation trains and scores on: the matcher's labelled sets.
DEFAULT_CV_SETS = DEFAULT_EVAL_SETS[:3]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return handler(args)
    except BrokenPipeError:
        # The reader went away (`kneebot ask ... | head`): stop quietly, as other tools do.
        # Python would print a second error flushing stdout at exit, so point it at nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kneebot", description="Knee-pain self-care assistant.")
    parser.add_argument("--version", action="version", version=f"kneebot {_version()}")
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
        help=f"SQLite file (or store URL) for the conversation (default: {_default('chat_db')})",
    )
    _knowledge_option(chat)
    chat.set_defaults(handler=_cmd_chat)

    run = sub.add_parser("run", help="run the bot on Telegram (token in TELEGRAM_BOT_TOKEN or .env)")
    run.add_argument("--api-url", metavar="URL", help=f"Bot API base URL (default: {_default('api_url')})")
    run.add_argument("--webhook-url", metavar="URL", help="public HTTPS URL for webhook mode (default: long polling)")
    run.add_argument(
        "--listen", metavar="HOST:PORT", help=f"address the webhook server listens on (default: {_default('listen')})"
    )
    run.add_argument(
        "--state", metavar="PATH", help=f"SQLite state file (or store URL) (default: {_default('state_db')})"
    )
    run.add_argument(
        "--metrics-listen",
        metavar="HOST:PORT",
        help="serve /metrics, /healthz and /readyz here (default: $KNEEBOT_METRICS_LISTEN, else not served)",
    )
    _knowledge_option(run)
    run.set_defaults(handler=_cmd_run)

    health = sub.add_parser(
        "health", help="ask a running bot whether it is alive (exit 0) or not (exit 1), for health checks"
    )
    health.add_argument("--ready", action="store_true", help="ask whether it is ready to serve people (/readyz)")
    health.add_argument(
        "--metrics-listen", metavar="HOST:PORT", help="where the bot serves it (default: $KNEEBOT_METRICS_LISTEN)"
    )
    health.set_defaults(handler=_cmd_health)

    pictures = sub.add_parser("render-points", help="draw the diagram of every point into DIR")
    pictures.add_argument("directory", metavar="DIR")
    _knowledge_option(pictures)
    pictures.set_defaults(handler=_cmd_render_points)

    evaluate = sub.add_parser("eval", help="score labelled question sets (default: the project's own)")
    evaluate.add_argument("sets", nargs="*", metavar="SET", help="YAML question sets")
    evaluate.add_argument(
        "--cv",
        type=int,
        metavar="K",
        help="cross-validate: train the decision model on K-1 folds of the sets, report the held-out folds",
    )
    evaluate.add_argument("--seed", type=int, default=0, help="how the folds are drawn (with --cv)")
    _knowledge_option(evaluate)
    evaluate.set_defaults(handler=_cmd_eval)
    return parser


def _version() -> str:
    """The installed package's version ("unknown" when run from a tree that is not installed)."""
    try:
        return metadata.version("kneebot")
    except metadata.PackageNotFoundError:
        return "unknown"


def _knowledge_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--knowledge",
        metavar="DIR",
        help="knowledge directory (default: $KNEEBOT_KNOWLEDGE, else the shipped knowledge)",
    )


def _default(name: str) -> str:
    """A setting's default and its variable, for --help: ``$KNEEBOT_LISTEN or 0.0.0.0:8443``."""
    return f"${'KNEEBOT_' + name.upper()} or {TelegramSettings.model_fields[name].default}"


def _settings(kind: type[S], args: argparse.Namespace, **options: Any) -> S | None:
    """The settings with these command-line options, or None after saying what is wrong."""
    try:
        return load_settings(kind, {"knowledge": getattr(args, "knowledge", None), **options})
    except ConfigError as exc:
        print(f"kneebot {args.command}: {exc}", file=sys.stderr)
        return None


def _store_unavailable(command: str, exc: StoreUnavailable, variable: str, location: str) -> int:
    if local_file(location) is None and "://" in location and not location.startswith("memory"):
        advice = (
            "Check that the database server is running and reachable from here, and the user, password and "
            f"database in the URL ({variable}); kneebot creates its tables itself."
        )
    else:
        advice = f"Fix or move it (a new one is then created), or choose another file with --state or {variable}."
    print(f"kneebot {command}: {exc} {advice}", file=sys.stderr)
    return 1


def _load_or_report(directory: str | Path | None) -> Knowledge | None:
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


def _knowledge(args: argparse.Namespace) -> Knowledge | None:
    """The knowledge the settings name, or None after saying what is wrong."""
    settings = _settings(Settings, args)
    return _load_or_report(settings.knowledge) if settings else None


def _cmd_check(args: argparse.Namespace) -> int:
    knowledge = _knowledge(args)
    if knowledge is None:
        return 1
    print(f"Knowledge in {knowledge.directory}: no problems found.")
    for name, count in knowledge.counts().items():
        print(f"  {name:<20} {count:>4}")
    if knowledge.warnings:
        count = len(knowledge.warnings)
        print(f"\n{count} warning{'s' if count != 1 else ''} (the bot works, but these read less well):")
        for warning in knowledge.warnings:
            print(f"  {warning}")
    from bot.safety.audit import phrasings_that_alarm

    alarms = list(phrasings_that_alarm(knowledge))
    if alarms:
        print(f"\n{len(alarms)} phrasing(s) would be read as a red flag, so people asking that way get medical advice:")
        for alarm in alarms:
            print(f"  entry '{alarm.entry_id}': {alarm.text!r} -> {alarm.rule_id}")
    return 0


def _memory_engine(knowledge: Knowledge, args: argparse.Namespace) -> Engine:
    """An engine with in-memory state: every `ask` or `eval` question starts a new conversation."""
    return Engine(knowledge, open_storage("memory://"), semantics=_semantics(args))


def _semantics(args: argparse.Namespace) -> Semantics:
    """The sentence-embedding model, with the knowledge's embeddings kept in the cache folder."""
    settings = _settings(Settings, args)
    return Semantics.load(settings.cache_dir if settings else None)


def _cmd_ask(args: argparse.Namespace) -> int:
    from bot.engine import Text
    from bot.engine.replies import record

    knowledge = _knowledge(args)
    if knowledge is None:
        return 1
    engine = _memory_engine(knowledge, args)
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

    knowledge = _knowledge(args)
    if knowledge is None:
        return 1
    defaults = DEFAULT_CV_SETS if args.cv is not None else DEFAULT_EVAL_SETS
    sets = [Path(name) for name in args.sets] or [path for path in defaults if path.is_file()]
    if not sets:
        print("kneebot eval: no question set given and the project's own sets are not here", file=sys.stderr)
        return 2
    loaded = []
    for path in sets:
        try:
            loaded.append(load_cases(path))
        except (OSError, ValueError) as exc:
            print(f"kneebot eval: {exc}", file=sys.stderr)
            return 2
    if args.cv is not None:
        return _cross_validate(knowledge, args, sets, loaded)
    for path, cases in zip(sets, loaded, strict=True):
        print(format_report(evaluate(_memory_engine(knowledge, args), cases), str(path)))
    return 0


def _cross_validate(knowledge: Knowledge, args: argparse.Namespace, sets: list[Path], loaded: list[Any]) -> int:
    from bot.evaluation import format_report

    if args.cv < 2:
        print("kneebot eval: --cv needs at least 2 folds", file=sys.stderr)
        return 2
    try:
        from bot.learning.crossval import cross_validate
    except ImportError:
        print("kneebot eval: --cv needs scikit-learn: pip install 'kneebot[train]'", file=sys.stderr)
        return 2
    print(f"{args.cv}-fold cross-validation (seed {args.seed}): each case answered by a model trained without its fold")
    reports = cross_validate(knowledge, loaded, args.cv, _semantics(args), args.seed)[0]
    for path, report in zip(sets, reports, strict=True):
        print(format_report(report, f"{path} (held out)"))
    return 0


def _cmd_chat(args: argparse.Namespace) -> int:
    from bot.adapters.terminal import TerminalChat

    settings = _settings(Settings, args, chat_db=args.state)
    if settings is None:
        return 2
    knowledge = _load_or_report(settings.knowledge)
    if knowledge is None:
        return 1
    try:
        store = open_storage(settings.chat_db)
    except StoreUnavailable as exc:
        return _store_unavailable("chat", exc, "KNEEBOT_CHAT_DB", settings.chat_db)
    pictures = PictureCache(settings.pictures_dir, knowledge)
    try:
        engine = Engine(
            knowledge,
            store,
            semantics=Semantics.load(settings.cache_dir),
            profile_max_age=settings.profile_max_age,
            diary_max_age=settings.diary_max_age,
        )
        chat = TerminalChat(
            engine,
            picture_path=lambda point_id: _shown_path(pictures, point_id),
            files_dir=(local_file(settings.chat_db) or Path(".kneebot/chat")).parent / "files",
        )
        return chat.run()
    finally:
        store.close()


def _shown_path(pictures: PictureCache, point_id: str) -> str | None:
    path = pictures.path(point_id)
    return str(path.resolve()) if path else None


def _cmd_render_points(args: argparse.Namespace) -> int:
    from bot.pictures.draw import render

    knowledge = _knowledge(args)
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
    settings = _settings(
        TelegramSettings,
        args,
        api_url=args.api_url,
        webhook_url=args.webhook_url,
        listen=args.listen,
        state_db=args.state,
        metrics_listen=args.metrics_listen,
    )
    if settings is None:
        return 2
    knowledge = _load_or_report(settings.knowledge)
    if knowledge is None:
        return 1
    from bot.adapters.telegram.app import run

    try:
        return run(settings, knowledge)
    except StoreUnavailable as exc:
        return _store_unavailable("run", exc, "KNEEBOT_STATE_DB", settings.state_db)


def _cmd_health(args: argparse.Namespace) -> int:
    from bot.probe import probe

    settings = _settings(Settings, args, metrics_listen=args.metrics_listen)
    if settings is None:
        return 2
    return probe(settings.metrics_address, ready=args.ready)
